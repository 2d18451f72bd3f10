// The collection as it is after applied schema steps, computed from the steps' answers. The
// console writes it to the cache instead of re-reading at once: the API's metadata cache can
// serve a read that races a just-committed change with the previous schema.
import type { CollectionDefinition, FieldDefinition } from '../../api';
import type { StepOutcome } from './schema-changes-mutation';

function isField(value: unknown): value is FieldDefinition {
  return typeof value === 'object' && value !== null && 'id' in value && 'name' in value && 'type' in value;
}

function isCollection(value: unknown): value is CollectionDefinition {
  return typeof value === 'object' && value !== null && 'fields' in value && 'rules' in value;
}

export function applyOutcomes(before: CollectionDefinition, outcomes: readonly StepOutcome[]): CollectionDefinition {
  let fields = [...before.fields];
  for (const { step, data } of outcomes) {
    switch (step.kind) {
      case 'delete':
        fields = fields.filter((field) => field.name !== step.field);
        break;
      case 'update':
        if (isField(data)) fields = fields.map((field) => (field.id === data.id ? data : field));
        break;
      case 'add':
        if (isField(data)) fields = [...fields.filter((field) => field.id !== data.id), data];
        break;
      case 'reorder':
        if (isCollection(data)) fields = [...data.fields];
        break;
    }
  }
  const ordered = fields.map((field, position) => ({ ...field, position }));
  return { ...before, fields: ordered };
}
