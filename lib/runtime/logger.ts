/**
 * The functions' logger: Powertools for AWS Lambda's Logger, one JSON line per entry with the
 * service name, and — once a handler has added its invocation's context — the request id, the
 * cold start flag and the function's name. Built once per process, at module scope in the
 * handlers; the factories below take it as an argument, so tests pass their own.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../config/config.ts';

/** The `service` of every log line. */
export const SERVICE_NAME = 'vscope-reports';

/**
 * What the handlers use of a logger. Powertools' Logger is one; a test may pass any object with
 * these methods to record the entries.
 */
export type FunctionLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error' | 'addContext'>;

/** The Powertools Logger at the configured level. */
export function createLogger(logLevel: Config['logLevel']): Logger {
  return new Logger({ serviceName: SERVICE_NAME, logLevel });
}
