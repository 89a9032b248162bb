import type { ApolloServerPlugin } from '@apollo/server';
import { hashQuery } from '../../../audit/normalise-entry';
import type { Audit } from '../../../audit/create-audit';
import type { RequestContext } from '../../context';
import { customersAskedFor } from './customers-asked-for';

/**
 * One access-log entry per authenticated GraphQL operation: who, in which role and purpose, which
 * customers (read, shown, or named by a refused operation), each field with the policy's decision, and the
 * outcome. Ids and field names only.
 * Fail-closed (the default): when the entry cannot be stored, the caller gets AUDIT_UNAVAILABLE instead
 * of the data.
 */
export function auditPlugin(audit: Audit, options: { failClosed: boolean }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const ctx = rc.contextValue;
          if (!ctx?.viewer || !ctx.access) return;
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          const outcome = ctx.access.denied ? 'denied' : errors && errors.length > 0 ? 'error' : 'ok';
          // a refused operation tried to reach the customers it names, whatever it got to read
          const asked = outcome === 'denied' ? await customersAskedFor({ schema: rc.schema, document: rc.document, operation: rc.operation, variables: rc.request.variables }, ctx) : [];
          const entry = audit.log.record({
            requestId: ctx.requestId,
            actor: ctx.viewer.subject,
            roles: ctx.viewer.roles,
            purpose: ctx.viewer.purpose,
            client: rc.request.http?.headers.get('apollographql-client-name') ?? rc.request.http?.headers.get('user-agent') ?? null,
            operationName: rc.operationName ?? null,
            // Apollo has already hashed the query text the same way (SHA-256, hex)
            queryHash: rc.queryHash ?? (rc.source ? hashQuery(rc.source) : null),
            customerIds: [...ctx.loaders.touched, ...asked],
            fields: ctx.access.fields,
            outcome,
          });
          if (!options.failClosed) return void entry.catch(() => undefined);
          try {
            await entry;
          } catch {
            if (body.kind === 'single') {
              body.singleResult = { errors: [{ message: 'the access could not be logged; try again', extensions: { code: 'AUDIT_UNAVAILABLE' } }] };
              rc.response.http.status = 503;
            }
          }
        },
      };
    },
  };
}
