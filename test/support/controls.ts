/** Bidi controls: embeddings, overrides, isolates and the directional marks. */
const BIDI = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/**
 * The control characters in `text` (C0, DEL, C1, line and paragraph separators, bidi controls),
 * each as `U+XXXX`, except those in `allowed`. Written with code points: the linter refuses
 * control characters in a regular expression.
 */
export function controlsIn(text: string, allowed = ''): string[] {
  const found: string[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    if ((control || BIDI.has(code)) && !allowed.includes(c))
      found.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return found;
}
