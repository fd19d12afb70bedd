import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PointArrays, visitQueryAnswer } from '../../../lib/fetch/decode-answer.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The whole answer as visited: an array of the results, each PointArrays copied (they are views
 * the next result overwrites), or the decoded value when it is not an array.
 */
async function decodeQueryAnswer(answer: Uint8Array): Promise<unknown> {
  const results: unknown[] = [];
  const other = await visitQueryAnswer(answer, (result) => {
    const dps = (result as { dps?: unknown }).dps;
    results.push(
      dps instanceof PointArrays
        ? { ...(result as object), dps: new PointArrays(dps.timestamps.slice(), dps.values.slice()) }
        : result,
    );
  });
  return other ? other.value : results;
}

/** What JSON.parse gives, with each object `dps` turned into the arrays the decoder should give. */
function reference(text: string): unknown {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return parsed;
  return parsed.map((r: unknown) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return r;
    const { dps, ...rest } = r as Record<string, unknown>;
    if (typeof dps !== 'object' || dps === null || Array.isArray(dps)) return r;
    const keys = Object.keys(dps);
    const values = keys.map((k) => {
      const v = (dps as Record<string, unknown>)[k];
      return v === null || v === 'NaN' ? Number.NaN : (v as number);
    });
    return { ...rest, dps: { timestamps: keys.map(Number), values } };
  });
}

/** The decoder's answer with PointArrays as plain arrays, comparable with `reference`. */
async function decoded(text: string): Promise<unknown> {
  const answer = await decodeQueryAnswer(bytes(text));
  if (!Array.isArray(answer)) return answer;
  return answer.map((r: unknown) => {
    const dps = (r as { dps?: unknown }).dps;
    if (!(dps instanceof PointArrays)) return r;
    return { ...(r as object), dps: { timestamps: [...dps.timestamps], values: [...dps.values] } };
  });
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const shortDecimal = fc
  .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([m, k]) => m / 10 ** k);
const sample = fc.oneof(finite, shortDecimal, fc.constant(null), fc.constant('NaN'), fc.constant(-0));

const tagValue = fc.string({ unit: 'grapheme', maxLength: 12 });

const result = fc.record({
  metric: fc.constantFrom('vscope.vm.cpu.usage.perc', 'vscope.host.mem.usage.perc'),
  tags: fc.dictionary(fc.constantFrom('vm', 'host', 'datacenter', 'nicname'), tagValue),
  aggregateTags: fc.array(fc.constantFrom('vm', 'env')),
  query: fc.record({ index: fc.nat(20), downsample: fc.constant('5m-avg-nan') }),
  dps: fc
    .array(fc.tuple(fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }), sample), { maxLength: 40 })
    .map((pairs) => Object.fromEntries(pairs.map(([t, v]) => [String(t), v]))),
});

describe('visitQueryAnswer', () => {
  it('gives what JSON.parse gives, for any answer, compact or indented', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(result, { maxLength: 5 }), fc.constantFrom(0, 2), async (answer, indent) => {
        const text = JSON.stringify(answer, null, indent);
        expect(await decoded(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads every double back bit for bit, in any notation JSON allows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(finite, shortDecimal), { minLength: 1, maxLength: 30 }),
        async (values) => {
          const forms = values.map((v, i) => {
            const plain = JSON.stringify(v);
            // The same number written with an exponent, or with trailing zeros.
            if (i % 3 === 1) return v.toExponential();
            if (i % 3 === 2 && !plain.includes('e')) return plain.includes('.') ? `${plain}00` : plain;
            return plain;
          });
          const dps = forms.map((f, i) => `"${1_700_000_000 + i * 300}":${f}`).join(',');
          const text = `[{"metric":"m","tags":{},"dps":{${dps}}}]`;
          const [first] = (await decodeQueryAnswer(bytes(text))) as { dps: PointArrays }[];
          expect(first?.dps).toBeInstanceOf(PointArrays);
          const expected = forms.map((f) => JSON.parse(f) as number);
          expect([...(first?.dps.values ?? [])].map((v) => (Object.is(v, 0) ? 0 : v))).toEqual(
            expected.map((v) => (Object.is(v, 0) ? 0 : v)),
          );
          for (const [i, v] of (first?.dps.values ?? new Float64Array()).entries()) {
            expect(Object.is(v, -0)).toBe(Object.is(expected[i], -0));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("decodes the guide's example answer like JSON.parse", async () => {
    const text = readFileSync(new URL('../../fixtures/seed/example-response.json', import.meta.url), 'utf8');
    expect(await decoded(text)).toEqual(reference(text));
  });

  it('hands forms it does not read itself to JSON.parse: numeric strings, pairs, long timestamps', async () => {
    const text = JSON.stringify([
      { metric: 'a', tags: {}, dps: { '1700000000': '12.5' } },
      { metric: 'b', tags: {}, dps: [[1700000000, 3]] },
      { metric: 'c', tags: {}, dps: { '1700000000000000000': 1 } },
      { metric: 'd', tags: {}, dps: { '1.7e9': 1 } },
    ]);
    const answer = (await decodeQueryAnswer(bytes(text))) as { dps: unknown }[];
    expect(answer.map((r) => r.dps)).toEqual((JSON.parse(text) as { dps: unknown }[]).map((r) => r.dps));
  });

  it('keeps escaped and non-ASCII tag values as JSON.parse does', async () => {
    const text = JSON.stringify([{ metric: 'm', tags: { vm: 'compta-entrepôt "x" \\ \u2028' }, dps: {} }]);
    const [first] = (await decodeQueryAnswer(bytes(text))) as { tags: unknown; dps: PointArrays }[];
    expect(first?.tags).toEqual({ vm: 'compta-entrepôt "x" \\ \u2028' });
    expect(first?.dps.values).toHaveLength(0);
  });

  it('returns error objects and non-answers as JSON.parse does', async () => {
    for (const text of [
      '{"error":{"code":400,"message":"No such name"}}',
      '[]',
      ' [ ] ',
      '[1,"x"]',
      'null',
    ]) {
      expect(await decodeQueryAnswer(bytes(text))).toEqual(JSON.parse(text));
    }
  });

  it('throws the SyntaxError JSON.parse throws for bytes that are not JSON', async () => {
    const bad = [
      '[{"metric":"m","dps":{"1700000000":01}}]',
      '[{"metric":"m","dps":{"1700000000":1.}}]',
      '[{"metric":"m","dps":{"1700000000":NaN}}]',
      '[{"metric":"m","dps":{"1700000000":1}}',
      '[{"metric":"m","dps":{"1700000000":1}}] x',
      '[{"metric":"m" "dps":{}}]',
      '[{"metric":"m","tags":{"vm":"a\u0001"},"dps":{}}]',
      '<html>502 Bad Gateway</html>',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      await expect(decodeQueryAnswer(bytes(text)), text).rejects.toThrow(SyntaxError);
    }
  });
});
