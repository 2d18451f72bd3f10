// A webhook's signing secret: hidden until asked for, and copyable either way.
import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useState } from 'react';

export function SecretField({ secret }: { secret: string }) {
  const [shown, setShown] = useState(false);
  return (
    <Group gap="xs" wrap="nowrap">
      <Code aria-label="Signing secret" className="mono" style={{ wordBreak: 'break-all' }}>
        {shown ? secret : `${secret.slice(0, 'whsec_'.length)}${'•'.repeat(16)}`}
      </Code>
      <Button size="compact-xs" variant="subtle" onClick={() => setShown((value) => !value)}>
        {shown ? 'Hide' : 'Show'}
      </Button>
      <CopyButton value={secret}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="light" onClick={copy}>
            {copied ? 'Copied' : 'Copy secret'}
          </Button>
        )}
      </CopyButton>
      <Text size="xs" c="dimmed" visibleFrom="md">
        Verifies the <Code>webhook-signature</Code> header
      </Text>
    </Group>
  );
}
