/**
 * Scheduled early each month: archives the last complete calendar month of every service under
 * `archive/<service>/<YYYY-MM>/` (never overwritten) and adds it to `archive/index.json`.
 */
import { loadConfig } from '../lib/config/config.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { scheduledHandler } from '../lib/runtime/scheduled-handler.ts';

const config = loadConfig(process.env);

export const handler = scheduledHandler('monthly', openRuntime(config), createLogger(config.logLevel));
