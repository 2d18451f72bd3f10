// Response caching of a collection's list and get answers: a switch and the seconds to keep them.
// The server ends cached answers at once when data they read changes, so the seconds are a ceiling.
import { Button, Card, Code, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { fieldErrors, type CollectionDefinition } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { useUpdateCollectionMutation } from '../../data/collections/collection-update-mutation';
import { CACHE_TTL_MAX, cacheChanged, cacheFormOf, cacheUpdateOf, ttlIssue, type CacheForm } from './cache-form';

export function CacheSettings({ collection }: { collection: CollectionDefinition }) {
  const [form, setForm] = useState(() => cacheFormOf(collection.cache));
  const update = useUpdateCollectionMutation(collection.name);
  const dirty = cacheChanged(collection.cache, form);
  useUnsavedChanges(dirty, `the response caching of ${collection.name}`);
  const set = (change: Partial<CacheForm>) => setForm((current) => ({ ...current, ...change }));
  // `cache.ttl` (or `cache`) problems show under the seconds; the rest in the alert.
  const local = ttlIssue(form);
  const issue = local ?? (form.enabled ? fieldErrors(update.error)['cache'] : undefined);
  const claimed = form.enabled ? ['cache'] : [];
  const save = () =>
    update.mutate(
      { input: cacheUpdateOf(form) },
      {
        onSuccess: (result) => {
          setForm(cacheFormOf(result.data.cache));
          notifications.show({ color: 'green', message: `Response cache of “${collection.name}” saved` });
        },
      },
    );

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="cache-settings-title">
      <Stack gap="xs">
        <Title order={2} fz="md" id="cache-settings-title">
          Response cache
        </Title>
        <Switch
          label="Cache list and get answers in Redis"
          checked={form.enabled}
          onChange={(event) => set({ enabled: event.currentTarget.checked })}
        />
        {form.enabled && (
          <NumberInput
            id="cache-ttl"
            label="Keep answers at most (seconds)"
            min={1}
            max={CACHE_TTL_MAX}
            allowDecimal={false}
            allowNegative={false}
            maw={300}
            value={form.ttl}
            onChange={(ttl) => set({ ttl })}
            error={issue}
          />
        )}
        <Text size="xs" c="dimmed">
          Answers are kept per rule context (what each caller may see) and end at once when data they read changes.
          Reads show <Code>X-Cache: hit</Code>, <Code>miss</Code> or <Code>bypass</Code>. See docs/caching.md.
        </Text>
        <ProblemAlert error={update.error} claimed={claimed} />
        <Group justify="flex-end">
          <Button variant="default" disabled={!dirty} onClick={() => setForm(cacheFormOf(collection.cache))}>
            Discard
          </Button>
          <Button disabled={!dirty || local !== undefined} loading={update.isPending} onClick={save}>
            Save
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
