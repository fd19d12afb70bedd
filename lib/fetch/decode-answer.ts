/**
 * Reads the bytes of an OpenTSDB `/api/query` answer in one pass, result by result, writing each
 * result's `dps` straight into reused typed arrays.
 *
 * Why not JSON.parse alone: a week of 5-minute samples is an object of 2,016 string keys per
 * series, which JSON.parse builds and the parser then walks again with Object.keys and Number;
 * for 13,000 series that was a third of the report's time and most of its garbage. Here the
 * small members of each result (metric, tags, the query echo…) still go through JSON.parse, and
 * only `dps` in its usual form — `{"<seconds>": <number> | null | "NaN", …}` — is read by hand.
 *
 * Each result is what JSON.parse would give, with `dps` as a `PointArrays` when read by hand:
 * anything unexpected (numeric strings, `[[t, v]]` pairs, very long numbers) is handed to
 * JSON.parse for that `dps` alone, and anything not shaped like an answer array is handed to
 * JSON.parse whole, so bytes that are not JSON raise the SyntaxError JSON.parse raises.
 */

/**
 * The samples of one result's `dps`, in the answer's order; gaps (null, "NaN") as NaN. Views of
 * arrays the next result overwrites.
 */
export class PointArrays {
  constructor(
    readonly timestamps: Float64Array,
    readonly values: Float64Array,
  ) {}
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_N = 0x6e;

/** Exact powers of ten: m·10^k with m < 2^53 and |k| ≤ 22 is one correctly rounded operation. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;

const utf8 = new TextDecoder();
const latin1 = new TextDecoder('latin1');

// Reused from one result to the next (a visitor copies what it keeps).
let scratchT = new Float64Array(4096);
let scratchV = new Float64Array(4096);

function grow(size: number): void {
  const t = new Float64Array(size);
  const v = new Float64Array(size);
  t.set(scratchT);
  v.set(scratchV);
  scratchT = t;
  scratchV = v;
}

/** Where plainNumber stopped, or -1 when the number is not of its plain form. */
let plainEnd = -1;

/**
 * The usual number of an answer, read with local variables only: `-?(0|[1-9]\d*)(\.\d+)?` of at
 * most 15 significant digits, not followed by an exponent. Sets plainEnd (-1 for any other form:
 * the caller then takes the general path).
 */
function plainNumber(b: Uint8Array, from: number): number {
  let pos = from;
  let c = b[pos] as number;
  const negative = c === MINUS;
  if (negative) c = b[++pos] as number;
  let mantissa = 0;
  let significant = 0;
  if (c === ZERO) {
    c = b[++pos] as number;
  } else if (c > ZERO && c <= NINE) {
    for (; c >= ZERO && c <= NINE; c = b[++pos] as number) {
      mantissa = mantissa * 10 + (c - ZERO);
      significant++;
    }
  } else {
    plainEnd = -1;
    return 0;
  }
  let scale = 0;
  if (c === DOT) {
    c = b[++pos] as number;
    const first = pos;
    for (; c >= ZERO && c <= NINE; c = b[++pos] as number) {
      mantissa = mantissa * 10 + (c - ZERO);
      if (significant > 0 || c !== ZERO) significant++;
    }
    scale = pos - first;
    if (scale === 0) {
      plainEnd = -1;
      return 0;
    }
  }
  if (
    significant > MAX_FAST_DIGITS ||
    scale > 22 ||
    (c >= ZERO && c <= NINE) ||
    c === LOWER_E ||
    c === UPPER_E
  ) {
    plainEnd = -1;
    return 0;
  }
  plainEnd = pos;
  const v = scale === 0 ? mantissa : mantissa / (POW10[scale] as number);
  return negative ? -v : v;
}

/** Where the JSON number at `from` ends (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1. */
function jsonNumberEnd(b: Uint8Array, from: number): number {
  let pos = from;
  if (b[pos] === MINUS) pos++;
  if (b[pos] === ZERO) pos++;
  else if (isDigit(b[pos] as number)) pos = digitsEnd(b, pos);
  else return -1;
  if (b[pos] === DOT) {
    if (!isDigit(b[pos + 1] as number)) return -1;
    pos = digitsEnd(b, pos + 1);
  }
  if (b[pos] === LOWER_E || b[pos] === UPPER_E) {
    pos++;
    if (b[pos] === MINUS || b[pos] === PLUS) pos++;
    if (!isDigit(b[pos] as number)) return -1;
    pos = digitsEnd(b, pos);
  }
  // A digit right after a leading zero is not JSON.
  return isDigit(b[pos] as number) ? -1 : pos;
}

function digitsEnd(b: Uint8Array, from: number): number {
  let pos = from;
  while (isDigit(b[pos] as number)) pos++;
  return pos;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Marks a failed fast read: the caller falls back to JSON.parse. */
const FAIL = Symbol('fail');

class Reader {
  pos = 0;
  /** Results handed to `visit` so far. */
  visited = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly visit: (result: unknown) => void,
  ) {}

  private space(): void {
    const b = this.b;
    while (this.pos < b.length && isSpace(b[this.pos] as number)) this.pos++;
  }

  private text(from: number, to: number): string {
    return utf8.decode(this.b.subarray(from, to));
  }

  private opened = false;

  /**
   * Hands up to `budget` more results to `visit`: 'more' if it stopped early, 'done' at the end
   * of the answer, FAIL when it is not an array of objects.
   */
  step(budget: number): 'more' | 'done' | typeof FAIL {
    const b = this.b;
    if (!this.opened) {
      this.opened = true;
      this.space();
      if (b[this.pos] !== OPEN_BRACKET) return FAIL;
      this.pos++;
      this.space();
      if (b[this.pos] === CLOSE_BRACKET) {
        this.pos++;
        return this.end();
      }
    }
    for (let k = 0; k < budget; k++) {
      this.space();
      const result = this.result();
      if (result === FAIL) return FAIL;
      this.visit(result);
      this.visited++;
      this.space();
      const c = b[this.pos++];
      if (c === COMMA) continue;
      if (c === CLOSE_BRACKET) return this.end();
      return FAIL;
    }
    return 'more';
  }

  private end(): 'done' | typeof FAIL {
    this.space();
    return this.pos === this.b.length ? 'done' : FAIL;
  }

  private result(): Record<string, unknown> | typeof FAIL {
    const b = this.b;
    if (b[this.pos] !== OPEN_BRACE) return FAIL;
    this.pos++;
    this.space();
    const members: string[] = [];
    let dps: unknown;
    let hasDps = false;
    if (b[this.pos] === CLOSE_BRACE) {
      this.pos++;
      return {};
    }
    for (;;) {
      this.space();
      const keyStart = this.pos;
      if (!this.skipString()) return FAIL;
      const keyEnd = this.pos;
      this.space();
      if (b[this.pos] !== COLON) return FAIL;
      this.pos++;
      this.space();
      if (this.isDpsKey(keyStart, keyEnd)) {
        const valueStart = this.pos;
        const points = this.points();
        if (points === FAIL) {
          this.pos = valueStart;
          if (!this.skipValue()) return FAIL;
          dps = JSON.parse(this.text(valueStart, this.pos));
        } else {
          dps = points;
        }
        hasDps = true;
      } else {
        if (!this.skipValue()) return FAIL;
        members.push(this.text(keyStart, this.pos));
      }
      this.space();
      const c = b[this.pos++];
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return FAIL;
    }
    const header = JSON.parse(`{${members.join(',')}}`) as Record<string, unknown>;
    if (hasDps) header.dps = dps;
    return header;
  }

  private isDpsKey(from: number, to: number): boolean {
    const b = this.b;
    return to - from === 5 && b[from + 1] === 0x64 && b[from + 2] === 0x70 && b[from + 3] === 0x73;
  }

  /** Skips a string starting at the cursor; false if it does not close. */
  private skipString(): boolean {
    const b = this.b;
    if (b[this.pos] !== QUOTE) return false;
    for (let i = this.pos + 1; i < b.length; i++) {
      const c = b[i];
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        this.pos = i + 1;
        return true;
      }
    }
    return false;
  }

