// Collections and fields as the schema API returns them. The OpenAPI document types them
// (CollectionDto, FieldDto) with options as an open object; the schema designer needs each
// option typed, so they are mirrored here from libs/schema (collection-definition.ts, field-options.ts).

export const FIELD_TYPES = [
  'text',
  'long_text',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'json',
  'email',
  'url',
  'select',
  'multi_select',
  'relation',
  'secret',
  'file',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const RULE_ACTIONS = ['list', 'view', 'create', 'update', 'delete'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
/** `null`: admins only; `""`: anyone; otherwise an expression. */
export type CollectionRules = Record<RuleAction, string | null>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type RelationKind = 'many_to_one' | 'one_to_many' | 'many_to_many';
export type OnDeleteAction = 'restrict' | 'cascade' | 'set_null';

/** Every option any type accepts; each type accepts a subset (see the field-type registry). */
export interface FieldOptions {
  required?: boolean;
  hidden?: boolean;
  readOnly?: boolean;
  unique?: boolean;
  indexed?: boolean;
  default?: JsonValue;
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  precision?: number;
  scale?: number;
  values?: string[];
  maxSelect?: number;
  kind?: RelationKind;
  target?: string;
  onDelete?: OnDeleteAction;
  via?: string;
  /** file: a list of files instead of one, bounded by `maxFiles`. */
  multiple?: boolean;
  maxFiles?: number;
  /** file: bytes per file (FILE_MAX_BYTES caps it whatever it says). */
  maxSize?: number;
  /** file: accepted media types, exact or a family (`image/*`), sniffed from the content. */
  mimeTypes?: string[];
  /** file: thumbnail presets (`100x100`, `640x0`, `0x200f`…). */
  thumbs?: string[];
  /** file: downloads need a signed-in caller or a file token. */
  protected?: boolean;
}

export interface FieldDefinition {
  id: string;
  name: string;
  type: FieldType;
  options: FieldOptions;
  position: number;
  system: boolean;
}

export interface CollectionDefinition {
  id: string;
  name: string;
  label: string;
  description: string;
  system: boolean;
  rules: CollectionRules;
  /** Response caching of list and get answers in Redis, kept `ttl` seconds at most; null: off. */
  cache: { ttl: number } | null;
  fields: FieldDefinition[];
}

export interface PlannedAction {
  type: string;
  description: string;
  destructive: boolean;
  sql: string;
}

/** A rule or webhook condition the change rewrote (or would) to follow renamed fields. */
export interface RewrittenReference {
  kind: string;
  label: string;
  from: string;
  to: string;
}

/** Every schema change answers with the result and the plan (its SQL), applied or not. */
export interface ChangeResponse<T> {
  data: T;
  meta: { dry_run: boolean; version: number | null; actions: PlannedAction[]; rewritten: RewrittenReference[] };
}

export const SYSTEM_COLUMNS = ['id', 'created_at', 'updated_at', 'created_by', 'version'] as const;
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
