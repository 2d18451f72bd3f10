// Exports the records the browser shows (its filter and sort) to CSV or NDJSON: the worker
// writes the file, and once it is done the file is downloaded through the signed-in client.
import { Alert, Button, Checkbox, Code, Group, Modal, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { useDownloadJobFileMutation } from '../../data/jobs/job-download-mutation';
import { useJobQuery } from '../../data/jobs/job-query';
import type { JobRef } from '../../data/jobs/keys';
import { useExportMutation } from '../../data/transfers/export-mutation';
import { EXPORT_FORMATS, exportOutcomeOf, formatBytes, type ExportFormat } from './transfer';

interface ExportModalProps {
  collection: string;
  filter: string;
  sort: string | undefined;
  /** The columns the browser shows, for "only these columns". */
  visibleFields: string[];
  opened: boolean;
  onClose: () => void;
}

export function ExportModal(props: ExportModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Export ${props.collection}`} centered>
      {props.opened && <ExportFlow {...props} />}
    </Modal>
  );
}

function ExportFlow({ collection, filter, sort, visibleFields, onClose }: ExportModalProps) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [onlyVisible, setOnlyVisible] = useState(false);
  const start = useExportMutation();
  const job: JobRef | undefined = start.data ? { id: start.data.id, queue: start.data.queue } : undefined;

  if (job) return <ExportProgress collection={collection} format={format} job={job} onClose={onClose} />;
  return (
    <Stack>
      <SegmentedControl
        aria-label="Export format"
        value={format}
        onChange={(value) => setFormat(value as ExportFormat)}
        data={EXPORT_FORMATS.map((value) => ({ value, label: value.toUpperCase() }))}
      />
      <Stack gap={4}>
        <Text size="sm">
          {filter ? (
            <>
              Records matching <Code>{filter}</Code>
            </>
          ) : (
            'Every record'
          )}
          {sort ? (
            <>
              , sorted by <Code>{sort}</Code>
            </>
          ) : null}
          .
        </Text>
        <Checkbox
          label="Only the visible columns"
          checked={onlyVisible}
          onChange={(event) => setOnlyVisible(event.currentTarget.checked)}
        />
      </Stack>
      <ProblemAlert error={start.error} title="The export was not started" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          loading={start.isPending}
          onClick={() =>
            start.mutate({
              collection,
              format,
              ...(filter ? { filter } : {}),
              ...(sort ? { sort } : {}),
              ...(onlyVisible ? { fields: visibleFields.join(',') } : {}),
            })
          }
        >
          Start export
        </Button>
      </Group>
    </Stack>
  );
}

function ExportProgress({
  collection,
  format,
  job,
  onClose,
}: {
  collection: string;
  format: ExportFormat;
  job: JobRef;
  onClose: () => void;
}) {
  const status = useJobQuery(job, { poll: true });
  const download = useDownloadJobFileMutation();
  const state = status.data?.state;
  const outcome = status.data ? exportOutcomeOf(status.data) : undefined;
  return (
    <Stack>
      {status.isError && <ProblemAlert error={status.error} />}
      {state !== 'completed' && state !== 'failed' && (
        <Stack gap={4}>
          <Text size="sm" role="status">
            {state === 'active'
              ? `Exporting… ${outcome?.rows.toLocaleString() ?? 0} rows written`
              : 'Waiting for the worker…'}
          </Text>
          <Progress value={100} striped animated aria-label="Export progress" />
        </Stack>
      )}
      {state === 'failed' && (
        <Alert color="red" variant="light" role="status" title="Export failed">
          {status.data?.failed_reason ?? 'The worker could not write the file.'}
        </Alert>
      )}
      {state === 'completed' && outcome && (
        <Alert color="green" variant="light" role="status" title="Export ready">
          {outcome.rows.toLocaleString()} record{outcome.rows === 1 ? '' : 's'}
          {outcome.bytes === undefined ? '' : `, ${formatBytes(outcome.bytes)}`}. The file is kept for a limited time.
        </Alert>
      )}
      <ProblemAlert error={download.error} title="The download failed" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {state === 'completed' ? 'Close' : 'Close (the export goes on)'}
        </Button>
        {state === 'completed' && (
          <Button
            loading={download.isPending}
            onClick={() =>
              download.mutate({ id: job.id, fallbackName: outcome?.fileName ?? `${collection}.${format}` })
            }
          >
            Download {outcome?.fileName ?? `${collection}.${format}`}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
