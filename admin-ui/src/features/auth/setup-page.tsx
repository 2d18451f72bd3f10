// First run: nobody can sign in until the first admin exists.
import { useSetupMutation } from '../../data/auth/setup-mutation';
import { CredentialsForm } from './credentials-form';

export function SetupPage() {
  const setup = useSetupMutation();
  return (
    <CredentialsForm
      title="Create the first admin"
      intro="This instance has no admin yet. The account you create here manages collections, users and API keys."
      submitLabel="Create admin and sign in"
      passwordHint="Not a common password, and not your email."
      newPassword
      pending={setup.isPending}
      error={setup.error}
      onSubmit={(credentials) => setup.mutate(credentials)}
    />
  );
}
