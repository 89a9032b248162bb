/** Who may call Tessera. What each role may see is the privacy policy's job (see docs). */
export const ROLES = ['admin', 'support_agent', 'marketing', 'analyst', 'auditor', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** The purpose a token is issued for, by default, per role. */
export const DEFAULT_PURPOSE: Record<Role, string> = {
  admin: 'administration',
  support_agent: 'support_case',
  marketing: 'marketing_email',
  analyst: 'analytics',
  auditor: 'audit',
  customer: 'self_service',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface Viewer {
  subject: string;
  roles: Role[];
  /** The purpose this request is served for: one of `purposes`. */
  purpose: string;
  /** Every purpose the token grants; a request may narrow to one of them, never go beyond. */
  purposes: string[];
}
