// Names for Mantine Pagination's arrow buttons, which have none of their own.
const LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

export function paginationControlProps(control: keyof typeof LABELS) {
  return { 'aria-label': LABELS[control] };
}
