import { getNamedType, getNullableType, isListType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import type { FieldShape } from '../../../privacy/policy';

/** Every field of every object type of the API, as the policy needs to check it (introspection types aside). */
export function fieldShapesOf(schema: GraphQLSchema): FieldShape[] {
  const shapes: FieldShape[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      shapes.push({
        coordinate: `${type.name}.${field.name}`,
        nullable: !isNonNullType(field.type),
        stringLike: !isListType(getNullableType(field.type)) && (named.name === 'String' || named.name === 'ID'),
      });
    }
  }
  return shapes;
}
