import type { DataSource, QueryRunner } from 'typeorm';
import type { CountryCode } from 'libphonenumber-js';
import type { JunkConfig } from '../identity/matching/junk-values';
import { personEmail, personPhone, phoneRegionsOf } from '../identity/matching/person-contact';
import { canonicalCountry } from '../shared/country';
import { consentingCustomersSql } from './consent-sql';
import { CUSTOM_PLAN } from './segment.repository';
import { SqlParams } from './sql';

/**
 * The columns an export can carry, each with the API field whose policy rule decides it (so an export
 * shows exactly what GraphQL would show that caller) and how its value is read. Values are the ones the
 * golden profile shows: newest record first, the first valid normalised email or phone, the first address
 * country as its ISO code (an unknown name as written, trimmed).
 */
export const EXPORT_COLUMNS = {
  id: { coordinate: 'Customer.id' },
  displayName: { coordinate: 'Customer.displayName' },
  email: { coordinate: 'ProfileEmail.value' },
  phone: { coordinate: 'ProfilePhone.value' },
  country: { coordinate: 'ProfileAddress.country' },
  enteredAt: { coordinate: 'SegmentMemberEdge.enteredAt' },
} as const;
export type ExportColumn = keyof typeof EXPORT_COLUMNS;
export const DEFAULT_EXPORT_COLUMNS: ExportColumn[] = ['id', 'displayName', 'email', 'enteredAt'];

export function isExportColumn(name: string): name is ExportColumn {
  return Object.prototype.hasOwnProperty.call(EXPORT_COLUMNS, name);
}

/** One exported member before the caller's policy is applied. */
export type ExportRow = Partial<Record<ExportColumn, string | null>> & { id: string };

/** Values of the customer's live person records, newest record first (golden-profile order). */
const personValues = (expr: string) => `(SELECT array_agg(x.v ORDER BY coalesce(p.source_changed_at, p.last_changed_at) DESC, p.id, x.i)
    FROM source_record p CROSS JOIN LATERAL ${expr}
    WHERE p.customer_id = m.customer_id AND p.person IS NOT NULL AND p.deleted_at IS NULL)`;

const COLUMN_SQL: Record<ExportColumn, string | null> = {
  id: null,
  enteredAt: null,
  displayName: 'c.display_name AS "displayName"',
  email: `${personValues(`jsonb_array_elements_text(p.person -> 'emails') WITH ORDINALITY x(v, i)`)} AS emails`,
  // with the countries and email domains a national number may be written in (as the profile reads it)
  phone: `${personValues(`jsonb_array_elements_text(p.person -> 'phones') WITH ORDINALITY x(v, i)`)} AS phones,
    ${personValues(`(SELECT a ->> 'country', n FROM jsonb_array_elements(p.person -> 'addresses') WITH ORDINALITY a(a, n)) x(v, i)`)} AS "phoneCountries",
    ${personValues(`jsonb_array_elements_text(p.person -> 'emails') WITH ORDINALITY x(v, i)`)} AS "phoneEmails"`,
  country: `${personValues(`(SELECT a ->> 'country', n FROM jsonb_array_elements(p.person -> 'addresses') WITH ORDINALITY a(a, n)) x(v, i)`)} AS countries`,
};

export interface ExportRequest {
  segmentId: string;
  columns: readonly ExportColumn[];
  /** Consent-bound callers get only customers who consent to this channel now (as GraphQL's row check). */
  consentChannel: string | null;
  region: CountryCode;
  /** placeholders configured beside the built-in ones (IDENTITY_JUNK_*): left out, as in the profile */
  junk?: JunkConfig;
  batchSize?: number;
}

/**
 * Streams a segment's members through a server-side cursor (DECLARE … CURSOR / FETCH n) in one read-only
 * repeatable-read transaction: constant memory whatever the size, one consistent snapshot, and the next
 * batch is fetched while the current one is written out.
 */
