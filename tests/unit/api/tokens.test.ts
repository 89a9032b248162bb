import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DEFAULT_PURPOSE, ROLES, type Role } from '../../../src/api/auth/roles';
import { bearerToken, signToken, TokenError, type TokenSettings } from '../../../src/api/auth/tokens';
import { verifyToken, verifyTokenSync } from '../../../src/api/auth/verify-token';

const SETTINGS: TokenSettings = { secret: 's'.repeat(32), issuer: 'tessera', audience: 'tessera-api', ttlSeconds: 3600 };
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these header and claims, HS256-signed with `secret` unless the header says otherwise. */
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, secret = SETTINGS.secret): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = { alg: 'HS256', typ: 'JWT', ...header };
  const body = `${enc(head)}.${enc(claims)}`;
  const alg = head.alg as string;
  if (alg === 'none') return `${body}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${body}.${createHmac(hash, secret).update(body).digest('base64url')}`;
}

/** Valid claims for the default settings; override any of them. */
function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const t = now();
  return { roles: ['analyst'], purpose: 'analytics', sub: 'user-1', iss: 'tessera', aud: 'tessera-api', iat: t, exp: t + 600, ...over };
}

async function reasonOf(token: string, settings: TokenSettings = SETTINGS): Promise<string> {
  try {
    await verifyToken(settings, token);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    // Callers only ever see one message, whatever the reason.
    expect((error as TokenError).message).toBe('invalid or missing bearer token');
    return (error as TokenError).reason;
  }
  throw new Error('expected a TokenError');
}

