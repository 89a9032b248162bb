import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { authenticate } from './api/auth/authenticate';
import type { VerifySettings } from './api/auth/verify-token';
import type { RequestContext } from './api/context';
import { formatError, unauthenticated } from './api/errors';
import { compiledExecutor } from './api/graphql/compiled-executor';
import { httpErrors } from './api/graphql/limits/http-errors';
import { DEFAULT_LIMITS, type LimitSettings } from './api/graphql/limits/limit-settings';
import { limitsPlugin } from './api/graphql/limits/limits-plugin';
import { withRequestTimeout } from './api/graphql/limits/request-timeout';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './db/connect-timeout';
import { poolStatsOf } from './db/pool-stats';
import { readiness } from './db/readiness';
import { graphqlObservability } from './observability/graphql-observability';
import { auditMetrics, type Metrics } from './observability/metrics';
import { createIdentityLoaders } from './identity/identity.loaders';
import { ALL_ROWS, createCustomerLoaders } from './profile/customer.loaders';
import { ProfileBatcher } from './profile/profile-batcher';
import { defaultPrivacySettings, rowAccessOf } from './api/graphql/privacy/privacy-settings';
import { privacyPlugin, type PrivacySettings } from './api/graphql/privacy/privacy-plugin';
import { auditPlugin } from './api/graphql/audit/audit-plugin';
import { auditExportHandler } from './api/http/audit-export';
import { segmentExportHandler } from './api/http/segment-export';
import { graphqlEndpoint } from './api/http/graphql-endpoint';
import { trackRequest } from './api/http/request-tracking';
import type { Services } from './services';
import { createSegments } from './segments/create-segments';
import { configureCursors } from './shared/cursor';
import type { CountryCode } from 'libphonenumber-js';

export interface AppDeps {
  schema: GraphQLSchema;
  dataSource: DataSource;
  services: Services;
  /** How bearer tokens are verified (secret and/or JWKS); signing is the CLI's business. */
  tokens: VerifySettings;
  log: Logger;
  metrics: Metrics;
  region: CountryCode;
  production: boolean;
  /**
   * The privacy policy and pseudonym key (main.ts builds them from configuration); if absent, the shipped
   * policy and a key derived from the token secret. `null` turns enforcement off: only for the bench's
   * on/off comparison, never reachable from configuration.
   */
  privacy?: PrivacySettings | null;
  /** Refuse the response when its access-log entry cannot be stored (default true; AUDIT_FAIL_CLOSED). */
  auditFailClosed?: boolean;
  /** false: no access-log entries. Only for tests that count the read path's statements; not configurable. */
  audit?: boolean;
  /** Depth, cost, alias, page, body and time limits (docs/api-hardening.md); the defaults if absent. */
  limits?: LimitSettings;
  /** graphql-jit (default) or graphql-js: the same resolvers either way; graphql-js is there to compare. */
  executor?: 'compiled' | 'graphql-js';
  /** Concurrent requests share profile statements (default true); false only for the bench's comparison. */
  profileBatching?: boolean;
  /** Contact-fatigue window of marketing segments in days (SEGMENT_FATIGUE_DAYS); the default if absent. */
  segmentFatigueDays?: number;
  /** /readyz answers within this long whatever the database does (DB_CONNECT_TIMEOUT_MS; default 3000). */
  readyTimeoutMs?: number;
}

const KNOWN_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/audit/export']);
const ROUTE_PATTERNS = [{ pattern: /^\/segments\/[^/]+\/export$/, route: '/segments/:id/export' }];

