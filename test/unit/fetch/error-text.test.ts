import { describe, expect, it } from 'vitest';
import { errorText, MAX_ERROR_TEXT, redactor, statusHint } from '../../../lib/fetch/error-text.ts';

describe('error text', () => {
  it("takes OpenTSDB's JSON error message, or the plain text of OVH's proxy", () => {
    expect(
      errorText(JSON.stringify({ error: { code: 400, message: "No such name for 'metrics': 'x'" } })),
    ).toBe("No such name for 'metrics': 'x'");
    expect(errorText('  Warp 10 fetch limit exceeded\n')).toBe('Warp 10 fetch limit exceeded');
    expect(errorText('{"other":1}')).toBe('{"other":1}');
  });

  it('shortens a long text to an excerpt', () => {
    const text = errorText('x'.repeat(1000));
    expect(text).toHaveLength(MAX_ERROR_TEXT + 1);
    expect(text.endsWith('…')).toBe(true);
  });

  it('removes every occurrence of the token, and leaves the text alone without one', () => {
    expect(redactor('s3cret')('a s3cret and s3cret')).toBe('a *** and ***');
    expect(redactor('')('a s3cret')).toBe('a s3cret');
  });

  it('removes the token URL-encoded and as the base64 of user:token that Basic auth sends', () => {
    const token = 'tk/9+a b=c';
    const redact = redactor(token, 'read');
    const basic = Buffer.from(`read:${token}`).toString('base64');
    const forms = [
      token,
      encodeURIComponent(token),
      encodeURIComponent(encodeURIComponent(token)),
      basic,
      basic.replace(/=+$/, ''),
      basic.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
      Buffer.from(token).toString('base64'),
    ];
    for (const form of forms) expect(redact(`echo [${form}] end`), form).toBe('echo [***] end');
    expect(redact(`Authorization: Basic ${basic}`)).toBe('Authorization: Basic ***');
  });

  it('masks credentials in a URL and an Authorization header even without a token', () => {
    const redact = redactor('');
    expect(redact('see https://read:p@ss@host.example/api/query')).toBe(
      'see https://***@host.example/api/query',
    );
    expect(redact('got Authorization: Basic cmVhZDpvdGhlcg==, refused')).toBe(
      'got Authorization: Basic ***, refused',
    );
    expect(redact('the token was refused')).toBe('the token was refused');
    expect(redact('Basic authentication failed')).toBe('Basic authentication failed');
  });

  it('points at the configuration key for 401, 403 and 404 only', () => {
    expect(statusHint(401)).toContain('metrics.token');
    expect(statusHint(403)).toContain('metrics.token');
    expect(statusHint(404)).toContain('metrics.endpoint');
    expect(statusHint(500)).toBe('');
  });
});
