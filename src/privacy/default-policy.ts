import { readFileSync } from 'node:fs';
import defaultPolicyDocument from './policy.json';
import { compilePolicy, type FieldShape, type Policy } from './policy';

/** The policy document from `file` (JSON), or the one shipped with Tessera (src/privacy/policy.json), unchecked. */
export function policyDocument(file?: string): unknown {
  return file ? JSON.parse(readFileSync(file, 'utf8')) : defaultPolicyDocument;
}

/** The policy from `file`, or the shipped one, checked against the API's fields. */
export function loadPolicy(apiFields: FieldShape[], file?: string): Policy {
  return compilePolicy(policyDocument(file), apiFields);
}
