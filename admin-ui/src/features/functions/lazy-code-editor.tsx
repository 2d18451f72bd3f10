// The code editor, fetched on first use: CodeMirror is its own chunk, downloaded only by pages
// that show source, while a placeholder of the editor's height holds its place.
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './code-editor';

const CodeEditor = lazy(async () => ({ default: (await import('./code-editor')).CodeEditor }));

export function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<Skeleton height={props.minHeight ?? 280} aria-label="Loading the editor" />}>
      <CodeEditor {...props} />
    </Suspense>
  );
}
