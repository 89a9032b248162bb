import type { AddressInfo } from 'node:net';
import type { Role } from '../../src/api/auth/roles';
import { signToken, type TokenSettings } from '../../src/api/auth/tokens';
import { DEFAULT_LIMITS, type LimitSettings } from '../../src/api/graphql/limits/limit-settings';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import type { TestDatabase } from './test-database';

export const TEST_TOKENS: TokenSettings = {
  secret: 'test-secret-that-is-long-enough-0123456789',
  issuer: 'tessera',
  audience: 'tessera-api',
  ttlSeconds: 600,
};

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface TestApp {
  url: string;
  token(role: Role, subject?: string): string;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** The real HTTP server on an ephemeral port, over a test database. */
export async function startTestApp(
  db: TestDatabase,
  options: { production?: boolean; limits?: Partial<LimitSettings>; audit?: boolean; readyTimeoutMs?: number } = {},
): Promise<TestApp> {
  const { server, apollo } = await createApp({
    schema: await buildTesseraSchema(),
    dataSource: db.dataSource,
    services: db.services,
    tokens: TEST_TOKENS,
    log: createLogger('silent'),
    metrics: createMetrics(),
    region: 'US',
    production: options.production ?? false,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    audit: options.audit,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = (role: Role, subject?: string) => signToken(TEST_TOKENS, { role, subject });
  return {
    url,
    token,
    async graphql(query, variables, bearer = token('admin')) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as Omit<GraphQLResult, 'status'>;
      return { status: response.status, ...body } as never;
    },
    async close() {
      await apollo.stop();
    },
  };
}
