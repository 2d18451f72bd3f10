// The sign-in settings: which URLs apps' provider sign-ins may end at, and which roles must use a
// second factor.
import { Button, Card, Checkbox, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { LoadingBlock } from '../../components/loading-block';
import { ProblemAlert } from '../../components/problem-alert';
import { useAuthSettingsQuery, type AuthSettings } from '../../data/sign-in-providers/auth-settings-query';
import { useUpdateAuthSettingsMutation } from '../../data/sign-in-providers/auth-settings-update-mutation';
import { RedirectUrlsInput } from './redirect-urls-input';
import { settingsChangesOf, settingsFormOf, type Role, type SignInSettingsForm } from './sign-in-settings-form';

function SettingsForm({ saved }: { saved: AuthSettings }) {
  const [form, setForm] = useState<SignInSettingsForm>(() => settingsFormOf(saved));
  const update = useUpdateAuthSettingsMutation();
  const errors = fieldErrors(update.error);
  const changes = settingsChangesOf(saved, form);
  const changed = Object.keys(changes).length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(changes, {
      onSuccess: (next) => {
        setForm(settingsFormOf(next));
        notifications.show({ color: 'green', message: 'Sign-in settings saved' });
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <RedirectUrlsInput
          value={form.redirectUrls}
          onChange={(redirectUrls) => setForm((current) => ({ ...current, redirectUrls }))}
          error={errors['oauth_redirect_urls']}
        />
        <Checkbox.Group
          label="Require MFA for roles"
          description="Members without a second factor must set one up at their next sign-in before they can do anything else."
          value={form.mfaRoles}
          onChange={(values) => setForm((current) => ({ ...current, mfaRoles: values as Role[] }))}
          error={errors['mfa_required_roles']}
        >
          <Group mt="xs">
            <Checkbox value="admin" label="Admins" />
            <Checkbox value="user" label="Users" />
          </Group>
        </Checkbox.Group>
        <ProblemAlert error={update.error} claimed={['oauth_redirect_urls', 'mfa_required_roles']} />
        <Group justify="flex-end">
          <Button type="submit" disabled={!changed} loading={update.isPending}>
            Save sign-in settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SignInSettingsCard() {
  const settings = useAuthSettingsQuery();
  return (
    <Card withBorder component="section" aria-labelledby="sign-in-settings-title">
      <Title order={2} fz="h4" mb="sm" id="sign-in-settings-title">
        Sign-in settings
      </Title>
      {settings.isPending && <LoadingBlock rows={3} label="Loading sign-in settings" />}
      {settings.isError && <ProblemAlert error={settings.error} />}
      {settings.data && <SettingsForm saved={settings.data} />}
    </Card>
  );
}
