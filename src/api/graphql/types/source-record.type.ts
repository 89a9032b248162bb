import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A value that was kept raw but not used for matching, and why.' })
export class QualityNote {
  @Field() field!: string;
  @Field() value!: string;
  @Field() problem!: string;
}

@ObjectType({ description: 'One record of one source system with its lineage.' })
export class SourceRecord {
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field() entity!: string;
  @Field() externalId!: string;
  @Field() contentHash!: string;
  @Field(() => Date, { nullable: true }) sourceChangedAt!: Date | null;
  @Field() firstSeenAt!: Date;
  @Field() lastChangedAt!: Date;
  @Field(() => [QualityNote]) quality!: QualityNote[];
}
