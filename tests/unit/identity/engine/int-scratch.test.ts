import { IntScratch } from '../../../../src/identity/engine/int-scratch';

describe('IntScratch', () => {
  it('hands out the same buffer for a name while it is large enough, a larger one when asked for more', () => {
    const scratch = new IntScratch();
    const first = scratch.ints('a', 10, 7);
    expect([...first]).toEqual(new Array(10).fill(7));
    const again = scratch.ints('a', 4);
    expect(again.buffer).toBe(first.buffer);
    expect(again.length).toBe(4);
    // what the earlier use left there, unless a fill is asked for
    expect([...again]).toEqual([7, 7, 7, 7]);
    expect([...scratch.ints('a', 4, 0)]).toEqual([0, 0, 0, 0]);
    const larger = scratch.ints('a', 11);
    expect(larger.buffer).not.toBe(first.buffer);
    expect(larger.length).toBe(11);
    // other names have buffers of their own
    expect(scratch.ints('b', 4).buffer).not.toBe(larger.buffer);
  });

  it('grows a list in its named buffer, keeping what was pushed, and reuses that buffer for the next list of the name', () => {
    const scratch = new IntScratch();
    const list = scratch.list('l', 2);
    for (let i = 0; i < 100; i++) list.push(i * 3);
    expect(list.length).toBe(100);
    expect([...list.done()]).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
    const grown = list.values.buffer;
    const next = scratch.list('l', 2);
    expect(next.values.buffer).toBe(grown);
    expect(next.length).toBe(0);
    next.push(5);
    expect([...next.done()]).toEqual([5]);
    // done() copies: the copy survives the buffer's next use
    const kept = list.done();
    next.push(6);
    expect(kept[1]).toBe(3);
  });

  it('grows a list made with no room', () => {
    const list = new IntScratch().list('empty', 0);
    for (let i = 0; i < 1000; i++) list.push(-i);
    expect(list.length).toBe(1000);
    expect(list.done()[999]).toBe(-999);
  });
});
