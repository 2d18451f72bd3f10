// One collection, in tabs: its records, its schema, its access rules (and response cache) and how
// to call its API.
import { Badge, Button, Group, Menu, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../components/confirm-modal';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useDeleteCollectionMutation } from '../../data/collections/collection-delete-mutation';
import { useCollectionQuery } from '../../data/collections/collection-query';
import { HowToCall } from '../docs/how-to-call';
import { RecordsBrowser } from '../records/records-browser';
import { RulesEditor } from '../rules/rules-editor';
import { SchemaDesigner } from '../schema/schema-designer';
import { CacheSettings } from './cache-settings';

const TABS = ['records', 'schema', 'rules', 'api'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { records: 'Records', schema: 'Schema', rules: 'Access rules', api: 'API' };

export function CollectionPage() {
  const { name = '', tab = 'records' } = useParams();
  const navigate = useNavigate();
  const collection = useCollectionQuery(name);
  const remove = useDeleteCollectionMutation();
  const [confirming, { open, close }] = useDisclosure(false);
  const active: Tab = (TABS as readonly string[]).includes(tab) ? (tab as Tab) : 'records';

  if (collection.isPending) return <LoadingBlock label="Loading collection" />;
  if (collection.isError) return <ProblemAlert error={collection.error} title={`Collection “${name}”`} />;
  const definition = collection.data;

  return (
    <>
      <PageHeader
        documentTitle={`${definition.name} · ${TAB_LABELS[active]}`}
        title={
          <Group gap="xs" component="span">
            <Text span inherit ff="monospace">
              {definition.name}
            </Text>
            {definition.system && (
              <Badge variant="light" color="gray">
                system
              </Badge>
            )}
          </Group>
        }
        description={definition.description || definition.label}
        actions={
          !definition.system && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" size="xs" aria-label="Collection actions">
                  ⋯
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" onClick={open}>
                  Delete collection…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )
        }
      />
      <ConfirmModal
        opened={confirming}
        onClose={close}
        title={`Delete “${definition.name}”?`}
        confirmLabel="Delete collection and records"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(definition.name, {
            onSuccess: () => {
              close();
              void navigate('/collections');
            },
          })
        }
      >
        The table and every record in it are dropped. This cannot be undone.
      </ConfirmModal>
      <Tabs
        value={active}
        onChange={(value) => value && void navigate(`/collections/${definition.name}/${value}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {TAB_LABELS[value]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="records">
          <RecordsBrowser key={definition.name} collection={definition} />
        </Tabs.Panel>
        <Tabs.Panel value="schema">
          <SchemaDesigner key={definition.name} collection={definition} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <Stack gap="xl">
            <RulesEditor key={definition.name} collection={definition} />
            <CacheSettings key={definition.name} collection={definition} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="api">
          <HowToCall collection={definition} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
