import { once } from 'node:events';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { AccessRecord } from '../../audit/access-entry';
import type { Audit } from '../../audit/create-audit';
import { hashQuery } from '../../audit/normalise-entry';
import type { Policy } from '../../privacy/policy';
import { authenticate } from '../auth/authenticate';
import type { Viewer } from '../auth/roles';
import { PURPOSE_NAME } from '../auth/token-claims';
import type { VerifySettings } from '../auth/verify-token';
import { isUuid } from '../graphql/paging';
import { auditExportParams } from './audit-export-params';
import { fail } from './export-auth';

/**
 * GET /audit/export?format=ndjson|csv&actor=…&customerId=…&decision=…&from=…&to=… — the filtered access log
 * streamed newest first for an auditor's own tools, in constant memory. Same tokens and policy as GraphQL
 * (it needs what `accessLog` needs). Every attempt by a known caller is logged, like a GraphQL operation:
 * the export (`ok`), a refusal by the policy or of the purpose asked for (`denied`), a malformed request
 * (`error`). A request without a valid token has no actor to log (as for GraphQL).
 */
export function auditExportHandler(deps: { tokens: VerifySettings; policy: Policy; audit: Audit; log: Logger }): RequestHandler {
  return async (req, res) => {
    const auth = await authenticate(deps.tokens, (name) => req.header(name));
    if ('refused' in auth) {
      deps.log.info({ requestId: res.locals.requestId, reason: auth.refused.reason }, 'token refused');
      if (auth.refused.viewer) await logAttempt(deps.audit, req, res, auth.refused.viewer, 'denied', { purpose: requestedPurpose(req) });
      return fail(res, auth.refused.status, auth.refused.code, auth.refused.message);
    }
    const viewer = auth.viewer;
    const rules = deps.policy.rulesFor(viewer.roles, viewer.purpose);
    if (rules.refusal || rules.field('Query.accessLog').action !== 'allow') {
      await logAttempt(deps.audit, req, res, viewer, 'denied');
      return fail(res, 403, 'POLICY_DENIED', `not allowed by the privacy policy for role ${viewer.roles.join(', ')} and purpose ${viewer.purpose}: the access log`);
    }
    const parsed = auditExportParams(req.query as Record<string, unknown>);
    if (typeof parsed === 'string') {
      await logAttempt(deps.audit, req, res, viewer, 'error');
      return fail(res, 400, 'BAD_USER_INPUT', parsed);
    }
    const { filter, format } = parsed;
    await deps.audit.log.record(attempt(req, res, viewer, 'ok', filter.customerId));
    res.status(200).type(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    res.setHeader('content-disposition', `attachment; filename="access-log.${format}"`);
    for await (const chunk of deps.audit.export(filter, format)) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  };
}

function attempt(req: Request, res: Response, viewer: Viewer, outcome: 'ok' | 'denied' | 'error', customerId?: string, purpose?: string): AccessRecord {
  return {
    requestId: res.locals.requestId as string,
    actor: viewer.subject,
    roles: viewer.roles,
    purpose: purpose ?? viewer.purpose,
    client: req.header('user-agent') ?? null,
    operationName: 'auditExport',
    queryHash: hashQuery(req.originalUrl),
    customerIds: customerId ? [customerId] : [],
    fields: { 'Query.accessLog': outcome === 'denied' ? 'denied' : 'allowed' },
    outcome,
  };
}

/**
 * A refused or malformed attempt: nothing was read, so the refusal goes out even when its entry cannot be
 * stored (the appender reports that failure). The customer asked for is named when it is an id, so "who
 * looked into this person's history" finds refused attempts too.
 */
async function logAttempt(audit: Audit, req: Request, res: Response, viewer: Viewer, outcome: 'denied' | 'error', options: { purpose?: string } = {}): Promise<void> {
  const asked = req.query.customerId;
  const customerId = typeof asked === 'string' && isUuid(asked) ? asked.toLowerCase() : undefined;
  await audit.log.record(attempt(req, res, viewer, outcome, customerId, options.purpose)).catch(() => undefined);
}

/** The purpose a refused X-Tessera-Purpose asked for, when it is a purpose name (else the token's is logged). */
function requestedPurpose(req: Request): string | undefined {
  const asked = req.header('x-tessera-purpose')?.trim();
  return asked && PURPOSE_NAME.test(asked) ? asked : undefined;
}
