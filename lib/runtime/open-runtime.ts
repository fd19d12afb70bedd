/**
 * Composition root of the deployed functions and `npm run serve`: from the configuration, the
 * object store (a folder or S3), the mailer, the job queue and the per-service sources. Built
 * once per process (module scope in handlers); tests and the local server pass overrides
 * instead of module mocks.
 *
 * Nothing here loads the renderers: the pipeline imports them on the first build that draws.
 */
import type { Config } from '../config/config.ts';
import { ConfigError } from '../core/errors.ts';
import type { JobQueue, Mailer, ReportBuilder, VersionedObjectStore } from '../core/ports.ts';
import { createSmtpMailer } from '../deliver/mail/smtp-mailer.ts';
import { createSqsClient, createSqsQueue } from '../deliver/queue/sqs-queue.ts';
import type { OvhApi } from '../discover/ovh-api.ts';
import { createFsStore } from '../store/fs-store.ts';
import { createS3Client } from '../store/s3-client.ts';
import { createS3Store } from '../store/s3-store.ts';
import { serviceReportBuilder } from './build-service-report.ts';
import { type PointsEstimator, pointsEstimator } from './estimate-build.ts';
import { openOvhApi, type SourcesOpener, servicesToReport, sourcesOpener } from './open-sources.ts';

export interface Runtime {
  readonly config: Config;
  readonly store: VersionedObjectStore;
  readonly mailer: Mailer | null;
  readonly queue: JobQueue | null;
  readonly openSources: SourcesOpener;
  /** Builds a service's report with `openSources` and the configuration: the one way reports are made. */
  readonly build: ReportBuilder;
  /** Points a build would fetch, from the inventory alone (the API's synchronous budget). */
  readonly estimatePoints: PointsEstimator;
  /** The configured services, or every one the APIv6 credentials can see. */
  readonly services: (signal?: AbortSignal) => Promise<string[]>;
  readonly now: () => Date;
}

export type RuntimeOverrides = Partial<Omit<Runtime, 'config' | 'build'>>;

const MIB = 1024 * 1024;

/** The object store of `config.storage`. */
export function openStore(config: Config): VersionedObjectStore {
  const s = config.storage;
  if (s.kind === 'fs') return createFsStore(config.outputDir);
  return createS3Store({
    client: createS3Client({
      region: s.region,
      endpoint: s.endpoint,
      forcePathStyle: s.forcePathStyle,
      checksums: s.checksums,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
    }),
    bucket: s.bucket ?? '',
    multipartThresholdBytes: s.multipartThresholdMb * MIB,
    partSizeBytes: s.partSizeMb * MIB,
    conditionalHeaders: s.conditionalHeaders,
  });
}

/** The SMTP mailer, or null when no relay is configured. */
export function openMailer(config: Config): Mailer | null {
  const { smtp, from, recipients } = config.mail;
  if (!smtp.host) {
    if (Object.keys(recipients).length > 0) {
      throw new ConfigError('mail.recipients is set but mail.smtp.host is not: set VSCOPE_SMTP_HOST.', {
        key: 'mail.smtp.host',
      });
    }
    return null;
  }
  if (!from) {
    throw new ConfigError('mail.smtp.host is set but mail.from is not: set VSCOPE_MAIL_FROM.', {
      key: 'mail.from',
    });
  }
  return createSmtpMailer({
    host: smtp.host,
    port: smtp.port,
    tls: smtp.tls,
    user: smtp.user,
    password: smtp.password,
    timeoutMs: smtp.timeoutMs,
  });
}

/** The SQS job queue, or null when none is configured (the schedulers then build in place). */
export function openQueue(config: Config): JobQueue | null {
  const { url, region, endpoint } = config.queue;
  if (!url) return null;
  // Not the storage region: the bucket may live at another provider (OVH's `gra`).
  return createSqsQueue(createSqsClient({ region, endpoint }), url);
}

/** Builds the runtime once. */
export function openRuntime(config: Config, overrides: RuntimeOverrides = {}): Runtime {
  let api: OvhApi | null | undefined;
  const ovh = () => {
    if (api === undefined) api = openOvhApi(config);
    return api;
  };
  const store = overrides.store ?? openStore(config);
  const now = overrides.now ?? (() => new Date());
  const openSources = overrides.openSources ?? sourcesOpener(config, ovh);
  return {
    config,
    store,
    mailer: overrides.mailer !== undefined ? overrides.mailer : openMailer(config),
    queue: overrides.queue !== undefined ? overrides.queue : openQueue(config),
    now,
    services: overrides.services ?? ((signal) => servicesToReport(config, ovh(), signal)),
    estimatePoints: overrides.estimatePoints ?? pointsEstimator(config, ovh),
    openSources,
    build: serviceReportBuilder({ config, store, openSources, now }),
  };
}
