import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { METRICS } from '../../../lib/core/catalogue.ts';
import { RenderError } from '../../../lib/core/errors.ts';
import { LANGUAGES, type MessageParam } from '../../../lib/core/types.ts';
import {
  createTranslator,
  type Entry,
  loadCatalogue,
  type Params,
  PLACEHOLDER,
  placeholdersOf,
} from '../../../lib/locale/i18n.ts';

const keys = (language: (typeof LANGUAGES)[number]) => [...loadCatalogue(language).keys()].sort();

/** A value of the right kind for each placeholder format. */
const SAMPLE: Record<string, MessageParam> = {
  '': 7.5,
  int: 1234,
  n0: 1234.5,
  n1: 1234.56,
  n2: 0.123,
  n3: 0.0123,
  date: Date.UTC(2026, 11, 8, 12),
  datetime: Date.UTC(2026, 10, 18, 1),
  time: Date.UTC(2026, 10, 18, 7),
  metric: 'vscope.vm.cpu.ready',
  metrics: 'vscope.vm.disk.latency.read,vscope.vm.net.rx',
  stat: 'p95',
  list: [{ key: 'finding.common.size', params: { cpuNum: 2, memoryGb: 8 } }],
  semi: [
    { key: 'finding.vmUndersized.cpu', params: { value: 82 } },
    { key: 'finding.vmUndersized.memory', params: { value: 81 } },
  ],
};

function sampleParams(entry: Entry): Params {
  const params: Record<string, MessageParam> = {};
  for (const placeholder of placeholdersOf(entry)) {
    const [name = '', format = ''] = placeholder.split(':');
    params[name] = name === 'count' ? 2 : (SAMPLE[format] ?? 'x');
  }
  return params;
}

describe('translation catalogues', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the keys of en', (language) => {
    expect(keys(language)).toEqual(keys('en'));
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s uses the same placeholders as en in every entry',
    (language) => {
      const en = loadCatalogue('en');
      const other = loadCatalogue(language);
      for (const [key, entry] of en) {
        expect([...placeholdersOf(other.get(key) ?? '')].sort(), key).toEqual(
          [...placeholdersOf(entry)].sort(),
        );
      }
    },
  );

  it.each(LANGUAGES)(
    '%s renders every entry with parameters of the right kind, leaving no placeholder',
    (language) => {
      const tr = createTranslator(language);
      for (const [key, entry] of loadCatalogue(language)) {
        const text = tr.t(key, sampleParams(entry));
        expect(text, key).not.toMatch(PLACEHOLDER);
        expect(text.trim(), key).not.toBe('');
      }
    },
  );

  it('labels the metrics in English as the catalogue does', () => {
    const tr = createTranslator('en');
    for (const metric of METRICS) expect(tr.t(`metric.${metric.name}`)).toBe(metric.label);
  });

  it('offers exactly the languages the configuration accepts', () => {
    for (const language of LANGUAGES)
      expect(loadConfig({ VSCOPE_LANGUAGE: language }).language).toBe(language);
    expect(() => loadConfig({ VSCOPE_LANGUAGE: 'de' })).toThrow(/language/);
  });
});

