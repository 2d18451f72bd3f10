// The GraphQL schema of one schema version, built from the compiled collections (the same
// metadata REST serves) once, and shared by every request and caller until the next version:
// types per collection with their readable fields (hidden and secret ones are absent), enums
// for select values, relations in every direction, a page type per list, and mutations that
// go through the records service. Resolvers here only read what the root field loaded
// (record-loader.ts); the root fields are wired in graphql-resolvers.ts.

import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNullableType,
  type GraphQLOutputType,
} from 'graphql';
import type { CompiledCollection, CompiledField, CompiledSchema } from '@stagecraft/records';
import type { FieldDefinition } from '@stagecraft/schema';
import { enumValueName, namesOf, schemaNames, type CollectionNames } from './names.js';
import { itemsOf, type GraphqlContext, type GraphqlResolvers } from './graphql-resolvers.js';
import { relationsOf } from './record-loader.js';
import { DateScalar, DateTimeScalar, JsonScalar, UuidScalar } from './scalars.js';
import type { ChangeEvent } from './subscriptions/subscription-channel.js';

/** Arguments as graphql-js coerced them (it types them `any`). */
type Args = Record<string, unknown>;

const nonNull = <T extends GraphQLNullableType>(type: T): GraphQLNonNull<T> => new GraphQLNonNull(type);
const listOf = <T extends GraphQLNullableType>(type: T): GraphQLList<GraphQLNonNull<T>> =>
  new GraphQLList(nonNull(type));

export const CountModeEnum = new GraphQLEnumType({
  name: 'CountMode',
  description: 'How `total` is counted: `exact` (count(*)) or `estimated` (the planner’s estimate).',
  values: { exact: { value: 'exact' }, estimated: { value: 'estimated' } },
});

export const ChangeActionEnum = new GraphQLEnumType({
  name: 'ChangeAction',
  description: 'What happened to the record, as the realtime API names it.',
  values: {
    create: { value: 'create' },
    update: { value: 'update' },
    delete: { value: 'delete', description: '`record` is the record as it was.' },
    leave: {
      value: 'leave',
      description: 'The record no longer matches the subscription: drop it (`record` is null).',
    },
    reset: {
      value: 'reset',
      description: 'The resume position was too old or unknown: refetch what you show (`id` and `record` are null).',
    },
  },
});

/** The arguments of a one-to-many relation field: the list arguments that apply per parent. */
export const RELATION_LIST_ARGS = {
  filter: { type: GraphQLString, description: 'A filter in the expression language, as in REST `filter`.' },
  sort: {
    type: GraphQLString,
    description: 'Fields, `-` for descending, and `relation.field` through a to-one relation, as in REST `sort`.',
  },
  limit: { type: GraphQLInt, description: 'Records per parent, 1–500 (20).' },
};

const EXPECTED_VERSION = {
  type: GraphQLInt,
  description: 'Refuse the change (412) unless the record is at this version, like If-Match.',
};
const FILTER = { type: new GraphQLNonNull(GraphQLString), description: 'Which records, in the expression language.' };

/** A root field two collections would both have; the one sorted first keeps it. */
export interface OmittedRootField {
  readonly field: string;
  readonly collection: string;
  readonly keptBy: string;
}

class SchemaBuilder {
  private readonly objectTypes = new Map<string, GraphQLObjectType>();
  private readonly enums = new Map<string, GraphQLEnumType>();
  private readonly names: Map<string, CollectionNames>;
  readonly omitted: OmittedRootField[] = [];

  constructor(
    private readonly schema: CompiledSchema,
    private readonly resolvers: GraphqlResolvers,
  ) {
    this.names = schemaNames(schema.collections.keys());
  }

