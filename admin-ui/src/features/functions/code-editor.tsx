// The source editor of a function: CodeMirror 6 with TypeScript/JavaScript highlighting,
// completions and hover help for `ctx` (from ctx-types.ts), and a deploy's compile errors shown
// in place as lint diagnostics. It is its own chunk (loaded by lazy-code-editor.tsx), so pages
// that never show code do not download CodeMirror.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxTree } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, setDiagnosticsEffect, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
  type Tooltip,
} from '@codemirror/view';
import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useEditorText } from '../../components/use-editor-text';
import type { FunctionLanguage } from '../../data/functions/functions-query';
import { codeColors } from './code-colors';
import type { PlacedError } from './compile-errors';
import { ctxCompletions, ctxMemberAt } from './ctx-completions';

export interface CodeEditorHandle {
  /** Puts the cursor at an offset, scrolls to it and focuses the editor (from the error list). */
  focusAt: (offset: number) => void;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** Mod-S (Ctrl-S, Cmd-S): save or deploy instead of the browser saving the page. */
  onSave?: () => void;
  language: FunctionLanguage;
  /** Errors of the text shown, placed in it; an empty list clears them. */
  errors?: readonly PlacedError[];
  readOnly?: boolean;
  /** The accessible name of the editable area. */
  label: string;
  /** The id of what describes the editor (the error list). */
  describedBy?: string;
  minHeight?: number;
  maxHeight?: number;
  ref?: Ref<CodeEditorHandle>;
}

/** Where a member access is text, not code: no completions or hover help there. */
const NOT_CODE = new Set(['String', 'TemplateString', 'LineComment', 'BlockComment', 'RegExp']);
/** How far back a member chain (`ctx\n  .records.`) is looked for. */
const LOOK_BEHIND = 300;

function ctxCompletionSource(context: CompletionContext): CompletionResult | null {
  if (NOT_CODE.has(syntaxTree(context.state).resolveInner(context.pos, -1).name)) return null;
  const before = context.state.sliceDoc(Math.max(0, context.pos - LOOK_BEHIND), context.pos);
  const found = ctxCompletions(context.state.doc.toString(), before);
  if (!found) return null;
  return {
    from: context.pos - found.typed,
    validFor: /^[\w$]*$/,
    options: found.options.map((option) => ({
      label: option.label,
      type: option.type,
      detail: option.detail,
      info: () => infoNode(option.signature, option.info),
    })),
  };
}

function infoNode(signature: string, doc: string): HTMLElement {
  const node = document.createElement('div');
  node.className = 'cm-ctx-info';
  const code = document.createElement('code');
  code.textContent = signature;
  const text = document.createElement('div');
  text.textContent = doc;
  node.append(code, text);
  return node;
}

/** Hovering `ctx.records.list` shows its signature and what it does. */
const ctxHover = hoverTooltip((view, pos): Tooltip | null => {
  const word = view.state.wordAt(pos);
  if (!word || NOT_CODE.has(syntaxTree(view.state).resolveInner(pos, 1).name)) return null;
  const before = view.state.sliceDoc(Math.max(0, word.to - LOOK_BEHIND), word.to);
  const member = ctxMemberAt(view.state.doc.toString(), before);
  if (!member) return null;
  return {
    pos: word.from,
    end: word.to,
    above: true,
    create: () => ({ dom: infoNode(member.type, member.doc) }),
  };
});

const theme = EditorView.theme({
  '&': {
    fontSize: '13px',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-sm)',
    backgroundColor: 'var(--mantine-color-body)',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-color-indigo-5)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', lineHeight: '1.5' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-default-hover)',
    borderRight: '1px solid var(--mantine-color-default-border)',
  },
  '.cm-tooltip-autocomplete > ul': { maxWidth: 'min(720px, 90vw)' },
  '.cm-ctx-info': { maxWidth: '520px', padding: '4px 6px', whiteSpace: 'normal' },
  '.cm-ctx-info code': { display: 'block', fontSize: '12px', whiteSpace: 'pre-wrap', marginBottom: '4px' },
});

function languageExtension(language: FunctionLanguage): Extension {
  return javascript({ typescript: language === 'typescript' });
}

function editableExtension(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

function attributesExtension(label: string, describedBy: string | undefined): Extension {
  return EditorView.contentAttributes.of({
    'aria-label': label,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  });
}

/** A diagnostic belongs to the text it was computed for: any edit clears them in the same step. */
const clearOnEdit = EditorState.transactionExtender.of((transaction) =>
  transaction.docChanged ? { effects: setDiagnosticsEffect.of([]) } : null,
);

function diagnosticsOf(errors: readonly PlacedError[]): Diagnostic[] {
  return errors.map((error) => ({
    from: error.from,
    to: error.to,
    severity: 'error',
    source: `${error.file}:${error.line}:${error.column}`,
    message: error.message,
  }));
}

export function CodeEditor({
  value,
  onChange,
  onSave,
  language,
  errors = [],
  readOnly = false,
  label,
  describedBy,
  minHeight = 280,
  maxHeight = 560,
  ref,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const dark = useComputedColorScheme('light', { getInitialValueInEffect: false }) === 'dark';
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;
  const compartments = useRef({
    language: new Compartment(),
    editable: new Compartment(),
    attributes: new Compartment(),
    colors: new Compartment(),
  });

  // Created once; later prop changes reconfigure it (below) instead of rebuilding it.
  useEffect(() => {
    if (!host.current) return undefined;
    const { language: languageSlot, editable, attributes, colors } = compartments.current;
    const created = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          lintGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          colors.of(codeColors(dark)),
          autocompletion(),
          EditorState.languageData.of(() => [{ autocomplete: ctxCompletionSource }]),
          ctxHover,
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                onSaveRef.current?.();
                return onSaveRef.current !== undefined;
              },
            },
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...completionKeymap,
            ...lintKeymap,
            indentWithTab,
          ]),
          languageSlot.of(languageExtension(language)),
          editable.of(editableExtension(readOnly)),
          attributes.of(attributesExtension(label, describedBy)),
          clearOnEdit,
          theme,
          EditorView.theme({
            '.cm-content, .cm-gutter': { minHeight: `${minHeight}px` },
            '.cm-scroller': { maxHeight: `${maxHeight}px`, overflow: 'auto' },
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // Built once per mount: the effects below follow the props.
  }, []);

  useEditorText(view, value);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.language.reconfigure(languageExtension(language)) });
  }, [language]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.colors.reconfigure(codeColors(dark)) });
  }, [dark]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.editable.reconfigure(editableExtension(readOnly)) });
  }, [readOnly]);

  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.current.attributes.reconfigure(attributesExtension(label, describedBy)),
    });
  }, [label, describedBy]);

  // Compared by content: the page recomputes the list on every render.
  const errorsKey = JSON.stringify(errors.map((error) => [error.from, error.to, error.message]));
  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.dispatch(setDiagnostics(current.state, diagnosticsOf(errors)));
    // errorsKey stands for errors.
  }, [errorsKey]);

  useImperativeHandle(
    ref,
    () => ({
      focusAt: (offset: number) => {
        const current = view.current;
        if (!current) return;
        const position = Math.min(Math.max(0, offset), current.state.doc.length);
        current.dispatch({ selection: EditorSelection.cursor(position), scrollIntoView: true });
        current.focus();
      },
    }),
    [],
  );

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
