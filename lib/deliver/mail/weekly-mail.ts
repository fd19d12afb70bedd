/**
 * The weekly e-mail: subject, an HTML body with the headline figures and top findings, and the
 * same content as plain text, in the recipients' language. Wording lives in
 * `templates/mail/i18n/<language>.json`, layout in `templates/mail/weekly.{html,txt}.njk`; the
 * HTML environment auto-escapes, so names from the infrastructure cannot inject markup; each
 * name is marked once here (lib/locale/inert-text.ts), a `<bdi>` element in the HTML part and
 * plain inert text in the text part and the subject.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import nunjucks from 'nunjucks';
import { RenderError } from '../../core/errors.ts';
import type { MailMessage } from '../../core/ports.ts';
import type { Language, Severity } from '../../core/types.ts';
import { folderPath } from '../../locale/assets.ts';
import { createFormatter } from '../../locale/format.ts';
import { createTranslator, LOCALES } from '../../locale/i18n.ts';
import { isolatedName, isolateNamesInPage, plainText } from '../../locale/inert-text.ts';
import type { DigestFinding, ReportDigest } from './report-digest.ts';

/** Where the mail templates ship, relative to this module; deployments may pass another folder. */
export const MAIL_TEMPLATES_DIR = new URL('../../../templates/mail/', import.meta.url);

export const MAIL_LIMITS = {
  /** Findings listed in the mail; the rest are counted. */
  topFindings: 5,
  /** Coverage below this is flagged next to the figure. */
  lowCoveragePct: 90,
} as const;

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const satisfies Record<Severity, number>;
const SEVERITY_COLOUR = { critical: '#b3261e', warning: '#a15c00', info: '#2f5f8a' } as const;

export interface WeeklyMailInput {
  readonly report: ReportDigest;
  readonly language: Language;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** The PDF, attached when `link` is absent. */
  readonly pdf: { readonly fileName: string; readonly bytes: Uint8Array };
  /** A presigned URL replacing the attachment when the PDF is too large. */
  readonly link?: { readonly url: string; readonly expiresAt: Date };
}

type Strings = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

const catalogues = new Map<string, Strings>();
const environments = new Map<string, { html: nunjucks.Environment; text: nunjucks.Environment }>();

function stringsOf(dir: string, language: Language): Strings {
  const file = `${dir}i18n/${language}.json`;
  let strings = catalogues.get(file);
  if (!strings) {
    try {
      strings = JSON.parse(readFileSync(file, 'utf8')) as Strings;
    } catch (cause) {
      throw new RenderError(`Cannot read the mail texts ${file}: they ship with the templates.`, {
        cause,
        context: { key: file },
      });
    }
    catalogues.set(file, strings);
  }
  return strings;
}

function environmentsOf(dir: string) {
  let envs = environments.get(dir);
  if (!envs) {
    const loader = () => new nunjucks.FileSystemLoader(dir);
    envs = {
      html: new nunjucks.Environment(loader(), { autoescape: true, throwOnUndefined: true }),
      text: new nunjucks.Environment(loader(), { autoescape: false, throwOnUndefined: true }),
    };
    environments.set(dir, envs);
  }
  return envs;
}

/** `{name}` placeholders filled from `params`; a missing one is a template bug, so it throws. */
function fill(key: string, text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new RenderError(`Mail text '${key}' needs '${name}'.`, { context: { key } });
    return String(value);
  });
}

function lookup(strings: Strings, key: string): string {
  const [head, tail] = key.split('.') as [string, string | undefined];
  const entry = strings[head];
  const text = typeof entry === 'string' ? entry : tail ? entry?.[tail] : undefined;
  if (typeof text !== 'string') throw new RenderError(`No mail text '${key}'.`, { context: { key } });
  return text;
}

/** A finding's title and evidence in `language` when the report carries its messages, else as written. */
function findingText(f: DigestFinding, language: Language, zone: string): { title: string; summary: string } {
  if (f.messages) {
    try {
      const t = createTranslator(language, undefined, { name: isolatedName });
      return { title: t.render(f.messages.title, zone), summary: t.renderAll(f.messages.summary, zone) };
    } catch {
      // A catalogue without this key: the English text is better than no text.
    }
  }
  // Its names cannot be told from its words: the whole text is treated as a name.
  return { title: isolatedName(f.title), summary: isolatedName(f.evidence.summary) };
}

function sizeText(bytes: number, fmt: ReturnType<typeof createFormatter>): string {
  return bytes >= 1024 * 1024
    ? fmt.withUnit(bytes / 1024 / 1024, 'MB', 1)
    : fmt.withUnit(bytes / 1024, 'kB', 0);
}

