// GraphQL names for a collection's types and root fields. Collection and field names are
// already `[a-z][a-z0-9_]*`, valid GraphQL names; type names are their PascalCase, with
// `Record` added where that would take a name GraphQL or this schema already uses.

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

/** The root and input names of one collection. */
export function namesOf(collection: string) {
  const type = typeNameOf(collection);
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
