// The input for one field of a record, chosen by the field type's value kind.
import { Checkbox, JsonInput, MultiSelect, PasswordInput, Select, Textarea, TextInput } from '@mantine/core';
import type { CollectionDefinition, FieldDefinition, RecordData, StoredFile } from '../../api';
import { fieldTypeUi } from '../../field-types';
import { FileInput } from './file-input';
import { fileInputOf, isFileInput } from './file-values';
import { RelationPicker } from './relation-picker';
import type { InputValue } from './record-values';

interface RecordInputProps {
  field: FieldDefinition;
  value: InputValue;
  error?: string;
  collections: readonly CollectionDefinition[];
  editing: boolean;
  known?: RecordData[];
  onChange: (value: InputValue) => void;
  /** File fields: where their files are, how far new ones went, and how to preview one. */
  files?: {
    collection: string;
    recordId?: string;
    progress: ReadonlyMap<string, number>;
    busy: boolean;
    onPreview: (file: StoredFile) => void;
  };
}

function describe(field: FieldDefinition): string | undefined {
  const o = field.options;
  const parts: string[] = [];
  if (o.minLength !== undefined || o.maxLength !== undefined) {
    parts.push(`${o.minLength ?? 0}–${o.maxLength ?? '∞'} characters`);
  }
  if (o.min !== undefined || o.max !== undefined) parts.push(`from ${o.min ?? '−∞'} to ${o.max ?? '∞'}`);
  if (o.pattern) parts.push(`matches /${o.pattern}/`);
  if (o.unique) parts.push('unique');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export function RecordInput({ field, value, error, collections, editing, known, onChange, files }: RecordInputProps) {
  const kind = fieldTypeUi(field.type).value;
  const o = field.options;
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];
  const common = { label: field.name, required: o.required === true, error, description: describe(field) };
  switch (kind) {
    case 'string':
    case 'email':
    case 'url':
      return (
        <TextInput
          {...common}
          type={kind === 'string' ? 'text' : kind}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'long_string':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'integer':
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          label={field.name}
          description={common.description}
          error={error}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'date':
      return (
        <TextInput {...common} type="date" value={text} onChange={(event) => onChange(event.currentTarget.value)} />
      );
    case 'datetime':
      return (
        <TextInput
          {...common}
          type="datetime-local"
          step={1}
          description={common.description ?? 'Your local time; stored as an instant'}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'json':
      return (
        <JsonInput
          {...common}
          autosize
          minRows={3}
          maxRows={14}
          formatOnBlur
          validationError="Invalid JSON"
          value={text}
          onChange={onChange}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={o.values ?? []}
          clearable={!o.required}
          value={text || null}
          onChange={(next) => onChange(next ?? '')}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={o.values ?? []}
          clearable
          maxValues={o.maxSelect}
          value={list}
          onChange={onChange}
        />
      );
    case 'relation':
      return (
        <RelationPicker
          label={field.name}
          required={o.required === true}
          error={error}
          target={collections.find((item) => item.name === o.target)}
          targetName={o.target ?? ''}
          multiple={o.kind === 'many_to_many'}
          value={o.kind === 'many_to_many' ? list : text}
          known={known}
          onChange={onChange}
        />
      );
    case 'secret':
      return (
        <PasswordInput
          {...common}
          autoComplete="new-password"
          placeholder={editing ? 'Unchanged' : undefined}
          description={editing ? 'Write-only: leave empty to keep the stored value' : common.description}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'file':
      return (
        <FileInput
          field={field}
          value={isFileInput(value) ? value : fileInputOf(undefined)}
          error={error}
          collection={files?.collection ?? ''}
          recordId={files?.recordId}
          progress={files?.progress}
          busy={files?.busy}
          onChange={onChange}
          onPreview={(file) => files?.onPreview(file)}
        />
      );
  }
}
