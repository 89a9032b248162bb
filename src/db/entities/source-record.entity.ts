import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One record of one source system, with lineage. See migrations for the indexes. */
@Entity('source_record')
@Unique('source_record_natural_key', ['source', 'entity', 'externalId'])
export class SourceRecordEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) entity!: string;
  @Column({ name: 'external_id', type: 'text' }) externalId!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ type: 'jsonb', nullable: true }) person!: Record<string, unknown> | null;
  @Column({ type: 'jsonb', default: () => `'[]'` }) quality!: unknown[];
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'owner_entity', type: 'text', nullable: true }) ownerEntity!: string | null;
  @Column({ name: 'owner_external_id', type: 'text', nullable: true }) ownerExternalId!: string | null;
  @Column({ name: 'person_record_id', type: 'bigint', nullable: true }) personRecordId!: string | null;
  @Column({ name: 'customer_id', type: 'uuid', nullable: true }) customerId!: string | null;
  @Column({ name: 'source_changed_at', type: 'timestamptz', nullable: true }) sourceChangedAt!: Date | null;
  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' }) firstSeenAt!: Date;
  @Column({ name: 'last_changed_at', type: 'timestamptz', default: () => 'now()' }) lastChangedAt!: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  @Column({ name: 'import_run_id', type: 'bigint', nullable: true }) importRunId!: string | null;
}

@Entity('identity_key')
export class IdentityKeyEntity {
  @Column({ name: 'record_id', type: 'bigint', primary: true }) recordId!: string;
  @Column({ type: 'text', primary: true }) kind!: string;
  @Column({ type: 'text', primary: true }) value!: string;
}

@Entity('journey_event')
export class JourneyEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ name: 'record_id', type: 'bigint' }) recordId!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) summary!: string;
  @Column({ type: 'jsonb', default: () => `'{}'` }) attributes!: Record<string, unknown>;
}
