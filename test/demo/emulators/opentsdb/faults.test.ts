import { describe, expect, it } from 'vitest';
import { createFaultQueue } from '../../../../demo/emulators/opentsdb/faults.ts';

const body = (...metrics: string[]) =>
  JSON.stringify({ start: 1, queries: metrics.map((metric) => ({ metric, aggregator: 'sum' })) });

describe('fault queue', () => {
  it('answers nothing when empty', () => {
    expect(createFaultQueue().take(body('sys.cpu'))).toBeNull();
  });

  it('hands out queued faults one per request, in order', () => {
    const queue = createFaultQueue([{ status: 503 }, { reset: true }]);
    expect(queue.take('')).toEqual({ status: 503 });
    expect(queue.take('')).toEqual({ reset: true });
    expect(queue.take('')).toBeNull();
  });

  it('answers `times` requests with one rule and counts what is pending', () => {
    const queue = createFaultQueue();
    queue.push({ fault: { status: 429 }, times: 2 }, { malformed: true });
    expect(queue.pending).toBe(3);
    expect([queue.take(''), queue.take(''), queue.take('')]).toEqual([
      { status: 429 },
      { status: 429 },
      { malformed: true },
    ]);
    expect(queue.pending).toBe(0);
  });

  it('applies a metric rule only to queries naming that metric, leaving it queued otherwise', () => {
    const queue = createFaultQueue([{ fault: { status: 500 }, metric: 'sys.mem' }]);
    expect(queue.take(body('sys.cpu'))).toBeNull();
    expect(queue.take(body('sys.cpu', 'sys.mem'))).toEqual({ status: 500 });
    expect(queue.take(body('sys.mem'))).toBeNull();
  });

  it('matches a whole metric name, not a prefix of another', () => {
    const queue = createFaultQueue([{ fault: { status: 500 }, metric: 'sys.cpu' }]);
    expect(queue.take(body('sys.cpu.ready'))).toBeNull();
    expect(queue.pending).toBe(1);
  });

  it('lets a later unrestricted fault answer a request an earlier metric rule skips', () => {
    const queue = createFaultQueue([{ fault: { status: 500 }, metric: 'sys.mem' }, { truncate: true }]);
    expect(queue.take(body('sys.cpu'))).toEqual({ truncate: true });
    expect(queue.pending).toBe(1);
  });

  it('looks for the quoted metric in a body that is not a JSON query', () => {
    const queue = createFaultQueue([{ fault: { status: 500 }, metric: 'sys.mem' }]);
    expect(queue.take('{"queries": [{"metric": "sys.mem"')).toEqual({ status: 500 });
  });

  it('drops everything on clear', () => {
    const queue = createFaultQueue([{ status: 500 }, { status: 502 }]);
    queue.clear();
    expect(queue.pending).toBe(0);
    expect(queue.take('')).toBeNull();
  });

  it('rejects a fault with two kinds, none at all, a negative delay or a bad count', () => {
    const queue = createFaultQueue();
    expect(() => queue.push({ status: 500, reset: true } as never)).toThrow('one kind');
    expect(() => queue.push({} as never)).toThrow('needs a kind');
    expect(() => queue.push({ delayMs: -1 })).toThrow('delayMs');
    expect(() => queue.push({ hold: false } as never)).toThrow('hold must be true');
    expect(() => queue.push({ fault: { status: 500 }, times: 0 })).toThrow('times');
    expect(queue.pending).toBe(0);
  });

  it('hands out held requests in the order they stalled, to waiters first, and drops them on clear', async () => {
    const queue = createFaultQueue();
    const stall = (name: string) => ({ release: () => name, clientGone: new Promise<void>(() => {}) });
    const first = stall('first');
    const second = stall('second');
    const waiting = queue.stalled();
    queue.stall(first);
    queue.stall(second);
    expect(await waiting).toBe(first);
    expect(await queue.stalled()).toBe(second);
    queue.stall(stall('dropped'));
    queue.clear();
    const next = stall('next');
    const later = queue.stalled();
    queue.stall(next);
    expect(await later).toBe(next);
  });
});
