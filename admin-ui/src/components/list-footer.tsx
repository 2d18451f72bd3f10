// Below a paged table: how many items there are, and the pages when there is more than one.

import { Group, Pagination, Text } from '@mantine/core';
import { paginationControlProps } from './pagination-labels';

interface ListFooterProps {
  /** The count as words, e.g. "3 invocations". */
  label: string;
  total: number;
  pageSize: number;
  page: number;
  onPage: (page: number) => void;
}

export function ListFooter({ label, total, pageSize, page, onPage }: ListFooterProps) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" role="status">
        {label}
      </Text>
      {total > pageSize && (
        <Pagination
          total={Math.ceil(total / pageSize)}
          value={page}
          onChange={onPage}
          size="sm"
          aria-label="Pages"
          getControlProps={paginationControlProps}
        />
      )}
    </Group>
  );
}
