import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class MarketingSubscription {
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field() externalId!: string;
  @Field() listId!: string;
  @Field({ description: 'subscribed | unsubscribed | cleaned | pending | transactional' }) status!: string;
  @Field(() => Date, { nullable: true }) optInAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastChanged!: Date | null;
}

@ObjectType({ description: 'Consent for one channel as one source states it.' })
export class Consent {
  @Field() source!: string;
  @Field() entity!: string;
  @Field() externalId!: string;
  @Field() channel!: string;
  @Field() granted!: boolean;
  @Field() basis!: string;
  @Field() recordedAt!: Date;
}

@ObjectType()
export class EmailActivity {
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field({ description: 'sent | open | click | bounce | unsub' }) action!: string;
  @Field() occurredAt!: Date;
  @Field(() => String, { nullable: true }) campaignId!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
}

@ObjectType()
export class CustomerMarketing {
  customerId!: string;
  @Field(() => [MarketingSubscription]) subscriptions!: MarketingSubscription[];
  @Field(() => [Consent]) consents!: Consent[];
}
