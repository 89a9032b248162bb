import { PairBuffer, WeakPairs } from '../../../../src/identity/resolution/pair-buffer';

describe('pair buffers', () => {
  it('hold pairs across chunks and, once cleared, only the pairs pushed since', () => {
    const buffer = new PairBuffer();
    const many = 70_000; // more than one chunk
    for (let i = 0; i < many; i++) buffer.push(i, i + 1, i / 2, i % 5, i % 3, i % 7 === 0 ? 'link' : undefined);
    expect(buffer.length).toBe(many);
    expect([buffer.a(many - 1), buffer.b(many - 1), buffer.weight(many - 1), buffer.rule(66_000)]).toEqual([many - 1, many, (many - 1) / 2, 66_000 % 5]);
    buffer.clear();
    expect(buffer.length).toBe(0);
    buffer.push(5, 9, 1.5, 2, 0, 'split');
    const flat = buffer.flat();
    expect([...flat.a]).toEqual([5]);
    expect([...flat.b]).toEqual([9]);
    expect([...flat.weight]).toEqual([1.5]);
    expect([...flat.forced]).toEqual([2]);
  });

  it('weak pairs too', () => {
    const weak = new WeakPairs();
    weak.push(1, 2, -3);
    weak.push(3, 4, -5);
    weak.clear();
    weak.push(7, 8, -1);
    expect(weak.flat()).toEqual({ a: Int32Array.of(7), b: Int32Array.of(8), weight: Float64Array.of(-1) });
  });
});
