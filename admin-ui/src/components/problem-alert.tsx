// A failed request's problem document: the detail, the field problems no input showed, and the
// request id to find it in the server logs.
import { Alert, List, Text } from '@mantine/core';
import { ApiError, errorMessage, unclaimedProblems } from '../api';

interface ProblemAlertProps {
  error: unknown;
  /** Inputs that show their own errors; their problems are not repeated here. */
  claimed?: readonly string[];
  prefix?: string;
  title?: string;
}

export function ProblemAlert({ error, claimed = [], prefix = '', title }: ProblemAlertProps) {
  if (!error) return null;
  const rest = unclaimedProblems(error, claimed, prefix);
  const problem = error instanceof ApiError ? error.problem : undefined;
  // Every problem is already shown at its input: repeating the detail adds nothing.
  if (problem?.errors && problem.errors.length > 0 && rest.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={title ?? problem?.title ?? 'Something went wrong'} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((item) => (
            <List.Item key={`${item.field}:${item.code}:${item.message}`}>
              <Text span ff="monospace" size="sm">
                {item.field}
              </Text>
              : {item.message}
            </List.Item>
          ))}
        </List>
      )}
      {problem?.requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          Request id {problem.requestId}
        </Text>
      )}
    </Alert>
  );
}
