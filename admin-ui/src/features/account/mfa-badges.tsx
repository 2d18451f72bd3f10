// Which second factors a user has, as badges; "No MFA" (red when their role requires it).
import { Badge, Group } from '@mantine/core';
import type { MfaStatus } from '../../data/mfa/mfa-status-query';
import { mfaFactorLabels } from './mfa-summary';

export function MfaBadges({ status }: { status: Pick<MfaStatus, 'totp' | 'passkeys' | 'required'> }) {
  const labels = mfaFactorLabels(status);
  if (labels.length === 0) {
    return (
      <Badge variant="light" color={status.required ? 'red' : 'gray'}>
        {status.required ? 'No MFA (required)' : 'No MFA'}
      </Badge>
    );
  }
  return (
    <Group gap={4}>
      {labels.map((label) => (
        <Badge key={label} variant="light" color="green">
          {label}
        </Badge>
      ))}
    </Group>
  );
}
