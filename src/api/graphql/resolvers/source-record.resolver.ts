import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { SourceRecord } from '../types/source-record.type';

@Resolver(() => SourceRecord)
export class SourceRecordResolver {
  @FieldResolver(() => GraphQLJSONObject, { description: 'The record exactly as the source exported it.' })
  async attributes(@Root() record: SourceRecord, @Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    return (await ctx.loaders.payload.load(record.id)) ?? {};
  }
}
