// "How to call it": curl, fetch, SDK (@stagecraft/client) and GraphQL examples of a collection's
// endpoints, and where its complete, typed documentation lives.
import { Anchor, Button, Code, CopyButton, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CollectionDefinition } from '../../api';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { graphiqlHref, graphqlCurl, graphqlListQuery, graphqlTypeName } from './graphql-snippet';
import { buildSnippets, sdkSetup, type SnippetLanguage } from './snippets';

type Tab = SnippetLanguage | 'graphql';

export function HowToCall({ collection }: { collection: CollectionDefinition }) {
  const [language, setLanguage] = useState<Tab>('curl');
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
        <SegmentedControl<Tab>
          aria-label="Example language"
          data={[
            { value: 'curl', label: 'curl' },
            { value: 'fetch', label: 'fetch' },
            { value: 'sdk', label: 'SDK' },
            { value: 'graphql', label: 'GraphQL' },
          ]}
          value={language}
          onChange={setLanguage}
        />
      </Group>
      {language === 'graphql' ? (
        <GraphqlExamples origin={origin} collection={collection} />
      ) : (
        <>
          {language === 'sdk' && <SnippetBlock title="Set up the client" code={sdkSetup(origin, collection)} />}
          {snippets.map((snippet) => (
            <SnippetBlock key={snippet.title} title={snippet.title} code={snippet[language]} />
          ))}
        </>
      )}
    </Stack>
  );
}

function GraphqlExamples({ origin, collection }: { origin: string; collection: CollectionDefinition }) {
  const query = graphqlListQuery(collection);
  const collections = useCollectionsQuery().data;
  const type = graphqlTypeName(
    collection.name,
    collections?.map((item) => item.name),
  );
  return (
    <>
      <Text size="sm" c="dimmed" maw={640}>
        Records are <Code>{type}</Code>, a list is a <Code>{type}Page</Code>; <Code>{collection.name}_by_id</Code>,{' '}
        <Code>create_{collection.name}</Code> and the other mutations are in GraphiQL's documentation explorer.{' '}
        {/* A full page load: GraphiQL is served by the API, outside the console's routes. */}
        <Anchor href={graphiqlHref(query)} target="_blank" rel="noreferrer">
          Open in GraphiQL
        </Anchor>
      </Text>
      <SnippetBlock title="List records (GraphQL query)" code={query} />
      <SnippetBlock title="Send it with curl" code={graphqlCurl(origin, query)} />
    </>
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
