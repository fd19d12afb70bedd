/** Scheduled, Monday morning in the configured time zone: the last complete ISO week of every service. */
import { loadConfig } from '../lib/config/config.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { scheduledHandler } from '../lib/runtime/scheduled-handler.ts';

const config = loadConfig(process.env);

export const handler = scheduledHandler('weekly', openRuntime(config), createLogger(config.logLevel));
