import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

@ObjectType({ description: 'One interaction on the cross-channel timeline.' })
export class JourneyEntry {
  @Field(() => ID) id!: string;
  @Field() occurredAt!: Date;
  @Field({ description: 'e.g. ticket_opened, ticket_solved, email_opened, opportunity_won' }) type!: string;
  @Field({ description: 'email | support | sales | … (generic sources name their own)' }) channel!: string;
  @Field() source!: string;
  @Field(() => ID) recordId!: string;
  @Field(() => String, { nullable: true, description: 'What happened, in words. Null where the privacy policy redacts interaction details (amounts, ratings, answers).' })
  summary!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The details the source gave. Null where the privacy policy redacts interaction details.' })
  attributes!: Record<string, unknown> | null;
}

@ObjectType()
export class JourneyEdge {
  @Field() cursor!: string;
  @Field(() => JourneyEntry) node!: JourneyEntry;
}

@ObjectType()
export class JourneyConnection {
  @Field(() => [JourneyEdge]) edges!: JourneyEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
