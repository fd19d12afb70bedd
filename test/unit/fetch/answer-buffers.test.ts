import { describe, expect, it } from 'vitest';
import { AnswerBuffers } from '../../../lib/fetch/answer-buffers.ts';

async function* chunks(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Uint8Array.from(p);
}

describe('answer buffers', () => {
  it('reads a body in chunks into one view of its bytes', async () => {
    const pool = new AnswerBuffers();
    pool.open();
    const bytes = await pool.read(chunks([1, 2], [3], [4, 5, 6]), 0);
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6]);
    pool.close();
  });

  it('grows past its first size when an answer is larger than announced', async () => {
    const pool = new AnswerBuffers();
    pool.open();
    const big = new Array<number>(1_500_000).fill(7);
    const bytes = await pool.read(chunks(big.slice(0, 1_000_000), big.slice(1_000_000)), 10);
    expect(bytes.byteLength).toBe(1_500_000);
    expect(bytes[1_499_999]).toBe(7);
    pool.close();
  });

  it('hands a returned buffer to the next answer while a query is under way', async () => {
    const pool = new AnswerBuffers();
    pool.open();
    const first = await pool.read(chunks([1, 2, 3]), 0);
    pool.give(first);
    const second = await pool.read(chunks([9]), 0);
    expect(second.buffer).toBe(first.buffer);
    expect([...second]).toEqual([9]);
    pool.close();
  });

  it('lets its buffers go once the last query ends', async () => {
    const pool = new AnswerBuffers();
    pool.open();
    const first = await pool.read(chunks([1]), 0);
    pool.close();
    pool.give(first);
    pool.open();
    const second = await pool.read(chunks([2]), 0);
    expect(second.buffer).not.toBe(first.buffer);
    pool.close();
  });

  it('sizes a buffer from Content-Length up front', async () => {
    const pool = new AnswerBuffers();
    pool.open();
    const bytes = await pool.read(chunks([1]), 3 << 20);
    expect(bytes.buffer.byteLength).toBe(3 << 20);
    pool.close();
  });
});
