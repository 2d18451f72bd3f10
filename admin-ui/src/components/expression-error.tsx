// Shows where an expression broke: the expression with a caret under the offending character.
import { Box, Code, Text } from '@mantine/core';
import type { ExpressionIssue } from '../api';

export function caretLine(expression: string, position: number): string {
  const clamped = Math.max(0, Math.min(position, expression.length));
  // Tabs keep their width so the caret lines up under them.
  const pad = expression.slice(0, clamped).replace(/[^\t]/g, ' ');
  return `${pad}^`;
}

/** "Unknown field "x"." → "Unknown field "x" (at character 3).": the place goes inside the sentence. */
export function withPlace(message: string, position: number): string {
  const [, text = message, stop = ''] = /^([\s\S]*?)([.?!]?)$/.exec(message) ?? [];
  return `${text} (at character ${position + 1})${stop}`;
}

export function ExpressionError({
  expression,
  issue,
  id,
}: {
  expression: string;
  issue: ExpressionIssue;
  id?: string;
}) {
  return (
    <Box id={id} role="alert" mt={4}>
      <Text c="red" size="sm">
        {issue.position === undefined ? issue.message : withPlace(issue.message, issue.position)}
      </Text>
      {issue.position !== undefined && expression.length > 0 && (
        <Code block className="expression-caret" mt={4} aria-label="Where the expression is wrong">
          {expression.split('\n').join(' ')}
          {'\n'}
          <Text span c="red" fw={700} ff="monospace">
            {caretLine(expression.split('\n').join(' '), issue.position)}
          </Text>
        </Code>
      )}
    </Box>
  );
}
