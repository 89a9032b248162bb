import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a value came from: the source record and the survivorship rule that chose it.' })
export class Provenance {
  @Field(() => ID) recordId!: string;
  @Field() source!: string;
  @Field() entity!: string;
  @Field() externalId!: string;
  @Field({ description: 'When the source last changed the record (or when Tessera saw the change).' }) changedAt!: Date;
  @Field({
    description:
      'source_priority | most_recent | most_frequent | most_complete: the survivorship rule that put the value ahead of the next one (on a beaten value: the rule it lost by; in a list: the rule that put it behind the one before); the attribute\'s first rule where no rule told the values apart or there is only one.',
  })
  rule!: string;
}
