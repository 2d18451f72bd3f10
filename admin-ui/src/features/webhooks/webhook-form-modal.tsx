// Creates or edits a webhook: where it posts, which collections and actions it listens to, and
// an optional condition in the filter language, checked against those collections as it is typed.
import {
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { expressionIssue, fieldErrors } from '../../api';
import { ExpressionError } from '../../components/expression-error';
import { ProblemAlert } from '../../components/problem-alert';
import { useGuardedModal } from '../../components/unsaved-changes-guard';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { useConditionCheck } from '../../data/webhooks/condition-check-query';
import { useCreateWebhookMutation } from '../../data/webhooks/webhook-create-mutation';
import { useUpdateWebhookMutation } from '../../data/webhooks/webhook-update-mutation';
import type { Webhook } from '../../data/webhooks/webhooks-query';
import { conditionIssue } from './condition-issue';
import {
  changesOf,
  createBodyOf,
  emptyWebhookForm,
  WEBHOOK_ACTIONS,
  webhookFormOf,
  type WebhookAction,
  type WebhookForm,
} from './webhook-form';

interface WebhookFormModalProps {
  opened: boolean;
  /** The webhook to edit; absent: a new one. */
  webhook?: Webhook;
  onClose: () => void;
}

export function WebhookFormModal({ opened, webhook, onClose }: WebhookFormModalProps) {
  const guard = useGuardedModal(webhook ? `the webhook “${webhook.name}”` : 'the new webhook', onClose);
  return (
    <Modal
      opened={opened}
      onClose={guard.requestClose}
      title={webhook ? `Edit webhook “${webhook.name}”` : 'New webhook'}
      centered
      size="lg"
    >
      {/* Mounted only while open, so each opening starts from the saved webhook. */}
      {opened && (
        <WebhookFormBody
          webhook={webhook}
          onClose={guard.close}
          onCancel={guard.requestClose}
          onDirtyChange={guard.setDirty}
        />
      )}
    </Modal>
  );
}

const CLAIMED = ['name', 'url', 'collections', 'actions', 'condition', 'secret'];

interface WebhookFormBodyProps {
  webhook?: Webhook;
  onClose: () => void;
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
}

function WebhookFormBody({ webhook, onClose, onCancel, onDirtyChange }: WebhookFormBodyProps) {
  const [started] = useState<WebhookForm>(() => (webhook ? webhookFormOf(webhook) : emptyWebhookForm()));
  const [form, setForm] = useState<WebhookForm>(started);
  const dirty = JSON.stringify(form) !== JSON.stringify(started);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const collections = useCollectionsQuery();
  const create = useCreateWebhookMutation();
  const update = useUpdateWebhookMutation({ inlineErrors: true });
  const navigate = useNavigate();
  const mutation = webhook ? update : create;
  const errors = fieldErrors(mutation.error);
  const set = (changes: Partial<WebhookForm>) => setForm((current) => ({ ...current, ...changes }));

  const names = (collections.data ?? []).map((collection) => collection.name).sort();
  const [condition] = useDebouncedValue(form.condition, 400);
  const check = useConditionCheck(form.collections.length > 0 ? form.collections : names, condition);
  // The check of what is typed shows once typing pauses; the server's verdict on a save shows
  // until the condition is edited.
  const [submittedCondition, setSubmittedCondition] = useState<string | null>(null);
  const typed = check.failure && condition === form.condition ? check.failure : undefined;
  const typedIssue = typed && expressionIssue(typed.error, 'filter');
  const savedIssue = submittedCondition === form.condition ? conditionIssue(mutation.error) : undefined;
  const issue =
    typedIssue && typed ? { ...typedIssue, message: `${typed.collection}: ${typedIssue.message}` } : savedIssue;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmittedCondition(form.condition);
    if (webhook) {
      const changes = changesOf(webhook, form);
      if (Object.keys(changes).length === 0) {
        onClose();
        return;
      }
      update.mutate(
        { id: webhook.id, changes },
        {
          onSuccess: () => {
            notifications.show({ color: 'green', message: `Webhook “${form.name.trim()}” saved` });
            onClose();
          },
        },
      );
    } else {
      create.mutate(createBodyOf(form), {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `Webhook “${created.name}” created` });
          onClose();
          void navigate(`/webhooks/${created.id}`);
        },
      });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="order-sync"
          value={form.name}
          onChange={(event) => set({ name: event.currentTarget.value })}
          error={errors['name']}
        />
        <TextInput
          label="URL"
          required
          type="url"
          placeholder="https://example.com/hooks/stagecraft"
          description="Receives a signed POST for each event"
          classNames={{ input: 'mono' }}
          value={form.url}
          onChange={(event) => set({ url: event.currentTarget.value })}
          error={errors['url']}
        />
        <MultiSelect
          label="Collections"
          description="None chosen: every collection"
          placeholder={form.collections.length === 0 ? 'Every collection' : undefined}
          data={names}
          searchable
          clearable
          value={form.collections}
          onChange={(value) => set({ collections: value })}
          error={errors['collections']}
          nothingFoundMessage="No collection has this name"
        />
        <Checkbox.Group
          label="Actions"
          description="Which record changes send an event"
          value={form.actions}
          onChange={(value) => set({ actions: value as WebhookAction[] })}
          error={errors['actions']}
        >
          <Group mt={6}>
            {WEBHOOK_ACTIONS.map((action) => (
              <Checkbox key={action} value={action} label={action} />
            ))}
          </Group>
        </Checkbox.Group>
        <div>
          <Textarea
            label="Condition"
            description="Optional: only records matching this filter send an event"
            placeholder={'status = "paid" && total > 100'}
            classNames={{ input: 'mono' }}
            autosize
            minRows={1}
            value={form.condition}
            onChange={(event) => set({ condition: event.currentTarget.value })}
            error={issue ? true : undefined}
            aria-invalid={issue ? true : undefined}
            aria-describedby={issue ? 'condition-error' : undefined}
            rightSection={check.checking ? <Loader size="xs" aria-label="Checking the condition" /> : undefined}
          />
          {issue && <ExpressionError id="condition-error" expression={form.condition} issue={issue} />}
        </div>
        {!webhook && (
          <PasswordInput
            label="Signing secret"
            description="Optional: whsec_ and base64. Left empty, one is generated; you can copy it afterwards."
            classNames={{ input: 'mono' }}
            autoComplete="off"
            value={form.secret}
            onChange={(event) => set({ secret: event.currentTarget.value })}
            error={errors['secret']}
          />
        )}
        <ProblemAlert error={mutation.error} claimed={CLAIMED} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {webhook ? 'Save webhook' : 'Create webhook'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
