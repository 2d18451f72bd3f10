// A column header with no visible text (a column of row actions or toggles): its name is text
// hidden from sight, not an aria-label, because a header cell needs text of its own to be a
// header for screen readers and axe (empty-table-header).
import { Table, VisuallyHidden, type TableThProps } from '@mantine/core';

export function HiddenColumnHeader({ label, ...props }: { label: string } & Omit<TableThProps, 'children'>) {
  return (
    <Table.Th {...props}>
      <VisuallyHidden>{label}</VisuallyHidden>
    </Table.Th>
  );
}
