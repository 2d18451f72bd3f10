// Bulk edit: one field set to one value on the selected records or on every record matching
// the current filter, through the bulk update endpoint. The count is confirmed before it runs.
import { Alert, Button, Group, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage, fieldErrors, type CollectionDefinition, type FieldDefinition } from '../../../api';
import { idsFilter } from '../../../data/records/records-bulk-delete-mutation';
import { useBulkUpdateRecordsMutation } from '../../../data/records/records-bulk-update-mutation';
import { RecordInput } from '../record-input';
import { defaultInputValue, fromInputValue, type InputValue } from '../record-values';
import { isCellEditable } from './cell-text';

type Scope = 'selected' | 'filter';

interface BulkEditModalProps {
  opened: boolean;
  onClose: () => void;
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  selectedIds: readonly string[];
  /** The filter the grid shows; empty: every record. */
  filter: string;
  /** How many records the filter matches (the grid's count). */
  matching: number;
  onDone: () => void;
}

/** Fields the bulk update endpoint can set: not files, not links kept in junction tables. */
export function bulkEditable(field: FieldDefinition): boolean {
  return isCellEditable(field) && !field.options.unique;
}

export function BulkEditModal(props: BulkEditModalProps) {
  const fields = props.collection.fields.filter(
    (field) => bulkEditable(field) && !field.options.hidden && field.type !== 'secret',
  );
  const [scope, setScope] = useState<Scope>(props.selectedIds.length > 0 ? 'selected' : 'filter');
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [value, setValue] = useState<InputValue>('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const update = useBulkUpdateRecordsMutation(props.collection.name);
  const field = fields.find((item) => item.name === fieldName);
  const count = scope === 'selected' ? props.selectedIds.length : props.matching;
  const filter = scope === 'selected' ? idsFilter(props.selectedIds) : props.filter || 'id != null';
  const converted = field ? fromInputValue(field, value) : null;
  const close = () => {
    setConfirming(false);
    setProblem(null);
    props.onClose();
  };

  const run = () => {
    if (!field || !converted || !('value' in converted)) return;
    update.mutate(
      { filter, values: { [field.name]: converted.value } },
      {
        onSuccess: (updated) => {
          notifications.show({
            color: 'green',
            message: `${field.name} set on ${updated} record${updated === 1 ? '' : 's'}`,
          });
          props.onDone();
          close();
        },
        onError: (error) => {
          setConfirming(false);
          setProblem(fieldErrors(error)[field.name] ?? errorMessage(error));
        },
      },
    );
  };

  const shown = (text: InputValue) => (Array.isArray(text) ? text.join(', ') : String(text)) || 'empty';
  return (
    <Modal opened={props.opened} onClose={close} title="Edit records in bulk" centered size="lg">
      <Stack>
        <Radio.Group label="Which records" value={scope} onChange={(next) => setScope(next as Scope)}>
          <Stack gap={6} mt={6}>
            <Radio
              value="selected"
              disabled={props.selectedIds.length === 0}
              label={`The selected records (${props.selectedIds.length})`}
            />
            <Radio
              value="filter"
              label={
                props.filter
                  ? `Every record matching the filter (${props.matching.toLocaleString()})`
                  : `Every record (${props.matching.toLocaleString()})`
              }
            />
          </Stack>
        </Radio.Group>
        {scope === 'filter' && props.filter && (
          <Text size="sm" ff="monospace">
            {props.filter}
          </Text>
        )}
        <Select
          label="Field"
          placeholder="Choose a field"
          data={fields.map((item) => item.name)}
          value={fieldName}
          onChange={(name) => {
            setFieldName(name);
            const next = fields.find((item) => item.name === name);
            setValue(next ? defaultInputValue(next) : '');
            setConfirming(false);
          }}
        />
        {field && (
          <RecordInput
            key={field.name}
            field={{ ...field, name: `New value of ${field.name}` }}
            value={value}
            error={converted && 'error' in converted ? converted.error : undefined}
            collections={props.collections}
            editing
            onChange={(next) => {
              setValue(next);
              setConfirming(false);
            }}
          />
        )}
        {problem && (
          <Alert color="red" title="Nothing was changed" role="alert">
            {problem}
          </Alert>
        )}
        {confirming && field && (
          <Alert color="orange" title="Confirm" role="status">
            Set {field.name} to “{shown(value)}” on {count.toLocaleString()} record{count === 1 ? '' : 's'}? They are
            changed in one transaction.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          {confirming ? (
            <Button color="orange" loading={update.isPending} onClick={run}>
              Update {count.toLocaleString()} record{count === 1 ? '' : 's'}
            </Button>
          ) : (
            <Button
              disabled={!field || count === 0 || !converted || !('value' in converted)}
              onClick={() => {
                setProblem(null);
                setConfirming(true);
              }}
            >
              Review
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
