// The development mailbox: without SMTP_URL the server captures every email instead of sending
// it, and here an admin reads them (reset and verification links included), newest first. With
// SMTP configured there is nothing to show, and the page says why. The open email is in the
// address (?email=12), so a reload keeps it.
import { Alert, Card, Drawer, EmptyState, Table, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api';
import { formatDateTime } from '../../components/format';
import { ListFooter } from '../../components/list-footer';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useMailboxQuery } from '../../data/mailbox/mailbox-query';
import { CapturedEmailView } from './captured-email-view';

const PAGE_SIZE = 20;

export function MailboxPage() {
  const [search, setSearch] = useState('');
  const [to] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [params, setParams] = useSearchParams();
  // Only a whole address filters (the API matches recipients exactly): typing one is not an error.
  const filter = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) ? to : undefined;
  const mailbox = useMailboxQuery({ to: filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const openId = Number(params.get('email')) || undefined;
  const open = (id: number | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id === undefined) next.delete('email');
      else next.set('email', String(id));
      return next;
    });
  const smtpConfigured = mailbox.error instanceof ApiError && mailbox.error.status === 404;
  const total = mailbox.data?.meta.total ?? 0;

  return (
    <>
      <PageHeader
        title="Mailbox"
        description="Email this instance would have sent. Without SMTP_URL nothing leaves the machine: it is kept here for development."
      />
      {smtpConfigured ? (
        <Alert color="blue" variant="light" title="Email is delivered through SMTP">
          SMTP_URL is set, so email goes to its recipients and nothing is captured here.
        </Alert>
      ) : (
        <>
          <TextInput
            aria-label="Show email to one address"
            placeholder="Recipient address"
            type="search"
            mb="sm"
            maw={360}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
          />
          {mailbox.isPending && <LoadingBlock label="Loading the mailbox" />}
          {mailbox.isError && <ProblemAlert error={mailbox.error} />}
          {mailbox.data && mailbox.data.data.length === 0 && (
            <Card withBorder>
              <EmptyState
                title={filter ? 'No email to this address' : 'No email yet'}
                description={
                  filter ? undefined : 'Password resets, verification links and security notices appear here.'
                }
              />
            </Card>
          )}
          {mailbox.data && mailbox.data.data.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table
                className="data-table"
                highlightOnHover
                aria-label="Captured email"
                style={{ opacity: mailbox.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th>Received</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {mailbox.data.data.map((email) => (
                    <Table.Tr key={email.id} aria-selected={email.id === openId}>
                      <Table.Td>
                        <UnstyledButton fz="sm" c="indigo" onClick={() => open(email.id)}>
                          {email.subject}
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td>{email.to}</Table.Td>
                      <Table.Td>{formatDateTime(email.created_at)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {mailbox.data && (
            <ListFooter
              label={`${total} email${total === 1 ? '' : 's'}`}
              total={total}
              pageSize={PAGE_SIZE}
              page={page}
              onPage={setPage}
            />
          )}
        </>
      )}
      <Drawer
        opened={openId !== undefined}
        onClose={() => open(undefined)}
        position="right"
        size="xl"
        title="Captured email"
      >
        {openId !== undefined && <CapturedEmailView id={openId} />}
      </Drawer>
    </>
  );
}
