// An admin's test sign-in came back: what the provider asserted (subject, email, name and every
// claim). Nothing was created or signed in. Reading it needs the admin's session, which this
// window shares with the console that opened it.
import { Alert, Badge, Button, Center, Code, Group, Loader, Table, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import {
  useProviderTestResultMutation,
  type TestSignInResult,
} from '../../data/sign-in-providers/provider-test-result-mutation';
import { PublicFrame } from './public-frame';

function AssertedIdentity({ result }: { result: TestSignInResult }) {
  const facts: [string, string][] = [
    ['Provider', result.provider],
    ['Issuer', result.issuer],
    ['Subject', result.subject],
    ['Name', result.name ?? '—'],
  ];
  return (
    <>
      <Alert color="green" variant="light" role="status" title="The provider signed you in">
        This is what it asserted. No account was created or signed in.
      </Alert>
      <Table variant="vertical" layout="fixed" withRowBorders={false} aria-label="Asserted identity">
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={90}>{label}</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th w={90}>Email</Table.Th>
            <Table.Td>
              <Group gap="xs">
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {result.email ?? '—'}
                </Text>
                {result.email && (
                  <Badge size="xs" variant="light" color={result.email_verified ? 'green' : 'yellow'}>
                    {result.email_verified ? 'verified' : 'not verified'}
                  </Badge>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Code block className="sql-block" aria-label="Claims" mah={240}>
        {JSON.stringify(result.claims, null, 2)}
      </Code>
    </>
  );
}

export function ProviderTestResult({ provider, code }: { provider: string; code: string }) {
  const read = useProviderTestResultMutation();
  // The result is readable once: React's development double effect must not spend it twice.
  const sent = useRef(false);
  const { mutate } = read;
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate({ provider, code });
  }, [provider, code, mutate]);

  return (
    <PublicFrame title={`Test sign-in with ${provider}`}>
      {(read.isIdle || read.isPending) && (
        <Center py="md">
          <Loader aria-label="Reading the test result" />
        </Center>
      )}
      {read.data && <AssertedIdentity result={read.data} />}
      {read.isError && <ProblemAlert error={read.error} title="The test result cannot be read" />}
      <Group>
        <Button component={Link} to="/settings/sign-in" variant="default">
          Back to sign-in providers
        </Button>
        {/* Closes only a window the console opened for the test; elsewhere this does nothing. */}
        <Button variant="subtle" onClick={() => window.close()}>
          Close window
        </Button>
      </Group>
    </PublicFrame>
  );
}
