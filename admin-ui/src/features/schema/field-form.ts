// The field editor's form state and its translation to and from the API's options object.
// Inputs hold text (an empty number box is "", not 0); only the options the type accepts are
// written, and flags only when on, so the options read like a hand-written definition.

import type { FieldDefinition, FieldOptions, FieldType, JsonValue, OnDeleteAction, RelationKind } from '../../api';
import { bytesFrom, splitBytes, type SizeUnit } from '../../components/byte-size';
import { fieldTypeUi, type FlagOption, type OptionKey } from '../../field-types';
import { isMimeType, isThumbPreset, MAX_FILES_PER_FIELD } from '../../field-types/file';

export interface FieldForm {
  name: string;
  type: FieldType;
  required: boolean;
  hidden: boolean;
  readOnly: boolean;
  unique: boolean;
  indexed: boolean;
  /** Text of the default: a string, a number, `true`/`false`, a date, `now` or JSON. */
  defaultValue: string;
  /** Multi-select defaults. */
  defaultValues: string[];
  min: string;
  max: string;
  minLength: string;
  maxLength: string;
  pattern: string;
  precision: string;
  scale: string;
  values: string[];
  maxSelect: string;
  kind: RelationKind;
  target: string;
  onDelete: OnDeleteAction;
  via: string;
  /** File fields. */
  multiple: boolean;
  maxFiles: string;
  /** An amount in `maxSizeUnit`; stored as whole bytes. */
  maxSize: string;
  maxSizeUnit: SizeUnit;
  mimeTypes: string[];
  thumbs: string[];
  protected: boolean;
}

export interface OptionsResult {
  options: FieldOptions;
  /** Keyed like the server's paths: `name`, `options.min`… */
  errors: Record<string, string>;
}

const FLAGS: readonly FlagOption[] = ['required', 'hidden', 'readOnly', 'unique', 'indexed'];

export function emptyFieldForm(type: FieldType = 'text', name = ''): FieldForm {
  return {
    name,
    type,
    required: false,
    hidden: false,
    readOnly: false,
    unique: false,
    indexed: false,
    defaultValue: '',
    defaultValues: [],
    min: '',
    max: '',
    minLength: '',
    maxLength: '',
    pattern: '',
    precision: '',
    scale: '',
    values: [],
    maxSelect: '',
    kind: 'many_to_one',
    target: '',
    onDelete: 'set_null',
    via: '',
    multiple: false,
    maxFiles: '',
    maxSize: '',
    maxSizeUnit: 'MiB',
    mimeTypes: [],
    thumbs: [],
    protected: false,
  };
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export function formFromField(field: Pick<FieldDefinition, 'name' | 'type' | 'options'>): FieldForm {
  const o = field.options;
  const form = emptyFieldForm(field.type, field.name);
  for (const flag of FLAGS) form[flag] = o[flag] === true;
  if (field.type === 'multi_select') form.defaultValues = Array.isArray(o.default) ? o.default.map(String) : [];
  else if (field.type === 'json') form.defaultValue = o.default === undefined ? '' : JSON.stringify(o.default, null, 2);
  else form.defaultValue = text(o.default);
  form.min = text(o.min);
  form.max = text(o.max);
  form.minLength = text(o.minLength);
  form.maxLength = text(o.maxLength);
  form.pattern = text(o.pattern);
  form.precision = text(o.precision);
  form.scale = text(o.scale);
  form.values = o.values ?? [];
  form.maxSelect = text(o.maxSelect);
  form.kind = o.kind ?? 'many_to_one';
  form.target = o.target ?? '';
  form.onDelete = o.onDelete ?? 'set_null';
  form.via = o.via ?? '';
  form.multiple = o.multiple === true;
  form.maxFiles = text(o.maxFiles);
  if (o.maxSize !== undefined) {
    const { amount, unit } = splitBytes(o.maxSize);
    form.maxSize = amount;
    form.maxSizeUnit = unit;
  }
  form.mimeTypes = o.mimeTypes ?? [];
  form.thumbs = o.thumbs ?? [];
  form.protected = o.protected === true;
  return form;
}

/** The option keys this form's type (and relation kind) accepts. */
export function optionKeysOf(form: Pick<FieldForm, 'type' | 'kind'>): readonly OptionKey[] {
  return fieldTypeUi(form.type).options(form.type === 'relation' ? form.kind : undefined);
}

function wholeNumber(raw: string, key: string, errors: Record<string, string>): number | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    errors[`options.${key}`] = 'Enter a whole number of 0 or more';
    return undefined;
  }
  return Number(value);
}

function finiteNumber(raw: string, key: string, errors: Record<string, string>, integer: boolean): number | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    errors[`options.${key}`] = integer ? 'Enter a whole number' : 'Enter a number';
    return undefined;
  }
  return parsed;
}

function defaultOf(form: FieldForm, errors: Record<string, string>): JsonValue | undefined {
  const ui = fieldTypeUi(form.type);
  if (ui.value === 'multi_select') return form.defaultValues.length > 0 ? [...form.defaultValues] : undefined;
  const raw = form.defaultValue;
  if (ui.value === 'json') {
    if (raw.trim() === '') return undefined;
    try {
      return JSON.parse(raw) as JsonValue;
    } catch {
      errors['options.default'] = 'Enter valid JSON';
      return undefined;
    }
  }
  if (raw === '') return undefined;
  switch (ui.value) {
    case 'integer':
      return finiteNumber(raw, 'default', errors, true);
    case 'number':
      return finiteNumber(raw, 'default', errors, false);
    case 'boolean':
      return raw === 'true';
    default:
      return raw;
  }
}

