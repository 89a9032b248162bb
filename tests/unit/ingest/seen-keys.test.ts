import { SeenKeys } from '../../../src/ingest/seen-keys';

describe('SeenKeys', () => {
  it('tells a key added before from a new one, across growth of the table', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 20_000; i += 1) expect(seen.add(`contact\u0000003A${i}`)).toBe(true);
    for (let i = 0; i < 20_000; i += 1) expect(seen.add(`contact\u0000003A${i}`)).toBe(false);
    expect(seen.add('account\u0000003A1')).toBe(true);
  });
});
