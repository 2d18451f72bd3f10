// A CodeMirror input for a filter or rule expression, with completions from the collection's
// metadata (expression-completions.ts). Enter submits (a filter) unless a suggestion was picked
// with the arrow keys: no suggestion is preselected, so Enter never takes one by surprise.
// Its own chunk, loaded by lazy-expression-input.tsx.
import {
  acceptCompletion,
  autocompletion,
  completionKeymap,
  completionStatus,
  moveCompletionSelection,
  selectedCompletionIndex,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText, type Command } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useEditorText } from '../../components/use-editor-text';
import { expressionCompletions, type CompletionKind, type CompletionSettings } from './expression-completions';

export interface ExpressionInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter, with the text at that moment; without it Enter starts a new line (rules may span lines). */
  onSubmit?: (value: string) => void;
  /** The accessible name of the editable area (existing tests find it by this). */
  label: string;
  placeholder?: string;
  invalid?: boolean;
  /** The id of what describes the input (its error). */
  describedBy?: string;
  settings: CompletionSettings;
}

const ICON_TYPE: Record<CompletionKind, string> = {
  field: 'property',
  relation: 'class',
  operator: 'keyword',
  keyword: 'keyword',
  macro: 'variable',
  value: 'constant',
};

function completionSource(settings: () => CompletionSettings) {
  return (context: CompletionContext): CompletionResult | null => {
    // Answers arrive a moment after typing: by then focus may have left (Builder opened), and a
    // list left open over the page would cover what is there.
    if (context.view && !context.view.hasFocus) return null;
    const answer = expressionCompletions(context.state.doc.toString(), context.pos, settings());
    if (!answer) return null;
    const options = answer.options.map((option): Completion => ({
      label: option.label,
      type: ICON_TYPE[option.kind],
      ...(option.detail ? { detail: option.detail } : {}),
      ...(option.apply ? { apply: option.apply } : {}),
    }));
    // Asked again on every keystroke: what fits depends on the tokens before the cursor.
    return { from: answer.from, options, filter: false };
  };
}

/** Tab takes the highlighted suggestion, or the first one; with no suggestions open it moves focus as usual. */
const acceptWithTab: Command = (view) => {
  if (completionStatus(view.state) !== 'active') return false;
  if (selectedCompletionIndex(view.state) === null) moveCompletionSelection(true)(view);
  return acceptCompletion(view) || true;
};

/** A pasted line break becomes a space where the input is one line. */
const oneLine = EditorState.transactionFilter.of((transaction) => {
  if (!transaction.docChanged || transaction.newDoc.lines === 1) return transaction;
  const text = transaction.newDoc.toString();
  return [
    transaction,
    { changes: { from: 0, to: text.length, insert: text.replace(/\r?\n/g, ' ') }, sequential: true },
  ];
});

const theme = EditorView.theme({
  '&': { fontSize: 'var(--mantine-font-size-sm)', backgroundColor: 'transparent' },
  // Over the host's border, as a focused Mantine input shows it.
  '&.cm-focused': { outline: '1px solid var(--mantine-primary-color-filled)', outlineOffset: '0' },
  '.cm-content': { fontFamily: 'var(--mantine-font-family-monospace)', padding: '7px 0', minHeight: '34px' },
  '.cm-line': { padding: '0 10px' },
  // CodeMirror's own grey is 3.5:1 on white; the theme's dimmed text reaches 4.5:1 in both schemes.
  '.cm-placeholder': { color: 'var(--mantine-color-dimmed)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-sm)',
    boxShadow: 'var(--mantine-shadow-md)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--mantine-primary-color-light)',
    color: 'var(--mantine-color-text)',
  },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mantine-font-family-monospace)', maxWidth: 'min(560px, 90vw)' },
  '.cm-completionDetail': { marginLeft: '1em', fontStyle: 'normal', opacity: 0.75 },
});

function attributes(props: Pick<ExpressionInputProps, 'label' | 'invalid' | 'describedBy'>, multiline: boolean) {
  return EditorView.contentAttributes.of({
    'aria-label': props.label,
    'aria-multiline': String(multiline),
    ...(props.invalid ? { 'aria-invalid': 'true' } : {}),
    ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}),
  });
}

export function ExpressionInput(props: ExpressionInputProps) {
  const { value, label, invalid, describedBy, placeholder } = props;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const slots = useRef({ attributes: new Compartment(), placeholder: new Compartment() });
  const multiline = props.onSubmit === undefined;

  // Created once; the effects below follow later props.
  useEffect(() => {
    if (!host.current) return undefined;
    const submit: Command = (target) => {
      const onSubmit = latest.current.onSubmit;
      if (!onSubmit) return false;
      onSubmit(target.state.doc.toString());
      return true;
    };
    const extensions: Extension[] = [
      history(),
      EditorView.lineWrapping,
      autocompletion({ override: [completionSource(() => latest.current.settings)], selectOnOpen: false }),
      keymap.of([
        { key: 'Enter', run: submit },
        { key: 'Tab', run: acceptWithTab },
        ...completionKeymap,
        ...defaultKeymap,
        ...historyKeymap,
      ]),
      slots.current.attributes.of(attributes(latest.current, multiline)),
      slots.current.placeholder.of(placeholderText(latest.current.placeholder ?? '')),
      multiline ? [] : oneLine,
      theme,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) latest.current.onChange(update.state.doc.toString());
      }),
    ];
    const created = new EditorView({ parent: host.current, state: EditorState.create({ doc: value, extensions }) });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // Built once per mount.
  }, []);

  useEditorText(view, value);

  useEffect(() => {
    view.current?.dispatch({
      effects: slots.current.attributes.reconfigure(attributes({ label, invalid, describedBy }, multiline)),
    });
  }, [label, invalid, describedBy, multiline]);

  useEffect(() => {
    view.current?.dispatch({ effects: slots.current.placeholder.reconfigure(placeholderText(placeholder ?? '')) });
  }, [placeholder]);

  return (
    <div
      ref={host}
      className="expression-input"
      data-invalid={invalid ? 'true' : undefined}
      style={{
        border: `1px solid ${invalid ? 'var(--mantine-color-error)' : 'var(--mantine-color-default-border)'}`,
        borderRadius: 'var(--mantine-radius-sm)',
        backgroundColor: 'var(--mantine-color-body)',
        minWidth: 0,
      }}
    />
  );
}
