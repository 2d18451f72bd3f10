// Storage classes and filter operators shared with the query library: the compiler picks
// comparison SQL by storage class, and the allowed operators per field come from the registry.
export type StorageType =
  'text' | 'integer' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'text_array' | 'uuid';

export const FILTER_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '~', '!~', 'in', '!in', '?='] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];
