import type { DataSource } from 'typeorm';
import { ImportRejectionEntity, ImportRunEntity } from '../db/entities';
import type { FileReport, Rejection } from './import-report';

export class ImportRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async start(source: string, format: string, location: string): Promise<string> {
    const run = await this.dataSource.getRepository(ImportRunEntity).save({ source, format, location, status: 'running' });
    return run.id;
  }

  async addRejections(runId: string, rejections: Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ImportRejectionEntity)
      .values(rejections.map((r) => ({ importRunId: runId, file: r.file, line: r.line, reason: r.reason })))
      .execute();
  }

  async finish(runId: string, files: FileReport[], error?: string): Promise<void> {
    const sum = (k: keyof FileReport) => files.reduce((n, f) => n + (f[k] as number), 0);
    await this.dataSource.getRepository(ImportRunEntity).update(runId, {
      status: error ? 'failed' : 'succeeded',
      finishedAt: new Date(),
      inserted: sum('inserted'),
      updated: sum('updated'),
      unchanged: sum('unchanged'),
      deleted: sum('deleted'),
      rejected: sum('rejected'),
      error: error ?? null,
    });
  }
}
