/**
 * The one form a Hosted Private Cloud service name may take, checked wherever a name comes in
 * (configuration, APIv6's listing, the HTTP query, a queued job) before any work: the name becomes
 * an APIv6 path segment, a metrics tag and a store key, so `..`, a slash or an empty name must
 * never reach them.
 *
 * OVH issues `pcc-` followed by the service's IPv4 address with dashes (`pcc-37-187-228-180`);
 * the tail is accepted as letters and digits in groups joined by single dashes or dots, so any
 * form OVH has issued passes and nothing that walks a path does.
 */

/** `pcc-` then letters and digits in groups joined by one `-` or `.`; at most 100 characters. */
export const SERVICE_NAME_PATTERN = /^pcc-[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*$/;

export const SERVICE_NAME_MAX_LENGTH = 100;

/** The expected form, for error messages. */
export const SERVICE_NAME_FORM = 'pcc- followed by the service address with dashes, such as pcc-192-0-2-10';

/** Longest part of a rejected value a message repeats. */
const SHOWN_CHARS = 120;

/** Characters JSON leaves as they are that would hide or reorder a log line: DEL, C1, bidi controls. */
const INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether `value` is a service name of the form OVH issues. */
export function isServiceName(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= SERVICE_NAME_MAX_LENGTH && SERVICE_NAME_PATTERN.test(value)
  );
}

/**
 * Why `value` is not a service name, naming it (quoted as JSON with every invisible character
 * as an escape, and cut when long) and the expected form; no final stop, callers end the sentence.
 */
export function serviceNameProblem(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  const quoted = JSON.stringify(shown).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${quoted} is not a service name: expected ${SERVICE_NAME_FORM}`;
}
