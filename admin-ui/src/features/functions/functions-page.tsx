// Functions: sandboxed TypeScript/JavaScript deployed by admins. The list, with each function's
// trigger, language and deployed version; a row opens its code, test panel, log and history.
import { Badge, Button, Card, EmptyState, Table, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useFunctionsQuery } from '../../data/functions/functions-query';
import { hasTriggers, LANGUAGES, triggerSummary } from './function-form';

export function FunctionsPage() {
  const functions = useFunctionsQuery();
  const navigate = useNavigate();
  const open = (name: string) => void navigate(`/functions/${name}/code`);

  return (
    <>
      <PageHeader
        title="Functions"
        description="Your TypeScript or JavaScript, run in a sandbox: called over HTTP or from the test panel, with records, secrets and fetch."
        actions={
          <>
            <Button component={Link} to="/function-secrets" variant="default">
              Secrets
            </Button>
            <Button component={Link} to="/functions/new">
              New function
            </Button>
          </>
        }
      />
      {functions.isPending && <LoadingBlock label="Loading functions" />}
      {functions.isError && <ProblemAlert error={functions.error} />}
      {functions.data && functions.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title="No functions yet"
            description="Write one to answer HTTP calls with your own code: validate, combine records, call another service."
          >
            <EmptyState.Actions>
              <Button component={Link} to="/functions/new">
                Create a function
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      )}
      {functions.data && functions.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table className="data-table" highlightOnHover aria-label="Functions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Trigger</Table.Th>
                <Table.Th>Language</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {functions.data.map((fn) => (
                <Table.Tr key={fn.id} data-clickable="true" onClick={() => open(fn.name)}>
                  <Table.Td>
                    <UnstyledButton
                      fw={500}
                      c="indigo"
                      fz="sm"
                      ff="monospace"
                      onClick={(event) => {
                        event.stopPropagation();
                        open(fn.name);
                      }}
                    >
                      {fn.name}
                    </UnstyledButton>
                    {fn.description && (
                      <Text size="xs" c="dimmed" truncate>
                        {fn.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text span size="sm" c={hasTriggers(fn.triggers) ? undefined : 'dimmed'}>
                      {triggerSummary(fn.triggers)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{LANGUAGES.find((item) => item.value === fn.version.language)?.label}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      v{fn.version.number}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(fn.updated_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
