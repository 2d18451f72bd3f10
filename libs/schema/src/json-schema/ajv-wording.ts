// The words for ajv's errors: what a value must be, as people say it ("must be a list or
// null", not "must be array,null"). Record values and field options are worded with it.

import { listOf, plural } from '@stagecraft/core';
import type { ErrorObject } from 'ajv';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  email: 'an email address, like ada@example.com',
  uri: 'a URL, like https://example.com',
  date: 'a date, like 2026-12-06',
  'date-time': 'a date and time, like 2026-12-06T18:30:00Z',
  time: 'a time, like 18:30:00',
  uuid: 'a UUID',
};

function typesOf(type: unknown): string {
  const names = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return listOf(
    names.map((name) => TYPE_WORDS[name] ?? name),
    false,
  );
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** What the value must be, for one ajv error ("must be a list or null"); undefined for a keyword without a wording. */
export function ajvPredicate(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  const limit = params['limit'] as number;
  switch (error.keyword) {
    case 'type':
      return `must be ${typesOf(params['type'])}`;
    case 'enum':
      return `must be one of ${listOf((params['allowedValues'] as unknown[]).map((value) => (value === null ? 'null' : value)))}`;
    case 'const':
      return `must be ${shown(params['allowedValue'])}`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'multipleOf':
      return `must be a multiple of ${params['multipleOf'] as number}`;
    case 'minLength':
      return `must be at least ${plural(limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(limit, 'character')} long`;
    case 'minItems':
      return limit === 1 ? 'must list at least one value' : `must list at least ${plural(limit, 'value')}`;
    case 'maxItems':
      return `must list at most ${plural(limit, 'value')}`;
    case 'uniqueItems':
      return 'must not list the same value twice';
    case 'pattern':
      return `must match the pattern ${params['pattern'] as string}`;
    case 'format': {
      const format = params['format'] as string;
      return `must be ${FORMAT_WORDS[format] ?? `in the ${format} format`}`;
    }
    case 'not':
      return 'is required';
    default:
      return undefined;
  }
}
