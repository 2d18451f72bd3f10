// Spreadsheet rows as new records: with a header row, without one, and with bad cells.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../api';
import { pastedRecords } from './paste-rows';

const fields = [
  { name: 'title', type: 'text', options: {} },
  { name: 'price', type: 'number', options: {} },
  { name: 'in_stock', type: 'boolean', options: {} },
  { name: 'photo', type: 'file', options: {} },
] as FieldDefinition[];
const order = ['id', 'title', 'price', 'in_stock', 'photo', 'created_at'];

describe('pastedRecords', () => {
  it('maps cells to the editable columns in grid order without a header', () => {
    const result = pastedRecords('Dune\t9.5\ttrue\nEmma\t\tno\n', fields, order);
    expect(result.columns).toEqual(['title', 'price', 'in_stock']);
    expect(result.records).toEqual([
      { title: 'Dune', price: 9.5, in_stock: true },
      { title: 'Emma', in_stock: false },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('reads a header row of field names, in any order', () => {
    const result = pastedRecords('price\ttitle\n3\tIliad', fields, order);
    expect(result.columns).toEqual(['price', 'title']);
    expect(result.records).toEqual([{ price: 3, title: 'Iliad' }]);
  });

  it('names the rows and fields it cannot read', () => {
    const result = pastedRecords('Dune\tcheap\nEmma\t1\tmaybe\textra\tmore', fields, order);
    expect(result.problems).toEqual([
      'Row 1, price: Enter a number.',
      'Row 2, in_stock: Enter true or false.',
      'Row 2 has more cells than columns.',
    ]);
  });
});
