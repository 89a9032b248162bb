import { narrowPurpose, PurposeError } from '../../../../src/api/auth/purpose';
import type { Viewer } from '../../../../src/api/auth/roles';

const MARKETER: Viewer = { subject: 'm-1', roles: ['marketing'], purpose: 'marketing_email', purposes: ['marketing_email', 'analytics'] };

describe('narrowPurpose', () => {
  it.each([
    ['no header', undefined, MARKETER],
    ['an empty header', '', MARKETER],
    ['blanks', '   ', MARKETER],
    ['the default purpose', 'marketing_email', { ...MARKETER, purposes: ['marketing_email'] }],
    ['another granted purpose', 'analytics', { ...MARKETER, purpose: 'analytics', purposes: ['analytics'] }],
    ['surrounding blanks', ' analytics ', { ...MARKETER, purpose: 'analytics', purposes: ['analytics'] }],
  ])('%s → %j', (_name, header, viewer) => {
    expect(narrowPurpose(MARKETER, header)).toEqual(viewer);
  });

  it.each([
    ['a purpose the token does not grant', 'support_case', 'purpose support_case is not granted by this token'],
    ['a purpose of another role', 'audit', 'purpose audit is not granted by this token'],
    ['two purposes at once (repeated header)', 'marketing_email, analytics', 'X-Tessera-Purpose must name one purpose (lower-case letters, digits, _)'],
    ['a different case', 'Analytics', 'X-Tessera-Purpose must name one purpose (lower-case letters, digits, _)'],
    ['markup', '<script>', 'X-Tessera-Purpose must name one purpose (lower-case letters, digits, _)'],
  ])('refuses %s', (_name, header, message) => {
    expect(() => narrowPurpose(MARKETER, header)).toThrow(new PurposeError(message));
  });

  it('never widens: a narrowed viewer cannot be narrowed to a sibling purpose', () => {
    const narrowed = narrowPurpose(MARKETER, 'analytics');
    expect(() => narrowPurpose(narrowed, 'marketing_email')).toThrow(PurposeError);
  });
});
