import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class SupportTicket {
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field() externalId!: string;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) priority!: string | null;
  @Field(() => String, { nullable: true, description: 'How the ticket came in (via.channel): email, web, chat, voice…' }) channel!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) solvedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'good | bad | offered | unoffered' }) satisfaction!: string | null;
  @Field(() => Int, { nullable: true }) reopens!: number | null;
  @Field(() => Int, { nullable: true }) replies!: number | null;
  @Field(() => Int, { nullable: true, description: 'Assignee and group changes before resolution.' }) handoffs!: number | null;
  @Field(() => Int, { nullable: true }) fullResolutionMinutes!: number | null;
}

@ObjectType()
export class CustomerSupport {
  @Field(() => [SupportTicket], { description: 'Newest first.' }) tickets!: SupportTicket[];
}
