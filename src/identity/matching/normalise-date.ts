// Birth-date normalisation to YYYY-MM-DD, or month/day when the source has
// no year (Mailchimp's birthday merge field is MM/DD).

export type BirthDateResult =
  /** `ambiguous`: the day and month could be either way round; the reading taken is said there */
  | { value: string; ambiguous?: string }
  | { partial: { month: number; day: number } }
  | { invalid: string };

interface Parts {
  year?: number;
  month: number;
  day: number;
  /** read as month/day although day/month was as possible */
  ambiguous?: boolean;
}

/**
 * Accepted forms, tried in order:
 * - `YYYY-MM-DD`, `YYYY/MM/DD`, and ISO timestamps (`1980-05-17T00:00:00Z`):
 *   the date is taken as written, never shifted by the offset — a birthday
 *   stored as local midnight must not move to the previous day in UTC.
 * - `MM/DD/YYYY` (US, the default for slashes); when the first number cannot
 *   be a month (> 12) and the second can, it is read as `DD/MM/YYYY`. When
 *   both could be the month (12/09/1987), the result says so (`ambiguous`).
 * - `DD.MM.YYYY` (the dotted form is day-first wherever it is used).
 * - `MM/DD` → partial, no year.
 * Two-digit years are rejected: the century is a guess.
 */
const FORMATS: readonly { re: RegExp; parts: (m: RegExpExecArray) => Parts }[] = [
  {
    re: /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i,
    parts: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }),
  },
  {
    re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
    parts: (m) => {
      const a = +m[1]!;
      const b = +m[2]!;
      if (a > 12 && b <= 12) return { year: +m[3]!, month: b, day: a };
      return { year: +m[3]!, month: a, day: b, ambiguous: a <= 12 && b <= 12 && a !== b };
    },
  },
  { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, parts: (m) => ({ year: +m[3]!, month: +m[2]!, day: +m[1]! }) },
  { re: /^(\d{1,2})\/(\d{1,2})$/, parts: (m) => ({ month: +m[1]!, day: +m[2]! }) },
];

/** The quality note of a slash date whose day and month could be swapped (12/09/1987). */
export const AMBIGUOUS_SLASH_DATE = 'day and month could be either way round: read as month/day (US order); write dates as YYYY-MM-DD';

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year?: number): number {
  // Without a year, 29 February is possible.
  if (month === 2) return year === undefined || isLeap(year) ? 29 : 28;
  return DAYS[month - 1]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * @param now the reference for "in the future" (defaults to the current time;
 *   pass it for reproducible results). Compared in UTC.
 */
export function normaliseBirthDate(raw: string, now: Date = new Date()): BirthDateResult {
  const text = raw.trim();
  if (text === '') return { invalid: 'empty' };
  let parts: Parts | undefined;
  for (const format of FORMATS) {
    const m = format.re.exec(text);
    if (m) {
      parts = format.parts(m);
      break;
    }
  }
  if (!parts) return { invalid: 'unrecognised date format' };
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return { invalid: 'impossible date' };
  if (day < 1 || day > daysIn(month, year)) return { invalid: 'impossible date' };
  if (year === undefined) return { partial: { month, day } };
  if (year < 1900) return { invalid: 'before 1900' };
  const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (value > now.toISOString().slice(0, 10)) return { invalid: 'in the future' };
  return parts.ambiguous ? { value, ambiguous: AMBIGUOUS_SLASH_DATE } : { value };
}
