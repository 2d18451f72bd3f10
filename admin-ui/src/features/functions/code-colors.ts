// The source editor's colours in the console's light or dark theme: CodeMirror's own highlight
// style in light, the same tags in lighter tones in dark (each at least 4.5:1 on the dark body).
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** defaultHighlightStyle's colours → their dark-theme counterparts. */
const DARK_COLORS: Record<string, string> = {
  '#404740': '#b8bfb8', // meta
  '#708': '#d19bf5', // keyword
  '#219': '#9fb4ff', // atom, bool
  '#164': '#7fd6a6', // literal
  '#a11': '#ff9e9e', // string
  '#e40': '#ffab70', // regexp, escape
  '#00f': '#8fb8ff', // variable definition
  '#30a': '#b9a6ff', // local variable
  '#085': '#6fd3b5', // type, namespace
  '#167': '#79c8d8', // class
  '#256': '#8fc1e8', // special variable, macro
  '#00c': '#9fb0ff', // property definition
  '#940': '#d6b27a', // comment
  '#f00': '#ff8787', // invalid
};

const darkHighlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' ? { ...spec, color: DARK_COLORS[spec.color] ?? spec.color } : spec,
  ),
);

/** CodeMirror's dark base styles (cursor, selection) and the matching token colours. */
export function codeColors(dark: boolean): Extension {
  return [
    EditorView.theme({}, { dark }),
    syntaxHighlighting(dark ? darkHighlightStyle : defaultHighlightStyle, { fallback: true }),
  ];
}