/** Renders the weekly e-mail of one report. */
export function composeWeeklyMail(
  input: WeeklyMailInput,
  dir: string | URL = MAIL_TEMPLATES_DIR,
): MailMessage {
  const folder = folderPath(dir);
  const { report, language } = input;
  const strings = stringsOf(folder, language);
  const fmt = createFormatter(LOCALES[language]);
  const zone = report.period.timeZone;
  const t = (key: string, params: Readonly<Record<string, string | number>> = {}) =>
    fill(key, lookup(strings, key), params);
  const day = (ms: number) =>
    DateTime.fromMillis(ms, { zone }).setLocale(LOCALES[language]).toFormat('ccc d LLL yyyy');

  const counts = { critical: 0, warning: 0, info: 0, new: 0 };
  for (const f of report.findings) {
    counts[f.severity]++;
    if (f.status === 'new') counts.new++;
  }
  const rollups = report.datacenters.map((dc) => dc.rollup);
  const sum = (pick: (r: (typeof rollups)[number]) => number) => rollups.reduce((n, r) => n + pick(r), 0);
  const size = sum((r) => r.storageSizeGb);
  const cpu = rollups.map((r) => r.hostCpuMeanPct).filter((v): v is number => v !== null);
  const service = isolatedName(report.serviceName);
  const headline = [
    {
      label: t('coverage'),
      value: fmt.percent(report.coverage.pct, 1),
      note: report.coverage.pct < MAIL_LIMITS.lowCoveragePct ? t('lowCoverage') : '',
    },
    { label: t('hosts'), value: fmt.integer(sum((r) => r.hosts)), note: '' },
    {
      label: t('vms'),
      value: `${fmt.integer(sum((r) => r.poweredOnVms))} / ${fmt.integer(sum((r) => r.vms))}`,
      note: '',
    },
    {
      label: t('datastores'),
      value: fmt.integer(report.datacenters.reduce((n, dc) => n + dc.filers.length, 0)),
      note: '',
    },
    {
      label: t('storageUsed'),
      value: size > 0 ? fmt.percent((sum((r) => r.storageUsedGb) / size) * 100, 1) : fmt.percent(null),
      note: '',
    },
    // Datacenters weigh equally here: the per-datacenter means are already sample-weighted.
    {
      label: t('hostCpu'),
      value: fmt.percent(cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null, 1),
      note: '',
    },
  ];
  const top = [...report.findings]
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .slice(0, MAIL_LIMITS.topFindings)
    .map((f) => ({
      ...findingText(f, language, zone),
      severity: t(`severity.${f.severity}`),
      status: t(`status.${f.status}`),
      colour: SEVERITY_COLOUR[f.severity],
      subject: `${isolatedName(f.subject.displayName)} (${isolatedName(f.subject.datacenterName)})`,
    }));
  const more = report.findings.length - top.length;
  const pdfSize = sizeText(input.pdf.bytes.byteLength, fmt);
  const summary =
    counts.critical + counts.warning === 0
      ? t('subjectNone')
      : t('subjectSome', { critical: counts.critical, warning: counts.warning });
  const subject = plainText(t('subject', { service, period: report.period.label, summary }));
  const text = {
    title: t('title', { service }),
    period: t('period', {
      period: report.period.label,
      start: day(report.period.startMs),
      end: day(report.period.endMs - 1),
      zone,
    }),
    headline: t('headline'),
    topFindings: t('topFindings'),
    findingCounts: t('findingCounts', { ...counts, resolved: report.resolvedFindings.length }),
    noFindings: t('noFindings'),
    moreFindings: t('moreFindings', { count: more }),
    attached: t('attached', { size: pdfSize }),
    linked: input.link
      ? t('linked', {
          size: pdfSize,
          expires: DateTime.fromJSDate(input.link.expiresAt, { zone })
            .setLocale(LOCALES[language])
            .toFormat('d LLL yyyy HH:mm'),
        })
      : '',
    footer: t('footer', { generator: `${report.generator.name} ${report.generator.version}`, service }),
  };
  const view = {
    lang: language,
    subject,
    text,
    headline,
    findings: top,
    more: more > 0,
    link: input.link?.url ?? '',
    fileName: input.pdf.fileName,
  };
  const envs = environmentsOf(folder);
  let html: string;
  let plain: string;
  try {
    html = isolateNamesInPage(envs.html.render('weekly.html.njk', view));
    plain = plainText(envs.text.render('weekly.txt.njk', view));
  } catch (cause) {
    throw new RenderError(`The weekly mail template failed: ${(cause as Error).message}`, { cause });
  }
  return {
    from: input.from,
    to: input.to,
    ...(input.cc && input.cc.length > 0 ? { cc: input.cc } : {}),
    subject,
    html,
    text: plain,
    headers: { 'X-Vscope-Report': `${report.serviceName}/${report.period.label}` },
    ...(input.link
      ? {}
      : {
          attachments: [
            { filename: input.pdf.fileName, contentType: 'application/pdf', content: input.pdf.bytes },
          ],
        }),
  };
}
