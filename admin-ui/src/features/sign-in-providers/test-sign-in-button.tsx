// "Test sign-in": the provider's sign-in in a new window, ending at the console's callback page,
// which shows what the provider asserted. No account is created or signed in.
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTestProviderMutation } from '../../data/sign-in-providers/provider-test-mutation';
import { openTestWindow } from './test-sign-in';

export function TestSignInButton({ name }: { name: string }) {
  const test = useTestProviderMutation();
  const start = () => {
    const target = openTestWindow();
    test.mutate(name, {
      onSuccess: ({ authorization_url }) => {
        if (target) target.go(authorization_url);
        // A blocked popup: this tab goes instead, and comes back to the callback page.
        else window.location.assign(authorization_url);
      },
      onError: () => target?.close(),
    });
    if (target) notifications.show({ message: `Test sign-in with ${name} opened in a new window` });
  };
  return (
    <Button
      size="compact-xs"
      variant="light"
      loading={test.isPending}
      onClick={start}
      aria-label={`Test sign-in with ${name}`}
    >
      Test sign-in
    </Button>
  );
}
