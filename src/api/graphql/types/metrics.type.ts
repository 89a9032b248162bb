import { Field, Float, Int, ObjectType } from 'type-graphql';

/** Field names equal the trait catalogue's (src/metrics/trait-catalog.ts), so segments and the API agree. */

@ObjectType({ description: 'Tickets that came in through one channel.' })
export class ChannelCount {
  @Field({ description: "via.channel of the tickets ('unknown' when the source does not say)." }) channel!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'The status of one marketing list, as the most recently changed member record states it.' })
export class ListStatus {
  @Field() listId!: string;
  @Field({ description: 'subscribed | unsubscribed | cleaned | pending | transactional' }) status!: string;
}

@ObjectType({ description: 'One behaviour the experience score reads, turned into 0–100.' })
export class ExperienceScoreComponent {
  @Field({ description: 'reopens | handoffs | resolution_time | first_contact_resolution | open_tickets | email_engagement' }) name!: string;
  @Field(() => Float, { description: 'Share of the score when every component has evidence (they add up to 1).' }) weight!: number;
  @Field(() => Float, { nullable: true, description: 'The trait value read; null when there is no evidence (the component is left out).' })
  input!: number | null;
  @Field(() => Float, { nullable: true, description: 'The component on 0–100.' }) value!: number | null;
  @Field(() => Float, { nullable: true, description: 'Points it adds to the score (value × weight ÷ weights with evidence).' })
  points!: number | null;
}

@ObjectType({ description: 'Experience from behaviour alone (no survey needed), 0–100, with its components; docs/metrics.md.' })
export class ExperienceScore {
  @Field(() => Float, { nullable: true, description: 'Null when no component has evidence.' }) score!: number | null;
  @Field(() => [ExperienceScoreComponent]) components!: ExperienceScoreComponent[];
}

@ObjectType({ description: 'Computed traits of a customer (docs/metrics.md). Rates are percentages 0–100.' })
export class CustomerMetrics {
  @Field({ description: 'When the traits were computed; 30/90-day windows and recency count back from it.' }) asOf!: Date;
  // support
  @Field(() => Int) ticketCount!: number;
  @Field(() => Int, { description: 'Tickets not yet solved (new, open, pending, hold).' }) openTickets!: number;
  @Field(() => Int) solvedTickets!: number;
  @Field(() => Float, { nullable: true, description: 'Share of good among good and bad satisfaction ratings.' }) csat!: number | null;
  @Field(() => Int, { description: 'Satisfaction ratings given.' }) csatCount!: number;
  @Field(() => Float, { nullable: true, description: 'Solved tickets reopened at least once.' }) reopenRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Solved tickets with no reopen and at most one reply.' }) firstContactResolutionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Calendar minutes.' }) avgResolutionMinutes!: number | null;
  @Field(() => Int, { nullable: true, description: 'Of the most recently solved ticket.' }) lastResolutionMinutes!: number | null;
  @Field(() => Float, { nullable: true, description: 'Handoffs before resolution per solved ticket.' }) avgHandoffs!: number | null;
  @Field(() => Date, { nullable: true }) lastTicketAt!: Date | null;
  @Field(() => [ChannelCount], { description: 'Tickets per channel, most first.' }) channelMix!: ChannelCount[];
  // marketing
  @Field(() => [ListStatus]) listStatuses!: ListStatus[];
  @Field(() => Int) subscribedLists!: number;
  @Field(() => Date, { nullable: true, description: 'Latest email open or click.' }) lastEngagedAt!: Date | null;
  @Field(() => Int) emailsSent30d!: number;
  @Field(() => Float, { nullable: true }) openRate30d!: number | null;
  @Field(() => Float, { nullable: true }) clickRate30d!: number | null;
  @Field(() => Int) emailsSent90d!: number;
  @Field(() => Float, { nullable: true }) openRate90d!: number | null;
  @Field(() => Float, { nullable: true }) clickRate90d!: number | null;
  @Field(() => Int) bounces!: number;
  @Field(() => Date, { nullable: true, description: 'Latest journey entry of any source.' }) lastInteractionAt!: Date | null;
  // CRM and orders
  @Field(() => Float, { description: 'Won opportunities plus orders, as the sources state the amounts.' }) lifetimeValue!: number;
  @Field(() => Float) openPipeline!: number;
  @Field(() => String, { nullable: true, description: 'The one currency of the amounts as its ISO 4217 code (upper case, however the sources write it), null when mixed or unknown.' }) valueCurrency!: string | null;
  @Field(() => Int, { description: 'Purchases (frequency).' }) purchaseCount!: number;
  @Field(() => Date, { nullable: true }) firstPurchaseAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastPurchaseAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Days from the latest purchase to asOf.' }) recencyDays!: number | null;
  // surveys
  @Field(() => Int, { nullable: true, description: 'Latest NPS answer, 0–10.' }) npsScore!: number | null;
  @Field(() => String, { nullable: true, description: 'promoter | passive | detractor' }) npsCategory!: string | null;
  @Field(() => Float, { nullable: true, description: 'Latest customer effort answer, 1–7.' }) cesScore!: number | null;
  // behaviour
  @Field(() => ExperienceScore) experienceScore!: ExperienceScore;
}
