// The source editor's colours in the console's light or dark theme: CodeMirror's own highlight
// style in light, the same tags in lighter tones in dark (each at least 4.5:1 on the dark body, the active line
// and the selection).
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** defaultHighlightStyle's colours → their dark-theme counterparts. */
const DARK_COLORS: Record<string, string> = {
  '#404740': '#c8cfc8', // meta
  '#708': '#e0bcff', // keyword
  '#219': '#b5c5ff', // atom, bool
  '#164': '#8fe0b4', // literal
  '#a11': '#ffb3b3', // string
  '#e40': '#ffbb88', // regexp, escape
  '#00f': '#a8c8ff', // variable definition
  '#30a': '#c9baff', // local variable
  '#085': '#80e0c4', // type, namespace
  '#167': '#8fd6e4', // class
  '#256': '#a3cdf0', // special variable, macro
  '#00c': '#b4c2ff', // property definition
  '#940': '#e0c290', // comment
  '#f00': '#ffa3a3', // invalid
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
