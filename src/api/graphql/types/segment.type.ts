import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { SegmentRow } from '../../../segments/segment.repository';
import { Customer } from './customer.type';
import { PageInfo } from './page-info.type';

export enum SegmentStatus {
  active = 'active',
  archived = 'archived',
}
registerEnumType(SegmentStatus, { name: 'SegmentStatus' });

export enum SegmentChangeKind {
  entered = 'entered',
  left = 'left',
}
registerEnumType(SegmentChangeKind, { name: 'SegmentChangeKind', description: 'A customer entered or left the segment.' });

@ObjectType({ description: 'What the last refresh found: the definition, then each governance rule, then the members.' })
export class SegmentExplanation {
  @Field(() => String, { nullable: true, description: 'Consent channel the purpose needs; null when it needs none (no governance).' }) consentChannel!: string | null;
  @Field(() => Int, { description: 'Contact-fatigue window in days (0: off).' }) fatigueDays!: number;
  @Field(() => Int, { description: 'Customers the definition selects.' }) matched!: number;
  @Field(() => Int, { description: 'Of those, excluded for having no consent for the channel.' }) withoutConsent!: number;
  @Field(() => Int, { description: 'Of those with consent, excluded as contacted or surveyed within the fatigue window.' }) fatigued!: number;
  @Field(() => Int, { description: 'Members after both rules.' }) members!: number;
  @Field(() => Int, { description: 'Entered at the last refresh.' }) entered!: number;
  @Field(() => Int, { description: 'Left at the last refresh.' }) left!: number;
  @Field(() => [String], { description: 'The rules in words, with their counts.' }) rules!: string[];
}

@ObjectType({ description: 'An audience: a condition tree over traits, profile attributes, sources, consent and events (docs/segments.md).' })
export class Segment {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => GraphQLJSONObject, { description: 'The definition as written (docs/segments.md).' }) definition!: Record<string, unknown>;
  @Field({ description: 'The purpose the audience is built for; its consent channel governs membership.' }) purpose!: string;
  @Field(() => SegmentStatus) status!: SegmentStatus;
  @Field({ description: 'Token subject of the creator.' }) createdBy!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => Int, { description: 'Increases with every change (pass it as expectedVersion to update safely).' }) version!: number;
  @Field(() => Date, { nullable: true, description: 'When membership was last computed.' }) refreshedAt!: Date | null;
  /** The stored row, for the field resolvers. */
  row!: SegmentRow;
}

@ObjectType()
export class SegmentEdge {
  @Field() cursor!: string;
  @Field(() => Segment) node!: Segment;
}

@ObjectType()
export class SegmentConnection {
  @Field(() => [SegmentEdge]) edges!: SegmentEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A member, with the caller’s masking applied to the customer.' })
export class SegmentMemberEdge {
  @Field() cursor!: string;
  @Field({ description: 'When the customer entered the segment.' }) enteredAt!: Date;
  @Field(() => Customer) node!: Customer;
}

@ObjectType({ description: 'Members ordered by customer id (keyset: the same cost at any depth).' })
export class SegmentMemberConnection {
  @Field(() => [SegmentMemberEdge]) edges!: SegmentMemberEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A customer entered or left the segment at a time.' })
export class SegmentChange {
  @Field(() => ID) customerId!: string;
  @Field(() => SegmentChangeKind) change!: SegmentChangeKind;
  @Field() at!: Date;
}

@ObjectType()
export class SegmentChangeEdge {
  @Field() cursor!: string;
  @Field(() => SegmentChange) node!: SegmentChange;
}

@ObjectType({ description: 'Changes oldest first; keep endCursor to continue later (incremental sync).' })
export class SegmentChangeConnection {
  @Field(() => [SegmentChangeEdge]) edges!: SegmentChangeEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A definition evaluated now for the caller’s purpose, nothing stored.' })
export class SegmentPreview {
  @Field(() => Int, { description: 'Customers who would be members (after governance).' }) count!: number;
  @Field(() => SegmentExplanation) explanation!: SegmentExplanation;
  @Field(() => [Customer], { description: 'The first members by id (the caller’s masking applies).' }) sample!: Customer[];
}

@InputType()
export class CreateSegmentInput {
  @Field({ description: '1–200 characters, unique among active segments.' }) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => GraphQLJSONObject, { description: 'The condition tree (docs/segments.md).' }) definition!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: 'A purpose your token grants (default: the request’s purpose).' }) purpose?: string;
}

@InputType({ description: 'Only the parts given change.' })
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) definition?: Record<string, unknown>;
  @Field(() => String, { nullable: true }) purpose?: string;
}
