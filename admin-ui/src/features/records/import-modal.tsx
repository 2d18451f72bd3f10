// Imports a file into a collection: choose the file, its format, whether one bad row stops the
// whole import or is skipped, and whether webhooks hear of each row; then the job's progress,
// and its report with the rows that were refused and why.
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Modal,
  Progress,
  Radio,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useJobQuery } from '../../data/jobs/job-query';
import type { JobRef } from '../../data/jobs/keys';
import { recordKeys } from '../../data/records/keys';
import { useImportMutation } from '../../data/transfers/import-mutation';
import {
  formatBytes,
  formatOfFileName,
  IMPORT_FORMATS,
  importOutcomeOf,
  type ImportFormat,
  type ImportMode,
} from './transfer';

const FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: 'CSV (header row with field names)',
  ndjson: 'NDJSON (one JSON object per line)',
  json: 'JSON (an array of objects)',
};

export function ImportModal({
  collection,
  opened,
  onClose,
}: {
  collection: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Import into ${collection}`} centered size="lg">
      {opened && <ImportFlow collection={collection} onClose={onClose} />}
    </Modal>
  );
}

function ImportFlow({ collection, onClose }: { collection: string; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [emitEvents, setEmitEvents] = useState(false);
  const upload = useImportMutation();
  const errors = fieldErrors(upload.error);
  const job: JobRef | undefined = upload.data ? { id: upload.data.id, queue: upload.data.queue } : undefined;

  if (job) return <ImportProgress collection={collection} job={job} onClose={onClose} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate({ collection, file, format, mode, emitEvents });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FileInput
          label="File"
          required
          placeholder="Choose a .csv, .ndjson or .json file"
          accept=".csv,.ndjson,.jsonl,.json,text/csv,application/json,application/x-ndjson"
          clearable
          value={file}
          onChange={(chosen) => {
            setFile(chosen);
            const detected = chosen ? formatOfFileName(chosen.name) : undefined;
            if (detected) setFormat(detected);
          }}
          description={file ? formatBytes(file.size) : 'Field names as in the schema; unknown columns are refused'}
          error={errors['file']}
        />
        <Select
          label="Format"
          allowDeselect={false}
          data={IMPORT_FORMATS.map((value) => ({ value, label: FORMAT_LABELS[value] }))}
          value={format}
          onChange={(value) => value && setFormat(value as ImportFormat)}
          error={errors['format']}
        />
        <Radio.Group
          label="When a row is invalid"
          value={mode}
          onChange={(value) => setMode(value as ImportMode)}
          error={errors['mode']}
        >
          <Stack gap={6} mt={6}>
            <Radio value="all_or_nothing" label="Import nothing (all or nothing)" />
            <Radio value="skip_invalid" label="Skip the invalid rows and import the rest" />
          </Stack>
        </Radio.Group>
        <Checkbox
          label="Send record events (webhooks) for imported rows"
          checked={emitEvents}
          onChange={(event) => setEmitEvents(event.currentTarget.checked)}
        />
        <ProblemAlert error={upload.error} claimed={['file', 'format', 'mode']} title="The file was not accepted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            Upload and import
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ImportProgress({ collection, job, onClose }: { collection: string; job: JobRef; onClose: () => void }) {
  const queryClient = useQueryClient();
  const status = useJobQuery(job, { poll: true });
  const state = status.data?.state;
  const outcome = status.data ? importOutcomeOf(status.data) : undefined;
  const finished = state === 'completed' || state === 'failed';

  // Rows may have landed (skip mode commits batch by batch): refresh the table when it ends.
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) });
  }, [finished, collection, queryClient]);

  return (
    <Stack>
      {status.isError && <ProblemAlert error={status.error} />}
      {!finished && (
        <Stack gap={4}>
          <Text size="sm" role="status">
            {state === 'active' ? 'Importing…' : 'Waiting for the worker…'}
            {outcome && outcome.processed > 0 ? ` ${outcome.processed.toLocaleString()} rows read` : ''}
          </Text>
          {/* Before the first report the bar only says that something is going on. */}
          <Progress
            value={outcome?.percent ?? 100}
            striped={outcome?.percent === undefined}
            animated={outcome?.percent === undefined}
            aria-label="Import progress"
          />
        </Stack>
      )}
      {finished && outcome && (
        <Alert
          color={state === 'completed' ? (outcome.skipped > 0 ? 'yellow' : 'green') : 'red'}
          variant="light"
          role="status"
          title={state === 'completed' ? 'Import finished' : 'Import failed'}
        >
          <Text size="sm">
            {outcome.inserted.toLocaleString()} record{outcome.inserted === 1 ? '' : 's'} imported
            {outcome.skipped > 0 ? `, ${outcome.skipped.toLocaleString()} skipped` : ''}.
          </Text>
          {state === 'failed' && (
            <Text size="sm" mt={4}>
              {outcome.errorsTotal > 0
                ? 'Nothing was imported: fix the rows below and import the file again, or skip invalid rows.'
                : (status.data?.failed_reason ?? 'The worker could not finish the import.')}
            </Text>
          )}
        </Alert>
      )}
      {finished && outcome && outcome.errors.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {outcome.errorsTotal.toLocaleString()} row error{outcome.errorsTotal === 1 ? '' : 's'}
            {outcome.errorsTotal > outcome.errors.length ? ` (the first ${outcome.errors.length} shown)` : ''}
          </Text>
          <Table.ScrollContainer minWidth={480} mah={320}>
            <Table className="data-table" striped aria-label="Row errors" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Row</Table.Th>
                  <Table.Th w={160}>Field</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outcome.errors.map((error, index) => (
                  <Table.Tr key={`${error.row}:${error.field ?? ''}:${index}`}>
                    <Table.Td>{error.row}</Table.Td>
                    <Table.Td ff="monospace">{error.field ?? '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'normal' }}>{error.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            Rows are counted from 1, not counting a CSV header.
          </Text>
        </Stack>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} variant={finished ? 'filled' : 'default'}>
          {finished ? 'Done' : 'Close (the import goes on)'}
        </Button>
      </Group>
    </Stack>
  );
}
