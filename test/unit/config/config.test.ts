import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { configErrorOf } from '../../support/config-error.ts';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vscope-config-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const errorOf = configErrorOf;

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({});
    expect(c.timeZone).toBe('Europe/Paris');
    expect(c.language).toBe('en');
    expect(c.metrics.maxSubQueriesPerRequest).toBe(20);
    expect(c.metrics.endpoint).toBeUndefined();
  });

  it('takes the log level from VSCOPE_LOG_LEVEL, INFO by default', () => {
    expect(loadConfig({}).logLevel).toBe('INFO');
    expect(loadConfig({ VSCOPE_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('DEBUG');
    expect(errorOf(() => loadConfig({ VSCOPE_LOG_LEVEL: 'verbose' })).message).toContain(
      'logLevel (from VSCOPE_LOG_LEVEL): expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
    );
  });

  it('reads a file and lets environment variables override it', () => {
    const file = configFile({
      timeZone: 'America/Montreal',
      metrics: { endpoint: 'https://tsdb.example.net', concurrency: 2 },
    });
    const c = loadConfig({ VSCOPE_CONFIG_FILE: file, VSCOPE_METRICS_CONCURRENCY: '8', PATH: '/bin' });
    expect(c.timeZone).toBe('America/Montreal');
    expect(c.metrics.endpoint).toBe('https://tsdb.example.net');
    expect(c.metrics.concurrency).toBe(8);
  });

  it('rejects an unknown key in the file, naming it', () => {
    const e = errorOf(() => loadConfig({ VSCOPE_CONFIG_FILE: configFile({ metrics: { tokne: 'x' } }) }));
    expect(e.message).toContain('metrics.tokne: unknown key');
  });

  it('rejects an unknown VSCOPE_ variable and lists the known ones', () => {
    const e = errorOf(() => loadConfig({ VSCOPE_TIMEZONE: 'UTC' }));
    expect(e.message).toContain('VSCOPE_TIMEZONE');
    expect(e.message).toContain('VSCOPE_TIME_ZONE');
  });

  it('names the key, the variable and the expected form of an invalid value', () => {
    const e = errorOf(() => loadConfig({ VSCOPE_TIME_ZONE: 'Paris', VSCOPE_METRICS_MAX_RETRIES: '-1' }));
    expect(e.message).toContain(
      "timeZone (from VSCOPE_TIME_ZONE): expected an IANA time zone such as 'Europe/Paris'",
    );
    expect(e.message).toContain(
      'metrics.maxRetries (from VSCOPE_METRICS_MAX_RETRIES): expected a whole number from 0 to 10',
    );
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'tok_9f8e7d6c5b4a';
    const e = errorOf(() =>
      loadConfig({ VSCOPE_METRICS_TOKEN: secret, VSCOPE_METRICS_ENDPOINT: `ftp://read:${secret}@x` }),
    );
    expect(e.message).toContain('metrics.endpoint');
    expect(e.message).not.toContain(secret);
  });

  it('explains a file that cannot be read or is not a JSON object', () => {
    expect(errorOf(() => loadConfig({ VSCOPE_CONFIG_FILE: '/nonexistent/config.json' })).message).toContain(
      'cannot read',
    );
    expect(errorOf(() => loadConfig({ VSCOPE_CONFIG_FILE: configFile('[1]') })).message).toContain(
      'not a JSON object',
    );
  });
});
