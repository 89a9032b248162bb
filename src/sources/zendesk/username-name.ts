// Zendesk fills a user's name with the email's local part when nobody gave one ("jsmith", "peggy.miller").
// Read as a name, that username became a first name that "clearly differs" from John (the family rule then
// cancelled an exact shared email and phone) and won the golden profile's name.

const IGNORED = /[._\-\d]/g;
const bare = (s: string) => s.toLowerCase().replace(IGNORED, '');
/** Written as a name by someone ("Cher"), where the copied local part would read "cher". */
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;

/**
 * The name says nothing about the person: it is the email's local part (case, dots, underscores, hyphens
 * and digits aside; a +tag too), or it holds no letter at all ("12345", "---"). A capitalised word is
 * kept when the local part is not capitalised: "Cher" with cher@ was typed as a name.
 */
export function isNoName(name: string, email: string | undefined): boolean {
  if (!/\p{L}/u.test(name)) return true;
  if (!email || !email.includes('@')) return false;
  const local = email.slice(0, email.lastIndexOf('@'));
  const wanted = bare(name);
  if (wanted === '' || (wanted !== bare(local) && wanted !== bare(local.split('+')[0]!))) return false;
  return !(CAPITALISED.test(name) && !CAPITALISED.test(local.split('+')[0]!));
}
