import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

@ObjectType({ description: 'A scored pair of person records that made, or almost made, one customer.' })
export class IdentityLink {
  @Field(() => ID) recordA!: string;
  @Field(() => ID) recordB!: string;
  @Field(() => ID, { nullable: true }) customerA!: string | null;
  @Field(() => ID, { nullable: true }) customerB!: string | null;
  @Field(() => Float, { description: 'Match probability, 0–1.' }) probability!: number;
  @Field(() => Float, { description: 'Total match weight (log2 Bayes factor).' }) weight!: number;
  @Field(() => String, { nullable: true, description: 'The blocking rule that found the pair.' }) blockingRule!: string | null;
  @Field({ description: 'match | review | refused | linked | split' }) decision!: string;
  @Field({ description: 'The rule or threshold that decided.' }) rule!: string;
  @Field(() => Int, { description: 'How many records the decision affects (orders the review queue).' }) impact!: number;
  @Field() scoredAt!: Date;
}

@ObjectType({
  description:
    'One event of a customer id: created, merged, absorbed, split, split_from, linked, emptied; alias_moved (on an absorbed id: it follows its records to relatedCustomerId), alias_dropped (on the customer an absorbed id answered for: relatedCustomerId, whose records are now spread or gone, answers nothing now).',
})
export class CustomerHistoryEntry {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The id the event was recorded for: this customer or an id merged into it.' }) customerId!: string;
  @Field() kind!: string;
  @Field(() => ID, { nullable: true }) relatedCustomerId!: string | null;
  @Field(() => [ID]) recordIds!: string[];
  @Field() actor!: string;
  @Field() reason!: string;
  @Field() at!: Date;
}

@ObjectType({ description: 'Why the records of a customer are together, and how its id came to be.' })
export class CustomerIdentity {
  customerId!: string;
}

@ObjectType({ description: 'What one attribute contributed to a match score.' })
export class MatchEvidence {
  @Field({ description: 'An attribute, or prior / family (the family-rule cap).' }) attribute!: string;
  @Field({ description: 'The comparison level reached (exact, fuzzy, phonetic, missing, …).' }) level!: string;
  @Field({ description: 'What the level means, in plain words (for a support agent or privacy officer).' }) meaning!: string;
  @Field(() => Float, { description: 'log2 Bayes factor; the lines add up to totalWeight.' }) weight!: number;
  @Field(() => String, { nullable: true }) left!: string | null;
  @Field(() => String, { nullable: true }) right!: string | null;
}

@ObjectType({ description: 'A person decided that two records are, or are not, the same customer.' })
export class IdentityDecision {
  @Field(() => ID) recordA!: string;
  @Field(() => ID) recordB!: string;
  @Field({ description: 'link | split' }) kind!: string;
  @Field() actor!: string;
  @Field() reason!: string;
  @Field() decidedAt!: Date;
}

@ObjectType({ description: 'How the engine compares two person records, and what decided.' })
export class MatchExplanation {
  @Field(() => ID) recordA!: string;
  @Field(() => ID) recordB!: string;
  @Field(() => [MatchEvidence]) evidence!: MatchEvidence[];
  @Field(() => Float) totalWeight!: number;
  @Field(() => Float) probability!: number;
  @Field(() => [String], { description: 'Conflicting strong identifiers that block a merge.' }) conflicts!: string[];
  @Field({ description: 'match | review | no_match | refused | linked | split' }) decision!: string;
  @Field({ description: 'The rule or threshold that decided.' }) rule!: string;
  @Field({ description: 'What the rule means, in plain words.' }) ruleMeaning!: string;
  @Field(() => Float) matchThreshold!: number;
  @Field(() => Float) reviewThreshold!: number;
  @Field({ description: 'Whether the last resolution stored this pair.' }) stored!: boolean;
  @Field(() => ID, { nullable: true }) customerA!: string | null;
  @Field(() => ID, { nullable: true }) customerB!: string | null;
  @Field(() => IdentityDecision, { nullable: true }) humanDecision!: IdentityDecision | null;
}

@ObjectType({ description: 'One pair of customers waiting for a decision, shown by its most probable pair of records.' })
export class IdentityReviewEdge {
  @Field() cursor!: string;
  @Field(() => IdentityLink) node!: IdentityLink;
  @Field(() => Int, { description: 'Review pairs between these two customers; linking or keeping apart this one settles them all.' })
  pairs!: number;
}

@ObjectType({ description: 'Two records of one customer that conflict: different identifiers of one type, or birth dates.' })
export class RecordConflict {
  @Field(() => ID) recordA!: string;
  @Field(() => ID) recordB!: string;
  @Field(() => [String], { description: 'e.g. identifier:customer_number, birth_date' }) conflicts!: string[];
}

@ObjectType({ description: 'Borderline pairs (between the review and match thresholds), highest impact first.' })
export class IdentityReviewConnection {
  @Field(() => [IdentityReviewEdge]) edges!: IdentityReviewEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'The customers of the records after a link, split, keep-apart or withdrawal took effect.' })
export class IdentityDecisionResult {
  @Field(() => [ID], { nullable: 'items', description: 'The customer of each record given, in order.' }) customerIds!: (string | null)[];
  @Field(() => ID, { nullable: true, description: 'After a split: the customer the other records stayed with.' })
  remainingCustomerId!: string | null;
  @Field(() => [ID], {
    description: 'Every customer the records of the customers involved belong to now: re-clustering can move more records than those named (a split can leave the others in several customers).',
  })
  affectedCustomerIds!: string[];
  @Field(() => [IdentityDecision], {
    description:
      'Earlier human decisions this one removed (the latest decision wins): for linkRecords the splits between the two customers, for splitRecord the links between the record and the other records of its customer, for keepApart the links between the two customers, for withdrawDecision those withdrawn.',
  })
  removedDecisions!: IdentityDecision[];
  @Field(() => [RecordConflict], {
    description: 'linkRecords: pairs across the two linked customers whose records conflict, now in one customer (empty for the other mutations).',
  })
  conflicts!: RecordConflict[];
}
