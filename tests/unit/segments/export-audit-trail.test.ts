import type { AccessRecord } from '../../../src/audit/access-entry';
import type { Audit } from '../../../src/audit/create-audit';
import { CUSTOMERS_PER_EXPORT_ENTRY, ExportAuditTrail, PartBuffer } from '../../../src/api/http/export-audit-trail';

const BASE = { requestId: 'r', actor: 'a', roles: ['admin'], purpose: 'administration', fields: {} };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An audit whose writes are controlled by the test: each record() waits for `gate`, or fails. */
function fakeAudit(options: { fail?: boolean } = {}) {
  const recorded: AccessRecord[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const audit = {
    log: {
      record: async (r: AccessRecord) => {
        recorded.push(r);
        await gate;
        if (options.fail) throw new Error('access log down');
      },
    },
  } as unknown as Audit;
  return { audit, recorded, open };
}

describe('PartBuffer', () => {
  it('appends text as UTF-8, grows, and hands over what it holds', () => {
    const part = new PartBuffer();
    const line = `{"displayName":"Zoë Müller – ${'x'.repeat(500)}"}\n`;
    for (let i = 0; i < 300; i++) part.append(line);
    const bytes = part.take();
    expect(bytes.toString('utf8')).toBe(line.repeat(300));
    expect(part.length).toBe(0);
    part.append('a\n');
    expect(part.take().toString()).toBe('a\n');
  });
});

describe('ExportAuditTrail', () => {
  it('sends no line before the entry that names its customer is stored, and names every customer once', async () => {
    const { audit, recorded, open } = fakeAudit();
    const sent: string[] = [];
    const trail = new ExportAuditTrail(audit, BASE, async (bytes) => void sent.push(bytes.toString()));
    const total = CUSTOMERS_PER_EXPORT_ENTRY * 2 + 10;
    for (let n = 0; n < total; n++) if (trail.add(id(n), `${n}\n`)) await trail.flush();
    expect(recorded.map((r) => r.customerIds.length)).toEqual([CUSTOMERS_PER_EXPORT_ENTRY, CUSTOMERS_PER_EXPORT_ENTRY]);
    expect(sent).toEqual([]);
    open();
    await trail.finish('exported');
    expect(recorded.flatMap((r) => r.customerIds)).toEqual(Array.from({ length: total }, (_, n) => id(n)));
    expect(recorded.map((r) => r.outcome)).toEqual(['exporting part=1', 'exporting part=2', `exported rows=${total} parts=3`]);
    expect(sent.join('')).toBe(Array.from({ length: total }, (_, n) => `${n}\n`).join(''));
  });

  it('fails closed: when the log cannot be written nothing of that part is sent and the export fails', async () => {
    const { audit, open } = fakeAudit({ fail: true });
    const sent: string[] = [];
    const trail = new ExportAuditTrail(audit, BASE, async (bytes) => void sent.push(bytes.toString()));
    for (let n = 0; n < 1500; n++) if (trail.add(id(n), `${n}\n`)) await trail.flush();
    open();
    await expect(trail.finish('exported')).rejects.toThrow('access log down');
    expect(sent).toEqual([]);
  });
});
