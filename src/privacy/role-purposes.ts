import { readFileSync } from 'node:fs';
import defaultPolicyDocument from './policy.json';

/**
 * The purposes a role may act for in a policy document (the shipped one, or `file`): read without compiling
 * the policy against the API's fields, for commands that only issue tokens.
 */
export function purposesOfRole(role: string, file?: string): string[] {
  const document = (file ? JSON.parse(readFileSync(file, 'utf8')) : defaultPolicyDocument) as { roles?: Record<string, { purposes?: string[] }> };
  return document.roles?.[role]?.purposes ?? [];
}
