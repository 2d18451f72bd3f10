// Short words for a field's notable options, shown beside it in the designer.
import type { FieldDefinition } from '../../api';
import { formatBytes } from '../../components/byte-size';
import { DEFAULT_MAX_FILES } from '../../field-types/file';

export function optionBadges(field: Pick<FieldDefinition, 'type' | 'options'>): string[] {
  const o = field.options;
  const badges: string[] = [];
  if (field.type === 'relation' && o.target) {
    const kind = o.kind === 'one_to_many' ? '1:n' : o.kind === 'many_to_many' ? 'n:m' : 'n:1';
    badges.push(`→ ${o.target} (${kind})`);
  }
  if (o.required) badges.push('required');
  if (o.unique) badges.push('unique');
  if (o.indexed) badges.push('indexed');
  if (o.hidden) badges.push('hidden');
  if (o.readOnly) badges.push('read-only');
  if (o.min !== undefined && o.max !== undefined) badges.push(`${String(o.min)} … ${String(o.max)}`);
  else if (o.min !== undefined) badges.push(`≥ ${String(o.min)}`);
  else if (o.max !== undefined) badges.push(`≤ ${String(o.max)}`);
  if (o.minLength !== undefined || o.maxLength !== undefined) {
    badges.push(`${o.minLength ?? 0}–${o.maxLength ?? '∞'} chars`);
  }
  if (o.pattern) badges.push(`/${o.pattern}/`);
  if (o.precision !== undefined) badges.push(`numeric(${o.precision}${o.scale !== undefined ? `, ${o.scale}` : ''})`);
  if (o.values) badges.push(o.values.length <= 3 ? o.values.join(' | ') : `${o.values.length} values`);
  if (o.maxSelect !== undefined) badges.push(`at most ${o.maxSelect}`);
  if (o.multiple) badges.push(`up to ${o.maxFiles ?? DEFAULT_MAX_FILES} files`);
  if (o.maxSize !== undefined) badges.push(`≤ ${formatBytes(o.maxSize)} each`);
  if (o.mimeTypes) badges.push(o.mimeTypes.length <= 3 ? o.mimeTypes.join(', ') : `${o.mimeTypes.length} types`);
  if (o.thumbs) badges.push(`thumbs ${o.thumbs.join(' ')}`);
  if (o.protected) badges.push('protected');
  if (o.default !== undefined) badges.push(`default ${JSON.stringify(o.default)}`);
  return badges;
}
