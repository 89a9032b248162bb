import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a value came from: the source record and the survivorship rule that chose it.' })
export class Provenance {
  @Field(() => ID) recordId!: string;
  @Field() source!: string;
  @Field() entity!: string;
  @Field() externalId!: string;
  @Field({ description: 'When the source last changed the record (or when Tessera saw the change).' }) changedAt!: Date;
  @Field({ description: 'most_recent | all_distinct' }) rule!: string;
}