/** The options object for the API, plus what cannot be sent as typed. */
export function optionsFromForm(form: FieldForm): OptionsResult {
  const keys = optionKeysOf(form);
  const has = (key: OptionKey) => keys.includes(key);
  const errors: Record<string, string> = {};
  const options: FieldOptions = {};
  const ui = fieldTypeUi(form.type);

  if (form.type === 'relation') {
    options.kind = form.kind;
    if (form.target === '') errors['options.target'] = 'Choose the collection to link to';
    else options.target = form.target;
    if (has('onDelete')) options.onDelete = form.onDelete;
    if (has('via')) {
      if (form.via.trim() === '') errors['options.via'] = 'Name the many-to-one field on the target that points back';
      else options.via = form.via.trim();
    }
  }
  for (const flag of FLAGS) if (has(flag) && form[flag]) options[flag] = true;

  if (has('values')) {
    const values = [...new Set(form.values.map((value) => value.trim()).filter((value) => value !== ''))];
    if (values.length === 0) errors['options.values'] = 'Add at least one value';
    options.values = values;
  }
  if (has('min') || has('max')) {
    for (const key of ['min', 'max'] as const) {
      const raw = form[key].trim();
      if (raw === '') continue;
      if (ui.bounds === 'number') {
        const value = finiteNumber(raw, key, errors, form.type === 'integer');
        if (value !== undefined) options[key] = value;
      } else options[key] = raw;
    }
  }
  for (const key of ['minLength', 'maxLength', 'precision', 'scale', 'maxSelect'] as const) {
    if (!has(key)) continue;
    const value = wholeNumber(form[key], key, errors);
    if (value !== undefined) options[key] = value;
  }
  if (has('multiple')) fileOptions(form, options, errors);
  if (has('scale') && options.scale !== undefined && options.precision === undefined) {
    errors['options.scale'] = 'Scale needs a precision';
  }
  if (has('pattern') && form.pattern.trim() !== '') options.pattern = form.pattern;
  if (has('default')) {
    const value = defaultOf(form, errors);
    if (value !== undefined) options.default = value;
  }
  return { options, errors };
}

/** Tags trimmed, lower-cased (media types and presets are) and de-duplicated. */
function tags(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase()).filter((value) => value !== ''))];
}

/** The presets of a thumbs list the server would refuse, for the input to name as they are typed. */
export function invalidThumbs(values: readonly string[]): string[] {
  return tags(values).filter((value) => !isThumbPreset(value));
}

export function invalidMimeTypes(values: readonly string[]): string[] {
  return tags(values).filter((value) => !isMimeType(value));
}

/** multiple/maxFiles, maxSize (typed in a unit), mimeTypes, thumbs and protected. */
function fileOptions(form: FieldForm, options: FieldOptions, errors: Record<string, string>): void {
  if (form.multiple) {
    options.multiple = true;
    const maxFiles = wholeNumber(form.maxFiles, 'maxFiles', errors);
    if (maxFiles !== undefined && (maxFiles < 1 || maxFiles > MAX_FILES_PER_FIELD))
      errors['options.maxFiles'] = `Enter a number from 1 to ${MAX_FILES_PER_FIELD}`;
    else if (maxFiles !== undefined) options.maxFiles = maxFiles;
  }
  if (form.maxSize.trim() !== '') {
    const bytes = bytesFrom(form.maxSize, form.maxSizeUnit);
    if (bytes === undefined) errors['options.maxSize'] = 'Enter a size greater than 0';
    else options.maxSize = bytes;
  }
  const mimeTypes = tags(form.mimeTypes);
  const badTypes = invalidMimeTypes(mimeTypes);
  if (badTypes.length > 0) errors['options.mimeTypes'] = `Not a media type: ${badTypes.join(', ')}`;
  else if (mimeTypes.length > 0) options.mimeTypes = mimeTypes;
  const thumbs = tags(form.thumbs);
  const badThumbs = invalidThumbs(thumbs);
  if (badThumbs.length > 0) errors['options.thumbs'] = thumbsProblem(badThumbs);
  else if (thumbs.length > 0) options.thumbs = thumbs;
  if (form.protected) options.protected = true;
}

export function thumbsProblem(invalid: readonly string[]): string {
  return `Not a preset: ${invalid.join(', ')}. Use WxH with sides up to 4000 (100x100, 640x0), optionally t, b or f`;
}

/** Name checks the console can do before asking the server. */
export function nameProblem(name: string, others: readonly string[]): string | undefined {
  if (name === '') return 'Enter a name';
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) {
    return 'Start with a lowercase letter; use a-z, 0-9 and _ (at most 63 characters)';
  }
  if (['id', 'created_at', 'updated_at', 'created_by', 'version', 'expand'].includes(name)) {
    return `"${name}" is a system column`;
  }
  if (others.includes(name)) return `Another field is named "${name}"`;
  return undefined;
}
