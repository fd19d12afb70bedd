/**
 * Translations: every label, heading, unit and finding text of the documents comes from
 * `templates/i18n/<language>.json`, so a deployment can reword or add a language without code.
 *
 * A catalogue is nested JSON flattened to dotted keys. A value is a string with `{name}` or
 * `{name:format}` placeholders, or plural forms `{ "one": …, "other": … }` chosen by the `count`
 * parameter with Intl.PluralRules. Formats (numbers and dates through Intl, in the language's
 * locale):
 *
 *   int          whole number, grouped          n0 n1 n2 n3   fixed decimals, grouped
 *   date         8 Dec 2026                     datetime      Wed 18 Nov 02:00      time   02:00
 *   metric       a metric's label               metrics       comma-separated metric names, labelled
 *   stat         a statistic's name (p95, mean) list / semi   messages joined by `join.list` / `join.semi`
 *   @some.key    the entry `some.key` with this number as its `count`: a counted noun in a sentence that
 *                counts several things, each with its own plural form (`{critical:@counts.critical}`)
 *
 * Without a format a number prints with up to two decimals. A missing key or parameter throws:
 * a document never shows a raw key or a blank where a figure belongs.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { RenderError } from '../core/errors.ts';
import type { Language, Message, MessageParam } from '../core/types.ts';
import { folderPath } from './assets.ts';
import { createFormatter, type Formatter, NO_VALUE } from './format.ts';

/** Where the catalogues ship, relative to this module; deployments may pass another folder. */
export const DEFAULT_I18N_DIR = new URL('../../templates/i18n/', import.meta.url);

/** The Intl locale of each language: European Portuguese, as OVH's own vScope guide is written. */
export const LOCALES = { en: 'en', fr: 'fr', pt: 'pt-PT' } as const satisfies Record<Language, string>;

export type Params = Readonly<Record<string, MessageParam>>;

const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** A catalogue entry: a string, or plural forms selected by the `count` parameter. */
export type Entry = string | Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>;

export type Catalogue = ReadonlyMap<string, Entry>;

/** `{name}`, `{name:format}` or `{name:@some.key}`. */
export const PLACEHOLDER = /\{(\w+)(?::(\w+|@[\w.]+))?\}/g;

export interface Translator {
  readonly language: Language;
  /** BCP 47 tag for Intl and the documents' `lang`. */
  readonly locale: string;
  readonly fmt: Formatter;
  /** The text of `key` with `params` filled in; throws RenderError when the key is unknown. */
  t(key: string, params?: Params): string;
  has(key: string): boolean;
  /** A message's text; instants in it are shown in `zone`. */
  render(message: Message, zone: string): string;
  /** Several messages read in order, joined by `separator` (a space: they are sentences). */
  renderAll(messages: readonly Message[], zone: string, separator?: string): string;
  /** A name from the inventory as this translator's document shows it (see `TranslatorOptions`). */
  name(text: string): string;
}

export interface TranslatorOptions {
  /**
   * What a name becomes in this document: applied to every text parameter without a format
   * (`{name}`, not `{m:metric}`) and by the view to the names it shows. The identity by default;
   * the composers pass lib/locale/inert-text.ts's `inertName` or `isolatedName`.
   */
  readonly name?: (text: string) => string;
}

function isPlural(value: object): boolean {
  const keys = Object.keys(value);
  return keys.includes('other') && keys.every((k) => PLURAL_CATEGORIES.has(k));
}

function flatten(node: unknown, prefix: string, out: Map<string, Entry>, file: string): void {
  if (typeof node === 'string') {
    out.set(prefix, node);
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new RenderError(`Translation ${file}: '${prefix}' must be a string or an object.`, {
      context: { key: prefix },
    });
  }
  if (prefix !== '' && isPlural(node)) {
    out.set(prefix, node as Entry);
    return;
  }
  for (const [key, value] of Object.entries(node))
    flatten(value, prefix ? `${prefix}.${key}` : key, out, file);
}

const catalogues = new Map<string, Catalogue>();

/** The flattened catalogue of `language` in `dir` (read once per process). */
export function loadCatalogue(language: Language, dir: string | URL = DEFAULT_I18N_DIR): Catalogue {
  const file = `${folderPath(dir)}${language}.json`;
  let catalogue = catalogues.get(file);
  if (catalogue === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new RenderError(`Cannot read the translations ${file}: they must ship with the templates.`, {
        cause,
        context: { key: file },
      });
    }
    const entries = new Map<string, Entry>();
    flatten(parsed, '', entries, file);
    catalogue = entries;
    catalogues.set(file, catalogue);
  }
  return catalogue;
}

