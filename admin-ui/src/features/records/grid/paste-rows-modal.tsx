// "Paste rows": rows copied from a spreadsheet become new records, all in one request (all or
// none). What each column maps to and how many records will be made is shown before creating.
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage, type CollectionDefinition } from '../../../api';
import { useBulkCreateRecordsMutation } from '../../../data/records/records-bulk-create-mutation';
import { pastedRecords } from './paste-rows';

interface PasteRowsModalProps {
  opened: boolean;
  onClose: () => void;
  collection: CollectionDefinition;
  /** The grid's visible columns in order: cells without a header row go to these. */
  columnOrder: readonly string[];
  onCreated: (ids: string[]) => void;
}

export function PasteRowsModal(props: PasteRowsModalProps) {
  const [text, setText] = useState('');
  const create = useBulkCreateRecordsMutation(props.collection.name);
  const parsed = pastedRecords(text, props.collection.fields, props.columnOrder);
  const count = parsed.records.length;
  const close = () => {
    setText('');
    create.reset();
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={close} title="Paste rows as new records" centered size="lg">
      <Stack>
        <Textarea
          label="Rows from a spreadsheet"
          description="Copy cells in a spreadsheet and paste them here. A first row of field names is read as the header."
          autosize
          minRows={5}
          maxRows={14}
          classNames={{ input: 'mono' }}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-autofocus
        />
        {count > 0 && (
          <Text size="sm" role="status">
            {count} new record{count === 1 ? '' : 's'} · columns: {parsed.columns.join(', ')}
          </Text>
        )}
        {parsed.problems.length > 0 && (
          <Alert color="red" title="Some cells cannot be read">
            {parsed.problems.slice(0, 5).join(' ')}
          </Alert>
        )}
        {create.error && (
          <Alert color="red" title="No record was created" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={count === 0 || parsed.problems.length > 0}
            loading={create.isPending}
            onClick={() =>
              create.mutate(parsed.records, {
                onSuccess: (records) => {
                  notifications.show({
                    color: 'green',
                    message: `${records.length} record${records.length === 1 ? '' : 's'} created`,
                  });
                  props.onCreated(records.map((record) => record.id));
                  close();
                },
              })
            }
          >
            Create {count} record{count === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
