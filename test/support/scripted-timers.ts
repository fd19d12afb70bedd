import type { AttemptTimer } from '../../lib/fetch/opentsdb-client.ts';

/** Attempt timers that never run out by themselves: the test says when an attempt times out. */
export interface ScriptedAttemptTimers {
  /** For `createOpenTsdbClient({ attemptTimer })`. */
  readonly timer: AttemptTimer;
  /** Timers armed (attempts sent) and not yet disarmed (answered or failed). */
  readonly armed: number;
  /** Timers armed since the start. */
  readonly total: number;
  /** Times out every attempt under way now; returns how many. */
  expireAll(): number;
}

/** A fresh set of scripted attempt timers. */
export function scriptedAttemptTimers(): ScriptedAttemptTimers {
  const armed = new Set<() => void>();
  let total = 0;
  return {
    timer(expire) {
      total++;
      const entry = (): void => expire();
      armed.add(entry);
      return () => {
        armed.delete(entry);
      };
    },
    get armed() {
      return armed.size;
    },
    get total() {
      return total;
    },
    expireAll() {
      const now = [...armed];
      armed.clear();
      for (const expire of now) expire();
      return now.length;
    },
  };
}

/** Waits between attempts that take no time, each one's length recorded. */
export function instantWaits(): {
  readonly waits: number[];
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
} {
  const waits: number[] = [];
  return {
    waits,
    async sleep(ms, signal) {
      waits.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
  };
}
