import { describe, expect, it } from 'vitest';
import { basicAuthPassword, checkAuth } from '../../../../demo/emulators/opentsdb/auth.ts';
import { TsdbError } from '../../../../demo/emulators/opentsdb/errors.ts';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('basic auth', () => {
  it('reads the password, which may itself hold colons, whatever the user name', () => {
    expect(basicAuthPassword(basic('read:s3cret'))).toBe('s3cret');
    expect(basicAuthPassword(basic(':a:b'))).toBe('a:b');
    expect(basicAuthPassword(`basic ${Buffer.from('x:y').toString('base64')}`)).toBe('y');
  });

  it('finds no password without a Basic header or a colon', () => {
    expect(basicAuthPassword(undefined)).toBeNull();
    expect(basicAuthPassword('Bearer abc')).toBeNull();
    expect(basicAuthPassword(basic('token-only'))).toBeNull();
  });

  it('lets every request through when no token is set', () => {
    expect(() => checkAuth(undefined, undefined)).not.toThrow();
  });

  it('answers 401 Not authorized for a missing or wrong token', () => {
    for (const header of [undefined, basic('read:wrong')]) {
      try {
        checkAuth(header, 'tok');
        expect.unreachable('checkAuth accepted a bad header');
      } catch (error) {
        expect(error).toBeInstanceOf(TsdbError);
        expect({ status: (error as TsdbError).status, message: (error as TsdbError).message }).toEqual({
          status: 401,
          message: 'Not authorized',
        });
      }
    }
    expect(() => checkAuth(basic('anyone:tok'), 'tok')).not.toThrow();
  });
});
