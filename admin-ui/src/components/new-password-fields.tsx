// A new password typed twice, for every form that sets one (reset link, first password of an
// account made through a provider): same rules text, same mismatch message.
import { PasswordInput } from '@mantine/core';

export interface NewPasswordFieldsProps {
  password: string;
  repeated: string;
  onPasswordChange: (value: string) => void;
  onRepeatedChange: (value: string) => void;
  /** True after a submit where the two differed; cleared by the form on edit. */
  mismatch: boolean;
  /** The server's message for the password field, if any. */
  error?: string;
  autoFocus?: boolean;
}

export function NewPasswordFields(props: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordInput
        label="New password"
        autoComplete="new-password"
        required
        data-autofocus={props.autoFocus}
        autoFocus={props.autoFocus}
        description="Not a common password, and not your email."
        value={props.password}
        onChange={(event) => props.onPasswordChange(event.currentTarget.value)}
        error={props.error}
      />
      <PasswordInput
        label="Repeat the new password"
        autoComplete="new-password"
        required
        value={props.repeated}
        onChange={(event) => props.onRepeatedChange(event.currentTarget.value)}
        error={props.mismatch ? 'The two passwords differ' : undefined}
      />
    </>
  );
}
