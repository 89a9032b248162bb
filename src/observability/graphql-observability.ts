import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import type { Metrics } from './metrics';

type Context = { requestId: string };

export interface GraphqlObservability {
  /**
   * Counts operations and error codes, and remembers which request each error came from. `last` is the plugin
   * that may still replace the response (the access log's, fail-closed: AUDIT_UNAVAILABLE): Apollo runs the
   * willSendResponse hooks side by side, so the count waits for that one's.
   */
  plugin<C extends Context>(last?: ApolloServerPlugin<C>): ApolloServerPlugin<C>;
  /** The request id of an error Apollo reported (formatError gets no context: its log line needs this). */
  requestIdOf(error: unknown): string | undefined;
}

// A code is a label value: anything but a plain upper-case word is counted as OTHER.
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/**
 * tessera_graphql_operations_total{type, outcome} and tessera_graphql_errors_total{code}: the HTTP histogram
 * cannot show GraphQL errors, which mostly come with status 200. Requests refused before GraphQL runs (a bad
 * token, a body too large) are not operations: the HTTP histogram counts them by status.
 */
export function graphqlObservability(metrics: Metrics): GraphqlObservability {
  const requestIds = new WeakMap<object, string>();
  const count = ({ operation, response }: GraphQLRequestContextWillSendResponse<Context>) => {
    const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    metrics.graphqlOperations.inc({ type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' });
    for (const error of errors ?? []) {
      const code = error.extensions?.code;
      metrics.graphqlErrors.inc({ code: typeof code === 'string' && CODE.test(code) ? code : 'OTHER' });
    }
  };
  const remember = (errors: readonly object[], requestId: string) => {
    // the same objects reach formatError next, which logs the unexpected ones
    for (const error of errors) requestIds.set(error, requestId);
  };
  return {
    plugin<C extends Context>(last?: ApolloServerPlugin<C>): ApolloServerPlugin<C> {
      // Without a plugin to wait for, one listener serves every request.
      const alone: GraphQLRequestListener<C> = {
        didEncounterErrors: async (rc) => remember(rc.errors, rc.contextValue.requestId),
        willSendResponse: async (rc) => count(rc),
      };
      if (!last) return { requestDidStart: async () => alone };
      return {
        ...last,
        async requestDidStart(rc) {
          const inner = (await last.requestDidStart?.(rc)) ?? undefined;
          if (!inner) return alone;
          return {
            ...inner,
            async didEncounterErrors(erc) {
              remember(erc.errors, erc.contextValue.requestId);
              await inner.didEncounterErrors?.(erc);
            },
            async willSendResponse(wrc) {
              await inner.willSendResponse?.(wrc);
              count(wrc);
            },
          };
        },
      };
    },
    requestIdOf: (error) => (typeof error === 'object' && error !== null ? requestIds.get(error) : undefined),
  };
}
