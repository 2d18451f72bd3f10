// Field messages as sentences for people: "Password must be at least 10 characters long."
// One place words every field error (the DTO validator's, the record validator's, the password
// policy's), so the API says the same thing the same way; the machine-readable `field` and
// `code` beside each message never change with the wording.

/** "new_password" → "New password"; a nested path names its last part and where it sits. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const last = parts.at(-1) ?? path;
  if (parts.length === 1) return capitalize(last.replace(/_/g, ' '));
  const parent = parts.slice(0, -1).join('.');
  if (/^\d+$/.test(last)) return `Item ${Number(last) + 1} of ${parent}`;
  return `${capitalize(last.replace(/_/g, ' '))} in ${parent}`;
}

/** `${label} ${predicate}.` — the field's label, what is wrong, a full stop. */
export function fieldSentence(path: string, predicate: string): string {
  return asSentence(`${fieldLabel(path)} ${predicate}`);
}

/** Capital first letter, closing full stop: for a message written elsewhere in lower case. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  return capitalize(/[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`);
}

/** "a, b or c", each quoted when `quote` is set. */
export function listOf(values: readonly unknown[], quote = true): string {
  const shown = values.map((value) => (quote && typeof value === 'string' ? `"${value}"` : String(value)));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** "1 character", "10 characters". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
