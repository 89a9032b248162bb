import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DEFAULT_PURPOSE, ROLES, type Role } from '../../../src/api/auth/roles';
import { bearerToken, signToken, TokenError, verifyToken, type TokenSettings } from '../../../src/api/auth/tokens';

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

function reasonOf(token: string, settings: TokenSettings = SETTINGS): string {
  try {
    verifyToken(settings, token);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    // Callers only ever see one message, whatever the reason.
    expect((error as TokenError).message).toBe('invalid or missing bearer token');
    return (error as TokenError).reason;
  }
  throw new Error('expected a TokenError');
}

describe('signToken / verifyToken', () => {
  it.each(ROLES.map((role) => [role]))('round-trips role %s with its default purpose', (role: Role) => {
    const token = signToken(SETTINGS, { role });
    expect(verifyToken(SETTINGS, token)).toEqual({ subject: `dev-${role}`, roles: [role], purpose: DEFAULT_PURPOSE[role] });
  });

  it('round-trips an explicit subject and purpose', () => {
    const token = signToken(SETTINGS, { role: 'support_agent', subject: 'agent-7', purpose: 'complaint_review' });
    expect(verifyToken(SETTINGS, token)).toEqual({ subject: 'agent-7', roles: ['support_agent'], purpose: 'complaint_review' });
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

  it.each([
    { name: 'a crafted token with every claim', token: () => craft({}, claims()), viewer: { subject: 'user-1', roles: ['analyst'], purpose: 'analytics' } },
    { name: 'no typ header', token: () => craft({ typ: undefined }, claims()), viewer: { subject: 'user-1', roles: ['analyst'], purpose: 'analytics' } },
    { name: 'purpose missing → default of the first known role', token: () => craft({}, claims({ purpose: undefined, roles: ['marketing', 'admin'] })), viewer: { subject: 'user-1', roles: ['marketing', 'admin'], purpose: 'marketing_email' } },
    { name: 'empty purpose → default of the first known role', token: () => craft({}, claims({ purpose: '', roles: ['auditor'] })), viewer: { subject: 'user-1', roles: ['auditor'], purpose: 'audit' } },
    { name: 'unknown roles are dropped, known ones kept', token: () => craft({}, claims({ roles: ['root', 'customer', 7] })), viewer: { subject: 'user-1', roles: ['customer'], purpose: 'analytics' } },
    { name: 'iat slightly ahead (within clock tolerance)', token: () => craft({}, claims({ iat: now() + 20 })), viewer: { subject: 'user-1', roles: ['analyst'], purpose: 'analytics' } },
    { name: 'exp just passed (within clock tolerance)', token: () => craft({}, claims({ exp: now() - 10 })), viewer: { subject: 'user-1', roles: ['analyst'], purpose: 'analytics' } },
    { name: 'no iat at all', token: () => craft({}, claims({ iat: undefined })), viewer: { subject: 'user-1', roles: ['analyst'], purpose: 'analytics' } },
  ])('accepts $name', ({ token, viewer }) => {
    expect(verifyToken(SETTINGS, token())).toEqual(viewer);
  });

  it.each([
    { name: 'expired', token: () => craft({}, claims({ exp: now() - 120 })), reason: 'jwt expired' },
    { name: 'missing exp', token: () => craft({}, claims({ exp: undefined })), reason: 'exp is required' },
    { name: 'wrong issuer', token: () => craft({}, claims({ iss: 'someone-else' })), reason: 'jwt issuer invalid. expected: tessera' },
    { name: 'missing issuer', token: () => craft({}, claims({ iss: undefined })), reason: 'jwt issuer invalid. expected: tessera' },
    { name: 'wrong audience', token: () => craft({}, claims({ aud: 'other-api' })), reason: 'jwt audience invalid. expected: tessera-api' },
    { name: 'missing audience', token: () => craft({}, claims({ aud: undefined })), reason: 'jwt audience invalid. expected: tessera-api' },
    { name: 'alg none without signature', token: () => craft({ alg: 'none' }, claims()), reason: 'jwt signature is required' },
    {
      name: 'alg none with a signature',
      token: () => `${craft({ alg: 'none' }, claims())}${createHmac('sha256', SETTINGS.secret).update('x').digest('base64url')}`,
      reason: 'invalid algorithm',
    },
    { name: 'HS512 signed with the right secret (algorithm pinned to HS256)', token: () => craft({ alg: 'HS512' }, claims()), reason: 'invalid algorithm' },
    { name: 'HS384 signed with the right secret', token: () => craft({ alg: 'HS384' }, claims()), reason: 'invalid algorithm' },
    { name: 'signed with another secret', token: () => craft({}, claims(), 'o'.repeat(32)), reason: 'invalid signature' },
    { name: 'typ at+jwt', token: () => craft({ typ: 'at+jwt' }, claims()), reason: 'unexpected typ at+jwt' },
    { name: 'typ lower-case jwt', token: () => craft({ typ: 'jwt' }, claims()), reason: 'unexpected typ jwt' },
    { name: 'iat in the future', token: () => craft({}, claims({ iat: now() + 300, exp: now() + 900 })), reason: 'iat is in the future' },
    { name: 'only unknown roles', token: () => craft({}, claims({ roles: ['root', 'superuser'] })), reason: 'no known role in roles claim' },
    { name: 'empty roles', token: () => craft({}, claims({ roles: [] })), reason: 'no known role in roles claim' },
    { name: 'roles not an array', token: () => craft({}, claims({ roles: 'admin' })), reason: 'no known role in roles claim' },
    { name: 'no roles claim', token: () => craft({}, claims({ roles: undefined })), reason: 'no known role in roles claim' },
    { name: 'empty sub', token: () => craft({}, claims({ sub: '' })), reason: 'sub is required' },
    { name: 'missing sub', token: () => craft({}, claims({ sub: undefined })), reason: 'sub is required' },
    { name: 'numeric sub', token: () => craft({}, claims({ sub: 42 })), reason: 'sub is required' },
    { name: 'garbage', token: () => 'not-a-token', reason: 'jwt malformed' },
    { name: 'empty string', token: () => '', reason: 'jwt must be provided' },
  ])('refuses $name', ({ token, reason }) => {
    expect(reasonOf(token())).toBe(reason);
  });

  it('refuses a token signed for other settings', () => {
    const other = { ...SETTINGS, audience: 'other-api' };
    expect(reasonOf(signToken(other, { role: 'admin' }))).toBe('jwt audience invalid. expected: tessera-api');
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
