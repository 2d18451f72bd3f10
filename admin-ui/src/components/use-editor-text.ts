// Keeps a CodeMirror view's text in step with a value set from outside (cleared, reset, written
// by another control): the view owns the text while typing, so only a different value replaces it.
import type { EditorView } from '@codemirror/view';
import { useEffect, type RefObject } from 'react';

export function useEditorText(view: RefObject<EditorView | null>, value: string): void {
  useEffect(() => {
    const current = view.current;
    if (!current || current.state.doc.toString() === value) return;
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [view, value]);
}
