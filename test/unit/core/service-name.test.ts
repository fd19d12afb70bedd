import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isServiceName, SERVICE_NAME_FORM, serviceNameProblem } from '../../../lib/core/service-name.ts';

/** Names that could walk a path, split a key or hide in a log line. */
const HOSTILE_SERVICE_NAMES = [
  '',
  'pcc-',
  '..',
  'pcc-1/../../etc',
  'pcc-1..2',
  'pcc-1/2',
  'pcc-1\\2',
  'pcc-1-',
  'pcc-1 2',
  'pcc-1\n',
  'pcc-1%2F2',
  'pcc-192-0-2-10\u202e',
  '192-0-2-10',
  `pcc-${'1'.repeat(200)}`,
];

describe('service names', () => {
  it.each(['pcc-37-187-228-180', 'pcc-192-0-2-10', 'pcc-1', 'pcc-a', 'pcc-2-Lyon-3'])(
    'accepts %s',
    (name) => {
      expect(isServiceName(name)).toBe(true);
    },
  );

  it.each(HOSTILE_SERVICE_NAMES)('refuses %j', (name) => {
    expect(isServiceName(name)).toBe(false);
  });

  it('accepts every name OVH issues: pcc- and an IPv4 address with dashes', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(isServiceName(`pcc-${ip.replaceAll('.', '-')}`)).toBe(true);
      }),
    );
  });

  it('never accepts a name holding a slash, a backslash or two dots in a row', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('/', '\\', '..'), fc.string(), (a, bad, b) => {
        expect(isServiceName(`pcc-1${a}${bad}${b}`)).toBe(false);
      }),
    );
  });

  it('names the value (as JSON, cut when long) and the expected form', () => {
    expect(serviceNameProblem('a/b\n')).toBe(`"a/b\\n" is not a service name: expected ${SERVICE_NAME_FORM}`);
    expect(serviceNameProblem('x'.repeat(500)).length).toBeLessThan(300);
    expect(serviceNameProblem('pcc-1\u202e\u0085')).toMatch(/^"pcc-1\\u202e\\u0085" is not/);
  });
});
