/**
 * A logger for the functions' injection seams that keeps each entry: its level, its message and
 * the attributes passed with it (what a Powertools Logger would print beside its own keys).
 */
import type { FunctionLogger } from '../../../lib/runtime/logger.ts';

export interface LoggedEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly [attribute: string]: unknown;
}

export interface RecordingLogger extends FunctionLogger {
  readonly entries: LoggedEntry[];
  /** The Lambda contexts added, one per invocation that had one. */
  readonly contexts: unknown[];
}

/** A logger recording its entries. */
export function recordingLogger(): RecordingLogger {
  const entries: LoggedEntry[] = [];
  const contexts: unknown[] = [];
  const record =
    (level: LoggedEntry['level']) =>
    (input: unknown, ...extra: unknown[]): void => {
      const attributes = extra.filter(
        (x): x is Record<string, unknown> => typeof x === 'object' && x !== null,
      );
      entries.push(Object.assign({}, ...attributes, { level, message: String(input) }));
    };
  return {
    entries,
    contexts,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    addContext: (context: unknown) => {
      contexts.push(context);
    },
  };
}