  /** Skips any value, unchecked (JSON.parse checks what is skipped); false at the end of input. */
  private skipValue(): boolean {
    const c = this.b[this.pos];
    if (c === QUOTE) return this.skipString();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.skipNested();
    return this.skipLiteral();
  }

  private skipNested(): boolean {
    const b = this.b;
    let depth = 0;
    while (this.pos < b.length) {
      const d = b[this.pos] as number;
      if (d === QUOTE) {
        if (!this.skipString()) return false;
        continue;
      }
      this.pos++;
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return true;
      }
    }
    return false;
  }

  private skipLiteral(): boolean {
    const b = this.b;
    const start = this.pos;
    while (this.pos < b.length) {
      const d = b[this.pos] as number;
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
      this.pos++;
    }
    return this.pos > start;
  }

  /** `"<digits>":` and the spaces after it: the timestamp, or -1 for any other key. */
  private timestampKey(): number {
    const b = this.b;
    if (b[this.pos] !== QUOTE) return -1;
    let pos = this.pos + 1;
    const start = pos;
    let t = 0;
    for (let c = b[pos] as number; c >= ZERO && c <= NINE; c = b[++pos] as number) t = t * 10 + (c - ZERO);
    if (pos === start || pos - start > MAX_FAST_DIGITS || b[pos] !== QUOTE) return -1;
    this.pos = pos + 1;
    // Whitespace is rare in answers: look before calling.
    if (isSpace(b[this.pos] as number)) this.space();
    if (b[this.pos] !== COLON) return -1;
    this.pos++;
    if (isSpace(b[this.pos] as number)) this.space();
    return t;
  }

  /** `{"<digits>": value, …}` into typed arrays, or FAIL for any other form. */
  private points(): PointArrays | typeof FAIL {
    const b = this.b;
    if (b[this.pos] !== OPEN_BRACE) return FAIL;
    this.pos++;
    this.space();
    let n = 0;
    if (b[this.pos] === CLOSE_BRACE) {
      this.pos++;
      return new PointArrays(new Float64Array(0), new Float64Array(0));
    }
    for (;;) {
      const t = this.timestampKey();
      if (t < 0) return FAIL;
      let v = plainNumber(b, this.pos);
      if (plainEnd >= 0) {
        this.pos = plainEnd;
      } else {
        const read = this.value();
        if (read === FAIL) return FAIL;
        v = read;
      }
      if (n === scratchT.length) grow(n * 2);
      (scratchT as Float64Array)[n] = t;
      (scratchV as Float64Array)[n] = v;
      n++;
      if (isSpace(b[this.pos] as number)) this.space();
      const c = b[this.pos++];
      if (c === COMMA) {
        if (isSpace(b[this.pos] as number)) this.space();
        continue;
      }
      if (c === CLOSE_BRACE) break;
      return FAIL;
    }
    return new PointArrays(scratchT.subarray(0, n), scratchV.subarray(0, n));
  }

  /** A JSON number, `null` or the string "NaN" (NaN for both), or FAIL. */
  private value(): number | typeof FAIL {
    const b = this.b;
    const first = b[this.pos];
    if (first === LOWER_N) {
      if (b[this.pos + 1] !== 0x75 || b[this.pos + 2] !== 0x6c || b[this.pos + 3] !== 0x6c) return FAIL;
      this.pos += 4;
      return Number.NaN;
    }
    if (first === QUOTE) {
      if (b[this.pos + 1] !== 0x4e || b[this.pos + 2] !== 0x61 || b[this.pos + 3] !== 0x4e) return FAIL;
      if (b[this.pos + 4] !== QUOTE) return FAIL;
      this.pos += 5;
      return Number.NaN;
    }
    return this.number();
  }

  /** A number of any form JSON allows, through Number (the usual ones go to plainNumber first). */
  private number(): number | typeof FAIL {
    const end = jsonNumberEnd(this.b, this.pos);
    if (end < 0) return FAIL;
    const v = Number(latin1.decode(this.b.subarray(this.pos, end)));
    this.pos = end;
    return v;
  }
}

/** Results read between two yields to the event loop. */
const RESULTS_PER_SLICE = 50;

/**
 * Hands each result of the answer to `visit`, in order, as JSON.parse would decode it — except
 * that a `dps` read by hand is a PointArrays of views the next result overwrites: `visit` must
 * copy what it keeps. No result's samples are allocated for, so an answer of 1,000 series makes
 * next to no garbage. Every few results it yields to the event loop, so the other answers in
 * flight keep arriving while a large one is read. Returns null once an answer array was
 * visited, or the decoded answer when it is not an array (an error object); throws JSON.parse's
 * SyntaxError for bytes that are not JSON, possibly after visiting the results before the fault.
 */
export async function visitQueryAnswer(
  bytes: Uint8Array,
  visit: (result: unknown) => void,
): Promise<{ value: unknown } | null> {
  const reader = new Reader(bytes, visit);
  for (;;) {
    const read = reader.step(RESULTS_PER_SLICE);
    if (read === 'done') return null;
    if (read === FAIL) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const whole: unknown = JSON.parse(utf8.decode(bytes));
  if (!Array.isArray(whole)) return { value: whole };
  for (const result of whole.slice(reader.visited)) visit(result);
  return null;
}
