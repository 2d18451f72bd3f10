// Settings → Sign-in providers: the OAuth/OpenID Connect providers users can sign in with (add,
// edit, switch on and off, test, delete) and the sign-in settings below them.
import { Button, Card, EmptyState, Stack } from '@mantine/core';
import { useState } from 'react';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useProvidersQuery, type Provider } from '../../data/sign-in-providers/providers-query';
import { DeleteProviderModal } from './delete-provider-modal';
import { ProviderFormModal } from './provider-form-modal';
import { ProvidersTable } from './providers-table';
import { SignInSettingsCard } from './sign-in-settings-card';

type Editing = { mode: 'create' } | { mode: 'edit'; provider: Provider } | null;

export function SignInProvidersPage() {
  const providers = useProvidersQuery();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Provider | null>(null);
  const create = () => setEditing({ mode: 'create' });

  return (
    <>
      <PageHeader
        title="Sign-in providers"
        description="Let users sign in with Google, GitHub or any OpenID Connect provider, besides email and password."
        actions={<Button onClick={create}>New provider</Button>}
      />
      {editing && (
        <ProviderFormModal
          provider={editing.mode === 'edit' ? editing.provider : undefined}
          onClose={() => setEditing(null)}
        />
      )}
      <DeleteProviderModal provider={deleting} onClose={() => setDeleting(null)} />
      <Stack gap="lg">
        <section aria-label="Providers">
          {providers.isPending && <LoadingBlock label="Loading sign-in providers" />}
          {providers.isError && <ProblemAlert error={providers.error} />}
          {providers.data && providers.data.length === 0 && (
            <Card withBorder>
              <EmptyState
                title="No sign-in providers yet"
                description="Add one, register its callback URL at the provider, then try it with a test sign-in."
              >
                <EmptyState.Actions>
                  <Button onClick={create}>Add a provider</Button>
                </EmptyState.Actions>
              </EmptyState>
            </Card>
          )}
          {providers.data && providers.data.length > 0 && (
            <ProvidersTable
              providers={providers.data}
              onEdit={(provider) => setEditing({ mode: 'edit', provider })}
              onDelete={setDeleting}
            />
          )}
        </section>
        <SignInSettingsCard />
      </Stack>
    </>
  );
}