describe('signToken / verifyToken', () => {
  it.each(ROLES.map((role) => [role]))('round-trips role %s with its default purpose', async (role: Role) => {
    const token = signToken(SETTINGS, { role });
    const purpose = DEFAULT_PURPOSE[role];
    await expect(verifyToken(SETTINGS, token)).resolves.toEqual({ subject: `dev-${role}`, roles: [role], purpose, purposes: [purpose] });
  });

  it('round-trips an explicit subject and purpose', async () => {
    const token = signToken(SETTINGS, { role: 'support_agent', subject: 'agent-7', purpose: 'complaint_review' });
    const viewer = { subject: 'agent-7', roles: ['support_agent'], purpose: 'complaint_review', purposes: ['complaint_review'] };
    await expect(verifyToken(SETTINGS, token)).resolves.toEqual(viewer);
  });

  it('round-trips a list of purposes, the first being the default', async () => {
    const token = signToken(SETTINGS, { role: 'marketing', purposes: ['marketing_email', 'analytics'] });
    await expect(verifyToken(SETTINGS, token)).resolves.toMatchObject({ purpose: 'marketing_email', purposes: ['marketing_email', 'analytics'] });
  });

  it('the deprecated synchronous verifyToken of tokens.ts gives the same viewer', async () => {
    const token = signToken(SETTINGS, { role: 'analyst' });
    expect(verifyTokenSync(SETTINGS, token)).toEqual(await verifyToken(SETTINGS, token));
    expect(() => verifyTokenSync(SETTINGS, craft({ alg: 'none' }, claims()))).toThrow(TokenError);
  });

  it('signs HS256 with typ JWT and the configured iss, aud and lifetime', () => {
    const before = now();
    const decoded = jwt.decode(signToken(SETTINGS, { role: 'admin' }), { complete: true })!;
    const payload = decoded.payload as jwt.JwtPayload;
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.iss).toBe('tessera');
    expect(payload.aud).toBe('tessera-api');
    expect(payload.roles).toEqual(['admin']);
    expect(payload.purpose).toBe('administration');
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  const ANALYST = { subject: 'user-1', roles: ['analyst'], purpose: 'analytics', purposes: ['analytics'] };
  it.each([
    { name: 'a crafted token with every claim', token: () => craft({}, claims()), viewer: ANALYST },
    { name: 'no typ header', token: () => craft({ typ: undefined }, claims()), viewer: ANALYST },
    { name: 'purpose missing → default of the first role', token: () => craft({}, claims({ purpose: undefined, roles: ['marketing', 'admin'] })), viewer: { subject: 'user-1', roles: ['marketing', 'admin'], purpose: 'marketing_email', purposes: ['marketing_email'] } },
    { name: 'purposes without purpose → the first is the default', token: () => craft({}, claims({ purpose: undefined, purposes: ['audit', 'analytics'] })), viewer: { ...ANALYST, purpose: 'audit', purposes: ['audit', 'analytics'] } },
    { name: 'purpose and purposes → purpose first, granted once', token: () => craft({}, claims({ purposes: ['audit', 'analytics'] })), viewer: { ...ANALYST, purposes: ['analytics', 'audit'] } },
    { name: 'a role named twice counts once', token: () => craft({}, claims({ roles: ['analyst', 'analyst'] })), viewer: ANALYST },
    { name: 'iat slightly ahead (within clock tolerance)', token: () => craft({}, claims({ iat: now() + 20 })), viewer: ANALYST },
    { name: 'nbf slightly ahead (within clock tolerance)', token: () => craft({}, claims({ nbf: now() + 20 })), viewer: ANALYST },
    { name: 'exp just passed (within clock tolerance)', token: () => craft({}, claims({ exp: now() - 10 })), viewer: ANALYST },
    { name: 'no iat at all', token: () => craft({}, claims({ iat: undefined })), viewer: ANALYST },
  ])('accepts $name', async ({ token, viewer }) => {
    await expect(verifyToken(SETTINGS, token())).resolves.toEqual(viewer);
  });

  it.each([
    { name: 'expired', token: () => craft({}, claims({ exp: now() - 120 })), reason: 'jwt expired' },
    { name: 'missing exp', token: () => craft({}, claims({ exp: undefined })), reason: 'exp is required' },
    { name: 'wrong issuer', token: () => craft({}, claims({ iss: 'someone-else' })), reason: 'jwt issuer invalid. expected: tessera' },
    { name: 'missing issuer', token: () => craft({}, claims({ iss: undefined })), reason: 'jwt issuer invalid. expected: tessera' },
    { name: 'wrong audience', token: () => craft({}, claims({ aud: 'other-api' })), reason: 'jwt audience invalid. expected: tessera-api' },
    { name: 'missing audience', token: () => craft({}, claims({ aud: undefined })), reason: 'jwt audience invalid. expected: tessera-api' },
    { name: 'alg none without signature', token: () => craft({ alg: 'none' }, claims()), reason: 'algorithm none is not accepted' },
    {
      name: 'alg none with a signature',
      token: () => `${craft({ alg: 'none' }, claims())}${createHmac('sha256', SETTINGS.secret).update('x').digest('base64url')}`,
      reason: 'algorithm none is not accepted',
    },
    { name: 'HS512 signed with the right secret (algorithm pinned to HS256)', token: () => craft({ alg: 'HS512' }, claims()), reason: 'algorithm HS512 is not accepted' },
    { name: 'HS384 signed with the right secret', token: () => craft({ alg: 'HS384' }, claims()), reason: 'algorithm HS384 is not accepted' },
    { name: 'signed with another secret', token: () => craft({}, claims(), 'o'.repeat(32)), reason: 'invalid signature' },
    { name: 'typ at+jwt', token: () => craft({ typ: 'at+jwt' }, claims()), reason: 'unexpected typ at+jwt' },
    { name: 'typ lower-case jwt', token: () => craft({ typ: 'jwt' }, claims()), reason: 'unexpected typ jwt' },
    { name: 'iat in the future', token: () => craft({}, claims({ iat: now() + 300, exp: now() + 900 })), reason: 'iat is in the future' },
    { name: 'only unknown roles', token: () => craft({}, claims({ roles: ['root', 'superuser'] })), reason: 'unknown role "root"' },
    { name: 'an unknown role beside a known one', token: () => craft({}, claims({ roles: ['customer', 'root'] })), reason: 'unknown role "root"' },
    { name: 'a non-string role', token: () => craft({}, claims({ roles: ['customer', 7] })), reason: 'unknown role "7"' },
    { name: 'empty roles', token: () => craft({}, claims({ roles: [] })), reason: 'roles must be a non-empty list' },
    { name: 'roles not an array', token: () => craft({}, claims({ roles: 'admin' })), reason: 'roles must be a non-empty list' },
    { name: 'no roles claim', token: () => craft({}, claims({ roles: undefined })), reason: 'roles must be a non-empty list' },
    { name: 'empty purpose', token: () => craft({}, claims({ purpose: '' })), reason: 'purpose holds a value that is not a purpose name' },
    { name: 'purpose with spaces', token: () => craft({}, claims({ purpose: 'drop table' })), reason: 'purpose holds a value that is not a purpose name' },
    { name: 'empty purposes', token: () => craft({}, claims({ purposes: [] })), reason: 'purposes must be a non-empty list' },
    { name: 'purposes not a list', token: () => craft({}, claims({ purposes: 'analytics' })), reason: 'purposes must be a non-empty list' },
    { name: 'a purposes entry not a name', token: () => craft({}, claims({ purposes: ['analytics', 3] })), reason: 'purposes holds a value that is not a purpose name' },
    { name: 'nbf in the future', token: () => craft({}, claims({ nbf: now() + 300 })), reason: 'jwt not active' },
    { name: 'exp not a number', token: () => craft({}, claims({ exp: 'tomorrow' })), reason: 'invalid exp value' },
    { name: 'iat not a number', token: () => craft({}, claims({ iat: 'today' })), reason: 'iat must be a number' },
    { name: 'crit header', token: () => craft({ crit: ['exp'] }, claims()), reason: 'crit header is not supported' },
    { name: 'RS256 header with no JWKS configured', token: () => craft({ alg: 'RS256', kid: 'k1' }, claims()), reason: 'algorithm RS256 is not accepted' },
    { name: 'empty sub', token: () => craft({}, claims({ sub: '' })), reason: 'sub is required' },
    { name: 'missing sub', token: () => craft({}, claims({ sub: undefined })), reason: 'sub is required' },
    { name: 'numeric sub', token: () => craft({}, claims({ sub: 42 })), reason: 'sub is required' },
    { name: 'garbage', token: () => 'not-a-token', reason: 'jwt malformed' },
    { name: 'empty string', token: () => '', reason: 'jwt must be provided' },
  ])('refuses $name', async ({ token, reason }) => {
    expect(await reasonOf(token())).toBe(reason);
  });

  it('refuses a token signed for other settings', async () => {
    const other = { ...SETTINGS, audience: 'other-api' };
    expect(await reasonOf(signToken(other, { role: 'admin' }))).toBe('jwt audience invalid. expected: tessera-api');
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc.def.ghi  ', 'abc.def.ghi'],
    ['Bearer a-b_c~d+e/f=', 'a-b_c~d+e/f='],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    [undefined, 'no Authorization header'],
    ['', 'no Authorization header'],
    ['Bearer', 'malformed Authorization header'],
    ['Bearer ', 'malformed Authorization header'],
    ['Basic dXNlcjpwYXNz', 'malformed Authorization header'],
    ['Bearer a b', 'malformed Authorization header'],
    [' Bearer abc', 'malformed Authorization header'],
    ['Bearerabc', 'malformed Authorization header'],
    ['Bearer abc;def', 'malformed Authorization header'],
  ])('%j → TokenError (%s)', (header, reason) => {
    let caught: unknown;
    try {
      bearerToken(header);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TokenError);
    expect((caught as TokenError).reason).toBe(reason);
  });
});
