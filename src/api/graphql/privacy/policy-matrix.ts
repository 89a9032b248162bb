import type { Policy } from '../../../privacy/policy';
import { DEFAULT_PURPOSE, ROLES } from '../../auth/roles';

/**
 * The whole role × field matrix as Markdown (docs/privacy-matrix.md, checked by a test), so every policy
 * change shows in review. Each role is shown with its default purpose.
 */
export function printPolicyMatrix(policy: Policy): string {
  const symbol: Record<string, string> = { allow: 'allow', mask: 'mask', pseudonymise: 'pseudo', redact: 'redact', deny: '—' };
  const rules = ROLES.map((role) => policy.rulesFor([role], DEFAULT_PURPOSE[role]));
  const lines = [
    `# Privacy policy matrix (policy version ${policy.version})`,
    '',
    'Generated from `src/privacy/policy.json` by `npm run schema:emit`; a test keeps it in sync. Each role with its',
    'default purpose; `—` is deny (the operation fails with POLICY_DENIED), `mask(x)` names the mask.',
    '',
    `| field | classification | ${ROLES.map((r) => `${r} (${DEFAULT_PURPOSE[r]})`).join(' | ')} |`,
    `|---|---|${ROLES.map(() => '---').join('|')}|`,
  ];
  for (const field of [...policy.fields()].sort()) {
    const cells = rules.map((r) => {
      const rule = r.field(field);
      return rule.action === 'mask' ? `mask(${rule.mask})` : symbol[rule.action];
    });
    lines.push(`| \`${field}\` | ${rules[0]!.field(field).classification} | ${cells.join(' | ')} |`);
  }
  const consent = ROLES.map((r) => DEFAULT_PURPOSE[r]).filter((p) => policy.consentRequired(p));
  lines.push('', `Consent: ${consent.map((p) => `\`${p}\` needs ${policy.consentRequired(p)} consent`).join('; ') || 'none'}.`);
  lines.push(`Rows: ${ROLES.filter((r) => policy.rulesFor([r], DEFAULT_PURPOSE[r]).rows === 'own').join(', ')} see only their own customer.`, '');
  return lines.join('\n');
}
