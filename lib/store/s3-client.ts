/**
 * The S3 client of the configuration, for AWS S3 or an S3-compatible provider (OVHcloud Object
 * Storage: endpoint `https://s3.<region>.io.cloud.ovh.net`, region `gra`, `sbg`, `de`...).
 * Providers and local servers that do not implement the SDK's default flexible checksums need
 * `checksums: when-required`; hosts without virtual-hosted buckets need `forcePathStyle`.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3Settings {
  /** Unset: the SDK's default (AWS_REGION, which Lambda sets). */
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly forcePathStyle: boolean;
  readonly checksums: 'when-supported' | 'when-required';
  /** Static keys (OVH, tests); without them the SDK's default chain applies (the Lambda role). */
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  readonly maxAttempts?: number;
  /** Connection set-up limit, ms. Default S3_CLIENT_DEFAULTS.connectTimeoutMs. */
  readonly connectTimeoutMs?: number;
  /** Longest silence on an open connection, ms. Default S3_CLIENT_DEFAULTS.requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
}

/**
 * The SDK waits forever by default: a bucket that stops answering would hold a run until the
 * function's own timeout. A silent request is abandoned and retried (up to maxAttempts), then
 * the write fails as any other.
 */
export const S3_CLIENT_DEFAULTS = { connectTimeoutMs: 10_000, requestTimeoutMs: 60_000 } as const;

/** Builds the S3 client once; handlers keep it at module scope. */
export function createS3Client(settings: S3Settings): S3Client {
  const checksum = settings.checksums === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  const config: S3ClientConfig = {
    ...(settings.region ? { region: settings.region } : {}),
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: checksum,
    responseChecksumValidation: checksum,
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs ?? S3_CLIENT_DEFAULTS.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs ?? S3_CLIENT_DEFAULTS.requestTimeoutMs,
      // Without it the handler only logs a warning and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  };
  return new S3Client(config);
}
