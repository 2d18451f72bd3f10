// The schema change's step for stored expressions: every holder's expressions are rewritten
// with renamed fields, in the change's transaction, or the change is refused with a 409 that
// names each expression still using a field the change drops.

import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import { DEFAULT_LIMITS } from '@stagecraft/query';
import type { EntityManager } from 'typeorm';
import { analyseExpression, changesFieldNames } from './expression-references.js';
import type { ExpressionRewrite, HeldExpression, ReferenceHolder, SchemaChangeContext } from './reference-holder.js';

/** A rewritten expression, as a schema change reports it. */
export interface RewrittenReference {
  readonly kind: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

interface Refusal {
  readonly holder: ReferenceHolder;
  readonly held: HeldExpression;
  readonly error: FieldError;
  readonly fields: readonly string[];
}

/**
 * Rewrites what the change renames in every holder's expressions (rules in `change.after`,
 * the rest in the database), or throws 409 CONFLICT listing each expression that still names
 * a dropped field or that no one rewrite fits. Nothing is written when it throws.
 */
export async function carryReferences(
  manager: EntityManager,
  holders: readonly ReferenceHolder[],
  change: SchemaChangeContext,
  /** Maps a holder's path for the problem (relative to the collection a change is about). */
  pathFor: (path: string) => string = (path) => path,
): Promise<RewrittenReference[]> {
  if (!changesFieldNames(change) && !renamesCollections(change)) return [];
  const planned: { holder: ReferenceHolder; rewrites: ExpressionRewrite[] }[] = [];
  const refusals: Refusal[] = [];
  for (const holder of holders) {
    const rewrites: ExpressionRewrite[] = [];
    for (const held of await holder.list(manager, change)) {
      const { verdict, renamed } = analyseExpression(held.source, held.roots, change);
      switch (verdict.kind) {
        case 'unchanged':
          break;
        case 'rewritten':
          rewrites.push({ held, source: verdict.source });
          break;
        case 'dropped':
          refusals.push({
            holder,
            held,
            fields: verdict.fields,
            error: {
              field: pathFor(held.path),
              code: 'field_in_use',
              message: `The ${held.label} uses ${names(verdict.fields)}, which this change drops.`,
            },
          });
          break;
        case 'too_long':
          refusals.push({
            holder,
            held,
            fields: renamed.map((rename) => `${rename.collection}.${rename.from}`),
            error: {
              field: pathFor(held.path),
              code: 'expression_too_long',
              message: `The ${held.label} would be ${verdict.length} characters long with the new names, more than the ${DEFAULT_LIMITS.maxLength} an expression may have.`,
            },
          });
          break;
        case 'ambiguous': {
          const fields = renamed.map((rename) => `${rename.collection}.${rename.from}`);
          refusals.push({
            holder,
            held,
            fields,
            error: {
              field: pathFor(held.path),
              code: 'ambiguous_rename',
              message:
                `The ${held.label} applies to ${names(verdict.collections)}, and this change renames ` +
                `${names(fields)} in only some of them, so no one expression fits them all.`,
            },
          });
          break;
        }
      }
    }
    planned.push({ holder, rewrites });
  }
  if (refusals.length > 0) throw refusal(refusals);
  for (const { holder, rewrites } of planned) await holder.apply(manager, change, rewrites);
  return planned.flatMap(({ holder, rewrites }) =>
    rewrites.map(({ held, source }) => ({ kind: holder.kind, label: held.label, from: held.source, to: source })),
  );
}

function renamesCollections(change: SchemaChangeContext): boolean {
  const after = new Map(change.after.map((collection) => [collection.id, collection.name]));
  return change.before.some((collection) => {
    const name = after.get(collection.id);
    return name !== undefined && name !== collection.name;
  });
}

function refusal(refusals: readonly Refusal[]): AppException {
  const outside = refusals.filter((item) => item.held.outsideSchema);
  const how =
    'Change or remove each of them in the same change, or first.' +
    (outside.length > 0
      ? ` ${capitalise(outside.map((item) => item.held.label).join(', '))} ${outside.length === 1 ? 'is' : 'are'} not part ` +
        'of the schema, so a schema change cannot change ' +
        `${outside.length === 1 ? 'it' : 'them'}: change ${outside.length === 1 ? 'it' : 'them'} first ` +
        '(PATCH /api/v1/webhooks/{id}), then make this change.'
      : '');
  const ambiguous = refusals.some((item) => item.error.code === 'ambiguous_rename')
    ? ' A webhook that listens to several collections needs one webhook per collection before a rename in only some of them.'
    : '';
  return new AppException(
    ErrorCode.Conflict,
    `The change would break expressions that name its fields, so nothing was changed. ${refusals
      .map((item) => item.error.message)
      .join(' ')} ${how}${ambiguous}`,
    {
      errors: refusals.map((item) => item.error),
      extensions: {
        references: refusals.map((item) => ({
          kind: item.holder.kind,
          ...item.held.reference,
          expression: item.held.source,
          fields: item.fields,
        })),
      },
    },
  );
}

function names(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
