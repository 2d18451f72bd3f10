// Parses and checks the list query parameters (sort, fields, expand, limit, offset, cursor,
// count) against the collection, answering 400 with every problem named. A sort key may name a
// field of a to-one relation's target (`author.name`), one relation deep.

import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import type { CompiledCollection } from './compiled-collection.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
/** The longest `sort`, `fields` or `expand`: as long as a filter may be (the query library's cap). */
export const MAX_LIST_PARAM_LENGTH = 4096;
const LENGTH_CAPPED = ['sort', 'fields', 'expand'] as const;
const MAX_EXPAND_DEPTH = 2;
const SYSTEM_SORTABLE = ['id', 'created_at', 'updated_at', 'version'];

export interface SortKey {
  /** As written, without the `-`: a field of the collection, or `relation.field`. */
  readonly field: string;
  readonly descending: boolean;
  /** For `relation.field`: the to-one relation field, its target collection and the target's field. */
  readonly related?: { readonly relation: string; readonly target: string; readonly field: string };
}

/** Collections by name, to check the target fields of `relation.field` sort keys. */
export type CollectionLookup = ReadonlyMap<string, CompiledCollection>;

export type CountMode = 'exact' | 'estimated' | 'none';

export interface ListParams {
  readonly filter?: string;
  readonly sort: readonly SortKey[];
  /** Undefined: every readable field. */
  readonly fields?: ReadonlySet<string>;
  /** Relation paths, each a list of field names: `comments.author` → ['comments', 'author']. */
  readonly expand: readonly (readonly string[])[];
  readonly limit: number;
  readonly offset: number;
  readonly cursor?: string;
  readonly count: CountMode;
}

/** As parsed from the query string: a parameter given twice arrives as an array. */
export type RawListQuery = Partial<
  Record<'filter' | 'sort' | 'fields' | 'expand' | 'limit' | 'offset' | 'cursor' | 'count', string | string[]>
>;

/** One value per parameter: a repeated parameter is ambiguous, so it is a 400. */
export function singleValue(raw: string | string[] | undefined, name: string): string | undefined {
  if (raw === undefined || typeof raw === 'string') return raw;
  throw new AppException(
    ErrorCode.ValidationFailed,
    `Give ${name} once; to combine values use one comma-separated list or &&.`,
    {
      errors: [
        { field: name, code: 'repeated', message: fieldSentence(name, 'is given more than once; give it once') },
      ],
    },
  );
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function integer(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
  problems: FieldError[],
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push({
      field: name,
      code: 'range',
      message: fieldSentence(name, `must be a whole number from ${min} to ${max}`),
    });
    return fallback;
  }
  return Number(raw);
}

export function sortableFields(collection: CompiledCollection, admin: boolean): string[] {
  const own = [...collection.fields.values()]
    .filter((field) => field.sortable && (admin || field.readable))
    .map((field) => field.name);
  return [...SYSTEM_SORTABLE, ...own];
}

/** Relation fields `sort` may follow: readable (to the caller) many-to-one ones, whose key is a column of the row. */
export function sortableRelations(collection: CompiledCollection, admin: boolean): string[] {
  return [...collection.fields.values()]
    .filter(
      (field) =>
        field.definition.type === 'relation' &&
        field.definition.options.kind === 'many_to_one' &&
        (admin || field.readable),
    )
    .map((field) => field.name);
}

const sortProblem = (message: string): FieldError => ({ field: 'sort', code: 'unknown', message });

