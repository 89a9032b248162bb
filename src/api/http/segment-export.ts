import type { Request, RequestHandler, Response } from 'express';
import type { CountryCode } from 'libphonenumber-js';
import type { Logger } from 'pino';
import type { Decision } from '../../audit/access-entry';
import type { Audit } from '../../audit/create-audit';
import { hashQuery } from '../../audit/normalise-entry';
import { applyRule } from '../../privacy/apply-rule';
import type { CallerRules, FieldRule, Policy } from '../../privacy/policy';
import { csvHeader, exportLine, type ExportFormat } from '../../segments/export-format';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, isExportColumn, type ExportColumn } from '../../segments/segment-export';
import type { Segments } from '../../segments/create-segments';
import { SegmentError } from '../../segments/segment-error';
import { exportViewer, fail } from './export-auth';
import type { Viewer } from '../auth/roles';
import type { VerifySettings } from '../auth/verify-token';
import { isUuid } from '../graphql/paging';
import { ExportAuditTrail } from './export-audit-trail';
import type { JunkConfig } from '../../identity/matching/junk-values';

/** Who may read segments over GraphQL may export them (segment.resolver.ts READERS). */
const READERS = ['marketing', 'admin', 'analyst'];
const DECISION: Record<FieldRule['action'], Decision> = { allow: 'allowed', mask: 'masked', pseudonymise: 'pseudonymised', redact: 'redacted', deny: 'denied' };

export interface SegmentExportDeps {
  tokens: VerifySettings;
  policy: Policy;
  pseudonymKey: string;
  segments: Segments;
  audit: Audit;
  log: Logger;
  region: CountryCode;
  /** placeholders configured beside the built-in ones: left out of the export as out of the profile */
  junk?: JunkConfig;
}

/**
 * GET /segments/:id/export?format=ndjson|csv&fields=id,displayName,email,phone,country,enteredAt — a segment's
 * members streamed in constant memory through a server-side cursor. Same tokens, roles and policy as
 * `segment { members }`: each column is allowed, masked, pseudonymised or redacted as GraphQL would, a
 * denied one refuses the export, consent-bound purposes get consenting customers only, and every member
 * sent is named in the access log (parts of 1,000) before its line leaves.
 */
export function segmentExportHandler(deps: SegmentExportDeps): RequestHandler {
  return async (req, res) => {
    const viewer = await exportViewer(deps.tokens, req, res, deps.log);
    if (!viewer) return;
    if (!viewer.roles.some((r) => READERS.includes(r))) return fail(res, 403, 'FORBIDDEN', 'not allowed');
    const rules = deps.policy.rulesFor(viewer.roles, viewer.purpose);
    const request = parseRequest(req);
    if (typeof request === 'string') return fail(res, 400, 'BAD_USER_INPUT', request);
    const denied = deniedFields(rules, request.columns);
    if (denied.length > 0) return fail(res, 403, 'POLICY_DENIED', `not allowed by the privacy policy for role ${viewer.roles.join(', ')} and purpose ${viewer.purpose}: ${denied.join('; ')}`);
    const segment = await deps.segments.service.get(request.segmentId);
    if (!segment) return fail(res, 404, 'NOT_FOUND', 'no such segment');
    try {
      await deps.segments.service.checkReadable(callerOf(viewer), segment);
    } catch (error) {
      if (error instanceof SegmentError) return fail(res, error.code === 'POLICY_DENIED' ? 403 : 400, error.code === 'POLICY_DENIED' ? 'POLICY_DENIED' : 'BAD_USER_INPUT', error.message);
      throw error;
    }
    await stream(deps, req, res, viewer, rules, { ...request, segmentId: segment.id });
  };
}

interface ParsedRequest {
  segmentId: string;
  format: ExportFormat;
  columns: ExportColumn[];
}

