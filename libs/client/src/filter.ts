// A tagged template that writes values into a filter expression as literals of the expression
// language (strings quoted and escaped), so user input can never change a filter's meaning.

type Scalar = string | number | boolean | null | Date;
export type FilterValue = Scalar | readonly Scalar[];

/** JSON string escapes, except backspace and form feed, which the expression language spells as `\u0008` and `\u000c`. */
const quote = (text: string): string =>
  JSON.stringify(text).replace(/\\[\\bf]/g, (escape) => ({ '\\b': '\\u0008', '\\f': '\\u000c' })[escape] ?? escape);

function literal(value: FilterValue | undefined): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} has no filter literal`);
  return String(value);
}

/** filter`title ~ ${query} && price < ${max}` → `title ~ "lamp" && price < 20`. */
export function filter(strings: TemplateStringsArray, ...values: readonly FilterValue[]): string {
  return strings.reduce((source, text, index) => source + literal(values[index - 1]) + text);
}
