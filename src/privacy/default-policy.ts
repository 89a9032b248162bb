import { readFileSync } from 'node:fs';
import defaultPolicyDocument from './policy.json';
import { compilePolicy, type FieldShape, type Policy } from './policy';

/** The policy from `file` (JSON), or the one shipped with Tessera (src/privacy/policy.json). */
export function loadPolicy(apiFields: FieldShape[], file?: string): Policy {
  const document: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : defaultPolicyDocument;
  return compilePolicy(document, apiFields);
}
