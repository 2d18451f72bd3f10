// Two-step verification: whether it is on (and required), the authenticator app, passkeys and
// recovery codes. New recovery codes from any of them are shown here, once.
import { Badge, Card, Divider, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { LoadingBlock } from '../../components/loading-block';
import { ProblemAlert } from '../../components/problem-alert';
import { useMfaStatusQuery } from '../../data/mfa/mfa-status-query';
import { PasskeysSection } from './passkeys-section';
import { RecoveryCodesModal } from './recovery-codes-modal';
import { RecoveryCodesSection } from './recovery-codes-section';
import { TotpSection } from './totp-section';

export function TwoStepCard() {
  const status = useMfaStatusQuery();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="two-step-title">
      <Group gap="xs" mb="sm">
        <Title order={2} fz="h4" id="two-step-title">
          Two-step verification
        </Title>
        {status.data && (
          <Badge variant="light" color={status.data.enabled ? 'green' : 'gray'}>
            {status.data.enabled ? 'On' : 'Off'}
          </Badge>
        )}
        {status.data?.required && (
          <Badge variant="light" color="yellow">
            Required for your role
          </Badge>
        )}
      </Group>
      {status.isPending && <LoadingBlock rows={3} label="Loading two-step verification" />}
      {status.isError && <ProblemAlert error={status.error} />}
      {status.data && (
        <Stack gap="md">
          <TotpSection status={status.data} onRecoveryCodes={setRecoveryCodes} />
          <Divider />
          <PasskeysSection status={status.data} onRecoveryCodes={setRecoveryCodes} />
          {status.data.enabled && (
            <>
              <Divider />
              <RecoveryCodesSection status={status.data} onRecoveryCodes={setRecoveryCodes} />
            </>
          )}
        </Stack>
      )}
      {recoveryCodes && <RecoveryCodesModal codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />}
    </Card>
  );
}
