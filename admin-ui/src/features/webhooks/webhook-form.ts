// A webhook as its form holds it, and the bodies the API takes: everything on create, only what
// changed on edit (so an edit never resends the secret or resets what someone else changed).
export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;
export type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

export interface WebhookForm {
  name: string;
  url: string;
  /** Empty: every collection. */
  collections: string[];
  actions: WebhookAction[];
  condition: string;
  /** Create only; empty: the server generates one. */
  secret: string;
}

export interface SavedWebhook {
  name: string;
  url: string;
  collections: string[];
  actions: string[];
  condition: string | null;
}

export interface CreateWebhookBody {
  name: string;
  url: string;
  collections: string[];
  actions: WebhookAction[];
  condition: string | null;
  secret?: string;
  enabled: boolean;
}

export type WebhookChanges = Partial<Omit<CreateWebhookBody, 'secret' | 'enabled'>>;

export function emptyWebhookForm(): WebhookForm {
  return { name: '', url: '', collections: [], actions: [...WEBHOOK_ACTIONS], condition: '', secret: '' };
}

function isAction(value: string): value is WebhookAction {
  return (WEBHOOK_ACTIONS as readonly string[]).includes(value);
}

export function webhookFormOf(webhook: SavedWebhook): WebhookForm {
  return {
    name: webhook.name,
    url: webhook.url,
    collections: [...webhook.collections],
    actions: webhook.actions.filter(isAction),
    condition: webhook.condition ?? '',
    secret: '',
  };
}

const conditionOf = (form: WebhookForm): string | null => (form.condition.trim() === '' ? null : form.condition.trim());

/** Actions in a stable order, whatever order they were ticked in. */
const orderedActions = (actions: readonly string[]): WebhookAction[] =>
  WEBHOOK_ACTIONS.filter((action) => actions.includes(action));

export function createBodyOf(form: WebhookForm): CreateWebhookBody {
  return {
    name: form.name.trim(),
    url: form.url.trim(),
    collections: form.collections,
    actions: orderedActions(form.actions),
    condition: conditionOf(form),
    ...(form.secret.trim() ? { secret: form.secret.trim() } : {}),
    enabled: true,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item) => b.includes(item));

export function changesOf(saved: SavedWebhook, form: WebhookForm): WebhookChanges {
  const next = createBodyOf(form);
  const changes: WebhookChanges = {};
  if (next.name !== saved.name) changes.name = next.name;
  if (next.url !== saved.url) changes.url = next.url;
  if (!sameSet(next.collections, saved.collections)) changes.collections = next.collections;
  if (!sameSet(next.actions, saved.actions)) changes.actions = next.actions;
  if (next.condition !== saved.condition) changes.condition = next.condition;
  return changes;
}
