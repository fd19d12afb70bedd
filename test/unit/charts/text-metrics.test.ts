import { textMetrics } from 'vega';
import { describe, expect, it } from 'vitest';
import { createTextMeasurer, installTextMetrics, vegaTextWidth } from '../../../lib/charts/text-metrics.ts';
import { RenderError } from '../../../lib/core/errors.ts';

const measurer = createTextMeasurer();

/** Vega's own fallback when it has no canvas: 0.8 × characters × font size. */
const estimate = (text: string, size: number) => Math.floor(0.8 * text.length * size);

describe('text metrics', () => {
  it('measures wide glyphs wider than narrow ones of the same count', () => {
    const wide = measurer.width('WWW', 11, false);
    const narrow = measurer.width('iii', 11, false);
    expect(wide).toBeGreaterThan(3 * narrow);
  });

  it("measures 'Utilização (%)' far below vega's estimate", () => {
    const width = measurer.width('Utilização (%)', 11, false);
    expect(estimate('Utilização (%)', 11)).toBe(123);
    expect(width).toBeGreaterThan(70);
    expect(width).toBeLessThan(82);
  });

  it('measures bold text wider than regular and scales with the font size', () => {
    expect(measurer.width('Datastore', 10, true)).toBeGreaterThan(measurer.width('Datastore', 10, false));
    expect(measurer.width('Datastore', 20, false)).toBeCloseTo(2 * measurer.width('Datastore', 10, false), 6);
  });

  it('reads vega text items: weight, size, multi-line arrays and trimming', () => {
    const bold = vegaTextWidth(measurer, { fontSize: 12, fontWeight: 'bold' }, ' Host ');
    expect(bold).toBeCloseTo(measurer.width('Host', 12, true), 6);
    expect(vegaTextWidth(measurer, { fontSize: 12, fontWeight: 700 }, 'Host')).toBeCloseTo(bold, 6);
    const lines = vegaTextWidth(measurer, { fontSize: 10 }, ['short', 'a longer line']);
    expect(lines).toBeCloseTo(measurer.width('a longer line', 10, false), 6);
    expect(vegaTextWidth(measurer, {}, 'abc')).toBeCloseTo(measurer.width('abc', 11, false), 6);
  });

  it('replaces the width function vega lays text out with', () => {
    installTextMetrics();
    const width = textMetrics.width({ fontSize: 11, font: 'DejaVu Sans' }, 'Utilização (%)');
    expect(width).toBeCloseTo(measurer.width('Utilização (%)', 11, false), 6);
    expect(width).toBeLessThan(estimate('Utilização (%)', 11) * 0.7);
  });

  it('fails with a RenderError naming the folder when the fonts are missing', () => {
    expect(() => createTextMeasurer('/nonexistent/fonts/')).toThrow(RenderError);
    expect(() => createTextMeasurer('/nonexistent/fonts/')).toThrow(/nonexistent\/fonts/);
  });
});
