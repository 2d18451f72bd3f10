// The designer's draft → the field list the one save request sends, and the summary the
// confirmation lists.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../api';
import { draftFromFields, planSchemaChanges, type DraftField } from './plan-changes';

const saved: FieldDefinition[] = [
  { id: 'f1', name: 'title', type: 'text', options: { required: true }, position: 0, system: false },
  { id: 'f2', name: 'price', type: 'number', options: { min: 0 }, position: 1, system: false },
  { id: 'f3', name: 'genre', type: 'select', options: { values: ['a'] }, position: 2, system: false },
];

const newField = (name: string): DraftField => ({
  key: `new-${name}`,
  name,
  type: 'integer',
  options: {},
  system: false,
});

describe('planSchemaChanges', () => {
  it('plans nothing for an untouched draft, whatever the key order of options', () => {
    const draft = draftFromFields(saved).map((field) => ({ ...field, options: { ...field.options } }));
    const plan = planSchemaChanges(saved, draft);
    expect(plan.changes).toBe(0);
    expect(plan.summary).toEqual({ added: [], renamed: [], retyped: [], changed: [], dropped: [], reordered: false });
  });

  it('sends the whole draft in its order: saved fields by id, new ones without', () => {
    const draft = draftFromFields(saved)
      .filter((field) => field.name !== 'genre')
      .map((field) => (field.name === 'title' ? { ...field, name: 'name' } : field))
      .map((field) => (field.name === 'price' ? { ...field, options: { min: 1 } } : field));
    draft.push({ key: 'new-1', name: 'genre', type: 'text', options: {}, system: false });
    const plan = planSchemaChanges(saved, draft);
    expect(plan.fields).toEqual([
      { id: 'f1', name: 'name', type: 'text', options: { required: true } },
      { id: 'f2', name: 'price', type: 'number', options: { min: 1 } },
      { name: 'genre', type: 'text', options: {} },
    ]);
    expect(plan.summary).toEqual({
      added: ['genre'],
      renamed: [{ from: 'title', to: 'name' }],
      retyped: [],
      changed: ['price'],
      dropped: ['genre'],
      reordered: false,
    });
    expect(plan.changes).toBe(4);
  });

  it('lists a type change as retyped, not as changed options; a field counts once', () => {
    const draft = draftFromFields(saved).map((field) =>
      field.name === 'price' ? { ...field, name: 'cost', type: 'integer' as const, options: {} } : field,
    );
    const plan = planSchemaChanges(saved, draft);
    expect(plan.summary.retyped).toEqual([{ name: 'cost', from: 'number', to: 'integer' }]);
    expect(plan.summary.changed).toEqual([]);
    expect(plan.changes).toBe(1);
  });

  it('is reordered only when the saved fields change their order, not where new ones go', () => {
    const appended = [...draftFromFields(saved), newField('stock')];
    expect(planSchemaChanges(saved, appended).summary.reordered).toBe(false);
    const inserted = [newField('stock'), ...draftFromFields(saved)];
    expect(planSchemaChanges(saved, inserted).summary.reordered).toBe(false);
    expect(planSchemaChanges(saved, inserted).changes).toBe(1);

    const [title, price, genre] = draftFromFields(saved);
    const moved = planSchemaChanges(saved, [price!, title!, genre!]);
    expect(moved.summary.reordered).toBe(true);
    expect(moved.changes).toBe(1);
    expect(moved.fields.map((field) => field.id)).toEqual(['f2', 'f1', 'f3']);
  });

  it('a drop next to a reorder of the rest counts both', () => {
    const [title, price] = draftFromFields(saved);
    const plan = planSchemaChanges(saved, [price!, title!]);
    expect(plan.summary).toMatchObject({ dropped: ['genre'], reordered: true });
    expect(plan.changes).toBe(2);
  });
});
