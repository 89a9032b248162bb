import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Relay page information for keyset connections.' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
