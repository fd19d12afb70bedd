/**
 * CSV exports: one file per component kind (hosts, VMs, datastores), one row per component of
 * every datacenter, with its inventory properties and every figure of every catalogue metric of
 * its kind (mean, p95, max, coverage).
 *
 * - RFC 4180 through csv-stringify: CRLF line ends, fields quoted when needed. The separator and
 *   the decimal mark follow the language, as a spreadsheet of that locale opens a file with a
 *   double click: English a comma and a decimal point; French and Portuguese a semicolon and a
 *   decimal comma (Excel in those locales splits on `;`, and reads `12.5` as text).
 * - UTF-8 with a byte-order mark: without it Excel reads the file as the system code page and
 *   names such as `compta-entrepôt` come out garbled; csv modules, pandas (`utf-8-sig`) and
 *   LibreOffice all accept the mark.
 * - Headers and values are in the report's language: numbers without grouping, in English with a
 *   dot (`true` / `false` and power states as APIv6 spells them, as scripts expect), in French and
 *   Portuguese with a comma and yes/no and power states in words. Over-commit is a percentage, as
 *   in the PDF and HTML. A missing figure is an empty cell, never 0.
 * - Spreadsheet formula injection: every line of a text cell beginning with = + - @, a tab or a
 *   carriage return gets a leading single quote, so a component named `=HYPERLINK(…)` stays text;
 *   other control characters and bidi controls become U+FFFD (lib/locale/inert-text.ts). Numbers
 *   are written as numbers (a negative trend stays -0.12): a number cannot be a formula.
 * - A field is quoted when it holds a CR, an LF, a quote or a comma, or starts or ends with a
 *   space or a tab, so no reader splits, joins or trims it.
 */
import { stringify } from 'csv-stringify/sync';
import { type ComponentKind, type MetricName, metricsOf } from '../core/catalogue.ts';
import {
  type ComponentReport,
  type CsvFile,
  type DatacenterReport,
  DERIVED,
  type Language,
  type MetricStats,
  type ReportModel,
  type RunwayEvidence,
  runwayOf,
} from '../core/types.ts';
import { FINDINGS_DEFAULTS } from '../findings/config.ts';
import { createTranslator, DEFAULT_I18N_DIR, type Translator } from '../locale/i18n.ts';
import { csvText } from '../locale/inert-text.ts';
import { rowCoverage, sortByName } from './report-view.ts';

type Cell = string | number | boolean | null;

interface Column {
  readonly header: string;
  readonly value: (c: ComponentReport, dc: DatacenterReport) => Cell;
}

/** How one language's spreadsheets read a CSV file. */
interface CsvLocale {
  readonly delimiter: ',' | ';';
  readonly decimal: '.' | ',';
  /** Fields a reader could split, join or trim unless quoted. */
  readonly needsQuotes: RegExp;
}

