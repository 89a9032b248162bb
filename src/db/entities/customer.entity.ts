import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('customer')
@Index('customer_display_name_idx', ['displayName', 'id'])
export class CustomerEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'display_name', type: 'text', default: '' }) displayName!: string;
  @Column({ name: 'search_text', type: 'text', default: '' }) searchText!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** An absorbed customer id that still resolves to the customer it was merged into. */
@Entity('customer_alias')
export class CustomerAliasEntity {
  @PrimaryColumn({ name: 'alias_id', type: 'uuid' }) aliasId!: string;
  @Index('customer_alias_customer_idx')
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
