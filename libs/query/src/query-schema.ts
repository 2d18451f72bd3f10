// The read-only view of collection metadata the compiler works from. The records library
// builds it once per schema version; nothing here may be mutated while compiling.

import type { CompileContext } from './compile-context.js';

export type StorageKind =
  'text' | 'integer' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'text_array' | 'uuid';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | '!in' | '?=';

/** Every operator in the order error messages list them. */
export const OPERATORS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=', '~', '!~', 'in', '!in', '?='];

export type QueryRelation =
  /** The field's column holds the target's id. */
  | { readonly kind: 'many_to_one'; readonly target: string }
  /** Virtual: target.foreignColumn = this.id. */
  | { readonly kind: 'one_to_many'; readonly target: string; readonly foreignColumn: string }
  /** Virtual: junction.sourceColumn = this.id and junction.targetColumn = target.id. */
  | {
      readonly kind: 'many_to_many';
      readonly target: string;
      readonly junctionTable: string;
      readonly sourceColumn: string;
      readonly targetColumn: string;
    };

export interface QueryField {
  /** As written in expressions. */
  readonly name: string;
  /** SQL column name; always double-quoted when emitted. */
  readonly column: string;
  /** For virtual relation fields (one_to_many / many_to_many) use 'uuid'. */
  readonly storage: StorageKind;
  /** What filters may use on it. */
  readonly operators: ReadonlySet<Operator>;
  /** False e.g. for secret or hidden fields: using it is a NOT_FILTERABLE error. */
  readonly filterable: boolean;
  readonly relation?: QueryRelation;
  /** True for the row's own id: its values are ids of this collection (so never a user's elsewhere). */
  readonly recordId?: boolean;
}

export interface QueryCollection {
  readonly name: string;
  /**
   * Which of its rows a caller's filter may reach through a relation path (its view rule),
   * as a condition over the given alias; undefined when every row may be reached.
   */
  readonly rowFilter?: (alias: string, ctx: CompileContext) => string;
  /** Unqualified table name in schema "data". */
  readonly table: string;
  readonly fields: ReadonlyMap<string, QueryField>;
}

export interface QuerySchema {
  collection(name: string): QueryCollection | undefined;
  /** The collection `@request.auth.id` is an id of; without it that macro's ids are not type-checked. */
  readonly usersCollection?: string;
}

/** The Postgres schema that holds every collection table and junction table. */
export const DATA_SCHEMA = 'data';
