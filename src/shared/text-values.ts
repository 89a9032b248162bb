/**
 * Calls `visit` with every key and string value of a JSON-like value, at any depth: what PostgreSQL will
 * hold as text once the value is stored or sent.
 */
export function forEachText(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachText(item, visit);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      visit(key);
      forEachText(item, visit);
    }
  }
}
