// The types a schema is described with (what `stagecraft gen types` writes, one entry per
// collection), and the types derived from it for each call: field names, sort keys (a related
// record's fields included), expand paths, and a record narrowed to the `fields` asked for,
// with typed `expand` results.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A stored file's metadata, as records carry it (docs/files.md). */
export interface FileObject {
  /** The stored name: the last segment of the download URL. */
  readonly name: string;
  readonly originalName: string;
  readonly size: number;
  /** Sniffed from the content. */
  readonly type: string;
  readonly checksum: string;
  /** Images only. */
  readonly width?: number;
  readonly height?: number;
}

/** A file a body can name: one the record holds (its stored name) or a finished upload. */
export type FileReference = string | { readonly upload: string };
/** What a body may hold for a file: a reference, or a Blob/File to upload with the write. */
export type FileInput = FileReference | Blob;

/** The columns every record has. */
export interface SystemFields {
  readonly id: string;
  readonly created_at: string;
  readonly updated_at: string;
  /** The user who created it; null when created anonymously or by an API key. */
  readonly created_by: string | null;
  /** Bumped on every update; the ETag and the `ifMatch` of writes. */
  readonly version: number;
}

export interface RelationInfo {
  readonly target: string;
  /** Many-to-many and one-to-many relations expand to lists. */
  readonly many: boolean;
}

/** One collection's entry in a schema. */
export interface CollectionTypes {
  readonly record: object;
  readonly create: object;
  readonly update: object;
  readonly relations: { readonly [field: string]: RelationInfo };
}

/** The schema of a client created without generated types: every call is typed loosely, never `any`. */
export type UntypedSchema = Record<
  string,
  {
    record: SystemFields & { readonly [field: string]: JsonValue | FileObject | FileObject[] | undefined };
    create: Record<string, unknown>;
    update: Record<string, unknown>;
    relations: Record<string, RelationInfo>;
  }
>;

type Entry<S, C extends keyof S> = S[C] extends CollectionTypes ? S[C] : never;

export type CollectionName<S> = keyof S & string;
export type RecordOf<S, C extends keyof S> = Entry<S, C>['record'];
export type CreateOf<S, C extends keyof S> = Entry<S, C>['create'];
export type UpdateOf<S, C extends keyof S> = Entry<S, C>['update'];

type Relations<S, C extends keyof S> = Entry<S, C>['relations'];
type RelationName<S, C extends keyof S> = keyof Relations<S, C> & string;
type TargetOf<S, R> = R extends { readonly target: infer T } ? T & keyof S : never;

export type FieldName<S, C extends keyof S> = keyof RecordOf<S, C> & string;
/** Relations to one record (`many: false`): `sort` may name their target's fields. */
type ToOneName<S, C extends keyof S> = {
  [K in RelationName<S, C>]: Relations<S, C>[K] extends { readonly many: false } ? K : never;
}[RelationName<S, C>];
/** A field, or a to-one relation's target field: `author.name`. */
type SortPath<S, C extends keyof S> =
  | FieldName<S, C>
  | { [K in ToOneName<S, C>]: `${K}.${FieldName<S, TargetOf<S, Relations<S, C>[K]>>}` }[ToOneName<S, C>];
export type SortKey<S, C extends keyof S> = SortPath<S, C> | `-${SortPath<S, C>}`;

/** `author`, or two levels deep through the related collection's relations: `author.company`. */
export type ExpandPath<S, C extends keyof S> = {
  [K in RelationName<S, C>]: K | `${K}.${RelationName<S, TargetOf<S, Relations<S, C>[K]>>}`;
}[RelationName<S, C>];

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Below<P extends string, K extends string> = P extends `${K}.${infer R}` ? R : never;

type ExpandedRecord<S, T extends keyof S, P extends string> = RecordOf<S, T> &
  ([P] extends [never] ? unknown : { readonly expand?: Expansion<S, T, P> });

/**
 * Related records under `expand`. Each is optional: a many-to-one that is null, or whose target
 * the caller may not view, is left out, and so is any relation whose collection refuses the caller.
 */
export type Expansion<S, C extends keyof S, P extends string> = {
  readonly [K in RelationName<S, C> & Head<P>]?: Relations<S, C>[K] extends { readonly many: true }
    ? ExpandedRecord<S, TargetOf<S, Relations<S, C>[K]>, Below<P, K>>[]
    : ExpandedRecord<S, TargetOf<S, Relations<S, C>[K]>, Below<P, K>>;
};

export type FieldList<S, C extends keyof S> = readonly FieldName<S, C>[] | undefined;
export type ExpandList<S, C extends keyof S> = readonly ExpandPath<S, C>[] | undefined;

/** A record as a read with `fields` F and `expand` E answers it. */
export type Selected<S, C extends keyof S, F, E> = (F extends readonly (infer K)[]
  ? Pick<RecordOf<S, C>, K & keyof RecordOf<S, C>>
  : RecordOf<S, C>) &
  (E extends readonly (infer P extends string)[] ? { readonly expand?: Expansion<S, C, P> } : unknown);

/** The file fields of a collection: those whose body value may be a Blob. */
export type FileFieldName<S, C extends keyof S> = {
  [K in keyof CreateOf<S, C>]-?: K extends `${string}${'+' | '-'}`
    ? never // `photos+` / `photos-`: appends and removals of a multiple field
    : Blob extends ElementOf<NonNullable<CreateOf<S, C>[K]>>
      ? K
      : never;
}[keyof CreateOf<S, C>] &
  string;

type ElementOf<T> = T extends readonly (infer E)[] ? E : T;
