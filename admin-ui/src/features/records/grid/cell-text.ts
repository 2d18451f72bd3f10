// A cell's value as clipboard text, and pasted text back to the value the API takes, by field
// type. Copy then paste gives the same value (relations as ids, lists comma-separated).
import type { FieldDefinition } from '../../../api';
import { fromInputValue, isWritable, type Converted } from '../record-values';

export function cellText(field: FieldDefinition | undefined, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field?.type === 'multi_select' && Array.isArray(value)) return value.map(String).join(', ');
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Whether pasting or typing into the field is possible in a grid cell. */
export function isCellEditable(field: FieldDefinition): boolean {
  if (!isWritable(field)) return false;
  if (field.type === 'file' || field.type === 'secret') return false;
  return !(field.type === 'relation' && field.options.kind !== 'many_to_one');
}

const TRUE = /^(true|yes|y|1|x|✓|on)$/i;
const FALSE = /^(false|no|n|0|off|)$/i;

export function pastedValue(field: FieldDefinition, raw: string): Converted {
  if (!isCellEditable(field)) return { error: `${field.name} cannot be pasted into` };
  const text = raw.trim();
  switch (field.type) {
    case 'boolean':
      if (TRUE.test(text)) return { value: true };
      if (FALSE.test(text)) return { value: false };
      return { error: 'Enter true or false' };
    case 'multi_select': {
      const items = text === '' ? [] : text.split(/\s*[,;]\s*/).filter((item) => item !== '');
      const allowed = field.options.values ?? [];
      const unknown = items.find((item) => !allowed.includes(item));
      return unknown === undefined ? { value: items } : { error: `"${unknown}" is not one of ${allowed.join(', ')}` };
    }
    case 'select': {
      if (text === '') return { value: null };
      const allowed = field.options.values ?? [];
      return allowed.includes(text) ? { value: text } : { error: `"${text}" is not one of ${allowed.join(', ')}` };
    }
    default:
      // Text keeps its spaces; the rest reads like a typed input.
      return fromInputValue(field, field.type === 'text' || field.type === 'long_text' ? raw : text);
  }
}
