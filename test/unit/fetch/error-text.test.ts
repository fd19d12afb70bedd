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

  it('points at the configuration key for 401, 403 and 404 only', () => {
    expect(statusHint(401)).toContain('metrics.token');
    expect(statusHint(403)).toContain('metrics.token');
    expect(statusHint(404)).toContain('metrics.endpoint');
    expect(statusHint(500)).toBe('');
  });
});
