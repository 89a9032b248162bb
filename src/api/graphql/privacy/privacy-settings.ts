import { createHmac } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { loadPolicy } from '../../../privacy/default-policy';
import type { Policy } from '../../../privacy/policy';
import type { RowAccess } from '../../../profile/customer.loaders';
import type { Viewer } from '../../auth/roles';
import { fieldShapesOf } from './field-shapes';
import type { PrivacySettings } from './privacy-plugin';

/**
 * The policy checked against this schema (a PolicyError lists every problem), and the pseudonym key:
 * PSEUDONYM_KEY, else derived from the token signing secret; with neither there is no safe key.
 */
export function privacySettings(schema: GraphQLSchema, options: { policyFile?: string; pseudonymKey?: string; secret?: string }): PrivacySettings {
  const policy = loadPolicy(fieldShapesOf(schema), options.policyFile);
  if (!options.pseudonymKey && !options.secret) {
    throw new Error('a pseudonym key is required: set PSEUDONYM_KEY (or JWT_SECRET, from which one is derived)');
  }
  const pseudonymKey = options.pseudonymKey ?? createHmac('sha256', options.secret!).update('tessera pseudonyms').digest('base64url');
  return { policy, pseudonymKey };
}

export function defaultPrivacySettings(schema: GraphQLSchema, secret: string | undefined): PrivacySettings {
  return privacySettings(schema, { secret });
}

/** The rows a caller may see: their own customer (rows: own), and only consenting customers for consent-bound purposes. */
export function rowAccessOf(policy: Policy, viewer: Viewer): RowAccess {
  const rules = policy.rulesFor(viewer.roles, viewer.purpose);
  return {
    ownCustomerId: rules.rows === 'own' ? viewer.subject.toLowerCase() : null,
    consentChannel: policy.consentRequired(viewer.purpose),
  };
}
