/** Minimal declarations for svg-to-pdfkit 0.1.8, which ships none: only what the PDF composer uses. */
declare module 'svg-to-pdfkit' {
  interface SvgToPdfFontOptions {
    fauxItalic: boolean;
    fauxBold: boolean;
  }

  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    /** When true, one SVG pixel is one PDF point (otherwise 1 px = 0.75 pt). */
    assumePt?: boolean;
    preserveAspectRatio?: string;
    precision?: number;
    warningCallback?: (message: string) => void;
    /** Returns the name of a font registered in the document. */
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: SvgToPdfFontOptions) => string;
  }

  function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: SvgToPdfOptions,
  ): void;

  export default SVGtoPDF;
}
