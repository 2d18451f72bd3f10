// The expression input, fetched on first use: CodeMirror stays out of the console's entry chunk,
// and a placeholder of the input's height holds its place meanwhile.
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { ExpressionInputProps } from './expression-input';

const ExpressionInput = lazy(async () => ({ default: (await import('./expression-input')).ExpressionInput }));

export function LazyExpressionInput(props: ExpressionInputProps) {
  return (
    // The placeholder does not repeat the input's name: a locator by that name must wait for the input.
    <Suspense fallback={<Skeleton height={36} aria-label="Loading the input" />}>
      <ExpressionInput {...props} />
    </Suspense>
  );
}
