// The part of a delete confirmation that says what happens to the records referring to the ones
// deleted (set to null, deleted too, unlinked, or the delete refused), with counts; and, when the
// server refused the delete anyway, why.
import { Alert, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { ApiError, errorMessage, type CollectionDefinition } from '../../api';
import { useDeleteEffectsQuery } from '../../data/records/delete-effects-query';
import { effectSentence, effectsThatApply, isRefused } from './delete-effects';

interface DeleteEffectsNoticeProps {
  collection: string;
  collections: readonly CollectionDefinition[];
  ids: readonly string[];
  /** The delete's own failure, if it was tried: a 409 is a refusal by a restricting relation. */
  deleteError?: unknown;
}

/** Mounted with the confirmation's body, so it counts afresh each time the confirmation opens. */
export function DeleteEffectsNotice({ collection, collections, ids, deleteError }: DeleteEffectsNoticeProps) {
  const effects = useDeleteEffectsQuery(collections, collection, ids);
  // A failure from before this confirmation opened belongs to an earlier attempt.
  const earlierError = useRef(deleteError);
  const refusal = deleteError !== earlierError.current && deleteError instanceof ApiError && deleteError.status === 409;
  const subject = ids.length === 1 ? 'it' : 'them';

  if (effects.isPending)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Counting the records that refer to {subject}…
        </Text>
      </Group>
    );
  if (effects.isError)
    return (
      <Text size="sm" c="orange.8">
        The records that refer to {subject} could not be counted: {errorMessage(effects.error)}
      </Text>
    );
  if (effects.data.length === 0 && !refusal) return null;
  const applied = effectsThatApply(effects.data);
  const refused = isRefused(effects.data);

  return (
    <Stack gap="xs">
      {applied.length === 0 ? (
        <Text size="sm">No other records refer to {subject}.</Text>
      ) : (
        <div>
          <Text size="sm" fw={500} id="delete-effects-title">
            Records that refer to {subject}:
          </Text>
          <List size="sm" aria-labelledby="delete-effects-title">
            {applied.map((effect) => (
              <List.Item
                key={`${effect.collection}.${effect.field}`}
                c={effect.effect === 'restrict' ? 'red.8' : undefined}
              >
                {effectSentence(effect, ids.length)}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {refused && !refusal && (
        <Alert color="red" variant="light" p="xs" title="The delete will be refused">
          <Text size="sm">Delete the records that refer to {subject} first, or point them elsewhere.</Text>
        </Alert>
      )}
      {refusal && (
        <Alert color="red" variant="light" p="xs" role="alert" title="The server refused the delete">
          <Text size="sm">
            {refused
              ? `Records still refer to ${subject}, and their relation does not allow it. Delete them first, or point them elsewhere.`
              : errorMessage(deleteError)}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
