import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { composeWeeklyMail } from '../../../../lib/deliver/mail/weekly-mail.ts';
import { controlsIn } from '../../../support/controls.ts';
import { buildReportFixture, FIXTURE_SERVICE, XSS_VM_NAME } from '../../../support/report-model.ts';

const { model } = buildReportFixture();
const pdf = { fileName: 'vscope-report.pdf', bytes: new Uint8Array(300 * 1024) };
const base = { report: model, from: 'reports@example.test', to: ['ops@example.test'], pdf } as const;

const [first] = model.findings;
if (!first) throw new Error('the fixture report has findings');

/** A report whose only finding is about a VM named like markup, in a datacenter named likewise. */
const hostile = {
  ...model,
  findings: [
    {
      ...first,
      severity: 'critical' as const,
      title: `CPU contention on ${XSS_VM_NAME}`,
      subject: { ...first.subject, displayName: XSS_VM_NAME, datacenterName: 'DC <b>1</b>' },
    },
  ],
};

describe('weekly mail', () => {
  it('attaches the PDF and carries the headline figures in HTML and plain text', () => {
    const mail = composeWeeklyMail({ ...base, language: 'en' });
    expect(mail.subject).toContain(FIXTURE_SERVICE);
    expect(mail.subject).toContain(model.period.label);
    expect(mail.attachments).toEqual([
      { filename: 'vscope-report.pdf', contentType: 'application/pdf', content: pdf.bytes },
    ]);
    const $ = load(mail.html);
    expect($('h1').text()).toBe(`Weekly report of ${FIXTURE_SERVICE}`);
    expect($('td').text()).toContain('Data coverage');
    expect(mail.text).toContain('Headline figures');
    expect(mail.text.match(/^\* \[/gm)).toHaveLength(Math.min(5, model.findings.length));
    expect(mail.text).not.toMatch(/<[a-z]/);
    expect(mail.headers).toEqual({ 'X-Vscope-Report': `${FIXTURE_SERVICE}/${model.period.label}` });
  });

  it('writes in the recipients’ language', () => {
    const fr = composeWeeklyMail({ ...base, language: 'fr' });
    const pt = composeWeeklyMail({ ...base, language: 'pt' });
    expect(fr.subject).toContain('rapport hebdomadaire');
    expect(load(fr.html)('html').attr('lang')).toBe('fr');
    expect(fr.text).toContain('Chiffres clés');
    expect(pt.subject).toContain('relatório semanal');
    expect(pt.text).toContain('Números principais');
  });

  it('isolates every name in a <bdi> in the HTML part and leaves no control in the text part or the subject', () => {
    const spoof = 'erp\u202e10-bd\u0000';
    const report = {
      ...hostile,
      findings: [
        {
          ...first,
          title: `CPU contention on ${spoof}`,
          subject: { ...first.subject, displayName: spoof, datacenterName: 'DC \u2069\u202eR' },
        },
      ],
    };
    for (const language of ['en', 'fr'] as const) {
      const mail = composeWeeklyMail({ ...base, report, language });
      const $ = load(mail.html);
      const names = $('li bdi')
        .map((_, e) => $(e).text())
        .get();
      expect(names).toContain('erp\ufffd10-bd\ufffd');
      expect(names).toContain('DC \ufffd\ufffdR');
      expect($('h1 bdi').text()).toBe(FIXTURE_SERVICE);
      expect(controlsIn($('body').text(), '\n')).toEqual([]);
      expect(controlsIn(mail.text, '\n')).toEqual([]);
      expect(controlsIn(mail.subject)).toEqual([]);
      expect(mail.text).toContain('erp\ufffd10-bd\ufffd');
    }
  });

  it('escapes names from the infrastructure in the HTML part and keeps them verbatim in the text part', () => {
    const mail = composeWeeklyMail({ ...base, report: hostile, language: 'en' });
    const $ = load(mail.html);
    expect($('script')).toHaveLength(0);
    expect($('b')).toHaveLength(0);
    expect($('li').text()).toContain(XSS_VM_NAME);
    expect(mail.text).toContain(XSS_VM_NAME);
  });

  it('links instead of attaching when given a link', () => {
    const url = 'https://bucket.example.test/report.pdf?X-Amz-Signature=abc&x=1';
    const mail = composeWeeklyMail({
      ...base,
      language: 'en',
      link: { url, expiresAt: new Date('2026-11-30T06:00:00Z') },
    });
    expect(mail.attachments).toBeUndefined();
    expect(load(mail.html)('a').attr('href')).toBe(url);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain('too large to attach');
  });
});
