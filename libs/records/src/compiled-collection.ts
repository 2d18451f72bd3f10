// What the records engine needs about one collection, derived once per schema version and
// shared read-only by every request: columns to select and write, how to map rows to
// records, the query compiler's view of it, validators, parsed rules, constraint names.

import type { Expression } from '@stagecraft/query';
import type { CollectionDefinition, CollectionRules, FieldDefinition, RuleAction } from '@stagecraft/schema';
import type { ValidateFunction } from 'ajv';

/** How a field appears in records. */
export type ValueKind = 'plain' | 'number' | 'secret' | 'many_to_many' | 'virtual' | 'file';

export interface CompiledField {
  readonly definition: FieldDefinition;
  readonly name: string;
  readonly kind: ValueKind;
  /** Returned in records (not hidden, not secret, not virtual). */
  readonly readable: boolean;
  /** Accepted in create/update bodies (not read-only, not virtual). */
  readonly writable: boolean;
  /** Usable in sort. */
  readonly sortable: boolean;
  /** For many_to_many: the junction table. */
  readonly junctionTable?: string;
  /** For relations: the target collection. */
  readonly target?: string;
  /** The column's SQL type, for explicit parameter casts; undefined without a column. */
  readonly sqlType?: string;
}

export interface CompiledCollection {
  readonly definition: CollectionDefinition;
  readonly name: string;
  readonly table: string;
  readonly fields: ReadonlyMap<string, CompiledField>;
  /** Writable file fields, whose body values are references resolved against uploads and the record. */
  readonly fileFields: readonly CompiledField[];
  /** `t."id", t."created_at", ...` for every readable field, m2m arrays included. */
  readonly selectList: string;
  readonly validateCreate: ValidateFunction;
  readonly validateUpdate: ValidateFunction;
  /** The create rule looks only at the caller and the body, so it can be checked with the insert. */
  readonly createRuleIgnoresRow: boolean;
  /** Parsed rules; null = admins only; 'anyone' = no condition. */
  readonly rules: Readonly<Record<RuleAction, Expression | null | 'anyone'>>;
  readonly rawRules: CollectionRules;
  /** Constraint name → field name, to name the field in unique/foreign-key/check errors. */
  readonly constraintFields: ReadonlyMap<string, string>;
}
