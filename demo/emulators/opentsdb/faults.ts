/**
 * Scripted faults, for testing how a client copes with a bad server: a queue the server consults
 * once per request, before anything else (auth and routing included), as a failing proxy in front
 * of the server would behave. Each request consumes the first queued fault that applies to it;
 * a fault restricted to a metric applies only to requests whose query names that metric, so one
 * sub-query batch can fail while the others succeed. Nothing is queued by default.
 *
 * A fault that holds its answer (`hold`, or a `delayMs`) reports the request it holds through
 * `stalled()`, so a test can act at that exact moment (fire a client's timeout, abort a run)
 * instead of guessing how long a request takes to arrive.
 */

type Headers = Readonly<Record<string, string>>;

/** How long a fault holds its answer: `delayMs`, or `hold` (until released or the client goes). */
interface Held {
  readonly delayMs?: number;
  readonly hold?: true;
}

/**
 * One scripted answer. `delayMs` may accompany any kind and delays the answer (or the reset);
 * `hold` holds it until the test releases it (see `stalled()`), the client closes the connection
 * or the emulator closes.
 */
export type Fault =
  /** Answer this status; the body defaults to the flavour's own error for it. */
  | ({ readonly status: number; readonly body?: string; readonly headers?: Headers } & Held)
  /** Answer normally, late. */
  | { readonly delayMs: number; readonly hold?: true }
  /** Answer normally, once released. */
  | { readonly hold: true; readonly delayMs?: number }
  /** Destroy the connection (TCP reset) without a response. */
  | ({ readonly reset: true } & Held)
  /** Send the real status and headers, then cut the connection halfway through the body. */
  | ({ readonly truncate: true } & Held)
  /** Answer 200 `application/json` with a body that is not JSON. */
  | ({ readonly malformed: true; readonly body?: string } & Held);

/** A request a fault is holding. */
export interface StalledRequest {
  /** Ends the hold (or the delay) now: the fault's answer goes out. */
  release(): void;
  /** Settles once the client has closed the connection without waiting for the answer. */
  readonly clientGone: Promise<void>;
}

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
  /** Drops every queued fault, and held requests not yet handed out by `stalled()`. */
  clear(): void;
  /** Requests still to be answered by a queued fault. */
  readonly pending: number;
  /**
   * The next request a fault holds (`hold` or `delayMs`), in arrival order: settles as soon as the
   * fault has it, or at once with one held earlier and not yet handed out.
   */
  stalled(): Promise<StalledRequest>;
}

export interface FaultQueue extends FaultInjector {
  /** Consumes and returns the first queued fault that applies to a request with this body, if any. */
  take(bodyText: string): Fault | null;
  /** Called by the server when a fault starts holding a request. */
  stall(request: StalledRequest): void;
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
  if (kinds.length === 0 && !('delayMs' in fault) && !('hold' in fault)) {
    throw new Error('A fault needs a kind, a delayMs or hold');
  }
  const hold = (fault as { hold?: unknown }).hold;
  if (hold !== undefined && hold !== true) throw new Error(`hold must be true, got ${String(hold)}`);
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
  const stalls: StalledRequest[] = [];
  const waiters: ((request: StalledRequest) => void)[] = [];

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
      stalls.length = 0;
    },
    get pending() {
      return entries.reduce((n, e) => n + e.remaining, 0);
    },
    stalled() {
      const ready = stalls.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => waiters.push(resolve));
    },
    stall(request) {
      const waiter = waiters.shift();
      if (waiter) waiter(request);
      else stalls.push(request);
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
