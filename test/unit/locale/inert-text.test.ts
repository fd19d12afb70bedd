import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvText,
  FSI,
  htmlText,
  inertName,
  isolatedName,
  PDI,
  plainText,
  REPLACEMENT,
} from '../../../lib/locale/inert-text.ts';
import { controlsIn } from '../../support/controls.ts';

describe('inert names', () => {
  it('replaces controls and bidi controls, keeping every other character', () => {
    expect(inertName('a\u0000b\u202ec\u2069d\u200fe\tf\ng')).toBe(
      `a${REPLACEMENT}b${REPLACEMENT}c${REPLACEMENT}d${REPLACEMENT}e${REPLACEMENT}f${REPLACEMENT}g`,
    );
    expect(inertName('compta-entrepôt שלום')).toBe('compta-entrepôt שלום');
  });

  it('leaves no control in any name, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        expect(controlsIn(inertName(name))).toEqual([]);
        expect([...inertName(name)]).toHaveLength([...name].length);
      }),
    );
  });

  it('isolates a name in HTML as <bdi>, escaped, and drops the marks in plain text', () => {
    const name = '<b>\u202eevil</b>';
    expect(htmlText(`VM ${isolatedName(name)} is idle`)).toBe(
      `VM <bdi>&lt;b&gt;${REPLACEMENT}evil&lt;/b&gt;</bdi> is idle`,
    );
    expect(plainText(`VM ${isolatedName(name)} is idle`)).toBe(`VM <b>${REPLACEMENT}evil</b> is idle`);
  });

  it('always nests the <bdi> elements, whatever marks a text holds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(FSI, PDI, 'a', '<', '&')), (parts) => {
        const html = htmlText(parts.join(''));
        let depth = 0;
        for (const tag of html.match(/<\/?bdi>/g) ?? []) {
          depth += tag === '<bdi>' ? 1 : -1;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
        expect(html.replace(/<\/?bdi>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('CSV text cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\n=1+1', "\n'=1+1"],
    ['ok\r\n=cmd|x\r@y', "ok\r\n'=cmd|x\r'@y"],
    ['a=b', 'a=b'],
    ['erp-db-01', 'erp-db-01'],
  ])('quotes every formula line of %j', (cell, expected) => {
    expect(csvText(cell)).toBe(expected);
  });

  it('keeps TAB, LF and CR and replaces the other controls', () => {
    expect(csvText('a\u0000b\u202ec\td\ne')).toBe(`a${REPLACEMENT}b${REPLACEMENT}c\td\ne`);
  });

  it('leaves no line of any cell starting with a formula character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (cell) => {
        for (const line of csvText(cell).split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t]/);
      }),
    );
  });
});
