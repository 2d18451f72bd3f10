// The filter builder: conditions of field → operator (those its type allows) → value, joined by
// && or ||, shown as the expression text they make. It opens on the text in the filter box when
// that is simple enough, and otherwise says so and leaves the text alone.
import {
  Alert,
  Button,
  CloseButton,
  Code,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import {
  expressionFields,
  fieldsOf,
  resolvePath,
  type ExpressionField,
  type ExpressionScope,
} from './expression-fields';
import {
  builderOperators,
  macrosFor,
  OPERATOR_LABELS,
  readFilter,
  takesList,
  takesValue,
  writeFilter,
  type BuilderFilter,
  type BuilderOperator,
  type BuilderRow,
  type Join,
} from './filter-builder-model';

interface FilterBuilderProps {
  opened: boolean;
  /** The filter box's text when the builder opens. */
  text: string;
  scope: ExpressionScope;
  onClose: () => void;
  /** The written expression ('' for no conditions): the caller puts it in the box and applies it. */
  onUse: (text: string) => void;
}

export function FilterBuilder({ opened, text, scope, onClose, onUse }: FilterBuilderProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Filter builder" size="xl">
      {/* Mounted per opening, so it starts from the text as it is now. */}
      {opened && <BuilderBody text={text} scope={scope} onClose={onClose} onUse={onUse} />}
    </Modal>
  );
}

function BuilderBody({ text, scope, onClose, onUse }: Omit<FilterBuilderProps, 'opened'>) {
  const read = useMemo(() => readFilter(text, scope), [text, scope]);
  const [filter, setFilter] = useState<BuilderFilter | null>(() => (read.ok ? startingRows(read.filter) : null));
  const [attempted, setAttempted] = useState(false);

  if (filter === null) {
    return (
      <Stack>
        <Alert color="yellow" title="Too complex for the builder">
          {read.ok ? '' : read.reason} The filter box keeps it as it is.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setFilter({ join: 'and', rows: [emptyRow()] })}>
            Start a new filter
          </Button>
          <Button onClick={onClose}>Keep the text</Button>
        </Group>
      </Stack>
    );
  }

  const written = writeFilter(filter, scope);
  const setRow = (index: number, row: BuilderRow) =>
    setFilter({ ...filter, rows: filter.rows.map((item, at) => (at === index ? row : item)) });

  return (
    <Stack>
      <Group gap="xs">
        <Text size="sm">Records matching</Text>
        <SegmentedControl
          aria-label="Records matching"
          size="xs"
          value={filter.join}
          onChange={(join) => setFilter({ ...filter, join: join as Join })}
          data={[
            { value: 'and', label: 'all conditions (&&)' },
            { value: 'or', label: 'any condition (||)' },
          ]}
        />
      </Group>
      {filter.rows.map((row, index) => (
        <ConditionRow
          key={index}
          number={index + 1}
          row={row}
          scope={scope}
          error={attempted && !written.ok ? written.errors[index] : undefined}
          onChange={(next) => setRow(index, next)}
          onRemove={() => setFilter({ ...filter, rows: filter.rows.filter((_, at) => at !== index) })}
        />
      ))}
      <Group>
        <Button variant="light" onClick={() => setFilter({ ...filter, rows: [...filter.rows, emptyRow()] })}>
          Add condition
        </Button>
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={600} id="filter-builder-expression">
          Expression
        </Text>
        <Code block aria-labelledby="filter-builder-expression" className="mono">
          {written.ok ? written.text || '(no conditions: every record)' : 'Complete the conditions above'}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={() => {
            setAttempted(true);
            if (written.ok) onUse(written.text);
          }}
        >
          Use this filter
        </Button>
      </Group>
    </Stack>
  );
}

function startingRows(filter: BuilderFilter): BuilderFilter {
  return filter.rows.length > 0 ? filter : { ...filter, rows: [emptyRow()] };
}

function emptyRow(): BuilderRow {
  return { path: '', operator: '=', input: '' };
}

/** The field choices: the collection's own, then one relation hop (`author.name`), grouped. */
function fieldChoices(scope: ExpressionScope) {
  const own = fieldsOf(scope, scope.collection);
  const groups = [{ group: scope.collection, items: own.map((field) => field.name) }];
  for (const relation of own) {
    if (relation.target === undefined || relation.operators.includes('?=')) continue;
    const target = scope.collections.find((item) => item.name === relation.target);
    if (!target) continue;
    const items = expressionFields(target).map((field) => `${relation.name}.${field.name}`);
    groups.push({ group: `${relation.name} → ${relation.target}`, items });
  }
  return groups;
}

