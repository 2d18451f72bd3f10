// How field values look in TypeScript, for the client types `stagecraft gen types` writes
// (libs/client-codegen). Each field type states its own mapping (CONVENTIONS 1), so a new type
// cannot be added without one; the helpers here keep nullability and literals alike across them.

/** Types the generated file takes from @stagecraft/client. */
export const CLIENT_TYPE_NAMES = ['FileInput', 'FileObject', 'JsonValue'] as const;

export interface TypeScriptMapping {
  /** The value a record carries; `| null` where the field may hold none. */
  readonly record: string;
  /** What a create, replace or update body may put in the field (an update's key is optional). */
  readonly input: string;
  /** Further body keys the field accepts (a multiple file field's `<name>+` and `<name>-`), with their types. */
  readonly inputKeys?: Readonly<Record<string, string>>;
}

/**
 * A string literal, escaped for any content (JSON's escapes are TypeScript's too), in single
 * quotes unless double ones need fewer escapes: the spelling Prettier would choose.
 */
export function tsStringLiteral(value: string): string {
  const json = JSON.stringify(value);
  const singles = value.split("'").length - 1;
  if (singles > value.split('"').length - 1) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A union of string literals (`'draft' | 'published'`), or `never` for none. */
export const tsUnion = (values: readonly string[]): string =>
  values.length === 0 ? 'never' : values.map(tsStringLiteral).join(' | ');

/** `T[]`, with parentheses where T is a union. */
export const tsArrayOf = (type: string): string => (type.includes(' | ') ? `(${type})[]` : `${type}[]`);

/** Optional fields hold null when they hold nothing; required ones never do. */
export const tsNullable = (type: string, required: boolean | undefined): string =>
  required === true ? type : `${type} | null`;

/** The same type in records and bodies. */
export const sameInAndOut = (type: string): TypeScriptMapping => ({ record: type, input: type });
