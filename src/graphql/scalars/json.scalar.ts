import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';

/**
 * Reads a literal written in the query itself (`definition: { StartAt: "A" }`), resolving
 * `$variables` nested inside it.
 */
function literalToJson(
  node: ValueNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): unknown {
  switch (node.kind) {
    case Kind.NULL:
      return null;
    case Kind.BOOLEAN:
    case Kind.STRING:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables?.[node.name.value] ?? null;
    case Kind.ENUM:
      throw new GraphQLError(`JSON cannot represent the enum literal ${print(node)}; quote it`, {
        nodes: node,
      });
  }
}

/** `JSON`: any JSON value (object, array, string, number, boolean or null), e.g. an ASL definition. */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value: object, array, string, number, boolean or null.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
