import { CustomerAliasEntity, CustomerEntity } from './customer.entity';
import { ImportRejectionEntity, ImportRunEntity } from './import-run.entity';
import { IdentityKeyEntity, JourneyEventEntity, SourceRecordEntity } from './source-record.entity';

export { CustomerAliasEntity, CustomerEntity, IdentityKeyEntity, ImportRejectionEntity, ImportRunEntity, JourneyEventEntity, SourceRecordEntity };

export const entities = [
  CustomerEntity,
  CustomerAliasEntity,
  SourceRecordEntity,
  IdentityKeyEntity,
  JourneyEventEntity,
  ImportRunEntity,
  ImportRejectionEntity,
];
