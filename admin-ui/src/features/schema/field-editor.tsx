// The editor of one field: name, type, and the options its type accepts (a form per type,
// driven by the field-type registry), with the server's errors next to their inputs.
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  JsonInput,
  Modal,
  MultiSelect,
  NativeSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FIELD_TYPES, type CollectionDefinition, type FieldOptions, type RelationKind } from '../../api';
import { SIZE_UNITS, type SizeUnit } from '../../components/byte-size';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { FIELD_TYPE_UI, fieldTypeUi, type FlagOption } from '../../field-types';
import { DEFAULT_MAX_FILES, MAX_THUMB_PRESETS } from '../../field-types/file';
import {
  emptyFieldForm,
  formFromField,
  invalidMimeTypes,
  invalidThumbs,
  nameProblem,
  optionKeysOf,
  optionsFromForm,
  thumbsProblem,
  type FieldForm,
} from './field-form';
import type { DraftField } from './plan-changes';

const TYPE_CHOICES = FIELD_TYPES.map((type) => ({
  value: type,
  label: `${FIELD_TYPE_UI[type].label} — ${FIELD_TYPE_UI[type].description}`,
}));

const FLAG_LABELS: Record<FlagOption, { label: string; description: string }> = {
  required: { label: 'Required', description: 'NOT NULL: every record must have a value' },
  unique: { label: 'Unique', description: 'No two records share a value' },
  indexed: { label: 'Indexed', description: 'Faster filters and sorts on this field' },
  hidden: { label: 'Hidden', description: 'Never returned by the API' },
  readOnly: { label: 'Read-only', description: 'Not writable through the records API' },
};

/** Suggestions for a file field's accepted types; any media type or family can be typed. */
const MIME_SUGGESTIONS = [
  'image/*',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/svg+xml',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'audio/*',
  'video/*',
];

const RELATION_KINDS: { value: RelationKind; label: string }[] = [
  { value: 'many_to_one', label: 'Many-to-one' },
  { value: 'one_to_many', label: 'One-to-many' },
  { value: 'many_to_many', label: 'Many-to-many' },
];

interface FieldEditorProps {
  opened: boolean;
  /** The field being edited; undefined: a new field. */
  field: DraftField | undefined;
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  /** Names of the other fields of the draft, which this one may not take. */
  otherNames: readonly string[];
  /** Errors the server reported for this field, keyed `name`, `options.min`… */
  serverErrors?: Record<string, string>;
  onClose: () => void;
  onSave: (field: { name: string; type: DraftField['type']; options: FieldOptions }) => void;
}

/** A changed field form asks before Escape, Cancel or the close button drop it. */
export function FieldEditor(props: FieldEditorProps) {
  const { opened, field, onClose } = props;
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChanges(dirty && opened, field ? `the field ${field.name}` : 'a new field');
  const close = useCallback(() => {
    setDirty(false);
    onClose();
  }, [onClose]);
  const cancel = () =>
    guard.confirmDiscard(close, {
      title: 'Close without keeping the changes?',
      message: 'Your changes to this field are not in the draft yet and will be lost.',
    });
  return (
    <Modal opened={opened} onClose={cancel} title={field ? `Edit field “${field.name}”` : 'New field'} size="lg">
      {opened && <FieldEditorForm {...props} onClose={cancel} onDirtyChange={setDirty} />}
    </Modal>
  );
}

