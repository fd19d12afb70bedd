/**
 * Stateless pseudo-randomness for the demo: every draw is a hash of its inputs, never the next
 * value of a sequence, so a value depends only on (seed, series, timestamp) and any sub-range of
 * a generated series equals the slice of a longer one.
 */

/** A 32-bit FNV-1a hash of a string, used to turn series keys into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two unsigned 32-bit integers into one well-spread unsigned 32-bit hash. */
export function hash2(a: number, b: number): number {
  // murmur3's finaliser applied to a combination of both inputs: cheap and avalanche-complete.
  let h = (a ^ Math.imul(b >>> 0, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform draw in [0, 1) determined by (a, b). */
export function unit(a: number, b: number): number {
  return hash2(a, b) / 4294967296;
}

/** A uniform draw in [-1, 1) determined by (a, b). */
export function signed(a: number, b: number): number {
  return unit(a, b) * 2 - 1;
}

/**
 * Smooth value noise in [-1, 1]: hashed knots every `knotSeconds`, joined by a smoothstep curve,
 * so neighbouring samples are correlated the way real utilisation wanders.
 */
export function smoothNoise(seed: number, timeSec: number, knotSeconds: number): number {
  const x = timeSec / knotSeconds;
  const k = Math.floor(x);
  const f = x - k;
  const s = f * f * (3 - 2 * f);
  const a = signed(seed, k);
  const b = signed(seed, k + 1);
  return a + (b - a) * s;
}
