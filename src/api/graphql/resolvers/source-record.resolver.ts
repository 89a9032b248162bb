import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { SourceRecord } from '../types/source-record.type';

@Resolver(() => SourceRecord)
export class SourceRecordResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The record exactly as the source exported it; null for a role that may not see every kind of personal data it can hold (class raw_personal: a support agent, who may not see street lines).',
  })
  async attributes(@Root() record: SourceRecord, @Ctx() ctx: RequestContext): Promise<Record<string, unknown> | null> {
    return (await ctx.loaders.payload.load(record.id)) ?? {};
  }
}