describe('createTranslator', () => {
  it('chooses the plural form of the count with the language’s rules', () => {
    const en = createTranslator('en');
    const fr = createTranslator('fr');
    expect(en.t('figures.hosts.note', { count: 1 })).toBe('in 1 datacenter');
    expect(en.t('figures.hosts.note', { count: 2 })).toBe('in 2 datacenters');
    // French counts zero as singular.
    expect(fr.t('chart.profile.blank', { count: 0 })).toBe('0 heure sans échantillon reste vide.');
    expect(fr.t('chart.profile.blank', { count: 3 })).toBe('3 heures sans échantillon restent vides.');
  });

  it('gives each counted noun of a sentence its own plural form', () => {
    const counts = (critical: number, warning: number, fresh: number) => ({ critical, warning, new: fresh });
    expect(createTranslator('fr').t('figures.findings.note', counts(1, 2, 0))).toBe(
      '1 critique, 2 avertissements, 0 nouveau',
    );
    expect(createTranslator('fr').t('figures.findings.note', counts(2, 1, 3))).toBe(
      '2 critiques, 1 avertissement, 3 nouveaux',
    );
    expect(createTranslator('pt').t('figures.findings.note', counts(1, 2, 2))).toBe(
      '1 crítica, 2 avisos, 2 novas',
    );
    expect(createTranslator('en').t('figures.findings.note', counts(2, 1, 1))).toBe(
      '2 critical, 1 warning, 1 new',
    );
    for (const language of ['en', 'fr', 'pt'] as const) {
      const text = createTranslator(language).t('findings.tally', { new: 2, persisting: 1, resolved: 0 });
      expect(text, language).not.toMatch(/\(s\)|\(x\)/);
    }
  });

  it('prints one full stop where a value ends its own sentence before the entry’s', () => {
    const tr = createTranslator('en');
    const reason =
      'HTTP 401 from the metrics endpoint — check the metrics token (configuration key metrics.token).';
    const text = tr.t('notice.failedQueries', { coverage: '80 %', count: 2, reason });
    expect(text).toContain('(configuration key metrics.token)). Figures');
    expect(text).not.toMatch(/\.\)*\./);
    // A value without its own stop keeps the entry's.
    expect(tr.t('notice.failedQueries', { coverage: '80 %', count: 2, reason: 'timeout' })).toContain(
      '(first cause: timeout). Figures',
    );
  });

  it('formats figures and dates with Intl in the language’s locale', () => {
    const params = { coverage: 91.25 };
    expect(createTranslator('en').t('finding.common.lowConfidence', params)).toContain('Only 91.3 %');
    expect(createTranslator('fr').t('finding.common.lowConfidence', params)).toContain(
      'Seulement 91,3\u00a0%',
    );
    expect(createTranslator('pt').t('finding.common.lowConfidence', params)).toContain('Apenas 91,3 %');
    const date = { date: Date.UTC(2026, 11, 8, 12), line: 90, z: 2 };
    expect(createTranslator('en').t('finding.datastoreRunway.recommendation', date)).toContain('8 Dec 2026');
    expect(createTranslator('fr').t('finding.datastoreRunway.recommendation', date)).toContain('8 déc. 2026');
    expect(createTranslator('pt').t('finding.datastoreRunway.recommendation', date)).toContain('8 dez. 2026');
  });

  it('shows instants on the wall clock of the report’s zone', () => {
    const span = {
      key: 'finding.common.span',
      params: { from: Date.UTC(2026, 10, 19, 22), to: Date.UTC(2026, 10, 20, 2) },
    };
    expect(createTranslator('en').render(span, 'Europe/Paris')).toBe('Thu 19 Nov 23:00 – Fri 20 Nov 03:00');
    expect(createTranslator('fr').render(span, 'Europe/Paris')).toBe(
      'jeu. 19 nov. 23:00 – ven. 20 nov. 03:00',
    );
  });

  it('prints a missing figure as a dash, never as 0', () => {
    expect(createTranslator('en').t('finding.common.size', { cpuNum: null, memoryGb: null })).toBe(
      '— vCPU, — GB',
    );
  });

  it('refuses an unknown key or a missing parameter instead of printing it', () => {
    const tr = createTranslator('en');
    expect(() => tr.t('no.such.key')).toThrow(RenderError);
    expect(() => tr.t('finding.common.size', { cpuNum: 2 })).toThrow(/needs a parameter 'memoryGb'/);
  });

  describe('with a deployment catalogue', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vscope-i18n-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the folder it is given and refuses an unknown format', () => {
      writeFileSync(join(dir, 'en.json'), JSON.stringify({ a: { b: 'Hello {name}' }, bad: '{x:roman}' }));
      const tr = createTranslator('en', dir);
      expect(tr.t('a.b', { name: 'ops' })).toBe('Hello ops');
      expect(() => tr.t('bad', { x: 4 })).toThrow(/unknown format 'roman'/);
    });
  });
});
