import { Field, GraphQLISODateTime, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from './page-info.type';

export enum AccessDecision {
  allowed = 'allowed',
  masked = 'masked',
  pseudonymised = 'pseudonymised',
  redacted = 'redacted',
  denied = 'denied',
}
registerEnumType(AccessDecision, { name: 'AccessDecision', description: 'What the privacy policy did with a field.' });

@ObjectType({ description: 'One field of one access and the decision taken. Names only: never the value.' })
export class AccessedField {
  @Field({ description: 'Field coordinate, e.g. ProfileEmail.value.' }) field!: string;
  @Field(() => AccessDecision) decision!: AccessDecision;
}

@ObjectType({ description: 'One entry of the tamper-evident access log (docs/audit.md).' })
export class AccessLogEntry {
  @Field(() => String, { description: 'Position in the chain (a 64-bit integer as a string).' }) position!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field() requestId!: string;
  @Field({ description: 'The token subject.' }) actor!: string;
  @Field(() => [String]) roles!: string[];
  @Field() purpose!: string;
  @Field(() => String, { nullable: true }) client!: string | null;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the query text.' }) queryHash!: string | null;
  @Field(() => [String], { description: 'Customer ids touched.' }) customerIds!: string[];
  @Field(() => [AccessedField]) fields!: AccessedField[];
  @Field() outcome!: string;
  @Field() prevHash!: string;
  @Field() hash!: string;
}

@ObjectType()
export class AccessLogEdge {
  @Field() cursor!: string;
  @Field(() => AccessLogEntry) node!: AccessLogEntry;
}

@ObjectType({ description: 'Entries removed under the retention policy: absent from every answer over the log, whatever the filter.' })
export class AccessLogPruning {
  @Field(() => String, { description: 'Entries at positions 1 through this one were removed (a 64-bit integer as a string).' }) prunedThrough!: string;
  @Field({ description: 'The hash of that last removed entry: the prevHash of the oldest entry kept.' }) prunedHash!: string;
  @Field(() => String, { description: 'The position of the signed checkpoint that records the pruning.' }) checkpointPosition!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the entries were removed (the checkpoint’s time).' }) prunedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The time of the oldest entry kept: the log is complete from then on (null when no entry is kept).' })
  keptFrom!: Date | null;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge]) edges!: AccessLogEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => AccessLogPruning, { nullable: true, description: 'Set when older entries were pruned: this answer cannot include them, whatever its filter. Null when the log is complete.' })
  pruned!: AccessLogPruning | null;
}

@InputType({
  description:
    'Every part optional; they combine with AND. decision alone: any field got it; decision: denied alone lists denied attempts (the operation or the row refused, or a field denied), as denialsPerDay counts them.',
})
export class AccessLogFilterInput {
  @Field(() => String, { nullable: true }) actor?: string;
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => String, { nullable: true }) purpose?: string;
  @Field(() => String, { nullable: true }) customerId?: string;
  @Field(() => String, { nullable: true }) field?: string;
  @Field(() => AccessDecision, { nullable: true }) decision?: AccessDecision;
  @Field(() => GraphQLISODateTime, { nullable: true }) from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) to?: Date;
}

@ObjectType()
export class AccessCount {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Aggregates over the filtered log.' })
export class AccessLogSummary {
  @Field(() => [AccessCount]) topActors!: AccessCount[];
  @Field(() => [AccessCount]) byPurpose!: AccessCount[];
  @Field(() => [AccessCount], { description: 'Denied attempts per UTC day (key YYYY-MM-DD): the entries of the filtered log that accessLog with decision: denied lists.' })
  denialsPerDay!: AccessCount[];
}

@ObjectType()
export class ChainBreakInfo {
  @Field(() => String) position!: string;
  @Field({ description: 'edited, deleted, reordered, rewritten, checkpoint-mismatch, truncated or checkpoint-signature.' }) reason!: string;
  @Field() detail!: string;
}

@ObjectType({ description: 'The result of recomputing the whole chain and checking every signed checkpoint.' })
export class AccessLogVerification {
  @Field() ok!: boolean;
  @Field(() => Int) entriesChecked!: number;
  @Field(() => String) startedAfter!: string;
  @Field(() => Int) checkpointsChecked!: number;
  @Field(() => ChainBreakInfo, { nullable: true }) firstBreak!: ChainBreakInfo | null;
  @Field(() => Int) ms!: number;
}
