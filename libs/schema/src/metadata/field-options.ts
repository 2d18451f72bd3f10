// Options per field type. Each type accepts only the options that mean something for it, so the
// validator can reject e.g. `pattern` on an integer instead of silently ignoring it.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Options every field with a value accepts. */
export interface CommonFieldOptions {
  required?: boolean;
  /** Never returned by the records API. */
  hidden?: boolean;
  /** Not writable through the records API (set by the engine, hooks or admins). */
  readOnly?: boolean;
}

export interface UniqueIndexOptions {
  unique?: boolean;
  indexed?: boolean;
}

export interface LengthOptions {
  minLength?: number;
  /** In characters, up to 10,485,760; absent: that same bound (MAX_TEXT_LENGTH; 254 for email). */
  maxLength?: number;
  /** A regular expression in the portable subset of JavaScript and PostgreSQL syntax. */
  pattern?: string;
}

export interface TextOptions extends CommonFieldOptions, UniqueIndexOptions, LengthOptions {
  default?: string;
}

/** Long text is not indexable: btree entries are capped near 2.7 kB. */
export interface LongTextOptions extends CommonFieldOptions, LengthOptions {
  default?: string;
}

export type EmailOptions = TextOptions;
export type UrlOptions = TextOptions;

export interface IntegerOptions extends CommonFieldOptions, UniqueIndexOptions {
  default?: number;
  min?: number;
  max?: number;
}

export interface NumberOptions extends CommonFieldOptions, UniqueIndexOptions {
  /** Total significant digits (1..1000); without it the column is unconstrained `numeric`. */
  precision?: number;
  /** Digits after the decimal point (0..precision); requires `precision`. */
  scale?: number;
  default?: number;
  min?: number;
  max?: number;
}

export interface BooleanOptions extends CommonFieldOptions {
  indexed?: boolean;
  default?: boolean;
}

/** `default` is `YYYY-MM-DD` or `now`; `min`/`max` are `YYYY-MM-DD`. */
export interface DateOptions extends CommonFieldOptions, UniqueIndexOptions {
  default?: string;
  min?: string;
  max?: string;
}

/** `default` is an ISO 8601 date-time with offset, or `now`; `min`/`max` likewise (no `now`). */
export interface DatetimeOptions extends CommonFieldOptions, UniqueIndexOptions {
  default?: string;
  min?: string;
  max?: string;
}

export interface JsonOptions extends CommonFieldOptions {
  /** A GIN index, which serves the `?=` (contains) operator. */
  indexed?: boolean;
  default?: JsonValue;
}

export interface SelectOptions extends CommonFieldOptions, UniqueIndexOptions {
  values: string[];
  default?: string;
}

export interface MultiSelectOptions extends CommonFieldOptions {
  values: string[];
  /** At most this many values (1..1000); absent: as many as `values` lists. */
  maxSelect?: number;
  /** A GIN index, which serves the `?=` (contains) operator. */
  indexed?: boolean;
  default?: string[];
}

export type OnDeleteAction = 'restrict' | 'cascade' | 'set_null';

export interface ManyToOneOptions extends CommonFieldOptions {
  kind: 'many_to_one';
  /** Name of the target collection. */
  target: string;
  onDelete: OnDeleteAction;
  /** Makes the relation one-to-one. */
  unique?: boolean;
}

/** Virtual: the reverse side of a many_to_one field `via` on the target collection. */
export interface OneToManyOptions {
  kind: 'one_to_many';
  target: string;
  via: string;
  hidden?: boolean;
}

export interface ManyToManyOptions extends CommonFieldOptions {
  kind: 'many_to_many';
  target: string;
  /** At most this many related ids; absent: MAX_SELECT_ITEMS (1000). */
  maxSelect?: number;
}

export type RelationOptions = ManyToOneOptions | OneToManyOptions | ManyToManyOptions;
export type RelationKind = RelationOptions['kind'];

/** Length and pattern apply to the plaintext, so they are checked by the API, not the database. */
export interface SecretOptions extends LengthOptions {
  required?: boolean;
  readOnly?: boolean;
}

/** Files held as metadata; bytes in the file store (docs/files.md). */
export interface FileOptions extends CommonFieldOptions {
  /** Up to `maxFiles` files (default 10, at most 100) instead of one. */
  multiple?: boolean;
  maxFiles?: number;
  /** Bytes per file; FILE_MAX_BYTES caps it whatever it says. */
  maxSize?: number;
  /** Accepted media types, sniffed from the content (`image/png`, `image/*`); absent: any. */
  mimeTypes?: string[];
  /** Thumbnail presets callers may ask for (`100x100`, `640x0`, `0x200f`...). */
  thumbs?: string[];
  /** Downloads need a signed-in caller or a file token, whatever the view rule says. */
  protected?: boolean;
}

export interface FieldOptionsByType {
  text: TextOptions;
  long_text: LongTextOptions;
  integer: IntegerOptions;
  number: NumberOptions;
  boolean: BooleanOptions;
  date: DateOptions;
  datetime: DatetimeOptions;
  json: JsonOptions;
  email: EmailOptions;
  url: UrlOptions;
  select: SelectOptions;
  multi_select: MultiSelectOptions;
  relation: RelationOptions;
  secret: SecretOptions;
  file: FileOptions;
}
