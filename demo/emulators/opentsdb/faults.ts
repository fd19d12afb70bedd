/**
 * Scripted faults, for testing how a client copes with a bad server: a queue the server consults
 * once per request, before anything else (auth and routing included), as a failing proxy in front
 * of the server would behave. Each request consumes the first queued fault that applies to it;
 * a fault restricted to a metric applies only to requests whose query names that metric, so one
 * sub-query batch can fail while the others succeed. Nothing is queued by default.
 */

type Headers = Readonly<Record<string, string>>;

/** One scripted answer. `delayMs` may accompany any kind and delays the answer (or the reset). */
export type Fault =
  /** Answer this status; the body defaults to the flavour's own error for it. */
  | { readonly status: number; readonly body?: string; readonly headers?: Headers; readonly delayMs?: number }
  /** Answer normally, late. */
  | { readonly delayMs: number }
  /** Destroy the connection (TCP reset) without a response. */
  | { readonly reset: true; readonly delayMs?: number }
  /** Send the real status and headers, then cut the connection halfway through the body. */
  | { readonly truncate: true; readonly delayMs?: number }
  /** Answer 200 `application/json` with a body that is not JSON. */
  | { readonly malformed: true; readonly body?: string; readonly delayMs?: number };

export interface FaultRule {
  readonly fault: Fault;
  /** Only requests whose query has a sub-query on this metric. */
  readonly metric?: string;
  /** How many matching requests it answers (1 by default). */
  readonly times?: number;
}

/** The test-facing side of the queue. */
export interface FaultInjector {
  /** Queues faults (or rules) after those already queued. */
  push(...faults: readonly (Fault | FaultRule)[]): void;
  /** Drops every queued fault. */
  clear(): void;
  /** Requests still to be answered by a queued fault. */
  readonly pending: number;
}

export interface FaultQueue extends FaultInjector {
  /** Consumes and returns the first queued fault that applies to a request with this body, if any. */
  take(bodyText: string): Fault | null;
}

interface Entry {
  readonly fault: Fault;
  readonly metric: string | undefined;
  remaining: number;
}

function isRule(item: Fault | FaultRule): item is FaultRule {
  return 'fault' in item;
}

function check(fault: Fault): void {
  const kinds = ['status', 'reset', 'truncate', 'malformed'].filter((k) => k in fault);
  if (kinds.length > 1) throw new Error(`A fault has one kind, got ${kinds.join(' and ')}`);
  if (kinds.length === 0 && !('delayMs' in fault)) throw new Error('A fault needs a kind or a delayMs');
  const delay = (fault as { delayMs?: unknown }).delayMs;
  if (delay !== undefined && (typeof delay !== 'number' || !(delay >= 0))) {
    throw new Error(`delayMs must be a number ≥ 0, got ${String(delay)}`);
  }
}

/** Sub-query metrics of a query body, or null when the body is not a JSON query. */
function metricsOf(bodyText: string): Set<string> | null {
  try {
    const body = JSON.parse(bodyText) as { queries?: unknown };
    if (!Array.isArray(body.queries)) return null;
    return new Set(
      body.queries.map((q: { metric?: unknown }) => q?.metric).filter((m) => typeof m === 'string'),
    );
  } catch {
    return null;
  }
}

/** An empty queue, or one holding `initial`. */
export function createFaultQueue(initial: readonly (Fault | FaultRule)[] = []): FaultQueue {
  let entries: Entry[] = [];

  const queue: FaultQueue = {
    push(...faults) {
      for (const item of faults) {
        const rule = isRule(item) ? item : { fault: item };
        check(rule.fault);
        const times = rule.times ?? 1;
        if (!Number.isInteger(times) || times < 1)
          throw new Error(`times must be a positive integer, got ${times}`);
        entries.push({ fault: rule.fault, metric: rule.metric, remaining: times });
      }
    },
    clear() {
      entries = [];
    },
    get pending() {
      return entries.reduce((n, e) => n + e.remaining, 0);
    },
    take(bodyText) {
      let metrics: Set<string> | null | undefined;
      const applies = (e: Entry): boolean => {
        if (e.metric === undefined) return true;
        if (metrics === undefined) metrics = metricsOf(bodyText);
        return metrics ? metrics.has(e.metric) : bodyText.includes(JSON.stringify(e.metric));
      };
      const i = entries.findIndex(applies);
      const entry = entries[i];
      if (!entry) return null;
      entry.remaining--;
      if (entry.remaining === 0) entries.splice(i, 1);
      return entry.fault;
    },
  };
  queue.push(...initial);
  return queue;
}
