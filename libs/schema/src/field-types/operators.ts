// Operator sets shared by several types, so that types with the same comparison semantics
// offer exactly the same operators.
import type { FilterOperator } from '../metadata/storage-type.js';

export const TEXT_OPERATORS: readonly FilterOperator[] = ['=', '!=', '~', '!~', 'in', '!in'];
export const ORDERED_OPERATORS: readonly FilterOperator[] = ['=', '!=', '>', '>=', '<', '<=', 'in', '!in'];
export const EQUALITY_OPERATORS: readonly FilterOperator[] = ['=', '!=', 'in', '!in'];
export const BOOLEAN_OPERATORS: readonly FilterOperator[] = ['=', '!='];
export const CONTAINS_OPERATORS: readonly FilterOperator[] = ['?='];
/** Arrays: contains, and `= null` / `!= null` (the compiler refuses other values there). */
export const ARRAY_OPERATORS: readonly FilterOperator[] = ['?=', '=', '!='];
export const JSON_OPERATORS: readonly FilterOperator[] = ['?=', '=', '!='];
export const NO_OPERATORS: readonly FilterOperator[] = [];
