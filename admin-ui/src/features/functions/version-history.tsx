// A function's deploy history, newest first: each version's language, where it came from (a
// restore names the version it brought back) and when; a version's source opens read-only, and
// "Restore" deploys it again as a new version after a confirmation.
import { Badge, Button, Card, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, useState } from 'react';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ProblemAlert } from '../../components/problem-alert';
import type { FunctionView } from '../../data/functions/functions-query';
import { useRestoreVersionMutation } from '../../data/functions/function-restore-mutation';
import { useFunctionVersionsQuery, type FunctionVersion } from '../../data/functions/function-versions-query';
import { LANGUAGES } from './function-form';
import { LazyCodeEditor } from './lazy-code-editor';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

const COLUMNS = 5;

const languageLabel = (language: string): string =>
  LANGUAGES.find((item) => item.value === language)?.label ?? language;

interface VersionHistoryProps {
  fn: FunctionView;
  /** Unsaved changes in the editor, which a restore replaces. */
  dirty: boolean;
  onRestored: (restored: FunctionView) => void;
}

export function VersionHistory({ fn, dirty, onRestored }: VersionHistoryProps) {
  const versions = useFunctionVersionsQuery(fn.name);
  const restore = useRestoreVersionMutation(fn.name);
  const [shown, setShown] = useState<number | null>(null);
  // Kept while the dialog closes, so its title does not change as it fades.
  const [restoring, setRestoring] = useState<{ opened: boolean; version: FunctionVersion | null }>({
    opened: false,
    version: null,
  });
  const closeRestore = () => setRestoring((current) => ({ ...current, opened: false }));

  const confirmRestore = (version: FunctionVersion) =>
    restore.mutate(version.number, {
      onSuccess: (restored) => {
        notifications.show({
          color: 'green',
          message: `Version ${version.number} restored as version ${restored.version.number}`,
        });
        closeRestore();
        onRestored(restored);
      },
    });

  return (
    <Stack gap="sm">
      <Title order={2} fz="h4">
        Versions
      </Title>
      {versions.isPending && <LoadingBlock label="Loading versions" />}
      {versions.isError && <ProblemAlert error={versions.error} />}
      {versions.data && versions.data.length === 0 && (
        <Card withBorder>
          <EmptyState title="No versions" description="Every deploy of a new source is a version." />
        </Card>
      )}
      {versions.data && versions.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table className="data-table" aria-label="Versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Language</Table.Th>
                <Table.Th>Origin</Table.Th>
                <Table.Th>Deployed</Table.Th>
                <HiddenColumnHeader label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.data.map((version) => {
                const deployed = version.number === fn.version.number;
                const open = shown === version.number;
                return (
                  <Fragment key={version.number}>
                    <Table.Tr>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Text size="sm" fw={500}>
                            v{version.number}
                          </Text>
                          {deployed && (
                            <Badge size="sm" variant="light" color="green">
                              deployed
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{languageLabel(version.language)}</Table.Td>
                      <Table.Td>
                        {version.restored_from === null ? (
                          <Text span size="sm" c="dimmed">
                            deploy
                          </Text>
                        ) : (
                          <Text span size="sm">
                            restored from v{version.restored_from}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(version.created_at)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            aria-expanded={open}
                            aria-label={`${open ? 'Hide' : 'View'} source of version ${version.number}`}
                            onClick={() => setShown(open ? null : version.number)}
                          >
                            {open ? 'Hide source' : 'View source'}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="light"
                            disabled={deployed}
                            aria-label={`Restore version ${version.number}`}
                            onClick={() => setRestoring({ opened: true, version })}
                          >
                            Restore
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open && (
                      <Table.Tr>
                        <Table.Td colSpan={COLUMNS} className="row-details">
                          <LazyCodeEditor
                            value={version.source}
                            language={version.language}
                            readOnly
                            label={`Source of version ${version.number}`}
                            minHeight={120}
                            maxHeight={420}
                          />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={restoring.opened}
        onClose={closeRestore}
        title={`Restore version ${restoring.version?.number ?? ''}?`}
        confirmLabel={`Restore version ${restoring.version?.number ?? ''}`}
        danger={false}
        loading={restore.isPending}
        onConfirm={() => restoring.version && confirmRestore(restoring.version)}
      >
        <Stack gap="xs">
          <Text size="sm">
            Its source is deployed again as version {fn.version.number + 1}; calls run it from then on. The history
            stays as it is.
          </Text>
          {dirty && (
            <Text size="sm" c="orange">
              The editor’s changes that are not deployed are discarded.
            </Text>
          )}
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
