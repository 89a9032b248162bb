import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fieldShapesOf } from '../../../src/api/graphql/privacy/field-shapes';
import { printPolicyMatrix } from '../../../src/api/graphql/privacy/policy-matrix';
import { buildTesseraSchema } from '../../../src/api/graphql/schema';
import defaultPolicy from '../../../src/privacy/policy.json';
import { compilePolicy, PolicyError, type FieldShape } from '../../../src/privacy/policy';

const FIELDS: FieldShape[] = [
  { coordinate: 'Customer.id', nullable: false, stringLike: true },
  { coordinate: 'Customer.name', nullable: false, stringLike: true },
  { coordinate: 'Customer.email', nullable: true, stringLike: true },
  { coordinate: 'Customer.score', nullable: true, stringLike: false },
];

const base = () => ({
  version: 't1',
  classifications: { public: '', identity: '', contact: '', financial: '' },
  purposes: { work: {}, mail: { requiresConsent: 'email' } },
  roles: {
    clerk: { purposes: ['work'], allow: ['public', 'identity'], mask: ['contact'] },
    marketer: { purposes: ['mail'], allow: ['public'], mask: ['identity'], pseudonymise: ['contact'], redact: ['financial'] },
  },
  arguments: { 'Customer.name.startsWith': ['identity'] },
  fields: {
    Customer: { id: 'public', name: { class: 'identity', mask: 'initials' }, email: { class: 'contact', mask: 'email' }, score: 'financial' },
  },
});

function problemsOf(doc: unknown, fields = FIELDS): string[] {
  try {
    compilePolicy(doc, fields);
    return [];
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
}

describe('compilePolicy', () => {
  it('compiles a valid policy and answers per role and purpose, default deny', () => {
    const policy = compilePolicy(base(), FIELDS);
    const clerk = policy.rulesFor(['clerk'], 'work');
    expect(clerk.refusal).toBeNull();
    expect(clerk.field('Customer.email')).toMatchObject({ action: 'mask', mask: 'email', classification: 'contact' });
    expect(clerk.field('Customer.score').action).toBe('deny');
    expect(clerk.field('Customer.unknown').action).toBe('deny');
    expect(clerk.argument('Customer.name.startsWith')).toEqual([expect.objectContaining({ action: 'allow' })]);
    const marketer = policy.rulesFor(['marketer'], 'mail');
    expect(marketer.argument('Customer.name.startsWith')![0]!.action).toBe('mask');
    expect(policy.consentRequired('mail')).toBe('email');
    expect(policy.rulesFor(['clerk'], 'mail').refusal).toMatch(/purpose "mail" is not allowed/);
    // several roles: the most permissive grant for each classification
    expect(policy.rulesFor(['clerk', 'marketer'], 'work').field('Customer.name').action).toBe('allow');
  });

  it.each([
    ['an unclassified field', (d: any) => delete d.fields.Customer.score, 'fields: Customer.score has no classification'],
    ['a field the API lacks', (d: any) => (d.fields.Customer.ghost = 'public'), 'fields: Customer.ghost is not a field of the API'],
    ['an unknown classification', (d: any) => (d.fields.Customer.id = 'secret'), 'fields: Customer.id has unknown classification "secret"'],
    ['an unknown mask', (d: any) => (d.fields.Customer.email.mask = 'blur'), 'fields: Customer.email has unknown mask "blur"'],
    ['a mask without a format', (d: any) => (d.roles.clerk.mask = ['contact', 'public']), 'roles.clerk masks "public" but Customer.id has no mask format'],
    ['redacting a non-null field', (d: any) => (d.roles.marketer.redact = ['financial', 'identity'], (d.roles.marketer.mask = [])), 'roles.marketer redacts Customer.name, which is non-null'],
    ['pseudonymising a number', (d: any) => (d.roles.marketer.pseudonymise = ['contact', 'financial'], (d.roles.marketer.redact = [])), 'roles.marketer pseudonymises Customer.score, which is not a string'],
    ['two actions for one classification', (d: any) => (d.roles.clerk.allow = ['public', 'identity', 'contact']), 'roles.clerk: classification "contact" has two actions'],
    ['an unknown purpose', (d: any) => (d.roles.clerk.purposes = ['play']), 'roles.clerk.purposes: unknown purpose "play"'],
    ['an argument of no field', (d: any) => (d.arguments = { 'Nope.x.y': ['identity'] }), 'arguments: Nope.x.y is not an argument of an API field'],
  ])('refuses %s with a clear problem', (_label, change, problem) => {
    const doc = base();
    change(doc);
    expect(problemsOf(doc).join('\n')).toContain(problem);
  });
});

describe('the shipped policy', () => {
  it('classifies every field of the API and is consistent with it', async () => {
    const shapes = fieldShapesOf(await buildTesseraSchema());
    expect(problemsOf(defaultPolicy, shapes)).toEqual([]);
  });

  it('matches docs/privacy-matrix.md, the whole role × field matrix (run `npm run schema:emit` after changing the policy)', async () => {
    const policy = compilePolicy(defaultPolicy, fieldShapesOf(await buildTesseraSchema()));
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'privacy-matrix.md'), 'utf8');
    expect(printPolicyMatrix(policy)).toBe(committed);
  });
});