  build(): GraphQLSchema {
    const collections = [...this.schema.collections.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const query: GraphQLFieldConfigMap<unknown, GraphqlContext> = {};
    const mutation: GraphQLFieldConfigMap<unknown, GraphqlContext> = {};
    const subscription: GraphQLFieldConfigMap<ChangeEvent, GraphqlContext> = {};
    const owners = new Map<object, Map<string, string>>();
    /** Adds a collection's root fields, leaving out any another collection already has. */
    const claim = <T>(
      into: GraphQLFieldConfigMap<T, GraphqlContext>,
      fields: GraphQLFieldConfigMap<T, GraphqlContext>,
      collection: string,
    ) => {
      const owner = owners.get(into) ?? new Map<string, string>();
      owners.set(into, owner);
      for (const [name, field] of Object.entries(fields)) {
        const keptBy = owner.get(name);
        if (keptBy !== undefined) {
          this.omitted.push({ field: name, collection, keptBy });
          continue;
        }
        owner.set(name, collection);
        into[name] = field;
      }
    };
    for (const collection of collections) {
      claim(query, this.queryFields(collection), collection.name);
      claim(mutation, this.mutationFields(collection), collection.name);
      claim(subscription, this.subscriptionField(collection), collection.name);
    }
    const some = (fields: object) => Object.keys(fields).length > 0;
    return new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: query }),
      mutation: some(mutation) ? new GraphQLObjectType({ name: 'Mutation', fields: mutation }) : null,
      subscription: some(subscription)
        ? new GraphQLObjectType({
            name: 'Subscription',
            fields: subscription as GraphQLFieldConfigMap<unknown, unknown>,
          })
        : null,
    });
  }

  private namesOf(collection: CompiledCollection): CollectionNames {
    return this.names.get(collection.name) ?? namesOf(collection.name);
  }

  private objectType(collection: CompiledCollection): GraphQLObjectType {
    const names = this.namesOf(collection);
    let type = this.objectTypes.get(collection.name);
    if (!type) {
      type = new GraphQLObjectType({
        name: names.type,
        description: collection.definition.description || `A record of "${collection.name}".`,
        fields: () => this.outputFields(collection),
      });
      this.objectTypes.set(collection.name, type);
    }
    return type;
  }

  private outputFields(collection: CompiledCollection): GraphQLFieldConfigMap<Record<string, unknown>, GraphqlContext> {
    const fields: GraphQLFieldConfigMap<Record<string, unknown>, GraphqlContext> = {
      id: { type: nonNull(UuidScalar) },
      created_at: { type: nonNull(DateTimeScalar) },
      updated_at: { type: nonNull(DateTimeScalar) },
      created_by: { type: UuidScalar, description: 'The user who created the record; null for an API key or admin.' },
      version: { type: nonNull(GraphQLInt), description: 'Starts at 1, +1 on every change: `expectedVersion`.' },
    };
    for (const field of collection.fields.values()) {
      const definition = field.definition;
      if (definition.type === 'relation') {
        if (!field.readable && field.kind !== 'virtual') continue;
        Object.assign(fields, this.relationFields(collection, field));
        continue;
      }
      if (!field.readable) continue;
      fields[field.name] = { type: this.valueType(collection, definition) as GraphQLOutputType };
    }
    return fields;
  }

  /** A relation as its target record(s), read from what the root field loaded; and its raw id(s). */
  private relationFields(
    collection: CompiledCollection,
    field: CompiledField,
  ): GraphQLFieldConfigMap<Record<string, unknown>, GraphqlContext> {
    const target = this.schema.collections.get(field.target as string);
    if (!target) return {};
    const targetType = this.objectType(target);
    const fromLoaded: GraphQLFieldConfig<Record<string, unknown>, GraphqlContext>['resolve'] = (
      parent,
      _args,
      _ctx,
      info,
    ) => relationsOf(parent)?.[info.path.key as string] ?? (field.kind === 'plain' ? null : []);
    const fields: GraphQLFieldConfigMap<Record<string, unknown>, GraphqlContext> = {};
    if (field.kind === 'virtual') {
      fields[field.name] = { type: nonNull(listOf(targetType)), args: RELATION_LIST_ARGS, resolve: fromLoaded };
      return fields;
    }
    const many = field.kind === 'many_to_many';
    fields[field.name] = {
      type: many ? nonNull(listOf(targetType)) : targetType,
      description: `The ${many ? 'records' : 'record'} of "${target.name}" it points at that you may view.`,
      resolve: fromLoaded,
    };
    const idName = `${field.name}${many ? '_ids' : '_id'}`;
    if (!collection.fields.has(idName)) {
      fields[idName] = {
        type: many ? nonNull(listOf(UuidScalar)) : UuidScalar,
        description: `The id${many ? 's' : ''} stored in "${field.name}", as REST returns ${many ? 'them' : 'it'}.`,
        resolve: (parent) => parent[field.name],
      };
    }
    return fields;
  }

  private valueType(collection: CompiledCollection, definition: FieldDefinition): GraphQLOutputType | GraphQLInputType {
    switch (definition.type) {
      case 'text':
      case 'long_text':
      case 'email':
      case 'url':
      case 'secret':
        return GraphQLString;
      case 'integer':
        return GraphQLInt;
      case 'number':
        return GraphQLFloat;
      case 'boolean':
        return GraphQLBoolean;
      case 'date':
        return DateScalar;
      case 'datetime':
        return DateTimeScalar;
      case 'json':
      case 'file':
        return JsonScalar;
      case 'select':
        return this.selectType(collection, definition.name, definition.options.values);
      case 'multi_select':
        // null where nothing was ever set, as REST shows it.
        return listOf(this.selectType(collection, definition.name, definition.options.values));
      case 'relation':
        return definition.options.kind === 'many_to_many' ? listOf(UuidScalar) : UuidScalar;
    }
  }

  /** An enum of the select's values, or String when one of them is no GraphQL name. */
  private selectType(collection: CompiledCollection, field: string, values: readonly string[]) {
    if (values.some((value) => enumValueName(value) === undefined)) return GraphQLString;
    const name = `${this.namesOf(collection).type}_${field}`;
    let type = this.enums.get(name);
    if (!type) {
      type = new GraphQLEnumType({ name, values: Object.fromEntries(values.map((value) => [value, { value }])) });
      this.enums.set(name, type);
    }
    return type;
  }

  private inputType(collection: CompiledCollection, kind: 'create' | 'update'): GraphQLInputObjectType {
    const names = this.namesOf(collection);
    const fields: GraphQLInputFieldConfigMap = {};
    for (const field of collection.fields.values()) {
      if (!field.writable) continue;
      fields[field.name] = { type: this.valueType(collection, field.definition) as GraphQLInputType };
    }
    return new GraphQLInputObjectType({
      name: kind === 'create' ? names.createInput : names.updateInput,
      description:
        kind === 'create'
          ? `A new record of "${collection.name}": required fields must be given.`
          : `Changes to a record of "${collection.name}": only the fields given change.`,
      fields,
    });
  }

  private queryFields(collection: CompiledCollection): GraphQLFieldConfigMap<unknown, GraphqlContext> {
    const names = this.namesOf(collection);
    const type = this.objectType(collection);
    const page = new GraphQLObjectType({
      name: names.page,
      fields: {
        items: {
          type: nonNull(listOf(type)),
          resolve: (page: Parameters<typeof itemsOf>[0], _args, _context, info) =>
            itemsOf(page, info.path.key as string),
        },
        nextCursor: { type: GraphQLString, description: 'Pass as `after` for the next page; null on the last.' },
        total: { type: GraphQLInt, description: 'With `count`: how many records match.' },
      },
    });
    return {
      [names.list]: {
        type: nonNull(page),
        description: `Records of "${collection.name}" under its list rule, as GET /collections/${collection.name}/records.`,
        args: {
          ...RELATION_LIST_ARGS,
          limit: { type: GraphQLInt, description: 'Records per page, 1–500 (20).' },
          offset: { type: GraphQLInt, description: 'Records to skip (not with `after`).' },
          after: { type: GraphQLString, description: 'A `nextCursor` of the previous page.' },
          count: { type: CountModeEnum, description: 'Also count the matching records.' },
        },
        resolve: (_root, args: Args, context, info) => this.resolvers.list(collection.name, args, context, info),
      },
      [names.byId]: {
        type,
        description: `One record of "${collection.name}" under its view rule; null when there is none you may view.`,
        args: { id: { type: nonNull(UuidScalar) } },
        resolve: (_root, args: Args, context, info) =>
          this.resolvers.get(collection.name, args.id as string, context, info),
      },
    };
  }

  private mutationFields(collection: CompiledCollection): GraphQLFieldConfigMap<unknown, GraphqlContext> {
    const names = this.namesOf(collection);
    const type = this.objectType(collection);
    // GraphQL has no empty input objects: a collection with nothing writable takes no data.
    const writable = [...collection.fields.values()].some((field) => field.writable);
    const create = this.inputType(collection, 'create');
    const update = this.inputType(collection, 'update');
    const expectedVersion = EXPECTED_VERSION;
    const filter = FILTER;
    const { resolvers } = this;
    const name = collection.name;
    if (!writable) {
      return {
        [names.create]: {
          type: nonNull(type),
          resolve: (_root, _args, context, info) => resolvers.create(name, {}, context, info),
        },
        [names.delete]: this.deleteField(collection),
        [names.deleteWhere]: this.deleteWhereField(collection),
      };
    }
    return {
      [names.create]: {
        type: nonNull(type),
        args: { data: { type: nonNull(create) } },
        resolve: (_root, args: Args, context, info) => resolvers.create(name, args.data, context, info),
      },
      [names.createMany]: {
        type: nonNull(listOf(type)),
        description: 'All or nothing.',
        args: { data: { type: nonNull(listOf(create)) } },
        resolve: (_root, args: Args, context, info) => resolvers.create(name, args.data, context, info),
      },
      [names.update]: {
        type: nonNull(type),
        args: { id: { type: nonNull(UuidScalar) }, data: { type: nonNull(update) }, expectedVersion },
        resolve: (_root, args: Args, context, info) => resolvers.update(name, args, 'update', context, info),
      },
      [names.replace]: {
        type: nonNull(type),
        description: 'Every writable field: those not given take their defaults, as PUT.',
        args: { id: { type: nonNull(UuidScalar) }, data: { type: nonNull(create) }, expectedVersion },
        resolve: (_root, args: Args, context, info) => resolvers.update(name, args, 'replace', context, info),
      },
      [names.delete]: this.deleteField(collection),
      [names.updateWhere]: {
        type: nonNull(GraphQLInt),
        description: 'How many records changed.',
        args: { filter, data: { type: nonNull(update) } },
        resolve: (_root, args: Args, context) => resolvers.updateWhere(name, args, context),
      },
      [names.deleteWhere]: this.deleteWhereField(collection),
    };
  }

  /** Changes to the collection's records (or one record) the caller may see, from the realtime engine. */
  private subscriptionField(collection: CompiledCollection): GraphQLFieldConfigMap<ChangeEvent, GraphqlContext> {
    const names = this.namesOf(collection);
    const name = collection.name;
    const change = new GraphQLObjectType<ChangeEvent, GraphqlContext>({
      name: names.change,
      description: `A change to a record of "${name}", as the realtime API delivers it.`,
      fields: {
        action: { type: nonNull(ChangeActionEnum) },
        id: { type: UuidScalar, description: 'The record that changed; null for `reset`.' },
        position: {
          type: nonNull(GraphQLFloat),
          description: 'Its place in the feed (an integer): send the last one as `resumeFrom` when reconnecting.',
        },
        reason: { type: GraphQLString, description: 'Why a `reset` came: `too_old` or `unknown_position`.' },
        record: {
          type: this.objectType(collection),
          description:
            'The record as your GET would show it (before deletion for `delete`); null for `leave` and `reset`.',
          resolve: (event, _args, context, info) => this.resolvers.changeRecord(name, event, context, info),
        },
      },
    });
    return {
      [names.list]: {
        type: nonNull(change),
        description:
          `Changes to records of "${name}" under its list rule, or to one record (\`id\`) under its view rule, ` +
          'as the realtime API delivers them. Over WebSocket (graphql-ws) only.',
        args: {
          filter: { type: GraphQLString, description: 'Only records matching this, in the expression language.' },
          id: { type: UuidScalar, description: 'Follow this one record instead of the collection.' },
        },
        subscribe: (_root, args: Args, context) => this.resolvers.subscribe(name, args, context),
        resolve: (event) => event,
      },
    };
  }

  private deleteField(collection: CompiledCollection): GraphQLFieldConfig<unknown, GraphqlContext> {
    return {
      type: nonNull(UuidScalar),
      description: 'The id of the deleted record.',
      args: { id: { type: nonNull(UuidScalar) }, expectedVersion: EXPECTED_VERSION },
      resolve: (_root, args: Args, context) => this.resolvers.delete(collection.name, args, context),
    };
  }

  private deleteWhereField(collection: CompiledCollection): GraphQLFieldConfig<unknown, GraphqlContext> {
    return {
      type: nonNull(GraphQLInt),
      description: 'How many records were deleted.',
      args: { filter: FILTER },
      resolve: (_root, args: Args, context) => this.resolvers.deleteWhere(collection.name, args, context),
    };
  }
}

/** The schema, and the root fields left out because two collections' names met. */
export function buildGraphqlSchema(
  schema: CompiledSchema,
  resolvers: GraphqlResolvers,
): { schema: GraphQLSchema; omitted: readonly OmittedRootField[] } {
  const builder = new SchemaBuilder(schema, resolvers);
  return { schema: builder.build(), omitted: builder.omitted };
}
