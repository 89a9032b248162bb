/** A PostgreSQL array literal, so a batch of arrays travels as one text[] parameter (unnest, then cast). */
export function pgArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
