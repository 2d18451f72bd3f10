// One captured email: who it was for, the text body with its links clickable, and the HTML body
// in a sandboxed frame (no scripts, its own opaque origin; links open in a new tab).
import { Anchor, Box, Group, Stack, Tabs, Text } from '@mantine/core';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ProblemAlert } from '../../components/problem-alert';
import { useCapturedEmailQuery } from '../../data/mailbox/captured-email-query';
import { linkify } from './linkify';

/** Links in the HTML open outside the frame: inside it, a sandboxed page could not be used. */
const OPEN_LINKS_OUTSIDE = '<base target="_blank">';

function LinkedText({ text }: { text: string }) {
  return (
    <Text component="pre" size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} m={0}>
      {linkify(text).map((part, index) =>
        part.kind === 'link' ? (
          <Anchor key={index} href={part.href} target="_blank" rel="noreferrer" inherit>
            {part.href}
          </Anchor>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </Text>
  );
}

export function CapturedEmailView({ id }: { id: number }) {
  const email = useCapturedEmailQuery(id);
  if (email.isPending) return <LoadingBlock label="Loading the email" />;
  if (email.isError) return <ProblemAlert error={email.error} />;
  const { subject, from, to, created_at: received, text, html } = email.data;
  return (
    <Stack gap="sm">
      <Box>
        <Text fw={600}>{subject}</Text>
        <Group gap="lg">
          <Text size="sm" c="dimmed">
            From {from}
          </Text>
          <Text size="sm" c="dimmed">
            To {to}
          </Text>
          <Text size="sm" c="dimmed">
            {formatDateTime(received)}
          </Text>
        </Group>
      </Box>
      <Tabs defaultValue="text" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          {html !== null && <Tabs.Tab value="html">HTML</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="text" pt="sm">
          <LinkedText text={text} />
        </Tabs.Panel>
        {html !== null && (
          <Tabs.Panel value="html" pt="sm">
            <iframe
              title={`HTML body of “${subject}”`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              referrerPolicy="no-referrer"
              srcDoc={OPEN_LINKS_OUTSIDE + html}
              style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-default-border)' }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
