import { VerifiedTokens } from '../../../../src/api/auth/verified-tokens';
import type { Viewer } from '../../../../src/api/auth/roles';

const VIEWER: Viewer = { subject: 'u1', roles: ['analyst'], purpose: 'analytics', purposes: ['analytics'] };
const NOW = 1_800_000_000_000;
const sec = (ms: number) => ms / 1000;

describe('VerifiedTokens', () => {
  it('answers a remembered token until its exp plus the skew', () => {
    const cache = new VerifiedTokens(10, 3_600_000);
    cache.set('t', VIEWER, { exp: sec(NOW) + 60 }, 30, NOW);
    expect(cache.get('t', NOW + 89_999)).toEqual(VIEWER);
    expect(cache.get('t', NOW + 90_000)).toBeUndefined();
    expect(cache.get('t', NOW)).toBeUndefined(); // expired entries are dropped, not revived
  });

  it('never answers for longer than its own limit, whatever the exp', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('t', VIEWER, { exp: sec(NOW) + 86_400 }, 30, NOW);
    expect(cache.get('t', NOW + 59_999)).toEqual(VIEWER);
    expect(cache.get('t', NOW + 60_000)).toBeUndefined();
  });

  it('does not answer before nbf minus the skew', () => {
    const cache = new VerifiedTokens(10, 3_600_000);
    cache.set('t', VIEWER, { exp: sec(NOW) + 600, nbf: sec(NOW) + 100 }, 30, NOW);
    expect(cache.get('t', NOW + 69_999)).toBeUndefined();
    expect(cache.get('t', NOW + 70_000)).toEqual(VIEWER);
  });

  it('knows only the exact token text and forgets the oldest when full', () => {
    const cache = new VerifiedTokens(2);
    cache.set('a', VIEWER, { exp: sec(NOW) + 600 }, 0, NOW);
    cache.set('b', VIEWER, { exp: sec(NOW) + 600 }, 0, NOW);
    cache.set('c', VIEWER, { exp: sec(NOW) + 600 }, 0, NOW);
    expect(cache.get('a', NOW)).toBeUndefined();
    expect(cache.get('b', NOW)).toEqual(VIEWER);
    expect(cache.get('c', NOW)).toEqual(VIEWER);
    expect(cache.get('c ', NOW)).toBeUndefined();
  });

  it('hands out a frozen copy, so no request can change what the next one sees', () => {
    const cache = new VerifiedTokens();
    const viewer = { ...VIEWER, roles: [...VIEWER.roles] };
    cache.set('t', viewer, { exp: sec(NOW) + 600 }, 0, NOW);
    viewer.roles.push('admin');
    const hit = cache.get('t', NOW)!;
    expect(hit.roles).toEqual(['analyst']);
    expect(Object.isFrozen(hit)).toBe(true);
  });
});
