import type { DataSource } from 'typeorm';
import type { ExperienceSummary, SummaryScope } from './experience-summary';
import { experienceSummarySql } from './experience-summary-sql';

/** The company-wide experience summary (experience-summary-sql.ts). */
export class ExperienceSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `scope.customerId` must be a uuid. */
  async summary(period: { from: Date; to: Date }, scope: SummaryScope): Promise<ExperienceSummary> {
    const params: unknown[] = [period.from, period.to];
    if (scope.customerId !== null) params.push(scope.customerId);
    if (scope.consentChannel !== null) params.push(scope.consentChannel.toLowerCase());
    const sql = experienceSummarySql({ own: scope.customerId !== null, consent: scope.consentChannel !== null });
    // planned for the period asked (the pool forces generic plans): a week and ten years want different joins
    const [row] = await this.dataSource.transaction(async (em) => {
      await em.query('SET LOCAL plan_cache_mode = force_custom_plan');
      return em.query(sql, params);
    });
    return { from: period.from, to: period.to, ...row };
  }
}
