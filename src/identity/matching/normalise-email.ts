// Email normalisation (syntax) and match keys (provider aliasing rules).
// Pure: no I/O, no DNS. The normalised address is what we display and store;
// the match key is what two records must share to be the same mailbox.

export type EmailResult = { value: string } | { invalid: string };

/**
 * Trim and lower-case an address, rejecting what cannot be a mailbox.
 * Local parts are case-sensitive in theory (RFC 5321) but no mainstream
 * provider treats them so, and sources disagree on case, so we fold it.
 */
export function normaliseEmail(raw: string): EmailResult {
  const value = raw.trim().toLowerCase();
  if (value === '') return { invalid: 'empty' };
  if (/\s/.test(value)) return { invalid: 'contains spaces' };
  const at = value.split('@');
  if (at.length < 2) return { invalid: 'missing @' };
  if (at.length > 2) return { invalid: 'more than one @' };
  const [local, domain] = at as [string, string];
  if (local === '') return { invalid: 'empty local part' };
  if (domain === '') return { invalid: 'empty domain' };
  if (!domain.includes('.')) return { invalid: 'domain has no dot' };
  if (domain.split('.').some((label) => label === '')) return { invalid: 'domain has an empty label' };
  return { value };
}

interface ProviderRule {
  /** The provider delivers `a.b@` and `ab@` to the same mailbox. */
  ignoresDots: boolean;
  /** The provider delivers `name+tag@` to `name@` (sub-addressing, RFC 5233). */
  plusTags: boolean;
  /** Domains that are the same mailbox namespace, mapped to one. */
  canonicalDomain?: string;
}

const GMAIL: ProviderRule = { ignoresDots: true, plusTags: true, canonicalDomain: 'gmail.com' };
const PLUS_ONLY: ProviderRule = { ignoresDots: false, plusTags: true };

/**
 * Only rules a provider really applies. A wrong rule merges two people, so
 * anything not documented by the provider is left out.
 */
const PROVIDERS: Readonly<Record<string, ProviderRule>> = {
  // Gmail ignores dots in the local part and supports +tags; googlemail.com is
  // the same namespace (legacy UK/DE domain), so it maps to gmail.com.
  'gmail.com': GMAIL,
  'googlemail.com': GMAIL,
  // Outlook.com (Microsoft consumer): dots are significant (j.doe ≠ jdoe),
  // plus addressing delivers to the base mailbox.
  'outlook.com': PLUS_ONLY,
  'hotmail.com': PLUS_ONLY,
  'live.com': PLUS_ONLY,
  // iCloud Mail: dots significant, +tags delivered to the base address.
  // me.com/mac.com are the same service but not guaranteed aliases of an
  // icloud.com address (only for old accounts), so the domain is kept.
  'icloud.com': PLUS_ONLY,
  'me.com': PLUS_ONLY,
  'mac.com': PLUS_ONLY,
  // Fastmail: documented plus addressing; dots significant.
  'fastmail.com': PLUS_ONLY,
  'fastmail.fm': PLUS_ONLY,
  // Proton: documented "+alias" addresses. It is reported to ignore dots,
  // hyphens and underscores too, but that is undocumented, so not applied.
  'protonmail.com': PLUS_ONLY,
  'protonmail.ch': PLUS_ONLY,
  'proton.me': PLUS_ONLY,
  'pm.me': PLUS_ONLY,
  // Yahoo: no rule. Dots are significant, `+` is not an alias, and its
  // disposable `base-keyword@` addresses use a separately chosen base name
  // that is not the account name, so `-` cannot be stripped either.
  // Every other domain (including company domains): address kept as is —
  // whether `+` is a tag there depends on the mail server's configuration.
};

/**
 * The key two addresses must share to reach the same mailbox.
 * Expects the output of {@link normaliseEmail}.
 */
export function emailMatchKey(normalised: string): string {
  const at = normalised.lastIndexOf('@');
  if (at < 0) return normalised;
  let local = normalised.slice(0, at);
  let domain = normalised.slice(at + 1);
  const rule = PROVIDERS[domain];
  if (!rule) return normalised;
  if (rule.plusTags) {
    const plus = local.indexOf('+');
    // A local part that *starts* with + has no base mailbox to fall back to.
    if (plus > 0) local = local.slice(0, plus);
  }
  if (rule.ignoresDots) local = local.replace(/\./g, '');
  if (rule.canonicalDomain) domain = rule.canonicalDomain;
  return `${local}@${domain}`;
}
