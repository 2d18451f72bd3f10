// GraphQL names for a collection's types and root fields. Collection and field names are
// already `[a-z][a-z0-9_]*`, valid GraphQL names; type names are their PascalCase, with
// `Record` added where that would take a name GraphQL or this schema already uses.
// Names of two collections can still meet (`posts`' page type and the collection
// `posts_page` are both `PostsPage`): schemaNames settles that the same way for a given set
// of collections, the collection sorted first keeping the plain name.

const TAKEN = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'DateTime',
  'Date',
  'JSON',
  'UUID',
  'CountMode',
  'ChangeAction',
]);

export function typeNameOf(collection: string): string {
  const pascal = collection
    .split('_')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return TAKEN.has(pascal) ? `${pascal}Record` : pascal;
}

export type CollectionNames = ReturnType<typeof namesOf>;

/** The root and input names of one collection, given its type name. */
export function namesOf(collection: string, type = typeNameOf(collection)) {
  return {
    type,
    page: `${type}Page`,
    change: `${type}Change`,
    createInput: `${type}CreateInput`,
    updateInput: `${type}UpdateInput`,
    list: collection,
    byId: `${collection}_by_id`,
    create: `create_${collection}`,
    createMany: `create_${collection}_many`,
    update: `update_${collection}`,
    replace: `replace_${collection}`,
    delete: `delete_${collection}`,
    updateWhere: `update_${collection}_where`,
    deleteWhere: `delete_${collection}_where`,
  };
}

/** A select value as an enum value name, or undefined when it cannot be one. */
export function enumValueName(value: string): string | undefined {
  return /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) && !['true', 'false', 'null'].includes(value) ? value : undefined;
}

const DERIVED_TYPES = ['page', 'change', 'createInput', 'updateInput'] as const;

const typeNamesOf = (names: CollectionNames): string[] => [names.type, ...DERIVED_TYPES.map((key) => names[key])];

/**
 * The names of every collection in one schema, each type name unique: a collection whose type
 * or derived type names are taken gets `Record`, then `Record2`, … appended. Collections are
 * taken in name order, so a collection keeps its names when one sorting after it is added.
 */
export function schemaNames(collections: Iterable<string>): Map<string, CollectionNames> {
  const taken = new Set(TAKEN);
  const result = new Map<string, CollectionNames>();
  for (const collection of [...collections].sort()) {
    const base = typeNameOf(collection);
    let names = namesOf(collection, base);
    for (let attempt = 1; typeNamesOf(names).some((name) => taken.has(name)); attempt += 1) {
      names = namesOf(collection, `${base}Record${attempt === 1 ? '' : attempt}`);
    }
    for (const name of typeNamesOf(names)) taken.add(name);
    result.set(collection, names);
  }
  return result;
}
