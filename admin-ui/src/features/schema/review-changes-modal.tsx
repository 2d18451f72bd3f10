// PocketBase-style confirmation: what the save will do, renamed and dropped fields first, with
// the SQL of every step from a dry run; nothing is applied until "Apply changes".
import { Alert, Badge, Button, Checkbox, Code, Group, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import {
  SchemaStepError,
  useApplySchemaStepsMutation,
  usePreviewSchemaStepsMutation,
  type SchemaStep,
  type StepOutcome,
} from '../../data/collections/schema-changes-mutation';
import type { SchemaPlan } from './plan-changes';

export function stepTitle(step: SchemaStep): string {
  switch (step.kind) {
    case 'delete':
      return `Drop field “${step.field}”`;
    case 'update':
      return step.changes.name
        ? `Change field “${step.field}” (renamed to “${step.changes.name}”)`
        : `Change field “${step.field}”`;
    case 'add':
      return `Add field “${step.input.name}”`;
    case 'reorder':
      return 'Reorder fields';
  }
}

interface ReviewChangesModalProps {
  opened: boolean;
  collection: string;
  plan: SchemaPlan;
  onClose: () => void;
  onApplied: (outcomes: StepOutcome[]) => void;
  onFailed: (error: SchemaStepError) => void;
}

export function ReviewChangesModal(props: ReviewChangesModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Review schema changes" size="xl">
      {props.opened && <ReviewBody {...props} />}
    </Modal>
  );
}

function ReviewBody({ collection, plan, onClose, onApplied, onFailed }: ReviewChangesModalProps) {
  const preview = usePreviewSchemaStepsMutation(collection);
  const apply = useApplySchemaStepsMutation(collection);
  const [acknowledged, setAcknowledged] = useState(false);
  const { summary } = plan;
  const risky = summary.dropped.length > 0 || summary.renamed.length > 0 || summary.retyped.length > 0;

  useEffect(() => {
    preview.mutate(plan.steps, { onError: (error) => error instanceof SchemaStepError && onFailed(error) });
    // Planned once per opening.
  }, []);

  const failed = preview.error instanceof SchemaStepError ? preview.error : undefined;
  const applyFailed = apply.error instanceof SchemaStepError ? apply.error : undefined;

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
            Clients, filters and rules that use the old names stop working.
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
      {failed && <ProblemAlert error={failed.cause} title={`${stepTitle(failed.step)} would fail`} />}
      {preview.error && !failed && <ProblemAlert error={preview.error} />}
      {preview.data && (
        <Stack gap="xs" aria-label="Planned SQL">
          {preview.data.map((outcome) => (
            <div key={outcome.step.key + outcome.step.kind}>
              <Text size="sm" fw={500}>
                {stepTitle(outcome.step)}
              </Text>
              {outcome.actions.length === 0 ? (
                <Text size="xs" c="dimmed">
                  {outcome.step.kind === 'reorder'
                    ? 'Metadata only: the display order changes, no SQL.'
                    : 'Metadata only, no SQL.'}
                </Text>
              ) : (
                <Code block className="sql-block">
                  {outcome.actions.map((action) => `${action.sql};`).join('\n')}
                </Code>
              )}
            </div>
          ))}
        </Stack>
      )}

      {applyFailed && (
        <ProblemAlert
          error={applyFailed.cause}
          title={`${stepTitle(applyFailed.step)} failed${applyFailed.outcomes.length > 0 ? ` after ${applyFailed.outcomes.length} applied step(s)` : ''}`}
        />
      )}
      {apply.error && !applyFailed && <Text c="red">{errorMessage(apply.error)}</Text>}

      {risky && preview.data && (
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
          disabled={!preview.data || (risky && !acknowledged)}
          loading={apply.isPending}
          onClick={() =>
            apply.mutate(plan.steps, {
              onSuccess: onApplied,
              onError: (error) => error instanceof SchemaStepError && onFailed(error),
            })
          }
        >
          Apply changes
        </Button>
      </Group>
    </Stack>
  );
}
