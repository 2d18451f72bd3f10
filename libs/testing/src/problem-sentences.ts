// Every problem the API answers is read by a person, so its `detail` and each `errors[].message`
// must be a sentence (docs/errors.md, "Messages"). The HTTP client of the integration tests checks
// each problem it receives, which turns the whole suite into an audit of the wording: a fragment
// such as "tags must be array,null" fails the test that provoked it, wherever it was written.

/** A capital letter, a digit or an opening quote first; `.`, `?` or `!` last, maybe inside a closing quote or bracket. */
const SENTENCE = /^["'“‘(A-Z0-9][\s\S]*[.?!]["'”’)\]]?$/;

/** The one code whose detail and messages are someone else's words: a function's own `ctx.reject` text. */
const AUTHORED_BY_A_FUNCTION = 'FUNCTION_REJECTED';

/** Whether `text` reads as a sentence by the rule above. */
export function isSentence(text: string): boolean {
  return SENTENCE.test(text);
}

/** The texts of a problem document that are not sentences; none for a function's own rejection. */
export function problemFragments(problem: unknown): string[] {
  if (typeof problem !== 'object' || problem === null) return [];
  const { code, detail, errors } = problem as { code?: unknown; detail?: unknown; errors?: unknown };
  if (code === AUTHORED_BY_A_FUNCTION) return [];
  const texts: unknown[] = [detail];
  if (Array.isArray(errors)) texts.push(...errors.map((error) => (error as { message?: unknown } | null)?.message));
  return texts.filter((text): text is string => typeof text === 'string' && !isSentence(text));
}

/** Throws when a problem answered to `method path` holds a fragment instead of a sentence. */
export function assertProblemSentences(method: string, path: string, problem: unknown): void {
  const fragments = problemFragments(problem);
  if (fragments.length === 0) return;
  const quoted = fragments.map((text) => JSON.stringify(text)).join(', ');
  throw new Error(`${method} ${path} answered a problem whose text is not a sentence: ${quoted}`);
}
