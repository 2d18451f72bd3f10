// PocketBase-style confirmation: what the save will do, renamed and dropped fields first, the
// rules and webhook conditions a rename rewrites, and the SQL of the whole change from a dry run;
// nothing is applied until "Apply changes", which sends the draft in one request: the server
// applies all of it or, on any failure, none (a drop a rule still uses is refused, naming it).
import { Alert, Badge, Button, Checkbox, Code, Group, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ChangeResponse, CollectionDefinition } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useReplaceCollectionMutation } from '../../data/collections/collection-replace-mutation';
import type { SchemaPlan } from './plan-changes';

interface ReviewChangesModalProps {
  opened: boolean;
  collection: string;
  plan: SchemaPlan;
  onClose: () => void;
  onApplied: (result: ChangeResponse<CollectionDefinition>) => void;
  /** A refused preview or save (nothing was applied), for the designer to mark fields. */
  onFailed: (error: unknown) => void;
}

export function ReviewChangesModal(props: ReviewChangesModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Review schema changes" size="xl">
      {props.opened && <ReviewBody {...props} />}
    </Modal>
  );
}

function ReviewBody({ collection, plan, onClose, onApplied, onFailed }: ReviewChangesModalProps) {
  const preview = useReplaceCollectionMutation(collection);
  const apply = useReplaceCollectionMutation(collection);
  const [acknowledged, setAcknowledged] = useState(false);
  const { summary } = plan;
  const actions = preview.data?.meta.actions;
  const rewritten = preview.data?.meta.rewritten;
  const destructive = actions?.some((action) => action.destructive) ?? false;
  const risky = destructive || summary.dropped.length > 0 || summary.renamed.length > 0 || summary.retyped.length > 0;

  useEffect(() => {
    // The preview consents to drops so that it shows the whole plan; the save asks again.
    preview.mutate({ body: { fields: plan.fields, allow_destructive: true }, dryRun: true }, { onError: onFailed });
    // Planned once per opening.
  }, []);

  return (
    <Stack>
      {summary.renamed.length > 0 && (
        <Alert color="yellow" variant="light" title="Renamed fields (data kept)">
          <List size="sm">
            {summary.renamed.map((item) => (
              <List.Item key={item.from}>
                <Code>{item.from}</Code> → <Code>{item.to}</Code>
              </List.Item>
            ))}
          </List>
          <Text size="xs" mt="xs">
            Access rules and webhook conditions follow the new names in the same change; clients and saved filters that
            use the old names stop working.
          </Text>
        </Alert>
      )}
      {summary.dropped.length > 0 && (
        <Alert color="red" variant="light" title="Dropped fields (their values are deleted)">
          <List size="sm">
            {summary.dropped.map((name) => (
              <List.Item key={name}>
                <Code>{name}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {summary.retyped.length > 0 && (
        <Alert color="yellow" variant="light" title="Type changes">
          <List size="sm">
            {summary.retyped.map((item) => (
              <List.Item key={item.name}>
                <Code>{item.name}</Code>: {item.from} → {item.to}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {rewritten && rewritten.length > 0 && (
        <Alert color="blue" variant="light" title="Rules and webhook conditions rewritten to follow the rename">
          <List size="sm" aria-label="Rewritten expressions">
            {rewritten.map((item) => (
              <List.Item key={`${item.kind}:${item.label}`}>
                {item.label}: <Code>{item.from}</Code> → <Code>{item.to}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group gap="xs">
        {summary.added.map((name) => (
          <Badge key={name} color="green" variant="light">
            + {name}
          </Badge>
        ))}
        {summary.changed.map((name) => (
          <Badge key={name} color="blue" variant="light">
            ~ {name}
          </Badge>
        ))}
        {summary.reordered && (
          <Badge color="gray" variant="light">
            new order
          </Badge>
        )}
      </Group>

      <Title order={3} fz="sm">
        Planned SQL
      </Title>
      {preview.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Planning the change (dry run)…</Text>
        </Group>
      )}
      {preview.error && <ProblemAlert error={preview.error} title="The change would fail" />}
      {actions && (
        <Stack gap="xs" aria-label="Planned SQL">
          {actions.length === 0 ? (
            <Text size="xs" c="dimmed">
              Metadata only (the display order, labels or validation): no SQL.
            </Text>
          ) : (
            actions.map((action, index) => (
              <div key={index}>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {action.description}
                  </Text>
                  {action.destructive && (
                    <Badge color="red" variant="light" size="sm">
                      deletes data
                    </Badge>
                  )}
                </Group>
                <Code block className="sql-block">{`${action.sql};`}</Code>
              </div>
            ))
          )}
          {actions.length > 0 && (
            <Text size="xs" c="dimmed">
              All of it runs in one transaction: if any statement fails, none of it is applied.
            </Text>
          )}
        </Stack>
      )}

      {apply.error && <ProblemAlert error={apply.error} title="Nothing was saved" />}

      {risky && actions && (
        <Checkbox
          label="I have read the renamed, dropped and converted fields above"
          checked={acknowledged}
          onChange={(event) => setAcknowledged(event.currentTarget.checked)}
        />
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Back to editing
        </Button>
        <Button
          color={summary.dropped.length > 0 ? 'red' : undefined}
          disabled={!actions || (risky && !acknowledged)}
          loading={apply.isPending}
          onClick={() =>
            apply.mutate(
              { body: { fields: plan.fields, allow_destructive: destructive } },
              { onSuccess: onApplied, onError: onFailed },
            )
          }
        >
          Apply changes
        </Button>
      </Group>
    </Stack>
  );
}
