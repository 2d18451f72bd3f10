// The custom scalars: the values travel as the REST API writes them (ISO 8601 strings, JSON
// as is), and inputs are passed on to the records service, whose validators decide.

import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(node: ValueNode, variables?: Readonly<Record<string, unknown>> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literal(value, variables));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value, variables)]));
  }
}

const asString = (name: string) => (value: unknown) => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  throw new GraphQLError(`A ${name} must be a string.`);
};

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO 8601 date and time with an offset, as the REST API writes it (UTC, `Z`).',
  serialize: asString('DateTime'),
  parseValue: asString('DateTime'),
  parseLiteral: (node) => asString('DateTime')(literal(node)),
});

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD`.',
  serialize: asString('Date'),
  parseValue: asString('Date'),
  parseLiteral: (node) => asString('Date')(literal(node)),
});

export const UuidScalar = new GraphQLScalarType({
  name: 'UUID',
  description: 'A record id (UUID).',
  serialize: asString('UUID'),
  parseValue: asString('UUID'),
  parseLiteral: (node) => asString('UUID')(literal(node)),
});

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literal(node, variables),
});
