import { Field, Float, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class CrmOpportunity {
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field() externalId!: string;
  @Field() name!: string;
  @Field(() => Float, { nullable: true }) amount!: number | null;
  @Field(() => String, { nullable: true }) currency!: string | null;
  @Field() stage!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) closeDate!: string | null;
  @Field() isWon!: boolean;
  @Field() isClosed!: boolean;
  @Field(() => String, { nullable: true }) accountExternalId!: string | null;
}

@ObjectType()
export class CrmAccount {
  /** Not exposed: the customer through whom the account was reached (row rules apply to its opportunities). */
  viewedCustomerId!: string;
  @Field(() => ID) id!: string;
  @Field() source!: string;
  @Field() externalId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true }) industry!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) billingCity!: string | null;
  @Field(() => String, { nullable: true }) billingCountry!: string | null;
}

@ObjectType({ description: 'What the CRM knows: the accounts of the customer and their opportunities.' })
export class CustomerCrm {
  /** Not exposed: the customer whose CRM view this is. */
  customerId!: string;
  @Field(() => [CrmOpportunity], { description: 'Opportunities whose contact is this customer.' }) opportunities!: CrmOpportunity[];
}
