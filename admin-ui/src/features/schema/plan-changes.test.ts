// The designer's draft → the ordered steps and the summary the confirmation lists.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../api';
import { applyOutcomes } from '../../data/collections/apply-outcomes';
import { draftFromFields, planSchemaChanges } from './plan-changes';

const saved: FieldDefinition[] = [
  { id: 'f1', name: 'title', type: 'text', options: { required: true }, position: 0, system: false },
  { id: 'f2', name: 'price', type: 'number', options: { min: 0 }, position: 1, system: false },
  { id: 'f3', name: 'genre', type: 'select', options: { values: ['a'] }, position: 2, system: false },
];

describe('planSchemaChanges', () => {
  it('plans nothing for an untouched draft, whatever the key order of options', () => {
    const draft = draftFromFields(saved).map((field) => ({ ...field, options: { ...field.options } }));
    expect(planSchemaChanges(saved, draft).steps).toEqual([]);
  });

  it('drops first, then renames and changes, then adds; summary lists renamed and dropped', () => {
    const draft = draftFromFields(saved)
      .filter((field) => field.name !== 'genre')
      .map((field) => (field.name === 'title' ? { ...field, name: 'name' } : field))
      .map((field) => (field.name === 'price' ? { ...field, options: { min: 1 } } : field));
    draft.push({ key: 'new-1', name: 'genre', type: 'text', options: {}, system: false });
    const plan = planSchemaChanges(saved, draft);
    expect(plan.steps.map((step) => step.kind)).toEqual(['delete', 'update', 'update', 'add']);
    expect(plan.steps[1]).toEqual({ kind: 'update', key: 'f1', field: 'title', changes: { name: 'name' } });
    expect(plan.steps[2]).toEqual({ kind: 'update', key: 'f2', field: 'price', changes: { options: { min: 1 } } });
    expect(plan.summary).toEqual({
      added: ['genre'],
      renamed: [{ from: 'title', to: 'name' }],
      retyped: [],
      changed: ['price'],
      dropped: ['genre'],
      reordered: false,
    });
  });

  it('sends the options with a type change', () => {
    const draft = draftFromFields(saved).map((field) =>
      field.name === 'price' ? { ...field, type: 'integer' as const } : field,
    );
    const plan = planSchemaChanges(saved, draft);
    expect(plan.steps).toEqual([
      { kind: 'update', key: 'f2', field: 'price', changes: { type: 'integer', options: { min: 0 } } },
    ]);
    expect(plan.summary.retyped).toEqual([{ name: 'price', from: 'number', to: 'integer' }]);
  });

  it('reorders only when the result differs from "kept fields, then new ones"', () => {
    const appended = [
      ...draftFromFields(saved),
      { key: 'new-1', name: 'stock', type: 'integer' as const, options: {}, system: false },
    ];
    expect(planSchemaChanges(saved, appended).summary.reordered).toBe(false);
    const moved = [appended[3]!, ...appended.slice(0, 3)];
    const plan = planSchemaChanges(saved, moved);
    expect(plan.steps.at(-1)).toEqual({ kind: 'reorder', key: 'order', order: ['stock', 'title', 'price', 'genre'] });
  });
});

describe('applyOutcomes', () => {
  it('gives the collection the applied steps describe', () => {
    const collection = {
      id: 'c',
      name: 'books',
      label: 'Books',
      description: '',
      system: false,
      rules: { list: null, view: null, create: null, update: null, delete: null },
      fields: saved,
    };
    const after = applyOutcomes(collection, [
      { step: { kind: 'delete', key: 'f3', field: 'genre' }, actions: [], data: null },
      {
        step: { kind: 'update', key: 'f1', field: 'title', changes: { name: 'name' } },
        actions: [],
        data: { ...saved[0], name: 'name' },
      },
      {
        step: { kind: 'add', key: 'new-1', input: { name: 'stock', type: 'integer', options: {} } },
        actions: [],
        data: { id: 'f4', name: 'stock', type: 'integer', options: {}, position: 2, system: false },
      },
    ]);
    expect(after.fields.map((field) => `${field.position}:${field.name}`)).toEqual(['0:name', '1:price', '2:stock']);
  });
});
