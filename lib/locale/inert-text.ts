/**
 * Names from the inventory (VMs, hosts, datastores, datacenters) made inert in every document:
 * the one place that decides what a control character becomes in each output.
 *
 * - Control characters (C0, DEL, C1, the line and paragraph separators) and the bidi controls
 *   (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM) of a name become U+FFFD in the PDF, the
 *   HTML and the mail. They are replaced, not stripped: two VMs `erp` and `erp‮` must not look
 *   alike, and a stray PDI inside a name would otherwise close the isolation that guards it.
 * - In the HTML (the report's and the mail's) each name is also isolated, so a right-to-left name
 *   cannot reorder the sentence around it: the view marks a name as FSI … PDI (Unicode's
 *   plain-text isolation), and `htmlText` turns each mark into `<bdi>` … `</bdi>`. In the PDF and
 *   the plain-text mail the marks are removed (`plainText`): pdfkit draws FSI and PDI as missing
 *   glyphs, and with the controls replaced a name holds nothing that reorders its neighbours.
 * - The CSV is data: a cell keeps TAB, LF and CR (quoted), other controls and the bidi controls
 *   become U+FFFD, and every line of a text cell that a spreadsheet would run as a formula gets a
 *   leading single quote (OWASP CSV injection).
 */

/** Unicode's first-strong isolate and its closing mark. */
export const FSI = '\u2068';
export const PDI = '\u2069';

/** What a control character of a name shows as. */
export const REPLACEMENT = '\ufffd';

const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** Controls and bidi controls: never part of a name as shown. */
const NAME_UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI}]`, 'g');
/** The same, except TAB, LF and CR, which a quoted CSV cell holds as they are. */
const CSV_UNSAFE = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI}]`,
  'g',
);
/** A line a spreadsheet would evaluate: = + - @ or TAB first; a cell is also one when a CR starts it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Line breaks inside a cell, kept by `split`. */
const LINE_BREAK = /(\r\n|\r|\n)/;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `name` with every control and bidi control replaced by U+FFFD. */
export function inertName(name: string): string {
  return name.replace(NAME_UNSAFE, REPLACEMENT);
}

/** `name` made inert and marked FSI … PDI, for the document view. */
export function isolatedName(name: string): string {
  return `${FSI}${inertName(name)}${PDI}`;
}

/** View text for the PDF and plain-text mail: isolation marks removed. */
export function plainText(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}

/**
 * Escaped HTML with each FSI … PDI mark pair made a `<bdi>` element. Unpaired marks (a
 * translation holding one) are dropped, so the elements always nest.
 */
function marksToBdi(html: string): string {
  let depth = 0;
  let out = '';
  for (const c of html) {
    if (c === FSI) {
      depth++;
      out += '<bdi>';
    } else if (c === PDI) {
      if (depth > 0) {
        depth--;
        out += '</bdi>';
      }
    } else out += c;
  }
  return out + '</bdi>'.repeat(depth);
}

/** View text as HTML: escaped, each name's marks a `<bdi>` element. */
export function htmlText(text: string): string {
  return marksToBdi(text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c));
}

/**
 * A page rendered (and escaped) from a view holding marked names: in the body, where the
 * templates put text only between tags, each name becomes a `<bdi>` element; in the head (the
 * title, meta descriptions), where no element may go, the marks are removed.
 */
export function isolateNamesInPage(html: string): string {
  const body = html.search(/<body[\s>]/i);
  if (body < 0) return marksToBdi(html);
  return plainText(html.slice(0, body)) + marksToBdi(html.slice(body));
}

/** A CSV text cell: controls and bidi controls replaced, every formula line quoted. */
export function csvText(text: string): string {
  const lines = text
    .replace(CSV_UNSAFE, REPLACEMENT)
    .split(LINE_BREAK)
    .map((part, i) => (i % 2 === 0 && FORMULA_START.test(part) ? `'${part}` : part))
    .join('');
  return FORMULA_START.test(lines) ? `'${lines}` : lines;
}
