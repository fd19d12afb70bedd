/**
 * Fuzzing the OpenTSDB answer decoder (visitQueryAnswer) and the reader on top of it
 * (readQueryAnswer) with random bytes, random JSON and mutations of valid answers. The only
 * errors allowed out are MetricsPayloadError (JSON, but not an answer) and JSON.parse's
 * SyntaxError (not JSON), both documented; every series read is clipped, ordered and gap-free.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsPayloadError } from '../../../lib/core/errors.ts';
import type { Series } from '../../../lib/core/types.ts';
import { visitQueryAnswer } from '../../../lib/fetch/decode-answer.ts';
import { readQueryAnswer } from '../../../lib/fetch/parse-response.ts';
import type { PlannedSubQuery } from '../../../lib/fetch/plan-queries.ts';
import { day, hostMem, vmCpu } from './answer-fixtures.ts';

const RUNS = 10_000;
const encoder = new TextEncoder();
const utf8 = new TextDecoder();

const hostNet: PlannedSubQuery = {
  metric: 'vscope.host.net.tx',
  datacenterTag: 'dc1',
  componentTag: 'host',
  nicTag: 'nicname',
  components: ['h1'],
};
const subQueries = [hostMem, vmCpu, hostNet];

/** Valid answers to mutate: the guide's example (compacted) and one of every dps form. */
const seed = JSON.stringify(
  JSON.parse(readFileSync(new URL('../../fixtures/seed/example-response.json', import.meta.url), 'utf8')),
);
const forms = JSON.stringify([
  {
    metric: 'vscope.vm.cpu.usage.perc',
    tags: { datacenter: 'dc1', vm: 'vm-1' },
    query: { index: 1 },
    dps: { '1564408000': 1.5, '1564408300': null, '1564408600': 'NaN', '1564408900000': -0.25e2 },
  },
  {
    metric: 'vscope.host.net.tx',
    tags: { datacenter: 'dc1', host: 'h1', nicname: 'vmnic0' },
    query: { index: 2 },
    dps: [
      [1564408000, 12],
      [1564408300, '13'],
    ],
  },
  {
    metric: 'vscope.vm.cpu.usage.perc',
    tags: { datacenter: 'dc1', vm: 'vm-2' },
    dps: { '1564408600': 3, '1564408000': 2 },
  },
]);
const valid = [encoder.encode(seed), encoder.encode(forms)];

/** The series of an answer, or the error it raised; an error of any other kind fails the test. */
async function read(bytes: Uint8Array): Promise<Series[] | MetricsPayloadError | SyntaxError> {
  const series: Series[] = [];
  try {
    await readQueryAnswer(bytes, subQueries, day, {}, (s) => {
      // The arrays are reused by the next series: check them now.
      checkSeries(s);
      series.push(s);
    });
    return series;
  } catch (error) {
    if (error instanceof MetricsPayloadError || error instanceof SyntaxError) return error;
    throw error;
  }
}

function checkSeries(s: Series): void {
  expect(subQueries.some((q) => q.metric === s.metric && q.datacenterTag === s.datacenterTag)).toBe(true);
  expect(typeof s.component).toBe('string');
  expect(s.values.length).toBe(s.timestamps.length);
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.timestamps.length; i++) {
    const t = s.timestamps[i] as number;
    expect(t).toBeGreaterThanOrEqual(day.startMs / 1000);
    expect(t).toBeLessThan(day.endMs / 1000);
    expect(t).toBeGreaterThan(previous);
    expect(Number.isNaN(s.values[i])).toBe(false);
    previous = t;
  }
}

