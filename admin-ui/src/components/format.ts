// Small display helpers shared by the tables.

/**
 * One formatter for every date-time shown: `toLocaleString` with options builds a new
 * Intl.DateTimeFormat on each call, which a grid scrolling through thousands of rows felt.
 */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return DATE_TIME.format(date);
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}
