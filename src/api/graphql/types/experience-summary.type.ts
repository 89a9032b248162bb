import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Satisfaction, NPS, effort and handoffs over every customer the caller may see, in a period; aggregates only (docs/metrics.md). Rates are percentages.',
})
export class ExperienceSummary {
  @Field({ description: 'Start of the period (inclusive).' }) from!: Date;
  @Field({ description: 'End of the period (exclusive).' }) to!: Date;
  @Field(() => Int, { description: 'Tickets rated good or bad in the period (ticket_rated entries).' }) ratedTickets!: number;
  @Field(() => Float, { nullable: true, description: 'Good ÷ (good + bad) × 100 of the ratings in the period, as Customer.metrics.csat; null without ratings.' })
  csat!: number | null;
  @Field(() => Int, { description: 'NPS answers given in the period.' }) npsResponses!: number;
  @Field(() => Float, { nullable: true, description: '% promoters (9–10) − % detractors (0–6) of the NPS answers in the period, −100 to 100; null without answers.' })
  nps!: number | null;
  @Field(() => Int, { description: 'Customer effort answers given in the period.' }) cesResponses!: number;
  @Field(() => Float, { nullable: true, description: 'Mean customer effort answer in the period, 1–7; null without answers.' }) avgCesScore!: number | null;
  @Field(() => Int, { description: 'Tickets solved in the period (ticket_solved entries) and still solved or closed.' }) solvedTickets!: number;
  @Field(() => Float, { nullable: true, description: 'Handoffs before resolution per ticket solved in the period that has metrics, as Customer.metrics.avgHandoffs; null without one.' })
  avgHandoffs!: number | null;
}
