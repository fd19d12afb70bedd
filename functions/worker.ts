/**
 * SQS worker: one report job per message (weekly delivery or monthly archive of one service).
 * Answers with the messages that failed (ReportBatchItemFailures), so only those are retried and,
 * after the queue's maxReceiveCount, land in the dead-letter queue — malformed ones included.
 * Duplicated messages are harmless: deliveries and archives happen once per period.
 */
import { loadConfig } from '../lib/config/config.ts';
import { createLogger } from '../lib/runtime/logger.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { workerHandler } from '../lib/runtime/worker-handler.ts';

const config = loadConfig(process.env);

export const handler = workerHandler(openRuntime(config), createLogger(config.logLevel));