/** One sort item (without its `-`) checked against the collection and, for `relation.field`, the target. */
function sortKey(
  path: string,
  descending: boolean,
  collection: CompiledCollection,
  admin: boolean,
  collections: CollectionLookup | undefined,
  problems: FieldError[],
): SortKey {
  const relations = collections === undefined ? [] : sortableRelations(collection, admin);
  const throughRelations =
    relations.length === 0 ? '' : `, or relation.field through a to-one relation (${relations.join(', ')})`;
  if (!path.includes('.')) {
    const sortable = sortableFields(collection, admin);
    if (!sortable.includes(path)) {
      problems.push(
        sortProblem(
          `Records cannot be sorted by "${path}"; sortable fields: ${sortable.join(', ')}${throughRelations}.`,
        ),
      );
    }
    return { field: path, descending };
  }
  const parts = path.split('.');
  const [relation = '', field = ''] = parts;
  if (parts.length !== 2 || relation === '' || field === '') {
    problems.push(
      sortProblem(
        `Records cannot be sorted by "${path}": a related field is named as relation.field, one relation deep (e.g. author.name).`,
      ),
    );
    return { field: path, descending };
  }
  const definition = collection.fields.get(relation)?.definition;
  if (collections === undefined || !relations.includes(relation) || definition?.type !== 'relation') {
    const shown = admin || (definition?.options as { hidden?: boolean } | undefined)?.hidden !== true;
    const what =
      definition?.type === 'relation' && definition.options.kind !== 'many_to_one' && shown
        ? `"${relation}" is a to-many relation, which has no single record to sort by`
        : `"${collection.name}" has no to-one relation "${relation}"`;
    const valid = relations.length === 0 ? 'it has none to sort through' : `to-one relations: ${relations.join(', ')}`;
    problems.push(sortProblem(`Records cannot be sorted by "${path}": ${what}; ${valid}.`));
    return { field: path, descending };
  }
  const target = collections.get(definition.options.target);
  if (target === undefined) throw new Error(`Relation target ${definition.options.target} is missing from the schema`);
  const sortable = sortableFields(target, admin);
  if (!sortable.includes(field)) {
    problems.push(
      sortProblem(
        `Records cannot be sorted by "${path}": "${field}" is not a sortable field of "${target.name}"; sortable: ${sortable.join(', ')}.`,
      ),
    );
  }
  return { field: path, descending, related: { relation, target: target.name, field } };
}

/** Expand paths name relation fields; at most two levels. */
export function parseExpand(raw: string | undefined, problems: FieldError[]): string[][] {
  return list(raw).flatMap((item) => {
    const path = item.split('.');
    if (path.length > MAX_EXPAND_DEPTH || path.some((part) => !/^[a-z][a-z0-9_]*$/.test(part))) {
      problems.push({
        field: 'expand',
        code: 'invalid',
        message: `Expand "${item}" must be up to ${MAX_EXPAND_DEPTH} relation names joined by dots.`,
      });
      return [];
    }
    return [path];
  });
}

/**
 * The list parameters of a request. `collections` lets `sort` follow to-one relations
 * (`author.name`); without it only the collection's own fields sort.
 */
export function parseListParams(
  query: RawListQuery,
  collection: CompiledCollection,
  admin: boolean,
  collections?: CollectionLookup,
): ListParams {
  const problems: FieldError[] = [];
  const raw = Object.fromEntries(
    Object.entries(query).map(([name, value]) => [name, singleValue(value, name)]),
  ) as Partial<Record<keyof RawListQuery, string>>;
  for (const name of LENGTH_CAPPED) {
    const value = raw[name];
    if (value !== undefined && value.length > MAX_LIST_PARAM_LENGTH) {
      // Refused before it is split, so a long list costs nothing more than its read.
      throw new AppException(
        ErrorCode.ValidationFailed,
        fieldSentence(name, `is longer than ${MAX_LIST_PARAM_LENGTH} characters`),
        {
          errors: [
            {
              field: name,
              code: 'too_long',
              message: fieldSentence(name, `must be at most ${MAX_LIST_PARAM_LENGTH} characters long`),
            },
          ],
        },
      );
    }
  }

  const sort = list(raw.sort).map((item) => {
    const descending = item.startsWith('-');
    return sortKey(descending ? item.slice(1) : item, descending, collection, admin, collections, problems);
  });

  let fields: Set<string> | undefined;
  if (raw.fields !== undefined) {
    const readable = [
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'version',
      ...[...collection.fields.values()].filter((f) => f.readable).map((f) => f.name),
    ];
    fields = new Set(list(raw.fields));
    for (const name of fields) {
      if (!readable.includes(name))
        problems.push({
          field: 'fields',
          code: 'unknown',
          message: `The collection has no field "${name}" to return; valid: ${readable.join(', ')}.`,
        });
    }
  }

  const expand = parseExpand(raw.expand, problems);
  const limit = integer(raw.limit, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT, problems);
  const offset = integer(raw.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0, problems);
  const count = (raw.count ?? 'none') as CountMode;
  if (!['exact', 'estimated', 'none'].includes(count)) {
    problems.push({ field: 'count', code: 'invalid', message: 'Count must be exact, estimated or none.' });
  }
  if (raw.cursor !== undefined && offset > 0) {
    problems.push({ field: 'cursor', code: 'conflict', message: 'Use either cursor or offset, not both.' });
  }
  if (problems.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, problems.map((problem) => problem.message).join(' '), {
      errors: problems,
    });
  }
  return { filter: raw.filter, sort, fields, expand, limit, offset, cursor: raw.cursor, count };
}
