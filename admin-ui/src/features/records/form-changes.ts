// Which inputs of the record form differ from what the form started with: what makes closing
// it worth a question. Files compare by the stored names kept and the new files' keys.
import type { InputValue } from './record-values';

function comparable(value: InputValue | undefined): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return JSON.stringify({ kept: value.kept.map((file) => file.name), added: value.added.map((file) => file.key) });
  }
  return JSON.stringify(value ?? '');
}

export function changedInputs(
  start: Readonly<Record<string, InputValue>>,
  current: Readonly<Record<string, InputValue>>,
): string[] {
  const names = new Set([...Object.keys(start), ...Object.keys(current)]);
  return [...names].filter((name) => comparable(start[name]) !== comparable(current[name]));
}
