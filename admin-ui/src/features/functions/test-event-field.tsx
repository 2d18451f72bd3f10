// The Test panel's event: JSON for ctx.event, starting from a sample shaped as the function's
// first record trigger would send, which can be brought back after editing.
import { Anchor, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { randomUuid, sampleEvent, type SampleSeed } from './test-event';
import type { SavedTriggers } from './trigger-form';

/** The sample as JSON text; its ids and time are fixed once, so it is stable while shown. */
export function useSampleEvent(triggers: SavedTriggers): string {
  const collections = useCollectionsQuery();
  const [seed] = useState<SampleSeed>(() => ({
    now: new Date(),
    eventId: randomUuid(),
    recordId: randomUuid(),
  }));
  return JSON.stringify(sampleEvent(triggers, collections.data ?? [], seed), null, 2);
}

interface TestEventFieldProps {
  text: string;
  error: string | undefined;
  /** Whether the text is no longer the sample. */
  edited: boolean;
  onChange: (text: string) => void;
  onReset: () => void;
}

export function TestEventField({ text, error, edited, onChange, onReset }: TestEventFieldProps) {
  return (
    <Textarea
      label="Event (JSON)"
      description={
        <>
          What the function sees as <code>ctx.event</code>; its <code>id</code>, if any, is{' '}
          <code>ctx.idempotency_key</code>.
          {edited && (
            <>
              {' '}
              <Anchor component="button" type="button" size="xs" onClick={onReset}>
                Back to the sample
              </Anchor>
            </>
          )}
        </>
      }
      classNames={{ input: 'mono' }}
      autosize
      minRows={6}
      maxRows={20}
      value={text}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
    />
  );
}
