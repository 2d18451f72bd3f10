// The webhook form ⇄ the bodies the API takes: all of it on create, only what changed on edit.
import { describe, expect, it } from 'vitest';
import { changesOf, createBodyOf, emptyWebhookForm, webhookFormOf } from './webhook-form';

const saved = {
  name: 'orders',
  url: 'https://example.com/hook',
  collections: ['orders', 'customers'],
  actions: ['create', 'update'],
  condition: 'total > 100',
};

describe('createBodyOf', () => {
  it('sends a trimmed, complete body; no secret when none was typed (the server makes one)', () => {
    const body = createBodyOf({
      ...emptyWebhookForm(),
      name: '  orders ',
      url: ' https://example.com/hook ',
      actions: ['delete', 'create'],
      condition: '   ',
    });
    expect(body).toEqual({
      name: 'orders',
      url: 'https://example.com/hook',
      collections: [],
      actions: ['create', 'delete'],
      condition: null,
      enabled: true,
    });
  });

  it('sends a typed secret', () => {
    expect(createBodyOf({ ...emptyWebhookForm(), secret: ' whsec_abc ' }).secret).toBe('whsec_abc');
  });

  it('starts with every action ticked and every collection', () => {
    expect(emptyWebhookForm()).toMatchObject({ actions: ['create', 'update', 'delete'], collections: [] });
  });
});

describe('changesOf', () => {
  it('sends nothing for an untouched form, whatever the order of collections and actions', () => {
    const form = webhookFormOf({ ...saved, collections: ['customers', 'orders'], actions: ['update', 'create'] });
    expect(changesOf(saved, form)).toEqual({});
  });

  it('sends only what changed', () => {
    const form = { ...webhookFormOf(saved), url: 'https://example.com/v2', actions: ['create' as const] };
    expect(changesOf(saved, form)).toEqual({ url: 'https://example.com/v2', actions: ['create'] });
  });

  it('clears a condition with null, and never sends the secret', () => {
    const form = { ...webhookFormOf(saved), condition: '', secret: 'whsec_typed' };
    expect(changesOf(saved, form)).toEqual({ condition: null });
  });

  it('fills the form from a webhook without a condition, dropping actions it does not know', () => {
    expect(webhookFormOf({ ...saved, condition: null, actions: ['create', 'archive'] })).toMatchObject({
      condition: '',
      actions: ['create'],
      secret: '',
    });
  });
});
