import { describe, expect, it } from 'vitest';
import { columnWidths } from '../../../lib/compose/pdf-table.ts';
import type { ColumnView } from '../../../lib/compose/report-view.ts';

const column = (weight: number): ColumnView => ({ label: 'x', numeric: false, weight });

describe('columnWidths', () => {
  it('shares the width in proportion to the weights', () => {
    expect(columnWidths([column(1), column(3)], 400)).toEqual([100, 300]);
  });

  it('widens a column to its minimum and takes the room from the others', () => {
    const widths = columnWidths([column(1), column(1), column(2)], 400, (i) => (i === 0 ? 150 : 0));
    expect(widths[0]).toBe(150);
    expect(widths[1]).toBeCloseTo(250 / 3, 9);
    expect(widths[2]).toBeCloseTo(500 / 3, 9);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 9);
  });

  it('pins columns in cascade when widening one squeezes another below its minimum', () => {
    const mins = [120, 100, 0];
    const widths = columnWidths([column(1), column(1), column(2)], 400, (i) => mins[i] ?? 0);
    expect(widths).toEqual([120, 100, 180]);
  });
});
