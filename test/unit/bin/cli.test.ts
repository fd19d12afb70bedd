import { describe, expect, it } from 'vitest';
import { helpText, parseCommand, UsageError, usageLine } from '../../../bin/cli.ts';
import { PERIOD_OPTIONS, periodFromArgs } from '../../../bin/period-args.ts';

const spec = {
  name: 'npm run thing --',
  summary: 'Does a thing.',
  options: {
    ...PERIOD_OPTIONS,
    flavor: { type: 'string', choices: ['stock', 'ovh'], default: 'stock', description: 'flavour' },
    port: { type: 'integer', min: 0, max: 65_535, default: 0, description: 'port' },
    service: { type: 'string', multiple: true, description: 'services' },
    out: { type: 'string', value: 'DIR', required: true, description: 'folder' },
    'dry-run': { type: 'boolean', description: 'plan only' },
  },
  examples: ['npm run thing -- --out /tmp/x'],
} as const;

const parse = (argv: string[]) => parseCommand(spec, argv);
const usageError = (argv: string[]): string => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('parseCommand', () => {
  it('gives typed values with their defaults', () => {
    const parsed = parse(['--out', '/tmp/x', '--service', 'a,b', '--service', 'c', '--port', '8080']);
    expect(parsed).toEqual({
      help: false,
      values: {
        week: undefined,
        month: undefined,
        from: undefined,
        to: undefined,
        flavor: 'stock',
        port: 8080,
        service: ['a', 'b', 'c'],
        out: '/tmp/x',
        'dry-run': false,
      },
    });
  });

  it('answers --help and -h before checking anything else', () => {
    expect(parse(['--help'])).toEqual({ help: true });
    expect(parse(['-h', '--flavor', 'nope'])).toEqual({ help: true });
  });

  it('names the offending flag, value or positional', () => {
    expect(usageError(['--out', 'x', '--bogus'])).toContain("'--bogus'");
    expect(usageError(['--out', 'x', 'extra'])).toContain("'extra'");
    expect(usageError(['--out', 'x', '--flavor', 'warp'])).toBe('--flavor warp: expected one of stock, ovh.');
    expect(usageError(['--out', 'x', '--port', '70000'])).toBe(
      '--port 70000: expected a whole number from 0 to 65535.',
    );
    expect(usageError(['--out', 'x', '--port', '1e3'])).toContain('--port 1e3');
    expect(usageError([])).toBe('--out is required.');
    expect(usageError(['--out'])).toContain('--out');
  });
});

describe('help', () => {
  it('shows the usage line, every option with its default, and the examples', () => {
    const text = helpText(spec);
    expect(text.split('\n')[0]).toBe(usageLine(spec));
    expect(usageLine(spec)).toBe('Usage: npm run thing -- [options]');
    expect(text).toMatch(/--flavor VALUE +flavour \(one of stock, ovh; default: stock\)/);
    expect(text).toMatch(/--port N +port \(0 to 65535; default: 0\)/);
    expect(text).toMatch(/--week W +ISO week, e\.g\. 2026-W47 \(default: the last complete ISO week\)/);
    expect(text).toMatch(/--out DIR +folder \(required\)/);
    expect(text).toMatch(/-h, --help +Print this help and exit\./);
    expect(text).toContain('Examples:\n  npm run thing -- --out /tmp/x');
  });
});

describe('periodFromArgs', () => {
  const zone = 'Europe/Paris';
  const now = new Date('2026-11-25T12:00:00Z');

  it('reads a week, a month or a range, else the last complete week', () => {
    expect(periodFromArgs({ week: '2026-W47' }, zone, now).label).toBe('2026-W47');
    expect(periodFromArgs({ month: '2026-10' }, zone, now).kind).toBe('month');
    const range = periodFromArgs({ from: '2026-11-16', to: '2026-11-18T12:00' }, zone, now);
    expect([range.kind, range.label]).toEqual(['custom', '2026-11-16T0000_2026-11-18T1200']);
    expect(new Date(range.startMs).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(periodFromArgs({}, zone, now).label).toBe('2026-W47');
  });

  it('refuses two forms, half a range and malformed values as usage errors', () => {
    const fails = (values: Parameters<typeof periodFromArgs>[0]) => () => periodFromArgs(values, zone, now);
    expect(fails({ week: '2026-W47', month: '2026-10' })).toThrow(UsageError);
    expect(fails({ week: '2026-W47', month: '2026-10' })).toThrow('Give only one of --week, --month.');
    expect(fails({ from: '2026-11-16' })).toThrow('--from and --to go together');
    expect(fails({ week: '2026-W99' })).toThrow(UsageError);
    expect(fails({ from: '2026-11-18', to: '2026-11-16' })).toThrow(UsageError);
    expect(() => periodFromArgs({}, 'Mars/Olympus', now)).toThrow(UsageError);
  });
});
