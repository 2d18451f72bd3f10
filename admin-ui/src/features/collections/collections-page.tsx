// Every collection: its fields, records and who may use it; and the way to create one.
import { Anchor, Badge, Button, Card, EmptyState, Group, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { CreateCollectionModal } from './create-collection-modal';
import { RecordCount } from './record-count';
import { rulesSummary } from './rules-summary';

export function CollectionsPage() {
  const collections = useCollectionsQuery();
  const [creating, { open, close }] = useDisclosure(false);
  const own = collections.data?.filter((collection) => !collection.system) ?? [];
  const sorted = [...(collections.data ?? [])].sort(
    (a, b) => Number(a.system) - Number(b.system) || a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader
        title="Collections"
        description="Each collection is a PostgreSQL table with its own REST endpoints."
        actions={<Button onClick={open}>New collection</Button>}
      />
      <CreateCollectionModal opened={creating} onClose={close} />
      {collections.isPending && <LoadingBlock label="Loading collections" />}
      {collections.isError && <ProblemAlert error={collections.error} />}
      {collections.data && (
        <Stack>
          {own.length === 0 && (
            <Card withBorder>
              <EmptyState
                title="No collections yet"
                description="Create one, give it fields, and its REST API is live at once."
              >
                <EmptyState.Actions>
                  <Button onClick={open}>Create your first collection</Button>
                </EmptyState.Actions>
              </EmptyState>
            </Card>
          )}
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover className="data-table" aria-label="Collections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th ta="right">Fields</Table.Th>
                  <Table.Th ta="right">Records</Table.Th>
                  <Table.Th>Access</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((collection) => (
                  <Table.Tr key={collection.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/collections/${collection.name}/records`} ff="monospace" fz="sm">
                          {collection.name}
                        </Anchor>
                        {collection.system && (
                          <Badge size="xs" variant="light" color="gray">
                            system
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{collection.label}</Table.Td>
                    <Table.Td ta="right">{collection.fields.length}</Table.Td>
                    <Table.Td ta="right">
                      <Group justify="flex-end">
                        <RecordCount collection={collection.name} />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" truncate>
                        {rulesSummary(collection.rules)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </>
  );
}
