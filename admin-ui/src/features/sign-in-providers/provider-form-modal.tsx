// Adds a sign-in provider or changes one. The preset decides which inputs show; the client
// secret is never shown back: on edit the form says one is set and a typed one replaces it.
import { Badge, Button, Group, Modal, PasswordInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useGuardedModal } from '../../components/unsaved-changes-guard';
import { useCreateProviderMutation } from '../../data/sign-in-providers/provider-create-mutation';
import { useUpdateProviderMutation } from '../../data/sign-in-providers/provider-update-mutation';
import type { Provider } from '../../data/sign-in-providers/providers-query';
import {
  API_NAMES,
  changesOf,
  createBodyOf,
  emptyProviderForm,
  PRESET_URL_FIELDS,
  PRESETS,
  providerFormOf,
  type Preset,
  type ProviderForm,
  type UrlField,
} from './provider-form';

const URL_INPUTS: Record<UrlField, { label: string; description: string; placeholder: string }> = {
  issuer: {
    label: 'Issuer URL',
    description: 'Everything else is discovered from its /.well-known/openid-configuration',
    placeholder: 'https://login.example.com/realms/main',
  },
  authorizationUrl: {
    label: 'Authorization URL',
    description: 'Optional; GitHub’s by default (set it for GitHub Enterprise)',
    placeholder: 'https://github.com/login/oauth/authorize',
  },
  tokenUrl: {
    label: 'Token URL',
    description: 'Optional; GitHub’s by default',
    placeholder: 'https://github.com/login/oauth/access_token',
  },
  apiUrl: {
    label: 'API URL',
    description: 'Optional; where the user and their emails are read',
    placeholder: 'https://api.github.com',
  },
};

const CLAIMED = [
  'name',
  'preset',
  'display_name',
  'client_id',
  'client_secret',
  'scopes',
  'enabled',
  ...Object.values(API_NAMES),
];

interface ProviderFormModalProps {
  /** The provider to edit; none to add one. */
  provider?: Provider;
  onClose: () => void;
}

/** Mount it when it opens: the form starts from the provider (or empty) each time. */
export function ProviderFormModal({ provider, onClose }: ProviderFormModalProps) {
  const editing = provider !== undefined;
  const [started] = useState<ProviderForm>(() => (provider ? providerFormOf(provider) : emptyProviderForm()));
  const [form, setForm] = useState<ProviderForm>(started);
  const guard = useGuardedModal(provider ? `the provider ${provider.name}` : 'the new provider', onClose);
  const dirty = JSON.stringify(form) !== JSON.stringify(started);
  useEffect(() => guard.setDirty(dirty), [dirty, guard.setDirty]);
  const create = useCreateProviderMutation();
  const update = useUpdateProviderMutation({ inlineErrors: true });
  const save = editing ? update : create;
  const errors = fieldErrors(save.error);
  const set = <Key extends keyof ProviderForm>(key: Key, value: ProviderForm[Key]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const done = (saved: Provider) => {
      notifications.show({ color: 'green', message: `Provider ${saved.name} ${editing ? 'saved' : 'added'}` });
      guard.close();
    };
    if (provider) update.mutate({ name: provider.name, changes: changesOf(provider, form) }, { onSuccess: done });
    else create.mutate(createBodyOf(form), { onSuccess: done });
  };

  return (
    <Modal
      opened
      onClose={guard.requestClose}
      title={editing ? `Edit ${provider.name}` : 'New sign-in provider'}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {!editing && (
            <>
              <Select
                label="Preset"
                allowDeselect={false}
                data={PRESETS}
                value={form.preset}
                onChange={(value) => value && set('preset', value as Preset)}
                error={errors['preset']}
              />
              <TextInput
                label="Name"
                required
                data-autofocus
                description="Lowercase letters, digits, - and _; part of the callback URL, so it cannot change later"
                placeholder={form.preset === 'oidc' ? 'keycloak' : form.preset}
                value={form.name}
                onChange={(event) => set('name', event.currentTarget.value)}
                error={errors['name']}
              />
            </>
          )}
          <TextInput
            label="Display name"
            description="On the sign-in button: “Continue with …”"
            placeholder={
              form.preset === 'oidc' ? 'Company SSO' : PRESETS.find((item) => item.value === form.preset)?.label
            }
            value={form.displayName}
            onChange={(event) => set('displayName', event.currentTarget.value)}
            error={errors['display_name']}
          />
          {PRESET_URL_FIELDS[form.preset].map((field) => (
            <TextInput
              key={field}
              label={URL_INPUTS[field].label}
              description={URL_INPUTS[field].description}
              placeholder={URL_INPUTS[field].placeholder}
              required={field === 'issuer'}
              type="url"
              value={form[field]}
              onChange={(event) => set(field, event.currentTarget.value)}
              error={errors[API_NAMES[field]]}
            />
          ))}
          <TextInput
            label="Client ID"
            required
            autoComplete="off"
            value={form.clientId}
            onChange={(event) => set('clientId', event.currentTarget.value)}
            error={errors['client_id']}
          />
          <PasswordInput
            label={
              <Group gap={6} component="span" display="inline-flex">
                Client secret
                {editing && (
                  <Badge size="xs" variant="light" color="green" component="span">
                    set
                  </Badge>
                )}
              </Group>
            }
            required={!editing}
            autoComplete="new-password"
            description={
              editing
                ? 'A secret is stored (it is never shown). Leave this empty to keep it, or type a new one to replace it.'
                : 'Stored encrypted; it is never shown again'
            }
            value={form.clientSecret}
            onChange={(event) => set('clientSecret', event.currentTarget.value)}
            error={errors['client_secret']}
          />
          <TextInput
            label="Scopes"
            description="Separated by spaces; empty uses the preset’s (openid email profile, or read:user user:email)"
            value={form.scopes}
            onChange={(event) => set('scopes', event.currentTarget.value)}
            error={errors['scopes']}
          />
          <Switch
            label="Enabled: offered on sign-in pages"
            checked={form.enabled}
            onChange={(event) => set('enabled', event.currentTarget.checked)}
          />
          <ProblemAlert error={save.error} claimed={CLAIMED} />
          <Group justify="flex-end">
            <Button variant="default" onClick={guard.requestClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? 'Save provider' : 'Add provider'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
