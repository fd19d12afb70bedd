import { loadConfig } from '../../lib/config/config.ts';
import { ConfigError } from '../../lib/core/errors.ts';

/** The ConfigError `run` throws; any other outcome fails the test. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The message of the ConfigError loading `env` throws. */
export const configErrorMessage = (env: Record<string, string>): string =>
  configErrorOf(() => loadConfig(env)).message;