export class SegmentExporter {
  constructor(private readonly dataSource: DataSource) {}

  statement(request: ExportRequest): { sql: string; params: unknown[] } {
    const params = new SqlParams();
    const segment = params.add(request.segmentId, 'uuid');
    const extra = request.columns.map((c) => COLUMN_SQL[c]).filter((s): s is string => s !== null);
    const join = request.columns.includes('displayName') ? ' JOIN customer c ON c.id = m.customer_id' : '';
    const consent = request.consentChannel ? ` AND m.customer_id IN (${consentingCustomersSql(params.add(request.consentChannel.toLowerCase(), 'text'))})` : '';
    return {
      // the time as ISO text from PostgreSQL: parsing a Date per row and printing it again cost more than the row
      sql: `SELECT m.customer_id AS id, to_char(m.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "enteredAt"${extra.map((e) => `, ${e}`).join('')}
            FROM segment_member m${join} WHERE m.segment_id = ${segment}${consent} ORDER BY m.customer_id`,
      params: params.values,
    };
  }

  async *batches(request: ExportRequest): AsyncGenerator<ExportRow[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let next: Promise<RawRow[]> | null = null;
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // the whole result is read: plan for total cost, not for the first rows
      await runner.query('SET LOCAL cursor_tuple_fraction = 1.0');
      await runner.query(CUSTOM_PLAN);
      const { sql, params } = this.statement(request);
      await runner.query(`DECLARE segment_export NO SCROLL CURSOR FOR ${sql}`, params);
      const size = request.batchSize ?? 5000;
      const fetch = (): Promise<RawRow[]> => runner.query(`FETCH ${Number(size)} FROM segment_export`);
      next = fetch();
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        next = fetch();
        yield rows.map((r) => exportRow(r, request));
      }
      await runner.query('COMMIT');
    } finally {
      // a consumer that stops early leaves one fetch in flight: its outcome no longer matters
      next?.catch(() => undefined);
      await rollbackQuietly(runner);
      await runner.release();
    }
  }
}

interface RawRow {
  id: string;
  enteredAt: string;
  displayName?: string;
  emails?: string[] | null;
  phones?: string[] | null;
  countries?: (string | null)[] | null;
  phoneCountries?: (string | null)[] | null;
  phoneEmails?: string[] | null;
}

function exportRow(r: RawRow, request: ExportRequest): ExportRow {
  const row: ExportRow = { id: r.id };
  for (const column of request.columns) {
    if (column === 'enteredAt') row.enteredAt = r.enteredAt;
    else if (column === 'displayName') row.displayName = r.displayName ?? null;
    else if (column === 'email') row.email = firstOf(r.emails, (v) => valueOf(personEmail(v, request.junk)));
    else if (column === 'phone') row.phone = firstOf(r.phones, (v) => valueOf(personPhone(v, request.region, phoneRegions(r), request.junk)));
    else if (column === 'country') row.country = firstOf(r.countries, (v) => canonicalCountry(v) ?? null);
  }
  return row;
}

/** The customer's countries, else its email domains' (per customer here; the profile reads them per record). */
function phoneRegions(r: RawRow) {
  const addresses = (r.phoneCountries ?? []).flatMap((country) => (country ? [{ country }] : []));
  return phoneRegionsOf({ addresses, emails: r.phoneEmails ?? [] });
}

const valueOf = (result: { value: string } | { invalid: string }): string | null => ('value' in result ? result.value : null);

function firstOf<T>(values: T[] | null | undefined, pick: (v: T) => string | null): string | null {
  for (const v of values ?? []) {
    const picked = pick(v);
    if (picked !== null) return picked;
  }
  return null;
}

/** After COMMIT this is a no-op; after a failure or an abandoned stream it ends the transaction. */
async function rollbackQuietly(runner: QueryRunner): Promise<void> {
  try {
    await runner.query('ROLLBACK');
  } catch {
    // the connection is gone; release() discards it
  }
}
