import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** The SDL kept in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printTesseraSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
