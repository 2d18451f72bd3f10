// A field pattern is checked twice, by ajv (JavaScript regex) and by a CHECK (PostgreSQL ARE);
// accept only the subset both read alike, so the database never rejects what the API accepted.
const UNPORTABLE_ESCAPES: Partial<Record<string, string>> = {
  b: '\\b means a word boundary in JavaScript but a backspace in PostgreSQL',
  B: '\\B has no PostgreSQL equivalent',
  k: 'named back-references are not supported by PostgreSQL',
  p: 'Unicode property escapes are not supported by PostgreSQL',
  P: 'Unicode property escapes are not supported by PostgreSQL',
  '0': 'NUL cannot occur in stored text',
};

/** Why the pattern is not usable, or null when it is. */
export function portablePatternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      const problem = UNPORTABLE_ESCAPES[next];
      if (problem !== undefined) return problem;
      if (next === 'u' && pattern[i + 2] === '{') return '\\u{...} escapes are not supported by PostgreSQL';
      i++;
    } else if (char === '(' && pattern.startsWith('?<', i + 1) && !/^\(\?<[=!]/.test(pattern.slice(i))) {
      return 'named groups are not supported by PostgreSQL';
    }
  }
  return null;
}
