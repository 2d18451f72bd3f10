// Two related collections with every field type, for the expression tests.
import type { CollectionDefinition, FieldDefinition, FieldOptions, FieldType } from '../../api';
import type { ExpressionScope } from './expression-fields';

function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  return { id: `f-${name}`, name, type, options, position: 0, system: false };
}

function collection(name: string, fields: FieldDefinition[]): CollectionDefinition {
  const rules = { list: '', view: '', create: null, update: null, delete: null };
  return { id: `c-${name}`, name, label: name, description: '', system: false, rules, cache: null, fields };
}

export const authors = collection('authors', [
  field('name', 'text'),
  field('email', 'email'),
  field('account', 'relation', { kind: 'many_to_one', target: 'users' }),
  field('posts', 'relation', { kind: 'one_to_many', target: 'posts', via: 'author' }),
]);

export const posts = collection('posts', [
  field('title', 'text'),
  field('body', 'long_text'),
  field('views', 'integer'),
  field('rating', 'number'),
  field('published', 'boolean'),
  field('day', 'date'),
  field('at', 'datetime'),
  field('meta', 'json'),
  field('site', 'url'),
  field('status', 'select', { values: ['draft', 'live'] }),
  field('tags', 'multi_select', { values: ['news', 'sale'] }),
  field('author', 'relation', { kind: 'many_to_one', target: 'authors' }),
  field('owner', 'relation', { kind: 'many_to_one', target: 'users' }),
  field('token', 'secret'),
  field('cover', 'file'),
  field('gallery', 'file', { multiple: true }),
]);

export const users = collection('users', [field('email', 'email'), field('role', 'text')]);

export const scope: ExpressionScope = { collection: 'posts', collections: [posts, authors, users] };
