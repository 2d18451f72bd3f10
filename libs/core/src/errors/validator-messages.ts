// Sentences for class-validator's constraints, so no DTO needs a `message` of its own: the
// constraint's name picks the wording, its arguments (from the DTO's metadata) fill it in.
// A decorator that was given its own message keeps it, made a sentence, with `$property` read as
// the field's label; a constraint not listed here falls back to class-validator's text, made a
// sentence.

import { getMetadataStorage, type ValidationError } from 'class-validator';
import { fieldLabel, fieldSentence, listOf, plural, asSentence } from './field-messages.js';

type Wording = (args: readonly unknown[]) => string;

const num = (args: readonly unknown[], index = 0): number => Number(args[index]);

const WORDINGS: Readonly<Record<string, Wording>> = {
  isDefined: () => 'is required',
  isNotEmpty: () => 'must not be empty',
  isString: () => 'must be text',
  isBoolean: () => 'must be true or false',
  isInt: () => 'must be a whole number',
  isNumber: () => 'must be a number',
  isNumberString: () => 'must be a number',
  isPositive: () => 'must be greater than 0',
  isEmail: () => 'must be an email address, like ada@example.com',
  isUrl: () => 'must be a URL, like https://example.com',
  isUUID: () => 'must be a UUID',
  isObject: () => 'must be an object',
  isArray: () => 'must be a list',
  isISO8601: () => 'must be a date in ISO 8601 form, like 2026-12-06T18:30:00Z',
  isDateString: () => 'must be a date in ISO 8601 form, like 2026-12-06T18:30:00Z',
  isIn: (args) => `must be one of ${listOf(args[0] as unknown[])}`,
  isEnum: (args) => `must be one of ${listOf(Object.values(args[0] as object))}`,
  minLength: (args) =>
    num(args) <= 1 ? 'must not be empty' : `must be at least ${plural(num(args), 'character')} long`,
  maxLength: (args) => `must be at most ${plural(num(args), 'character')} long`,
  length: (args) => `must be ${num(args)} to ${plural(num(args, 1), 'character')} long`,
  min: (args) => `must be at least ${num(args)}`,
  max: (args) => `must be at most ${num(args)}`,
  arrayNotEmpty: () => 'must list at least one item',
  arrayMinSize: (args) => `must list at least ${plural(num(args), 'item')}`,
  arrayMaxSize: (args) => `must list at most ${plural(num(args), 'item')}`,
  arrayUnique: () => 'must not list the same item twice',
  matches: (args) => `must match the pattern ${String(args[0])}`,
  nestedValidation: () => 'must be an object',
  whitelistValidation: () => 'is not expected here; remove it',
};

interface ConstraintMetadata {
  readonly name?: string;
  readonly constraints?: readonly unknown[];
  readonly message?: unknown;
  readonly each?: boolean;
  readonly propertyName: string;
}

function metadataOf(error: ValidationError, constraint: string): ConstraintMetadata | undefined {
  const target = error.target;
  if (target === undefined) return undefined;
  const all = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return (all as unknown as ConstraintMetadata[]).find(
    (meta) => meta.propertyName === error.property && meta.name === constraint,
  );
}

/** The sentence for one failed constraint of `error`, whose field is `path`. */
export function validatorMessage(error: ValidationError, path: string, constraint: string, fallback: string): string {
  const meta = metadataOf(error, constraint);
  if (typeof meta?.message === 'string' && meta.message !== '') {
    return asSentence(meta.message.replaceAll('$property', fieldLabel(path)));
  }
  // A missing value breaks every constraint of its field: one plain reason covers them all.
  if (error.value === undefined && constraint !== 'whitelistValidation') return fieldSentence(path, 'is required');
  const wording = WORDINGS[constraint];
  if (wording === undefined) return asSentence(fallback);
  const predicate = wording(meta?.constraints ?? []);
  return meta?.each === true ? asSentence(`Each item of ${path} ${predicate}`) : fieldSentence(path, predicate);
}
