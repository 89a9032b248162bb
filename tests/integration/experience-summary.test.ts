import path from 'node:path';
import { signToken } from '../../src/api/auth/tokens';
import type { Role } from '../../src/api/auth/roles';
import { customersOf } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const DIR = path.join(__dirname, '..', 'fixtures', 'experience');
const SUMMARY = `query($from: DateTimeISO, $to: DateTimeISO) { experienceSummary(from: $from, to: $to) {
  from to ratedTickets csat npsResponses nps cesResponses avgCesScore solvedTickets avgHandoffs } }`;
const JUNE = { from: '2024-06-01T00:00:00.000Z', to: '2024-07-01T00:00:00.000Z' };

/**
 * Query.experienceSummary over a hand-made company (tests/fixtures/experience): Ivy and Jon have tickets and
 * survey answers, Kim only answers; Ivy alone consents to email. Every expected number is worked out below.
 */
describe('company-wide experience summary', () => {
  let db: TestDatabase;
  let app: TestApp;
  let customer: Record<'ivy' | 'jon' | 'kim', string>;
  const token = (role: Role, subject?: string) => signToken(TEST_TOKENS, { role, subject });
  const summary = async (variables: Record<string, unknown>, role: Role = 'admin', subject?: string) => {
    const res = await app.graphql(SUMMARY, variables, token(role, subject));
    expect(res.errors).toBeUndefined();
    return res.data!.experienceSummary;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [source, format, folder] of [
      ['zendesk', 'zendesk-json', 'zendesk'],
      ['salesforce', 'salesforce-csv', 'salesforce'],
      ['surveys', 'ndjson', 'surveys'],
    ] as const) {
      await db.services.importer.run({ source, format, location: path.join(DIR, folder) });
    }
    await db.services.resolver.resolve();
    await db.services.metrics.recompute();
    customer = await customersOf(db.dataSource, { ivy: ['zendesk', '801'], jon: ['zendesk', '802'], kim: ['surveys', 'EXP-3'] });
    app = await startTestApp(db);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('is one customer per person across the systems (what the scoped cases below rely on)', async () => {
    expect(await customersOf(db.dataSource, { ivy: ['surveys', 'EXP-1'], ivyCrm: ['salesforce', '003I'], jon: ['surveys', 'EXP-2'] })).toEqual({
      ivy: customer.ivy, ivyCrm: customer.ivy, jon: customer.jon,
    });
  });

  it('counts June: from inclusive, to exclusive, customers’ live records only', async () => {
    // Rated in June (ticket_rated at updated_at): 9201 good, 9202 bad, 9203 good, 9204 good (solved in May),
    // 9207 good (at the first instant). Not: 9206 (at 07-01 00:00, the end), 9208 (deleted), 9209 (no
    // customer: its requester is unknown), 9205 and 9210 (offered, unoffered). CSAT 4 ÷ 5 = 80.
    // Solved in June and still solved or closed: 9201 (handoffs (2−1)+(1−1) = 1), 9202 ((3−1)+(2−1) = 3),
    // 9203 (closed, no metrics: not in the mean), 9207 ((1−1)+(3−1) = 2), 9210 (0). Not: 9204 (May),
    // 9205 (reopened: open again), 9206, 9208, 9209. Handoffs (1 + 3 + 2 + 0) ÷ 4 = 1.5.
    // NPS answers in June: Ivy 10 (promoter), Jon 3 (detractor), 8.6 (rounds to 9: promoter), 9.5 (10:
    // promoter), Kim 7 (passive), 6.4 (6: detractor). Not: Kim's 9 on 05-31 and 0 at 07-01 00:00, a deleted 0,
    // an answer of an unknown person. NPS (3 − 2) ÷ 6 × 100 = 16.67.
    // CES answers in June: 2, 5, 4.5 → 11.5 ÷ 3 = 3.83 (Kim's 7 at 07-01 00:00 is outside).
    expect(await summary(JUNE)).toEqual({
      ...JUNE, ratedTickets: 5, csat: 80, solvedTickets: 5, avgHandoffs: 1.5, npsResponses: 6, nps: 16.67, cesResponses: 3, avgCesScore: 3.83,
    });
  });

  it('over all time equals what the per-customer traits add up to', async () => {
    const all = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
    // rated 9201 g, 9202 b, 9203 g, 9204 g, 9206 b, 9207 g: 4 ÷ 6; solved 9201–9204, 9206, 9207, 9210 (7), handoffs
    // 1 + 3 + 0 + 2 + 2 + 0 over the 6 with metrics; NPS 10, 3, 8.6, 9.5, 9, 7, 6.4, 0: (4 − 3) ÷ 8; CES 2, 5, 4.5, 7
    expect(await summary(all)).toEqual({
      ...all, ratedTickets: 6, csat: 66.67, solvedTickets: 7, avgHandoffs: 1.33, npsResponses: 8, nps: 12.5, cesResponses: 4, avgCesScore: 4.63,
    });
    const [traits] = await db.dataSource.query(
      `SELECT sum(csat_count)::int AS rated, round(sum(csat * csat_count) / sum(csat_count), 2)::float8 AS csat, sum(solved_tickets)::int AS solved FROM customer_metrics`,
    );
    expect(traits).toEqual({ rated: 6, csat: 66.67, solved: 7 });
  });

  it('covers only the customers a caller may see: their own for a customer, consenting ones for marketing', async () => {
    // Kim: NPS 7 (passive) and 6.4 (detractor): −50; CES 4.5; no tickets
    expect(await summary(JUNE, 'customer', customer.kim)).toEqual({
      ...JUNE, ratedTickets: 0, csat: null, solvedTickets: 0, avgHandoffs: null, npsResponses: 2, nps: -50, cesResponses: 1, avgCesScore: 4.5,
    });
    // Ivy, the one customer consenting to email: 9201 g, 9202 b, 9207 g; handoffs (1 + 3 + 2) ÷ 3; NPS 10; CES 2
    expect(await summary(JUNE, 'marketing')).toEqual({
      ...JUNE, ratedTickets: 3, csat: 66.67, solvedTickets: 3, avgHandoffs: 2, npsResponses: 1, nps: 100, cesResponses: 1, avgCesScore: 2,
    });
    for (const role of ['analyst', 'support_agent'] as const) expect(await summary(JUNE, role)).toMatchObject({ ratedTickets: 5, npsResponses: 6 });
  });

  it('refuses auditors, and an empty period', async () => {
    const audit = await app.graphql(SUMMARY, JUNE, token('auditor'));
    expect(audit.status).toBe(403);
    expect(audit.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' }, message: expect.stringContaining('Query.experienceSummary') });
    const empty = await app.graphql(SUMMARY, { from: JUNE.to, to: JUNE.to }, token('analyst'));
    expect(empty.errors![0]).toMatchObject({ message: 'from must be before to', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('defaults to the 90 days up to now', async () => {
    const before = Date.now();
    const s = await summary({});
    expect(new Date(s.to).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(s.to).getTime() - new Date(s.from).getTime()).toBe(90 * 86_400_000);
    expect(s).toMatchObject({ ratedTickets: 0, csat: null, npsResponses: 0, nps: null });
  });

  it('shows an analyst satisfaction and survey scores, and still not what the customer wrote', async () => {
    const res: any = await app.graphql(
      `query($id: ID!) { customer(id: $id) { metrics { csat npsScore npsCategory cesScore } support { tickets { subject satisfaction status } } } }`,
      { id: customer.ivy },
      token('analyst'),
    );
    expect(res.errors).toBeUndefined();
    // 9201 g, 9202 b, 9206 b, 9207 g; her one NPS answer 10 and CES answer 2
    expect(res.data.customer.metrics).toEqual({ csat: 50, npsScore: 10, npsCategory: 'promoter', cesScore: 2 });
    expect(res.data.customer.support.tickets).toHaveLength(4);
    for (const t of res.data.customer.support.tickets) expect(t).toMatchObject({ subject: null, satisfaction: null, status: expect.any(String) });
    const applied = res.extensions.privacy.applied;
    expect(applied).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'SupportTicket.subject', classification: 'support_content', action: 'redact' })]),
    );
    expect(applied.map((a: any) => a.field)).not.toContain('CustomerMetrics.csat');
    expect(applied.map((a: any) => a.field)).not.toContain('CustomerMetrics.npsScore');
  });
});