/** The placeholders of an entry (every plural form), as `name:format` strings. */
export function placeholdersOf(entry: Entry): Set<string> {
  const texts = typeof entry === 'string' ? [entry] : Object.values(entry);
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of (text ?? '').matchAll(PLACEHOLDER)) found.add(`${m[1]}:${m[2] ?? ''}`);
  }
  return found;
}

const DATE_FORMATS = { date: 'd LLL yyyy', datetime: 'ccc d LLL HH:mm', time: 'HH:mm' } as const;

/** A translator for `language`, from the catalogues in `dir`. */
export function createTranslator(
  language: Language,
  dir: string | URL = DEFAULT_I18N_DIR,
  options: TranslatorOptions = {},
): Translator {
  const catalogue = loadCatalogue(language, dir);
  const name = options.name ?? ((text: string) => text);
  const locale = LOCALES[language];
  const fmt = createFormatter(locale);
  const plurals = new Intl.PluralRules(locale);

  const entryText = (key: string, params: Params): string => {
    const entry = catalogue.get(key);
    if (entry === undefined) {
      throw new RenderError(`No translation for '${key}' in ${language}.json.`, { context: { key } });
    }
    if (typeof entry === 'string') return entry;
    const count = params.count;
    const form = typeof count === 'number' ? plurals.select(count) : 'other';
    return entry[form] ?? entry.other ?? '';
  };

  const translator: Translator = {
    language,
    locale,
    fmt,
    has: (key) => catalogue.has(key),
    t(key, params = {}) {
      return fill(key, entryText(key, params), params, '');
    },
    render(message, zone) {
      return fill(message.key, entryText(message.key, message.params), message.params, zone);
    },
    renderAll(messages, zone, separator = ' ') {
      return messages.map((m) => translator.render(m, zone)).join(separator);
    },
    name,
  };

  const label = (prefix: string, name: string): string =>
    catalogue.has(`${prefix}.${name}`) ? translator.t(`${prefix}.${name}`) : name;

  function formatText(value: string, format: string): string {
    if (format === 'metric') return label('metric', value);
    if (format === 'stat') return label('statistic', value);
    if (format === '') return name(value);
    if (format !== 'metrics') return value;
    return value
      .split(',')
      .map((name) => label('metric', name))
      .join(translator.t('join.list'));
  }

  function formatNumber(key: string, value: number, format: string, zone: string): string {
    if (format in DATE_FORMATS) {
      return DateTime.fromMillis(value, { zone: zone || 'UTC' })
        .setLocale(locale)
        .toFormat(DATE_FORMATS[format as keyof typeof DATE_FORMATS]);
    }
    if (format.startsWith('@')) return translator.t(format.slice(1), { count: value });
    if (format === 'int') return fmt.integer(value);
    const fixed = /^n([0-3])$/.exec(format);
    if (fixed) return fmt.number(value, Number(fixed[1]));
    if (format === '') return fmt.compact(value);
    throw new RenderError(`Translation '${key}': unknown format '${format}'.`, { context: { key } });
  }

  function formatParam(key: string, value: MessageParam, format: string, zone: string): string {
    if (value === null) return NO_VALUE;
    if (typeof value === 'string') return formatText(value, format);
    if (typeof value === 'number') return formatNumber(key, value, format, zone);
    const parts = value.map((m) => translator.render(m, zone));
    return parts.join(translator.t(format === 'semi' ? 'join.semi' : 'join.list'));
  }

  function fill(key: string, text: string, params: Params, zone: string): string {
    return text.replace(
      PLACEHOLDER,
      (match: string, name: string, format: string | undefined, at: number) => {
        if (!(name in params)) {
          throw new RenderError(`Translation '${key}' needs a parameter '${name}'.`, { context: { key } });
        }
        const value = formatParam(key, params[name] as MessageParam, format ?? '', zone);
        // A value that ends its own sentence (a server's message, a hint) before the entry's full
        // stop, closing brackets or quotes between, would print two: the entry's stop is kept.
        const rest = text.slice(at + match.length);
        return /^[)\]»”’]*\./.test(rest) && value.endsWith('.') ? value.slice(0, -1) : value;
      },
    );
  }

  return translator;
}

/** The translator of a language: one per process and language (catalogues are read once). */
const translators = new Map<Language, Translator>();

/** The shared translator of `language` with the catalogues that ship with the code. */
export function translatorFor(language: Language): Translator {
  let translator = translators.get(language);
  if (translator === undefined) {
    translator = createTranslator(language);
    translators.set(language, translator);
  }
  return translator;
}