/** Byte-level edits of a valid answer: overwrite, delete, insert, truncate. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    byte: fc.constantFrom(...encoder.encode('{}[]",:-+.0123456789eENnul\\ ')),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      '-',
      '1e999',
      'NaN',
      'null',
      '"NaN"',
      '\\u0000',
      '{}',
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(base: Uint8Array, edits: readonly Mutation[]): Uint8Array {
  let bytes = [...base];
  for (const edit of edits) {
    const at = bytes.length === 0 ? 0 : edit.at % (bytes.length + 1);
    if (edit.kind === 'set') bytes[Math.min(at, bytes.length - 1)] = edit.byte;
    else if (edit.kind === 'delete') bytes.splice(at, edit.length);
    else if (edit.kind === 'insert') bytes.splice(at, 0, ...encoder.encode(edit.text));
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

/** Whether JSON.parse accepts the bytes (as UTF-8, replacement characters and all). */
function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

describe('OpenTSDB answer decoding under fuzzing', () => {
  it('visits random bytes or raises SyntaxError exactly when JSON.parse would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        let error: unknown = null;
        await visitQueryAnswer(bytes, () => {}).catch((e: unknown) => {
          error = e;
        });
        if (error !== null && !(error instanceof SyntaxError)) throw error;
        expect(error === null).toBe(isJson(bytes));
      }),
      { numRuns: RUNS, seed: 20261116 },
    );
  });

  it('reads random bytes into valid series or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        const outcome = await read(bytes);
        if (outcome instanceof SyntaxError) expect(isJson(bytes)).toBe(false);
      }),
      { numRuns: RUNS, seed: 20261117 },
    );
  });

  it('reads random JSON, and random answer-like arrays, into valid series or MetricsPayloadError', async () => {
    const tags = fc.dictionary(
      fc.constantFrom('datacenter', 'vm', 'host', 'nicname', '__proto__', 'x'),
      fc.oneof(fc.constantFrom('dc1', 'vm-1', 'h1', 'pcc-37-187-228-180_datacenter869'), fc.jsonValue()),
    );
    const dps = fc.oneof(
      fc.dictionary(
        fc.oneof(fc.integer({ min: 1564400000, max: 1564500000 }).map(String), fc.string({ maxLength: 8 })),
        fc.oneof(fc.double(), fc.constant(null), fc.constant('NaN'), fc.string({ maxLength: 4 })),
        { maxKeys: 8 },
      ),
      fc.array(fc.array(fc.oneof(fc.integer({ min: 1564400000, max: 1564500000 }), fc.jsonValue())), {
        maxLength: 6,
      }),
      fc.jsonValue(),
    );
    const result = fc.record(
      {
        metric: fc.oneof(fc.constantFrom(...subQueries.map((q) => q.metric)), fc.jsonValue()),
        tags,
        query: fc.oneof(
          fc.record({ index: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double()) }),
          fc.jsonValue(),
        ),
        dps,
      },
      { requiredKeys: [] },
    );
    const answer = fc.oneof(fc.jsonValue(), fc.array(fc.oneof(result, fc.jsonValue()), { maxLength: 4 }));
    await fc.assert(
      fc.asyncProperty(answer, async (value) => {
        const outcome = await read(encoder.encode(JSON.stringify(value)));
        expect(outcome).not.toBeInstanceOf(SyntaxError);
      }),
      { numRuns: RUNS, seed: 20261118 },
    );
  });

  it('reads mutations of valid answers into valid series or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (base, edits) => {
          const bytes = mutate(base, edits);
          const outcome = await read(bytes);
          if (outcome instanceof SyntaxError) expect(isJson(bytes)).toBe(false);
        },
      ),
      { numRuns: RUNS, seed: 20261119 },
    );
  });

  it('reads the unmutated answers in full', async () => {
    const [guide, all] = await Promise.all(valid.map(read));
    expect(Array.isArray(guide) && guide.map((s) => s.timestamps.length)).toEqual([72]);
    expect(Array.isArray(all) && all.map((s) => `${s.metric} ${s.component}`)).toEqual([
      'vscope.vm.cpu.usage.perc vm-1',
      'vscope.host.net.tx h1',
      'vscope.vm.cpu.usage.perc vm-2',
    ]);
  });
});
