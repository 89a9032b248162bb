import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What the privacy policy does to one field for a caller.' })
export class PolicyFieldRule {
  @Field({ description: 'Type.field' }) field!: string;
  @Field() classification!: string;
  @Field({ description: 'allow | mask | pseudonymise | redact | deny' }) action!: string;
  @Field(() => String, { nullable: true, description: 'The mask applied when the action is mask.' }) mask!: string | null;
}

@ObjectType({ description: 'The privacy policy as it applies to one role and purpose.' })
export class PolicyExplanation {
  @Field() version!: string;
  @Field() role!: string;
  @Field() purpose!: string;
  @Field(() => String, { nullable: true, description: 'Why this role gets nothing at all for this purpose, if so.' }) refusal!: string | null;
  @Field(() => String, { nullable: true, description: 'The consent channel customers must have granted to be visible.' })
  requiresConsent!: string | null;
  @Field({ description: 'all, or own (only the customer the token subject names).' }) rows!: string;
  @Field(() => [PolicyFieldRule]) fields!: PolicyFieldRule[];
}
