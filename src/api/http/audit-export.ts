import { once } from 'node:events';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isDecision } from '../../audit/access-entry';
import type { AccessLogFilter } from '../../audit/access-log-filter';
import type { Audit } from '../../audit/create-audit';
import { hashQuery } from '../../audit/normalise-entry';
import type { Policy } from '../../privacy/policy';
import { exportViewer, fail } from './export-auth';
import type { VerifySettings } from '../auth/verify-token';
import { accessLogFilterProblem } from '../access-log-filter-check';

/**
 * GET /audit/export?format=ndjson|csv&actor=…&customerId=…&decision=…&from=…&to=… — the filtered access log
 * streamed newest first for an auditor's own tools, in constant memory. Same tokens and policy as GraphQL
 * (it needs what `accessLog` needs), and the export itself is logged.
 */
export function auditExportHandler(deps: { tokens: VerifySettings; policy: Policy; audit: Audit; log: Logger }): RequestHandler {
  return async (req, res) => {
    const viewer = await exportViewer(deps.tokens, req, res, deps.log);
    if (!viewer) return;
    const rules = deps.policy.rulesFor(viewer.roles, viewer.purpose);
    if (rules.refusal || rules.field('Query.accessLog').action !== 'allow') {
      return fail(res, 403, 'POLICY_DENIED', `not allowed by the privacy policy for role ${viewer.roles.join(', ')} and purpose ${viewer.purpose}: the access log`);
    }
    const parsed = filterOf(req);
    if (typeof parsed === 'string') return fail(res, 400, 'BAD_USER_INPUT', parsed);
    const format = req.query.format === 'csv' ? 'csv' : req.query.format === undefined || req.query.format === 'ndjson' ? 'ndjson' : null;
    if (!format) return fail(res, 400, 'BAD_USER_INPUT', 'format must be ndjson or csv');
    await deps.audit.log.record({
      requestId: res.locals.requestId as string,
      actor: viewer.subject,
      roles: viewer.roles,
      purpose: viewer.purpose,
      client: req.header('user-agent') ?? null,
      operationName: 'auditExport',
      queryHash: hashQuery(req.originalUrl),
      customerIds: parsed.customerId ? [parsed.customerId] : [],
      fields: { 'Query.accessLog': 'allowed' },
      outcome: 'ok',
    });
    res.status(200).type(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    res.setHeader('content-disposition', `attachment; filename="access-log.${format}"`);
    for await (const chunk of deps.audit.export(parsed, format)) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  };
}


/** The filter from the query string, or what is wrong with it. */
function filterOf(req: Request): AccessLogFilter | string {
  const q = req.query as Record<string, unknown>;
  const text = (name: string): string | undefined => (typeof q[name] === 'string' && q[name] !== '' ? (q[name] as string) : undefined);
  const filter: AccessLogFilter = { actor: text('actor'), role: text('role'), purpose: text('purpose'), field: text('field') };
  const customerId = text('customerId');
  if (customerId) filter.customerId = customerId.toLowerCase();
  const decision = text('decision');
  if (decision !== undefined && !isDecision(decision)) return 'decision must be allowed, masked, pseudonymised, redacted or denied';
  if (decision) filter.decision = decision;
  for (const name of ['from', 'to'] as const) {
    const value = text(name);
    if (value === undefined) continue;
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return `${name} must be an ISO date-time`;
    filter[name] = at;
  }
  return accessLogFilterProblem(filter) ?? filter;
}
