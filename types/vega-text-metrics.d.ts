/**
 * vega-scenegraph's `textMetrics` is re-exported by vega but missing from vega-typings. Vega calls
 * `width(item, text)` to size every text mark; replacing it is the documented way to measure text
 * without a canvas.
 */
import 'vega';

declare module 'vega' {
  /** The text-mark properties vega passes to the measuring function. */
  interface TextMetricsItem {
    readonly font?: string;
    readonly fontSize?: number | string;
    readonly fontWeight?: number | string;
    readonly fontStyle?: string;
  }

  interface TextMetrics {
    width: (item: TextMetricsItem, text: unknown) => number;
    estimateWidth: (item: TextMetricsItem, text: unknown) => number;
  }

  export const textMetrics: TextMetrics;
}