interface ConditionRowProps {
  number: number;
  row: BuilderRow;
  scope: ExpressionScope;
  error: string | undefined;
  onChange: (row: BuilderRow) => void;
  onRemove: () => void;
}

function ConditionRow({ number, row, scope, error, onChange, onRemove }: ConditionRowProps) {
  const choices = useMemo(() => {
    const groups = fieldChoices(scope);
    // A deeper path read back from the text is offered too, so the row can show it.
    const known = groups.some((group) => group.items.includes(row.path));
    return known || row.path === '' ? groups : [...groups, { group: 'from the text', items: [row.path] }];
  }, [scope, row.path]);
  const field = resolvePath(scope, row.path);
  const operators = field ? builderOperators(field) : [];
  const choose = (path: string | null) => {
    const next = path ? resolvePath(scope, path) : undefined;
    const offered = next ? builderOperators(next) : [];
    const operator = offered.includes(row.operator) ? row.operator : (offered[0] ?? '=');
    onChange({ path: path ?? '', operator, input: takesList(operator) ? [] : '' });
  };
  return (
    <Stack gap={4} role="group" aria-label={`Condition ${number}`}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <Select
          aria-label={`Field of condition ${number}`}
          placeholder="Field"
          searchable
          data={choices}
          value={row.path || null}
          onChange={choose}
          w={220}
        />
        <Select
          aria-label={`Operator of condition ${number}`}
          placeholder="Operator"
          disabled={!field}
          allowDeselect={false}
          data={operators.map((operator) => ({ value: operator, label: operatorLabel(operator) }))}
          value={field ? row.operator : null}
          onChange={(operator) => {
            const next = (operator ?? '=') as BuilderOperator;
            // A list editor and a single-value editor hold different shapes: start the value over.
            const input = takesList(next) === takesList(row.operator) ? row.input : takesList(next) ? [] : '';
            onChange({ ...row, operator: next, input });
          }}
          w={200}
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          {field && takesValue(row.operator) && (
            <ValueEditor number={number} field={field} row={row} error={error} onChange={onChange} />
          )}
        </div>
        <CloseButton aria-label={`Remove condition ${number}`} onClick={onRemove} mt={6} />
      </Group>
      {error && (!field || !takesValue(row.operator)) && (
        <Text c="red" size="xs">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function operatorLabel(operator: BuilderOperator): string {
  const label = OPERATOR_LABELS[operator];
  if (operator === 'empty') return `${label} (= null)`;
  if (operator === 'not_empty') return `${label} (!= null)`;
  return `${label} (${operator})`;
}

const PLACEHOLDERS: Record<ExpressionField['kind'], string> = {
  text: 'Text',
  integer: 'A whole number',
  number: 'A number',
  boolean: 'true or false',
  date: '2024-05-31',
  datetime: '2024-05-31T12:00:00Z',
  json: 'A string, number or true/false',
  choice: 'A value',
  id: 'A record id',
};

interface ValueEditorProps {
  number: number;
  field: ExpressionField;
  row: BuilderRow;
  error: string | undefined;
  onChange: (row: BuilderRow) => void;
}

/** The editor that fits the field's type: a list for in / !in, a choice for booleans and selects, text otherwise. */
function ValueEditor({ number, field, row, error, onChange }: ValueEditorProps) {
  const label = `Value of condition ${number}`;
  const single = Array.isArray(row.input) ? (row.input[0] ?? '') : row.input;
  const list = Array.isArray(row.input) ? row.input : row.input === '' ? [] : [row.input];
  const macros = macrosFor(field);
  const hint = macros.length > 0 ? ` or ${macros.join(', ')}` : '';
  // A value read back from the text that the field no longer offers still shows.
  const offered = [...new Set([...(field.choices ?? []), ...list])];
  if (takesList(row.operator)) {
    const set = (input: string[]) => onChange({ ...row, input });
    return field.choices ? (
      <MultiSelect aria-label={label} data={offered} value={list} onChange={set} error={error} />
    ) : (
      <TagsInput
        aria-label={label}
        placeholder="Type a value, then Enter"
        value={list}
        onChange={set}
        error={error}
        splitChars={[]}
      />
    );
  }
  const set = (input: string | null) => onChange({ ...row, input: input ?? '' });
  if (field.kind === 'boolean' || field.choices) {
    const data = field.kind === 'boolean' ? ['true', 'false'] : offered;
    return (
      <Select aria-label={label} placeholder="Choose" data={data} value={single || null} onChange={set} error={error} />
    );
  }
  return (
    <TextInput
      aria-label={label}
      placeholder={PLACEHOLDERS[field.kind] + hint}
      classNames={{ input: 'mono' }}
      value={single}
      onChange={(event) => set(event.currentTarget.value)}
      error={error}
    />
  );
}
