// New recovery codes, shown this once: copy or download them, and say they are saved before
// the dialog goes away (it cannot be dismissed otherwise).
import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { downloadRecoveryCodes, recoveryCodesText } from './recovery-codes-file';

/** Mount it when there are codes to show. */
export function RecoveryCodesModal({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const text = recoveryCodesText(codes);
  return (
    <Modal
      opened
      onClose={() => saved && onDone()}
      title="Save your recovery codes"
      centered
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
    >
      <Stack>
        <Alert color="yellow" variant="light" title="They are shown only this once">
          Each code signs you in once if you lose your authenticator app or passkey. Keep them somewhere safe, like a
          password manager.
        </Alert>
        <Code block aria-label="Recovery codes" className="mono" style={{ columnCount: 2 }}>
          {codes.join('\n')}
        </Code>
        <Group>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy codes'}
              </Button>
            )}
          </CopyButton>
          <Button variant="light" onClick={() => downloadRecoveryCodes(codes)}>
            Download
          </Button>
        </Group>
        <Checkbox
          label="I have saved them"
          checked={saved}
          onChange={(event) => setSaved(event.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button disabled={!saved} onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
