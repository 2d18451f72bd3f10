// Deleting a provider: refused while users sign in with it; the refusal says so in the dialog.
import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmModal } from '../../components/confirm-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useDeleteProviderMutation } from '../../data/sign-in-providers/provider-delete-mutation';
import type { Provider } from '../../data/sign-in-providers/providers-query';

export function DeleteProviderModal({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const remove = useDeleteProviderMutation();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={provider !== null}
      onClose={close}
      title={`Delete ${provider?.name ?? ''}?`}
      confirmLabel="Delete provider"
      loading={remove.isPending}
      onConfirm={() =>
        provider &&
        remove.mutate(provider.name, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: `Provider ${provider.name} deleted` });
            close();
          },
        })
      }
    >
      {provider && (
        <>
          <Text size="sm">
            The “Continue with {provider.display_name}” button disappears from sign-in pages. A provider that users have
            signed in with cannot be deleted; disable it instead.
          </Text>
          <ProblemAlert error={remove.error} title="The provider was not deleted" />
        </>
      )}
    </ConfirmModal>
  );
}
