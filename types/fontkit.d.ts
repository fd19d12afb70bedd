/** Minimal declarations for fontkit 2.0.4, which ships none: only what text measurement uses. */
declare module 'fontkit' {
  interface GlyphRun {
    readonly advanceWidth: number;
  }

  interface Font {
    readonly unitsPerEm: number;
    readonly familyName: string;
    layout(text: string): GlyphRun;
  }

  interface FontCollection {
    readonly fonts: readonly Font[];
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
