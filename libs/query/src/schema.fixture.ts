// A small shop schema for the specs: every storage kind and every relation kind, with
// relations deep enough to exercise three hops. Not exported from the library.

import type { CompileContext } from './compile-context.js';
import type { Operator, QueryCollection, QueryField, QueryRelation, QuerySchema, StorageKind } from './query-schema.js';
import { compilableOperators } from './storage-rules.js';

interface FieldOptions {
  column?: string;
  operators?: readonly Operator[];
  filterable?: boolean;
  relation?: QueryRelation;
  recordId?: boolean;
}

function field(name: string, storage: StorageKind, options: FieldOptions = {}): QueryField {
  const toMany = options.relation !== undefined && options.relation.kind !== 'many_to_one';
  const defaults: Operator[] = [...compilableOperators(storage), ...(toMany ? (['?='] as const) : [])];
  return {
    name,
    column: options.column ?? name,
    storage,
    operators: new Set(options.operators ?? defaults),
    filterable: options.filterable ?? true,
    ...(options.relation ? { relation: options.relation } : {}),
    ...(options.recordId ? { recordId: true } : {}),
  };
}

function collection(name: string, table: string, fields: readonly QueryField[]): QueryCollection {
  const system = [
    field('id', 'uuid', { recordId: true }),
    field('created_at', 'timestamptz'),
    field('updated_at', 'timestamptz'),
  ];
  return { name, table, fields: new Map([...system, ...fields].map((f) => [f.name, f])) };
}

export const products = collection('products', 'products', [
  field('title', 'text'),
  field('price', 'numeric'),
  field('qty', 'integer'),
  field('published', 'boolean'),
  field('due', 'date'),
  field('tags', 'text_array'),
  field('meta', 'jsonb'),
  field('sku', 'text', { column: 'sku_code', operators: ['=', '!='] }),
  field('secret', 'text', { filterable: false }),
  field('author', 'uuid', { relation: { kind: 'many_to_one', target: 'users' } }),
  field('reviews', 'uuid', { relation: { kind: 'one_to_many', target: 'reviews', foreignColumn: 'product' } }),
  field('categories', 'uuid', {
    relation: {
      kind: 'many_to_many',
      target: 'categories',
      junctionTable: 'products_categories',
      sourceColumn: 'product_id',
      targetColumn: 'category_id',
    },
  }),
]);

export const users = collection('users', 'users', [
  field('email', 'text'),
  field('name', 'text'),
  field('role', 'text'),
  field('password', 'text', { filterable: false }),
  field('org', 'uuid', { relation: { kind: 'many_to_one', target: 'orgs' } }),
]);

const orgs = collection('orgs', 'orgs', [
  field('name', 'text'),
  field('country', 'uuid', { relation: { kind: 'many_to_one', target: 'countries' } }),
]);

const countries = collection('countries', 'countries', [
  field('name', 'text'),
  field('region', 'uuid', { relation: { kind: 'many_to_one', target: 'regions' } }),
]);

const regions = collection('regions', 'regions', [field('name', 'text')]);

export const reviews = collection('reviews', 'reviews', [
  field('body', 'text'),
  field('rating', 'integer'),
  field('product', 'uuid', { relation: { kind: 'many_to_one', target: 'products' } }),
  field('author', 'uuid', { relation: { kind: 'many_to_one', target: 'users' } }),
]);

const categories = collection('categories', 'categories', [
  field('name', 'text'),
  field('curator', 'uuid', { relation: { kind: 'many_to_one', target: 'users' } }),
]);

const all = new Map([products, users, orgs, countries, regions, reviews, categories].map((c) => [c.name, c]));

export const shopSchema: QuerySchema = { collection: (name) => all.get(name), usersCollection: 'users' };

export const NOW = new Date('2024-05-31T12:34:56.789Z');
export const USER_ID = '0190c3a4-6b1e-7cc2-9a51-3f0e4b2d8c11';

/** A fresh context over products, aliased t, signed in as an editor unless overridden. */
export function context(overrides: Partial<CompileContext> = {}): CompileContext {
  return {
    schema: shopSchema,
    collection: products,
    alias: 't',
    params: [],
    request: { auth: { id: USER_ID, role: 'editor' } },
    now: NOW,
    ...overrides,
  };
}
