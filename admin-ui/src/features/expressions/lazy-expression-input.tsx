// The expression input, fetched on first use: CodeMirror stays out of the console's entry chunk,
// and a placeholder of the input's height holds its place meanwhile.
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { ExpressionInputProps } from './expression-input';

const ExpressionInput = lazy(async () => ({ default: (await import('./expression-input')).ExpressionInput }));

export function LazyExpressionInput(props: ExpressionInputProps) {
  return (
    <Suspense fallback={<Skeleton height={36} aria-label={`Loading the ${props.label} input`} />}>
      <ExpressionInput {...props} />
    </Suspense>
  );
}
