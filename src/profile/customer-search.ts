// What customers(search:) looks for in customer.search_text, which holds names, emails and phones
// lower-cased, each phone as its source wrote it, in E.164 and as E.164's digits.
import { normalisePhone, type CountryCode } from '../identity/matching/normalise-phone';

/**
 * The substrings any of which finds a customer: the term lower-cased, and, when the whole term reads as
 * one valid phone number (a national one in `region`), that number in E.164 too, so "(512) 555-0177"
 * finds a number its source wrote "+1 512 555 0177". Names and emails never read as a phone number.
 */
export function searchTerms(term: string, region: CountryCode): string[] {
  const text = term.trim().toLowerCase();
  const phone = normalisePhone(text, region);
  return 'value' in phone && phone.value !== text ? [text, phone.value] : [text];
}
