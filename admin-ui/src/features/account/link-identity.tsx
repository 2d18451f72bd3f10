// Links another provider account: the browser goes to the provider and comes back to the
// console's callback page, which confirms the link.
import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useSignInMethodsQuery } from '../../data/auth/sign-in-methods-query';
import { useLinkIdentityMutation } from '../../data/identities/identity-link-mutation';
import { consoleCallbackUrl } from '../auth/oauth-urls';

export function LinkIdentity({ linked }: { linked: readonly string[] }) {
  const methods = useSignInMethodsQuery();
  const link = useLinkIdentityMutation();
  const [provider, setProvider] = useState<string | null>(null);
  const choices = (methods.data?.providers ?? [])
    .filter((item) => !linked.includes(item.name))
    .map((item) => ({ value: item.name, label: item.display_name }));
  if (choices.length === 0) return null;
  return (
    <Group align="flex-end" gap="xs">
      <Select
        label="Link another provider"
        placeholder="Choose a provider"
        data={choices}
        value={provider}
        onChange={setProvider}
        maw={260}
      />
      <Button
        variant="light"
        disabled={provider === null}
        loading={link.isPending}
        onClick={() =>
          provider &&
          link.mutate(
            { provider, redirectUri: consoleCallbackUrl(window.location.origin) },
            { onSuccess: ({ authorization_url }) => window.location.assign(authorization_url) },
          )
        }
      >
        Link
      </Button>
    </Group>
  );
}