function FieldEditorForm({
  field,
  collection,
  collections,
  otherNames,
  serverErrors = {},
  onClose,
  onSave,
  onDirtyChange,
}: FieldEditorProps & { onDirtyChange: (dirty: boolean) => void }) {
  const [start] = useState<FieldForm>(() => (field ? formFromField(field) : emptyFieldForm()));
  const [form, setForm] = useState<FieldForm>(start);
  const dirty = JSON.stringify(form) !== JSON.stringify(start);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof FieldForm>(key: K, value: FieldForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const keys = optionKeysOf(form);
  const ui = fieldTypeUi(form.type);
  const errors = { ...serverErrors, ...localErrors };
  const error = (key: string) => errors[key];
  const savedType = field?.savedId ? field.type : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = optionsFromForm(form);
    const problem = nameProblem(form.name, otherNames);
    const next = { ...result.errors, ...(problem ? { name: problem } : {}) };
    setLocalErrors(next);
    if (Object.keys(next).length > 0) return;
    onDirtyChange(false);
    onSave({ name: form.name, type: form.type, options: result.options });
  };

  const targetCollection = collections.find((item) => item.name === form.target);
  const viaChoices = (targetCollection?.fields ?? [])
    .filter(
      (item) =>
        item.type === 'relation' && item.options.kind === 'many_to_one' && item.options.target === collection.name,
    )
    .map((item) => item.name);
  const boundsInput = ui.bounds === 'date' ? 'date' : 'text';
  const boundsPlaceholder =
    ui.bounds === 'datetime' ? '2026-01-01T00:00:00Z' : ui.bounds === 'date' ? 'YYYY-MM-DD' : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            required
            data-autofocus
            classNames={{ input: 'mono' }}
            value={form.name}
            onChange={(event) => set('name', event.currentTarget.value)}
            error={error('name')}
            description={
              field?.savedId && field.name !== form.name ? `Renames “${field.name}”; data is kept` : undefined
            }
          />
          <Select
            label="Type"
            required
            allowDeselect={false}
            data={TYPE_CHOICES}
            value={form.type}
            onChange={(value) => value && set('type', value as FieldForm['type'])}
            error={error('type')}
            comboboxProps={{ withinPortal: true }}
            renderOption={({ option }) => <Text size="sm">{option.label}</Text>}
          />
        </SimpleGrid>
        {savedType && savedType !== form.type && (
          <Alert color="yellow" variant="light">
            Changing the type from {fieldTypeUi(savedType).label} converts existing values; the change fails if any
            value cannot be converted.
          </Alert>
        )}

        {form.type === 'relation' && (
          <>
            <Divider label="Relation" labelPosition="left" />
            <div>
              <Text size="sm" fw={500} mb={4} id="relation-kind-label">
                Kind
              </Text>
              <SegmentedControl
                aria-labelledby="relation-kind-label"
                data={RELATION_KINDS}
                value={form.kind}
                onChange={(value) => set('kind', value as RelationKind)}
                fullWidth
              />
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Target collection"
                required
                data={collections.map((item) => item.name)}
                value={form.target || null}
                onChange={(value) => set('target', value ?? '')}
                error={error('options.target')}
                searchable
              />
              {keys.includes('onDelete') && (
                <Select
                  label="When the target is deleted"
                  allowDeselect={false}
                  data={[
                    { value: 'set_null', label: 'Set this field to null' },
                    { value: 'restrict', label: 'Refuse the delete' },
                    { value: 'cascade', label: 'Delete this record too' },
                  ]}
                  value={form.onDelete}
                  onChange={(value) => value && set('onDelete', value as FieldForm['onDelete'])}
                  error={error('options.onDelete')}
                />
              )}
              {keys.includes('via') && (
                <Select
                  label="Via (many-to-one field on the target)"
                  required
                  data={viaChoices}
                  value={form.via || null}
                  onChange={(value) => set('via', value ?? '')}
                  error={error('options.via')}
                  nothingFoundMessage="No field of the target points here"
                />
              )}
              {keys.includes('maxSelect') && (
                <TextInput
                  label="At most (links)"
                  inputMode="numeric"
                  value={form.maxSelect}
                  onChange={(event) => set('maxSelect', event.currentTarget.value)}
                  error={error('options.maxSelect')}
                />
              )}
            </SimpleGrid>
          </>
        )}

        {keys.includes('values') && (
          <>
            <Divider label="Values" labelPosition="left" />
            <TagsInput
              label="Allowed values"
              description="Type a value and press Enter"
              required
              value={form.values}
              onChange={(values) => set('values', values)}
              error={error('options.values')}
              clearable
            />
            {form.type === 'multi_select' && (
              <TextInput
                label="At most (values per record)"
                inputMode="numeric"
                value={form.maxSelect}
                onChange={(event) => set('maxSelect', event.currentTarget.value)}
                error={error('options.maxSelect')}
              />
            )}
          </>
        )}

        {keys.includes('multiple') && <FileOptionsInputs form={form} set={set} error={error} />}

        {(keys.includes('min') || keys.includes('minLength') || keys.includes('precision')) && (
          <Divider label="Constraints" labelPosition="left" />
        )}
        {keys.includes('min') && (
          <SimpleGrid cols={2}>
            <TextInput
              label="Minimum"
              type={boundsInput}
              placeholder={boundsPlaceholder}
              inputMode={ui.bounds === 'number' ? 'decimal' : undefined}
              value={form.min}
              onChange={(event) => set('min', event.currentTarget.value)}
              error={error('options.min')}
            />
            <TextInput
              label="Maximum"
              type={boundsInput}
              placeholder={boundsPlaceholder}
              inputMode={ui.bounds === 'number' ? 'decimal' : undefined}
              value={form.max}
              onChange={(event) => set('max', event.currentTarget.value)}
              error={error('options.max')}
            />
          </SimpleGrid>
        )}
        {keys.includes('precision') && (
          <SimpleGrid cols={2}>
            <TextInput
              label="Precision (total digits)"
              inputMode="numeric"
              value={form.precision}
              onChange={(event) => set('precision', event.currentTarget.value)}
              error={error('options.precision')}
            />
            <TextInput
              label="Scale (digits after the point)"
              inputMode="numeric"
              value={form.scale}
              onChange={(event) => set('scale', event.currentTarget.value)}
              error={error('options.scale')}
            />
          </SimpleGrid>
        )}
        {keys.includes('minLength') && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Min length"
              inputMode="numeric"
              value={form.minLength}
              onChange={(event) => set('minLength', event.currentTarget.value)}
              error={error('options.minLength')}
            />
            <TextInput
              label="Max length"
              inputMode="numeric"
              value={form.maxLength}
              onChange={(event) => set('maxLength', event.currentTarget.value)}
              error={error('options.maxLength')}
            />
            <TextInput
              label="Pattern (regex)"
              classNames={{ input: 'mono' }}
              value={form.pattern}
              onChange={(event) => set('pattern', event.currentTarget.value)}
              error={error('options.pattern')}
            />
          </SimpleGrid>
        )}

        {keys.includes('default') && <DefaultInput form={form} set={set} error={error('options.default')} />}

        <Divider label="Behaviour" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {(['required', 'unique', 'indexed', 'hidden', 'readOnly'] as const)
            .filter((flag) => keys.includes(flag))
            .map((flag) => (
              <Checkbox
                key={flag}
                label={FLAG_LABELS[flag].label}
                description={FLAG_LABELS[flag].description}
                checked={form[flag]}
                onChange={(event) => set(flag, event.currentTarget.checked)}
                error={error(`options.${flag}`)}
              />
            ))}
        </SimpleGrid>
        {errors['options'] && (
          <Text c="red" size="sm" role="alert">
            {errors['options']}
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit">{field ? 'Update field' : 'Add field'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

type SetForm = <K extends keyof FieldForm>(key: K, value: FieldForm[K]) => void;

/** A file field's options: how many files, how big, which types, which thumbnails, who downloads. */
function FileOptionsInputs({
  form,
  set,
  error,
}: {
  form: FieldForm;
  set: SetForm;
  error: (key: string) => string | undefined;
}) {
  const badThumbs = invalidThumbs(form.thumbs);
  const badTypes = invalidMimeTypes(form.mimeTypes);
  return (
    <>
      <Divider label="Files" labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Checkbox
          label="Multiple files"
          description="A list of files instead of one"
          checked={form.multiple}
          onChange={(event) => set('multiple', event.currentTarget.checked)}
          error={error('options.multiple')}
        />
        <TextInput
          label="At most (files per record)"
          inputMode="numeric"
          placeholder={form.multiple ? String(DEFAULT_MAX_FILES) : '1'}
          disabled={!form.multiple}
          value={form.multiple ? form.maxFiles : ''}
          onChange={(event) => set('maxFiles', event.currentTarget.value)}
          error={error('options.maxFiles')}
        />
      </SimpleGrid>
      <TextInput
        label="Largest file"
        description="Per file; the server's FILE_MAX_BYTES caps it whatever it says"
        placeholder="Server limit"
        inputMode="decimal"
        value={form.maxSize}
        onChange={(event) => set('maxSize', event.currentTarget.value)}
        error={error('options.maxSize')}
        rightSectionWidth={84}
        rightSection={
          <NativeSelect
            aria-label="Unit of the largest file"
            data={[...SIZE_UNITS]}
            value={form.maxSizeUnit}
            onChange={(event) => set('maxSizeUnit', event.currentTarget.value as SizeUnit)}
            rightSectionWidth={24}
            styles={{ input: { width: 84, borderTopLeftRadius: 0, borderBottomLeftRadius: 0, fontWeight: 500 } }}
          />
        }
      />
      <TagsInput
        label="Accepted types"
        description="Sniffed from the content: exact (application/pdf) or a family (image/*). Empty: any type"
        placeholder="image/*"
        data={MIME_SUGGESTIONS}
        value={form.mimeTypes}
        onChange={(values) => set('mimeTypes', values)}
        error={badTypes.length > 0 ? `Not a media type: ${badTypes.join(', ')}` : error('options.mimeTypes')}
        clearable
      />
      <TagsInput
        label="Thumbnail presets"
        description="WxH crops to fill (t/b: from the top/bottom), WxHf fits inside, Wx0 or 0xH keeps the ratio"
        placeholder="100x100"
        maxTags={MAX_THUMB_PRESETS}
        value={form.thumbs}
        onChange={(values) => set('thumbs', values)}
        error={badThumbs.length > 0 ? thumbsProblem(badThumbs) : error('options.thumbs')}
        clearable
      />
      <Checkbox
        label="Protected"
        description="Downloads need a signed-in caller or a file token, even where anyone may see the record"
        checked={form.protected}
        onChange={(event) => set('protected', event.currentTarget.checked)}
        error={error('options.protected')}
      />
    </>
  );
}

function DefaultInput({
  form,
  set,
  error,
}: {
  form: FieldForm;
  set: <K extends keyof FieldForm>(key: K, value: FieldForm[K]) => void;
  error: string | undefined;
}) {
  const ui = fieldTypeUi(form.type);
  const label = 'Default value';
  switch (ui.value) {
    case 'boolean':
      return (
        <Select
          label={label}
          data={[
            { value: 'true', label: 'true' },
            { value: 'false', label: 'false' },
          ]}
          placeholder="No default"
          clearable
          value={form.defaultValue || null}
          onChange={(value) => set('defaultValue', value ?? '')}
          error={error}
        />
      );
    case 'select':
      return (
        <Select
          label={label}
          data={form.values}
          placeholder="No default"
          clearable
          value={form.defaultValue || null}
          onChange={(value) => set('defaultValue', value ?? '')}
          error={error}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          label={label}
          data={form.values}
          placeholder="No default"
          clearable
          value={form.defaultValues}
          onChange={(values) => set('defaultValues', values)}
          error={error}
        />
      );
    case 'json':
      return (
        <JsonInput
          label={label}
          placeholder="No default"
          autosize
          minRows={2}
          formatOnBlur
          validationError="Invalid JSON"
          value={form.defaultValue}
          onChange={(value) => set('defaultValue', value)}
          error={error}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <TextInput
          label={label}
          description={ui.value === 'date' ? 'YYYY-MM-DD, or now' : 'An ISO date-time with offset, or now'}
          value={form.defaultValue}
          onChange={(event) => set('defaultValue', event.currentTarget.value)}
          error={error}
        />
      );
    default:
      return (
        <TextInput
          label={label}
          inputMode={ui.value === 'integer' || ui.value === 'number' ? 'decimal' : undefined}
          placeholder="No default"
          value={form.defaultValue}
          onChange={(event) => set('defaultValue', event.currentTarget.value)}
          error={error}
        />
      );
  }
}