/** Builds the HTTP server (GraphQL + health + metrics) from explicit dependencies; does not listen. */
export async function createApp(deps: AppDeps): Promise<{ server: http.Server; apollo: ApolloServer<RequestContext> }> {
  const privacy = deps.privacy === undefined ? defaultPrivacySettings(deps.schema, deps.tokens.secret) : deps.privacy;
  const policy = (privacy ?? defaultPrivacySettings(deps.schema, deps.tokens.secret)).policy;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const segments = createSegments(deps.dataSource, { policy, fatigueDays: deps.segmentFatigueDays });
  const pseudonymKey = (privacy ?? defaultPrivacySettings(deps.schema, deps.tokens.secret)).pseudonymKey;
  // cursors are sealed with a key every instance of the deployment shares (derived, not the pseudonym key itself)
  configureCursors(`cursors\u0000${pseudonymKey}`);
  const app = express();
  app.disable('x-powered-by');
  const profileBatcher = deps.profileBatching === false ? deps.services.customers : new ProfileBatcher(deps.services.customers);
  // GraphQL goes straight to Apollo (api/http/graphql-endpoint.ts); every other path through Express.
  let graphql: ReturnType<typeof graphqlEndpoint<RequestContext>> | undefined;
  const tracking = { metrics: deps.metrics, log: deps.log, knownRoutes: KNOWN_ROUTES, routePatterns: ROUTE_PATTERNS };
  const server = http.createServer((req, res) => {
    const requestId = trackRequest(tracking, req, res);
    const url = req.url ?? '';
    if (graphql && (url === '/graphql' || url.startsWith('/graphql?'))) void graphql(req, res, requestId);
    else app(req, res);
  });
  const observed = graphqlObservability(deps.metrics);
  const apollo = new ApolloServer<RequestContext>({
    ...(deps.executor === 'graphql-js' ? { schema: deps.schema } : { gateway: withRequestTimeout(compiledExecutor(deps.schema), limits.requestTimeoutMs) }),
    introspection: !deps.production,
    hideSchemaDetailsFromClientErrors: deps.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Bounds the work of parsing and validating a document, which runs before any limit below is checked.
    parseOptions: { maxTokens: limits.maxTokens },
    // main.ts owns shutdown order (drain, then pool, then embedded database).
    stopOnTerminationSignals: false,
    // Cache-control hints are unused here, and the plugin wraps every field resolver to collect them.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginCacheControlDisabled(), limitsPlugin(limits), ...(privacy ? [privacyPlugin(privacy)] : []), observed.plugin(deps.audit === false ? undefined : auditPlugin(deps.services.audit, { failClosed: deps.auditFailClosed ?? true }))],
    formatError: (formatted, error) =>
      formatError(formatted, error, (inner) => deps.log.error({ err: inner, requestId: observed.requestIdOf(error) }, 'unexpected error')),
  });
  await apollo.start();
  // The services outlive an app in tests and the bench: stop feeding this app's registry when its server closes.
  server.once('close', deps.services.audit.log.observe(auditMetrics(deps.metrics)));
  server.once('close', deps.metrics.watchPool(() => poolStatsOf(deps.dataSource)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const status = await readiness(deps.dataSource, () => deps.services.audit.log.ready(), deps.readyTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    res.status(status === 'ready' ? 200 : 503).json({ status });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.get('/audit/export', auditExportHandler({ tokens: deps.tokens, policy, audit: deps.services.audit, log: deps.log }));
  app.get(
    '/segments/:id/export',
    segmentExportHandler({ tokens: deps.tokens, policy, pseudonymKey, segments, audit: deps.services.audit, log: deps.log, region: deps.region, junk: deps.services.resolver.settings.junk }),
  );
  graphql = graphqlEndpoint(apollo, {
    maxBodyBytes: limits.maxBodyBytes,
    log: deps.log,
    context: async (header, requestId) => {
      const auth = await authenticate(deps.tokens, header);
      if ('refused' in auth) {
        deps.log.info({ requestId, reason: auth.refused.reason }, 'token refused');
        if (auth.refused.code === 'UNAUTHENTICATED') throw unauthenticated();
        throw new GraphQLError(auth.refused.message, { extensions: { code: auth.refused.code, http: { status: auth.refused.status } } });
      }
      const viewer = auth.viewer;
      return {
        requestId,
        viewer,
        loaders: createCustomerLoaders(deps.services.customers, deps.services.journey, privacy ? rowAccessOf(privacy.policy, viewer) : ALL_ROWS, profileBatcher),
        customers: deps.services.customers,
        identity: deps.services.identity,
        identityLoaders: createIdentityLoaders(deps.services.identity),
        region: deps.region,
        junk: deps.services.resolver.settings.junk,
        survivorship: deps.services.survivorship,
        privacy: policy,
        access: { fields: {}, denied: false },
        audit: deps.services.audit,
        subjectExport: deps.services.subjectExport,
        erase: deps.services.erase,
        segments: segments.service,
        experience: deps.services.experience,
      };
    },
  });
  app.use(httpErrors(deps.log));
  return { server, apollo };
}
