// The editor a grid cell opens, by field type: an input in the cell for text, numbers, dates
// and selects; a popover for multi-selects, relations and JSON. Enter (JSON: Ctrl+Enter) or
// leaving an in-cell input commits, Tab commits and moves on, Escape cancels.
import { Button, Checkbox, Group, JsonInput, Popover, Stack, Text } from '@mantine/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { CollectionDefinition, FieldDefinition } from '../../../api';
import { fieldTypeUi } from '../../../field-types';
import type { InputValue } from '../record-values';
import { RelationPicker } from '../relation-picker';

export type CommitKey = 'Enter' | 'ShiftEnter' | 'Tab' | 'ShiftTab' | 'blur';

interface CellEditorProps {
  field: FieldDefinition;
  collections: readonly CollectionDefinition[];
  initial: InputValue;
  onCommit: (value: InputValue, how: CommitKey) => void;
  onCancel: () => void;
}

const INPUT_TYPES: Partial<Record<string, string>> = {
  email: 'email',
  url: 'url',
  date: 'date',
  datetime: 'datetime-local',
};

export function CellEditor(props: CellEditorProps) {
  const kind = fieldTypeUi(props.field.type).value;
  switch (kind) {
    case 'multi_select':
    case 'relation':
    case 'json':
      return <PopoverEditor {...props} />;
    default:
      return <InlineEditor {...props} />;
  }
}

/** Commits once: Enter unmounts the input, and a blur that follows must not save again. */
function useCommitOnce(onCommit: CellEditorProps['onCommit'], onCancel: () => void) {
  const done = useRef(false);
  return {
    commit: (value: InputValue, how: CommitKey) => {
      if (done.current) return;
      done.current = true;
      onCommit(value, how);
    },
    cancel: () => {
      if (done.current) return;
      done.current = true;
      onCancel();
    },
  };
}

function commitKey(event: KeyboardEvent): CommitKey | null {
  if (event.key === 'Enter') return event.shiftKey ? 'ShiftEnter' : 'Enter';
  if (event.key === 'Tab') return event.shiftKey ? 'ShiftTab' : 'Tab';
  return null;
}

function InlineEditor({ field, initial, onCommit, onCancel }: CellEditorProps) {
  const kind = fieldTypeUi(field.type).value;
  const [text, setText] = useState(typeof initial === 'string' ? initial : '');
  const { commit, cancel } = useCommitOnce(onCommit, onCancel);
  const label = `Edit ${field.name}`;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    event.stopPropagation(); // the grid's keys are not the editor's
    const how = commitKey(event);
    if (how) {
      event.preventDefault();
      commit(text, how);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  };
  if (kind === 'select') {
    return (
      <select
        className="cell-input"
        aria-label={label}
        autoFocus
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => commit(text, 'blur')}
      >
        <option value="">—</option>
        {(field.options.values ?? []).map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      className="cell-input"
      aria-label={label}
      autoFocus
      type={INPUT_TYPES[kind] ?? 'text'}
      step={kind === 'datetime' ? 1 : undefined}
      inputMode={kind === 'integer' ? 'numeric' : kind === 'number' ? 'decimal' : undefined}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={onKeyDown}
      onBlur={() => commit(text, 'blur')}
      // Typing started the edit: the caret goes after what was typed.
      onFocus={(event) => event.currentTarget.setSelectionRange?.(text.length, text.length)}
    />
  );
}

function PopoverEditor({ field, collections, initial, onCommit, onCancel }: CellEditorProps) {
  const [value, setValue] = useState<InputValue>(initial);
  const { commit, cancel } = useCommitOnce(onCommit, onCancel);
  const kind = fieldTypeUi(field.type).value;
  const preview = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
  const editor = (() => {
    if (kind === 'multi_select') {
      return (
        <Checkbox.Group label={field.name} value={Array.isArray(value) ? value : []} onChange={setValue}>
          <Stack gap={6} mt={6}>
            {(field.options.values ?? []).map((option) => (
              <Checkbox key={option} value={option} label={option} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    if (kind === 'relation') {
      return (
        <RelationPicker
          label={field.name}
          target={collections.find((item) => item.name === field.options.target)}
          targetName={field.options.target ?? ''}
          multiple={false}
          value={typeof value === 'string' ? value : ''}
          onChange={(id) => commit(typeof id === 'string' ? id : '', 'Enter')}
        />
      );
    }
    return (
      <JsonInput
        label={field.name}
        description="Ctrl+Enter saves"
        autosize
        minRows={4}
        maxRows={14}
        validationError="Invalid JSON"
        value={typeof value === 'string' ? value : ''}
        onChange={setValue}
        data-autofocus
      />
    );
  })();
  return (
    <Popover
      opened
      onClose={cancel}
      position="bottom-start"
      width={320}
      trapFocus
      returnFocus={false}
      closeOnClickOutside={false}
      shadow="md"
    >
      <Popover.Target>
        <Text span size="sm" px={8} truncate>
          {preview}
        </Text>
      </Popover.Target>
      <Popover.Dropdown
        aria-label={`Edit ${field.name}`}
        role="dialog"
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || kind === 'multi_select')) {
            event.preventDefault();
            commit(value, 'Enter');
          }
        }}
      >
        <Stack gap="xs">
          {editor}
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={cancel}>
              Cancel
            </Button>
            {kind !== 'relation' && (
              <Button size="xs" onClick={() => commit(value, 'Enter')}>
                Save
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
