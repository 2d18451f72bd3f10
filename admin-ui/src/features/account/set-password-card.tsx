// For an account made through a provider: a first password, so email and password sign in too.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { NewPasswordFields } from '../../components/new-password-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useSetPasswordMutation } from '../../data/auth/password-set-mutation';

export function SetPasswordCard() {
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const save = useSetPasswordMutation();
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeated) {
      setMismatch(true);
      return;
    }
    save.mutate(password, {
      onSuccess: () => notifications.show({ color: 'green', message: 'Password set: you can sign in with it too' }),
    });
  };
  return (
    <Card withBorder component="section" aria-labelledby="set-password-title">
      <Title order={2} fz="h4" id="set-password-title">
        Password
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Your account has no password: you sign in through a provider. Set one to sign in with your email too.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack maw={360}>
          <NewPasswordFields
            password={password}
            repeated={repeated}
            onPasswordChange={(value) => {
              setPassword(value);
              setMismatch(false);
            }}
            onRepeatedChange={(value) => {
              setRepeated(value);
              setMismatch(false);
            }}
            mismatch={mismatch}
            error={errors['new_password']}
          />
          <ProblemAlert error={save.error} claimed={['new_password']} title="The password was not set" />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
