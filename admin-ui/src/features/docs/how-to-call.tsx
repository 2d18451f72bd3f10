// "How to call it": curl, fetch and SDK (@stagecraft/client) examples of a collection's
// endpoints, and where its complete, typed documentation lives.
import { Anchor, Button, Code, CopyButton, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CollectionDefinition } from '../../api';
import { buildSnippets, sdkSetup, type SnippetLanguage } from './snippets';

export function HowToCall({ collection }: { collection: CollectionDefinition }) {
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const origin = window.location.origin;
  const snippets = buildSnippets(origin, collection);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Sign in with <Code>POST {origin}/api/v1/auth/login</Code> for a token, or create an API key. The full,
          per-collection reference is in the{' '}
          <Anchor href="/api/docs" target="_blank" rel="noreferrer">
            API docs (Swagger UI)
          </Anchor>
          ; the OpenAPI document at <Code>/api/docs/openapi.json</Code> generates typed clients.
        </Text>
        <SegmentedControl<SnippetLanguage>
          aria-label="Example language"
          data={[
            { value: 'curl', label: 'curl' },
            { value: 'fetch', label: 'fetch' },
            { value: 'sdk', label: 'SDK' },
          ]}
          value={language}
          onChange={setLanguage}
        />
      </Group>
      {language === 'sdk' && <SnippetBlock title="Set up the client" code={sdkSetup(origin, collection)} />}
      {snippets.map((snippet) => (
        <SnippetBlock key={snippet.title} title={snippet.title} code={snippet[language]} />
      ))}
    </Stack>
  );
}

function SnippetBlock({ title, code }: { title: string; code: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Title order={3} fz="sm">
          {title}
        </Title>
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy: ${title}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block className="sql-block">
        {code}
      </Code>
    </Stack>
  );
}
