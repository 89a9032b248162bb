/**
 * Currency codes as ISO 4217 writes them: trimmed and upper case, so 'usd', 'USD' and ' Usd ' are one
 * currency wherever amounts are summed (recompute-sql.ts) or a currency is compared (segment conditions
 * on valueCurrency). Empty is no currency.
 */
export function currencyCodeSql(expr: string): string {
  return `nullif(upper(btrim(${expr}, E' \\t\\r\\n')), '')`;
}

/** The same rule for a value a caller gives (a segment condition's currency). */
export function currencyCode(value: string): string {
  return value.trim().toUpperCase();
}