const CSV_LOCALES: Record<Language, CsvLocale> = {
  en: { delimiter: ',', decimal: '.', needsQuotes: /[\r\n",]|^[ \t]|[ \t]$/ },
  fr: { delimiter: ';', decimal: ',', needsQuotes: /[\r\n";]|^[ \t]|[ \t]$/ },
  pt: { delimiter: ';', decimal: ',', needsQuotes: /[\r\n";]|^[ \t]|[ \t]$/ },
};

/** Figures keep enough digits to check and few enough to read. */
const DIGITS = 4;

const KIND_OF_FILE = { hosts: 'host', vms: 'vm', datastores: 'filer' } as const satisfies Record<
  CsvFile,
  ComponentKind
>;

export interface ComposeCsvOptions {
  /** Folder holding the translations (default templates/i18n). */
  readonly i18nDir?: string | URL;
}

/** A text cell made safe to open in a spreadsheet (see lib/locale/inert-text.ts). */
export const neutraliseFormula: (text: string) => string = csvText;

function rounded(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const factor = 10 ** DIGITS;
  return Math.round(value * factor) / factor;
}

function detail(c: ComponentReport, key: string): Cell {
  const value = c.details[key];
  return value === undefined ? null : value;
}

/** A ratio as a percentage: over-commit reads as one form in every document (`140` %). */
function percentOfRatio(ratio: number | null | undefined): number | null {
  return typeof ratio === 'number' && Number.isFinite(ratio) ? rounded(ratio * 100) : null;
}

/** A power state in the file's language (APIv6's spelling when the catalogue has no word for it). */
function powerState(tr: Translator, c: ComponentReport): Cell {
  const value = detail(c, 'powerState');
  if (typeof value !== 'string') return value;
  const key = `csv.value.power.${value}`;
  return tr.has(key) ? tr.t(key) : value;
}

function numberDetail(c: ComponentReport, key: string): number | null {
  const value = c.details[key];
  return typeof value === 'number' ? rounded(value) : null;
}

function metricColumns(tr: Translator, kind: ComponentKind): Column[] {
  return metricsOf(kind).flatMap((def) => {
    const metric = tr.t(`metric.${def.name}`);
    const unit = tr.t(`unit.${def.unit}`);
    const stats = (c: ComponentReport): MetricStats | undefined => c.metrics[def.name as MetricName];
    const figure = (statistic: 'mean' | 'p95' | 'max'): Column => ({
      header: tr.t('csv.figure', { metric, statistic: tr.t(`statistic.${statistic}`), unit }),
      value: (c) => rounded(stats(c)?.[statistic]),
    });
    return [
      figure('mean'),
      figure('p95'),
      figure('max'),
      { header: tr.t('csv.coverage', { metric }), value: (c) => rounded(stats(c)?.coveragePct) },
    ];
  });
}

function identity(tr: Translator): Column[] {
  return [
    { header: tr.t('csv.column.datacenter'), value: (_, dc) => dc.name },
    { header: tr.t('csv.column.datacenterTag'), value: (_, dc) => dc.tag },
  ];
}

function closing(tr: Translator): Column[] {
  return [
    { header: tr.t('csv.column.coverage'), value: (c) => rounded(rowCoverage(c)) },
    { header: tr.t('csv.column.noData'), value: (c) => c.missingSeries },
  ];
}

function hostColumns(tr: Translator): Column[] {
  const col = (key: string) => tr.t(`csv.column.${key}`);
  const load = (c: ComponentReport, dc: DatacenterReport) =>
    dc.hostRollups.find((h) => h.host === c.displayName);
  return [
    ...identity(tr),
    { header: col('host'), value: (c) => c.displayName },
    { header: col('cpuMhz'), value: (c) => numberDetail(c, 'cpuMhz') },
    { header: col('ramGb'), value: (c) => numberDetail(c, 'ramGb') },
    { header: col('inMaintenance'), value: (c) => detail(c, 'inMaintenance') },
    { header: col('vms'), value: (c, dc) => load(c, dc)?.vmCount ?? null },
    { header: col('poweredOnVms'), value: (c, dc) => load(c, dc)?.poweredOnVmCount ?? null },
    { header: col('vcpu'), value: (c, dc) => load(c, dc)?.vcpuTotal ?? null },
    { header: col('busyVcpu'), value: (c, dc) => rounded(load(c, dc)?.busyVcpuMean) },
    {
      header: col('memoryOvercommit'),
      value: (c, dc) => percentOfRatio(load(c, dc)?.memoryOvercommitRatio),
    },
    ...metricColumns(tr, 'host'),
    ...closing(tr),
  ];
}

function vmColumns(tr: Translator): Column[] {
  const col = (key: string) => tr.t(`csv.column.${key}`);
  const ready = (c: ComponentReport) => c.derived[DERIVED.cpuReadyPct];
  const readyFigure = (statistic: 'mean' | 'p95' | 'max'): Column => ({
    header: tr.t('csv.figure', {
      metric: col('readyPerVcpu'),
      statistic: tr.t(`statistic.${statistic}`),
      unit: tr.t('unit.percent'),
    }),
    value: (c) => rounded(ready(c)?.[statistic]),
  });
  return [
    ...identity(tr),
    { header: col('vm'), value: (c) => c.displayName },
    { header: col('moRef'), value: (c) => c.key },
    { header: col('host'), value: (c) => detail(c, 'hostName') },
    { header: col('datastores'), value: (c) => detail(c, 'datastores') },
    { header: col('powerState'), value: (c) => powerState(tr, c) },
    { header: col('vcpu'), value: (c) => numberDetail(c, 'cpuNum') },
    { header: col('memoryMb'), value: (c) => numberDetail(c, 'memoryMaxMb') },
    { header: col('snapshots'), value: (c) => numberDetail(c, 'snapshotNum') },
    ...metricColumns(tr, 'vm'),
    readyFigure('mean'),
    readyFigure('p95'),
    readyFigure('max'),
    ...closing(tr),
  ];
}

function datastoreColumns(tr: Translator, model: ReportModel): Column[] {
  const col = (key: string) => tr.t(`csv.column.${key}`);
  const used = (c: ComponentReport) => c.derived[DERIVED.datastoreUsedPct];
  const runways = new Map<string, RunwayEvidence>();
  for (const f of model.findings) {
    const runway = runwayOf(f);
    if (runway) runways.set(`${f.subject.datacenterTag}\u0000${f.subject.key}`, runway);
  }
  // The lines the findings forecast; the default lines when none does, so the columns stay put.
  const forecast = [...runways.values()].flatMap((r) => r.lines.map((l) => l.linePct));
  const lines = [
    ...new Set(forecast.length > 0 ? forecast : FINDINGS_DEFAULTS.datastoreRunway.linesPct),
  ].sort((a, b) => a - b);
  const daysTo = (line: number): Column => ({
    header: tr.t('csv.column.daysTo', { line }),
    value: (c, dc) =>
      rounded(runways.get(`${dc.tag}\u0000${c.key}`)?.lines.find((l) => l.linePct === line)?.days),
  });
  const usedFigure = (statistic: 'mean' | 'p95' | 'max'): Column => ({
    header: tr.t('csv.figure', {
      metric: col('usedPctOfSize'),
      statistic: tr.t(`statistic.${statistic}`),
      unit: tr.t('unit.percent'),
    }),
    value: (c) => rounded(used(c)?.[statistic]),
  });
  return [
    ...identity(tr),
    { header: col('datastore'), value: (c) => c.displayName },
    { header: col('sizeGb'), value: (c) => rounded(c.capacity?.sizeGb) },
    { header: col('usedGb'), value: (c) => rounded(c.capacity?.usedGb) },
    { header: col('usedPct'), value: (c) => rounded(c.capacity?.usedPct) },
    { header: col('provisionedGb'), value: (c) => rounded(c.capacity?.provisionedGb) },
    { header: col('overcommit'), value: (c) => percentOfRatio(c.capacity?.overcommitRatio) },
    usedFigure('mean'),
    usedFigure('p95'),
    usedFigure('max'),
    { header: col('trend'), value: (c) => rounded(used(c)?.trend?.slopePerDay) },
    ...lines.map(daysTo),
    ...metricColumns(tr, 'filer'),
    ...closing(tr),
  ];
}

/**
 * A cell's text. Numbers are written by the code, never from a name, so they skip the formula
 * guard: `-0,12` stays a number for the spreadsheet.
 */
function cellText(value: Cell, tr: Translator, csvLocale: CsvLocale): string | number {
  if (value === null) return '';
  if (typeof value === 'boolean') return tr.t(value ? 'csv.value.true' : 'csv.value.false');
  if (typeof value === 'number') return csvLocale.decimal === '.' ? value : String(value).replace('.', ',');
  return neutraliseFormula(value);
}

function table(
  model: ReportModel,
  file: CsvFile,
  columns: readonly Column[],
  tr: Translator,
  csvLocale: CsvLocale,
): string {
  const kind = KIND_OF_FILE[file];
  const rows = model.datacenters.flatMap((dc) => {
    const components = kind === 'host' ? dc.hosts : kind === 'vm' ? dc.vms : dc.filers;
    return sortByName(components, tr.locale).map((c) =>
      columns.map((col) => cellText(col.value(c, dc), tr, csvLocale)),
    );
  });
  return stringify([columns.map((col) => neutraliseFormula(col.header)), ...rows], {
    bom: true,
    delimiter: csvLocale.delimiter,
    record_delimiter: 'windows',
    quoted_match: csvLocale.needsQuotes,
  });
}

/** The CSV files of `model`: headers in `language`, one row per component. */
export function composeCsv(
  model: ReportModel,
  language: Language = 'en',
  options: ComposeCsvOptions = {},
): Record<CsvFile, string> {
  const tr = createTranslator(language, options.i18nDir ?? DEFAULT_I18N_DIR);
  const csvLocale = CSV_LOCALES[language];
  return {
    hosts: table(model, 'hosts', hostColumns(tr), tr, csvLocale),
    vms: table(model, 'vms', vmColumns(tr), tr, csvLocale),
    datastores: table(model, 'datastores', datastoreColumns(tr, model), tr, csvLocale),
  };
}
