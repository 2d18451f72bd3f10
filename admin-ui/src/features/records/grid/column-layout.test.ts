// Column widths fitted to the room: grow to fill, shrink down to readable minimums, keep dragged ones.
import { describe, expect, it } from 'vitest';
import { fitColumns } from './column-layout';

const columns = [
  { id: 'select', width: { size: 40, min: 40 }, grow: false },
  { id: 'title', width: { size: 200, min: 100 }, grow: true },
  { id: 'price', width: { size: 100, min: 70 }, grow: true },
];

const total = (sizes: Record<string, number>) => Object.values(sizes).reduce((sum, size) => sum + size, 0);

describe('fitColumns', () => {
  it('grows the growing columns in proportion to fill the room', () => {
    const sizes = fitColumns(columns, 640, {});
    expect(sizes).toEqual({ select: 40, title: 400, price: 200 });
  });

  it('shrinks in proportion to each column’s slack, never under the minimums', () => {
    const sizes = fitColumns(columns, 300, {});
    expect(total(sizes)).toBeLessThanOrEqual(300);
    expect(sizes['select']).toBe(40);
    expect(sizes['title']).toBeGreaterThanOrEqual(100);
    expect(sizes['price']).toBeGreaterThanOrEqual(70);
    const tiny = fitColumns(columns, 100, {});
    expect(tiny).toEqual({ select: 40, title: 100, price: 70 });
  });

  it('keeps a width the user chose and fits the others around it', () => {
    const sizes = fitColumns(columns, 640, { title: 150 });
    expect(sizes['title']).toBe(150);
    expect(sizes['price']).toBe(450);
  });

  it('fits seven fields and the system columns in the width a 1440 px screen leaves', () => {
    const seven = [
      { id: 'select', width: { size: 40, min: 40 }, grow: false },
      { id: 'open', width: { size: 44, min: 44 }, grow: false },
      ...[200, 110, 90, 140, 230, 180, 130].map((size, index) => ({
        id: `f${index}`,
        width: { size, min: Math.min(size, 110) },
        grow: true,
      })),
      { id: 'created_at', width: { size: 170, min: 150 }, grow: false },
    ];
    expect(total(fitColumns(seven, 1120, {}))).toBeLessThanOrEqual(1120);
  });
});
