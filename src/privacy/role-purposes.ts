import { policyDocument } from './default-policy';

/**
 * The purposes a role may act for in a policy document (the shipped one, or `file`): read without compiling
 * the policy against the API's fields, for commands that only issue tokens.
 */
export function purposesOfRole(role: string, file?: string): string[] {
  const document = policyDocument(file) as { roles?: Record<string, { purposes?: string[] }> };
  return document.roles?.[role]?.purposes ?? [];
}
