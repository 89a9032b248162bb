import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `interrupted`: the run stopped without finishing (process killed), found by a later run of its source. */
export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

@Entity('import_run')
export class ImportRunEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) format!: string;
  @Column({ type: 'text' }) location!: string;
  @Column({ type: 'text', default: 'running' }) status!: ImportStatus;
  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ type: 'integer', default: 0 }) inserted!: number;
  @Column({ type: 'integer', default: 0 }) updated!: number;
  @Column({ type: 'integer', default: 0 }) unchanged!: number;
  @Column({ type: 'integer', default: 0 }) deleted!: number;
  @Column({ type: 'integer', default: 0 }) rejected!: number;
  /** Live records of the source waiting for their owner when the run finished; null: not counted (it stopped before). */
  @Column({ type: 'integer', nullable: true }) waiting!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  /** The run's access-log entries are written (set in their transaction); false until then. */
  @Column({ name: 'access_logged', type: 'boolean', default: false }) accessLogged!: boolean;
  /** Who ran it, as its entries name them (actor, roles, purpose, client); null before migration 1766700000600. */
  @Column({ name: 'access_by', type: 'jsonb', nullable: true }) accessBy!: Record<string, unknown> | null;
}

@Entity('import_rejection')
export class ImportRejectionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ name: 'import_run_id', type: 'bigint' }) importRunId!: string;
  @Column({ type: 'text' }) file!: string;
  @Column({ type: 'integer' }) line!: number;
  @Column({ type: 'text' }) reason!: string;
}
