/**
 * The one way the command-line entry points read their arguments: a declarative spec (name,
 * summary, options with their type, default and description, examples) over node:util
 * parseArgs, which gives every command the same `--help`, usage line and exit codes:
 *
 *   0  done (and `--help`)
 *   1  the command failed (the error's code and message on stderr)
 *   2  the command line is wrong: the usage line and what is wrong on stderr
 */
import { parseArgs } from 'node:util';
import { describeError } from '../lib/core/errors.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface OptionBase {
  readonly description: string;
  /** Placeholder of the value in the help (`W`, `DIR`). */
  readonly value?: string;
  /** What the help says the default is when it is not a constant (`last complete ISO week`). */
  readonly defaultText?: string;
}

export interface StringOption extends OptionBase {
  readonly type: 'string';
  readonly default?: string;
  /** The only values accepted. */
  readonly choices?: readonly string[];
  /** May be given more than once; each value may also be a comma-separated list. */
  readonly multiple?: boolean;
  /** The command cannot run without it. */
  readonly required?: boolean;
}

export interface IntegerOption extends OptionBase {
  readonly type: 'integer';
  readonly default?: number;
  readonly min: number;
  readonly max: number;
}

export interface BooleanOption extends OptionBase {
  readonly type: 'boolean';
}

export type OptionSpec = StringOption | IntegerOption | BooleanOption;

export interface CommandSpec<O extends Readonly<Record<string, OptionSpec>>> {
  /** How it is run, e.g. `npm run report --`. */
  readonly name: string;
  /** What follows the name in the usage line; `[options]` when absent. */
  readonly synopsis?: string;
  readonly summary: string;
  readonly options: O;
  readonly examples: readonly string[];
  /** Paragraphs printed after the options. */
  readonly notes?: readonly string[];
}

/** The typed values of a spec's options. */
export type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  -readonly [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends { readonly multiple: true }
      ? string[]
      : O[K] extends { readonly choices: readonly (infer C)[] }
        ? O[K] extends { readonly default: string }
          ? C
          : C | undefined
        : O[K] extends { readonly required: true }
          ? string
          : O[K] extends IntegerOption
            ? O[K] extends { readonly default: number }
              ? number
              : number | undefined
            : O[K] extends { readonly default: string }
              ? string
              : string | undefined;
};

/** A wrong command line: exits 2 with the usage line and this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `Usage: <name> <synopsis>`. */
export function usageLine(spec: CommandSpec<Readonly<Record<string, OptionSpec>>>): string {
  const synopsis = spec.synopsis ?? '[options]';
  // A command without options is run without the `--` that passes them through npm.
  return synopsis ? `Usage: ${spec.name} ${synopsis}` : `Usage: ${spec.name.replace(/ --$/, '')}`;
}

function optionLabel(name: string, option: OptionSpec): string {
  if (option.type === 'boolean') return `--${name}`;
  return `--${name} ${option.value ?? (option.type === 'integer' ? 'N' : 'VALUE')}`;
}

function defaultOf(option: OptionSpec): string | null {
  if (option.defaultText) return option.defaultText;
  if (option.type !== 'boolean' && option.default !== undefined) return String(option.default);
  return null;
}

/** The whole `--help` text. */
export function helpText(spec: CommandSpec<Readonly<Record<string, OptionSpec>>>): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const facts = [
      option.type === 'string' && option.choices ? `one of ${option.choices.join(', ')}` : null,
      option.type === 'integer' ? `${option.min} to ${option.max}` : null,
      option.type === 'string' && option.multiple ? 'repeatable, or a comma-separated list' : null,
      option.type === 'string' && option.required ? 'required' : null,
      defaultOf(option) === null ? null : `default: ${defaultOf(option)}`,
    ].filter((f): f is string => f !== null);
    const text = facts.length > 0 ? `${option.description} (${facts.join('; ')})` : option.description;
    return [optionLabel(name, option), text] as const;
  });
  rows.push(['-h, --help', 'Print this help and exit.']);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [
    usageLine(spec),
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`),
    ...(spec.notes && spec.notes.length > 0 ? ['', ...spec.notes] : []),
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

function integerValue(name: string, option: IntegerOption, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < option.min || n > option.max) {
    throw new UsageError(`--${name} ${text}: expected a whole number from ${option.min} to ${option.max}.`);
  }
  return n;
}

function convert(name: string, option: OptionSpec, raw: unknown): unknown {
  if (option.type === 'boolean') return raw === true;
  if (option.type === 'integer') {
    return raw === undefined ? option.default : integerValue(name, option, String(raw));
  }
  if (option.multiple) {
    const list = ((raw as string[] | undefined) ?? []).flatMap((v) => v.split(','));
    return list.map((v) => v.trim()).filter(Boolean);
  }
  const value = (raw as string | undefined) ?? option.default;
  if (value === undefined && option.required) throw new UsageError(`--${name} is required.`);
  if (value !== undefined && option.choices && !option.choices.includes(value)) {
    throw new UsageError(`--${name} ${value}: expected one of ${option.choices.join(', ')}.`);
  }
  return value;
}

/**
 * Parses `argv` against the spec: `{ help: true }` when --help was asked, else the typed values.
 * Throws a UsageError for an unknown option, a missing or malformed value, or a positional.
 */
export function parseCommand<O extends Readonly<Record<string, OptionSpec>>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): { readonly help: true } | { readonly help: false; readonly values: OptionValues<O> } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = {
      type: option.type === 'boolean' ? 'boolean' : 'string',
      ...(option.type === 'string' && option.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    // parseArgs's own words name the offending argument ("Unknown option '--x'").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) return { help: true };
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    values[name] = convert(name, option, parsed.values[name]);
  }
  return { help: false, values: values as OptionValues<O> };
}

/** The last `/`-free word of the command's name (`npm run report --` → `report`), for messages. */
function shortName(spec: CommandSpec<Readonly<Record<string, OptionSpec>>>): string {
  const words = spec.name.split(' ').filter((w) => w !== '--');
  return words[words.length - 1] ?? spec.name;
}

/**
 * Runs a command: prints the help (exit 0), or the usage line and what is wrong (exit 2), or
 * calls `main` with the typed values and reports its failure as `<name> failed: CODE: message`
 * (exit 1, with the stack of an unexpected error).
 */
export async function runCommand<O extends Readonly<Record<string, OptionSpec>>>(
  spec: CommandSpec<O>,
  main: (values: OptionValues<O>) => Promise<void> | void,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  try {
    const parsed = parseCommand(spec, argv);
    if (parsed.help) {
      process.stdout.write(helpText(spec));
      process.exitCode = EXIT.ok;
      return;
    }
    await main(parsed.values);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${usageLine(spec)}\n${shortName(spec)}: ${error.message}\n`);
      process.stderr.write(`Run '${spec.name} --help' for the options.\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const { code, message, stack } = describeError(error);
    process.stderr.write(`${shortName(spec)} failed: ${code}: ${message}\n`);
    if (stack) process.stderr.write(`${stack}\n`);
    process.exitCode = EXIT.failed;
  }
}
