/**
 * Each test run migrates its own template (named per run), so several runs can share one PostgreSQL server
 * without dropping each other's template halfway through.
 */
export function templateDatabase(): string {
  const name = process.env.TESSERA_TEST_TEMPLATE_DB;
  if (!name) throw new Error('integration tests need tests/setup/global-setup.ts (run them with `npm test`)');
  return name;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
