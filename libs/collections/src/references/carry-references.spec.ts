import { AppException } from '@stagecraft/core';
import type { CollectionDefinition, FieldDefinition } from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';
import { makeCollection, makeField, makeUsers } from '../../../schema/src/testing/schema-fixtures.js';
import { carryReferences } from './carry-references.js';
import type { ExpressionRewrite, HeldExpression, ReferenceHolder, SchemaChangeContext } from './reference-holder.js';
import { ReferenceHolders } from './reference-holders.js';

/** A feature that stores expressions of its own (as subscription filters will): one module, this shape. */
class FakeSubscriptions implements ReferenceHolder {
  readonly kind = 'subscription_filter';
  applied: readonly ExpressionRewrite[] | undefined;

  constructor(private readonly filters: Record<string, string>) {}

  list(_manager: EntityManager, change: SchemaChangeContext): Promise<readonly HeldExpression[]> {
    const posts = change.before.find((c) => c.name === 'posts') as CollectionDefinition;
    return Promise.resolve(
      Object.entries(this.filters).map(([key, source]) => ({
        key,
        label: `filter of subscription ${key}`,
        path: `subscriptions[${key}].filter`,
        source,
        roots: [posts.id],
        outsideSchema: true,
        reference: { subscription: key },
      })),
    );
  }

  apply(_manager: EntityManager, _change: SchemaChangeContext, rewrites: readonly ExpressionRewrite[]): Promise<void> {
    this.applied = rewrites;
    for (const { held, source } of rewrites) this.filters[held.key] = source;
    return Promise.resolve();
  }
}

const manager = {} as EntityManager;
const posts = makeCollection(
  1,
  'posts',
  [makeField(1, 'published', 'boolean', {}), makeField(2, 'title', 'text', {})],
  { rules: { list: 'published = true', view: 'title != ""', create: 'published = false', update: null, delete: '' } },
);
const BEFORE: readonly CollectionDefinition[] = [makeUsers(), posts];

function change(
  edit: (fields: FieldDefinition[]) => FieldDefinition[],
  stated: (id: string, action: string) => boolean = () => false,
): SchemaChangeContext {
  const after = structuredClone(BEFORE) as CollectionDefinition[];
  const target = after.find((c) => c.name === 'posts') as CollectionDefinition;
  target.fields = edit(target.fields);
  return { before: BEFORE, after, statedRule: stated };
}

const renamePublished = (fields: FieldDefinition[]) =>
  fields.map((f) => (f.name === 'published' ? { ...f, name: 'is_public' } : f));

describe('carryReferences', () => {
  it('rewrites rules in the metadata and hands a registered holder its rewrites', async () => {
    const holders = new ReferenceHolders();
    const subscriptions = new FakeSubscriptions({ a: 'published = true && title ~ "x"', b: 'title = "y"' });
    holders.register(subscriptions);
    const context = change(renamePublished);
    const rewritten = await carryReferences(manager, holders.all(), context);

    expect(rewritten).toEqual([
      { kind: 'rule', label: 'list rule of "posts"', from: 'published = true', to: 'is_public = true' },
      { kind: 'rule', label: 'create rule of "posts"', from: 'published = false', to: 'is_public = false' },
      {
        kind: 'subscription_filter',
        label: 'filter of subscription a',
        from: 'published = true && title ~ "x"',
        to: 'is_public = true && title ~ "x"',
      },
    ]);
    expect(context.after[1]?.rules).toEqual({
      list: 'is_public = true',
      view: 'title != ""',
      create: 'is_public = false',
      update: null,
      delete: '',
    });
    expect(subscriptions.applied?.map((rewrite) => rewrite.held.key)).toEqual(['a']);
  });

  it('leaves rules the request states alone', async () => {
    const context = change(renamePublished, (_id, action) => action === 'list');
    await carryReferences(manager, new ReferenceHolders().all(), context);
    expect(context.after[1]?.rules.list).toBe('published = true');
    expect(context.after[1]?.rules.create).toBe('is_public = false');
  });

  it('refuses a drop with every use named, and applies nothing', async () => {
    const holders = new ReferenceHolders();
    const subscriptions = new FakeSubscriptions({ a: 'published = true' });
    holders.register(subscriptions);
    const context = change((fields) => fields.filter((f) => f.name !== 'published'));
    const error = await carryReferences(manager, holders.all(), context, (path) => path.replace('collections[1].', ''))
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppException);
    const problem = error as AppException;
    expect(problem.status).toBe(409);
    expect(problem.options.errors?.map((item) => item.field)).toEqual([
      'rules.list',
      'rules.create',
      'subscriptions[a].filter',
    ]);
    expect(problem.options.extensions?.['references']).toEqual([
      {
        kind: 'rule',
        collection: 'posts',
        action: 'list',
        expression: 'published = true',
        fields: ['posts.published'],
      },
      {
        kind: 'rule',
        collection: 'posts',
        action: 'create',
        expression: 'published = false',
        fields: ['posts.published'],
      },
      { kind: 'subscription_filter', subscription: 'a', expression: 'published = true', fields: ['posts.published'] },
    ]);
    expect(problem.detail).toContain('Filter of subscription a is not part of the schema');
    expect(subscriptions.applied).toBeUndefined();
    expect(context.after[1]?.rules.list).toBe('published = true');
  });

  it('does nothing (not even list) when no field is renamed or dropped', async () => {
    const holders = new ReferenceHolders();
    const listing = { kind: 'spy', list: jest.fn(), apply: jest.fn() };
    holders.register(listing);
    expect(
      await carryReferences(
        manager,
        holders.all(),
        change((fields) => fields),
      ),
    ).toEqual([]);
    expect(listing.list).not.toHaveBeenCalled();
  });

  it('refuses two holders of one kind', () => {
    const holders = new ReferenceHolders();
    expect(() => holders.register(new FakeSubscriptions({}))).not.toThrow();
    expect(() => holders.register(new FakeSubscriptions({}))).toThrow(/registered already/);
  });
});