function parseRequest(req: Request): ParsedRequest | string {
  const id = String(req.params.id ?? '');
  if (!isUuid(id)) return `segment id must be a uuid: ${JSON.stringify(id)}`;
  const format = req.query.format === undefined || req.query.format === 'ndjson' ? 'ndjson' : req.query.format === 'csv' ? 'csv' : null;
  if (!format) return 'format must be ndjson or csv';
  const asked = typeof req.query.fields === 'string' && req.query.fields !== '' ? req.query.fields.split(',').map((f) => f.trim()) : DEFAULT_EXPORT_COLUMNS;
  const unknown = asked.filter((f) => !isExportColumn(f));
  if (unknown.length > 0) return `unknown field ${unknown.join(', ')} (fields: ${Object.keys(EXPORT_COLUMNS).join(', ')})`;
  return { segmentId: id.toLowerCase(), format, columns: [...new Set(asked as ExportColumn[])] };
}

/** What `segment { members { … } }` would refuse this caller, column by column. */
function deniedFields(rules: CallerRules, columns: readonly ExportColumn[]): string[] {
  if (rules.refusal) return [rules.refusal];
  const coordinates = ['Query.segment', 'Segment.members', ...columns.map((c) => EXPORT_COLUMNS[c].coordinate)];
  return coordinates.filter((c) => rules.field(c).action === 'deny');
}

async function stream(deps: SegmentExportDeps, req: Request, res: Response, viewer: Viewer, rules: CallerRules, request: ParsedRequest): Promise<void> {
  const columnRules = request.columns.map((c) => rules.field(EXPORT_COLUMNS[c].coordinate));
  const fields: Record<string, Decision> = { 'Query.segment': 'allowed', 'Segment.members': 'allowed' };
  columnRules.forEach((r) => (fields[r.coordinate] = DECISION[r.action]));
  let closed = false;
  res.on('close', () => (closed = !res.writableFinished));
  const write = async (bytes: Buffer) => {
    if (!res.write(bytes)) await drained(res);
  };
  const trail = new ExportAuditTrail(
    deps.audit,
    {
      requestId: res.locals.requestId as string,
      actor: viewer.subject,
      roles: viewer.roles,
      purpose: viewer.purpose,
      client: req.header('user-agent') ?? null,
      operationName: `segmentExport ${request.segmentId}`,
      queryHash: hashQuery(req.originalUrl),
      fields,
    },
    write,
  );
  res.status(200).type(request.format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  res.setHeader('content-disposition', `attachment; filename="segment-${request.segmentId}.${request.format}"`);
  if (request.format === 'csv') res.write(csvHeader(request.columns));
  const batches = deps.segments.exporter.batches({
    segmentId: request.segmentId,
    columns: request.columns,
    consentChannel: deps.policy.consentRequired(viewer.purpose),
    region: deps.region,
    junk: deps.junk,
  });
  try {
    // columns the caller sees as they are need no rule applied (most exports: id, enteredAt)
    const decide = columnRules.map((rule) => (rule.action === 'allow' ? null : (value: string | null) => applyRule(rule, value, deps.pseudonymKey) as string | null));
    const values: (string | null)[] = new Array(request.columns.length);
    for await (const batch of batches) {
      for (const row of batch) {
        for (let i = 0; i < request.columns.length; i++) {
          const value = row[request.columns[i]!] ?? null;
          values[i] = decide[i] ? decide[i]!(value) : value;
        }
        if (trail.add(row.id, exportLine(request.format, request.columns, values))) await trail.flush();
      }
      if (closed) break;
    }
    await trail.finish(closed ? 'aborted' : 'exported');
    res.end();
  } catch (error) {
    deps.log.error({ err: error, requestId: res.locals.requestId }, 'segment export failed');
    await trail.finish('failed').catch(() => undefined);
    res.destroy();
  }
}

/** Resolves when the response can take more, or is gone; leaves no listener behind. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function callerOf(viewer: Viewer) {
  return { subject: viewer.subject, roles: viewer.roles, purpose: viewer.purpose, purposes: viewer.purposes };
}

