import type { AccessRecord } from '../../audit/access-entry';
import type { Audit } from '../../audit/create-audit';

/** Most customer ids one export entry lists, as for imports (docs/audit.md): no entry holds a giant array. */
export const CUSTOMERS_PER_EXPORT_ENTRY = 1000;
/**
 * Chunks whose entry is still being written: bounds the memory an export holds whatever its size (about
 * 16 × 1,000 lines), while letting the appender's group commit write many parts per statement.
 */
const MAX_PENDING_CHUNKS = 16;

type Base = Omit<AccessRecord, 'customerIds' | 'outcome'>;

/**
 * A part's lines as UTF-8 bytes, appended as they come: no array of line strings to join, and the socket
 * gets bytes it does not have to encode (joining and flattening the strings cost a fifth of the export's CPU).
 */
export class PartBuffer {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  append(text: string): void {
    // a UTF-8 character is at most 3 bytes per UTF-16 unit
    if (this.length + text.length * 3 > this.bytes.length) this.grow(this.length + text.length * 3);
    this.length += this.bytes.write(text, this.length);
  }

  /** The bytes so far (a view: take() hands them over and starts a new buffer). */
  take(): Buffer {
    const taken = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.length = 0;
    return taken;
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }
}

/**
 * Writes an export's access-log entries in parts of CUSTOMERS_PER_EXPORT_ENTRY customers and releases each
 * part's lines only once its entry is stored (fail-closed: nothing leaves that the log does not name).
 * Entries are written while the next rows are read, so logging costs latency only at the start.
 */
export class ExportAuditTrail {
  private ids: string[] = [];
  private readonly lines = new PartBuffer();
  private readonly pending: { lines: Buffer; logged: Promise<void> }[] = [];
  private parts = 0;
  rows = 0;

  constructor(
    private readonly audit: Audit,
    private readonly base: Base,
    private readonly write: (bytes: Buffer) => Promise<void>,
  ) {}

  /** One exported member: its id goes to the log, its line out after the entry that names it. True when a part is full. */
  add(customerId: string, line: string): boolean {
    this.ids.push(customerId);
    this.lines.append(line);
    this.rows += 1;
    return this.ids.length >= CUSTOMERS_PER_EXPORT_ENTRY;
  }

  /** Writes the entry of the full part (call when add() says so). */
  async flush(): Promise<void> {
    await this.seal(`exporting part=${this.parts + 1}`);
  }

  /** The last part, with the totals; every line is out when it resolves. */
  async finish(outcome: 'exported' | 'aborted' | 'failed'): Promise<void> {
    await this.seal(`${outcome} rows=${this.rows} parts=${this.parts + 1}`, true);
    while (this.pending.length > 0) await this.release(outcome !== 'exported');
  }

  private async seal(outcome: string, last = false): Promise<void> {
    if (!last && this.ids.length === 0) return;
    this.parts += 1;
    const logged = this.audit.log.record({ ...this.base, customerIds: this.ids, outcome });
    // the promise is awaited in order by release(); keep an early rejection from going unhandled meanwhile
    logged.catch(() => undefined);
    this.pending.push({ lines: this.lines.take(), logged });
    this.ids = [];
    // let the appender start this part's write now (it is scheduled with setImmediate), so PostgreSQL chains
    // and stores it while the next part is built: without a turn of the event loop here, an export whose rows
    // are already fetched builds 16 parts, then waits for their write, then builds 16 more (no overlap)
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > MAX_PENDING_CHUNKS) await this.release(false);
  }

  /** Waits for the oldest part's entry, then sends its lines (or drops them when the export is over). */
  private async release(drop: boolean): Promise<void> {
    const chunk = this.pending.shift()!;
    await chunk.logged;
    if (!drop && chunk.lines.length > 0) await this.write(chunk.lines);
  }
}
