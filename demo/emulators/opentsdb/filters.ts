/**
 * Tag value filters (net.opentsdb.query.filter): literal_or, iliteral_or, not_literal_or,
 * not_iliteral_or, wildcard, iwildcard and regexp, plus the deprecated `tags` map, which stock
 * converts to filters that all group by. A series lacking a filter's tag key never matches:
 * stock's row-key scan requires every filtered key, whatever the filter type.
 */
import { badRequest } from './errors.ts';
import type { Tags } from './store.ts';

export const FILTER_TYPES = [
  'literal_or',
  'iliteral_or',
  'not_literal_or',
  'not_iliteral_or',
  'wildcard',
  'iwildcard',
  'regexp',
] as const;

export type FilterType = (typeof FILTER_TYPES)[number];

export interface TagFilter {
  readonly type: FilterType;
  readonly tagk: string;
  readonly filter: string;
  readonly groupBy: boolean;
  /** The literal values a case-sensitive literal_or must find in the tag value namespace. */
  readonly literals: readonly string[];
  matches(value: string): boolean;
}

function isFilterType(type: string): type is FilterType {
  return (FILTER_TYPES as readonly string[]).includes(type);
}

function splitLiterals(filter: string): string[] {
  if (filter === '|') throw badRequest('Filter must contain more than just a pipe');
  return filter.split('|');
}

function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, flags);
}

function compile(type: FilterType, filter: string): { matches: (v: string) => boolean; literals: string[] } {
  switch (type) {
    case 'literal_or': {
      const set = new Set(splitLiterals(filter));
      return { matches: (v) => set.has(v), literals: [...set] };
    }
    case 'iliteral_or': {
      const set = new Set(splitLiterals(filter).map((l) => l.toLowerCase()));
      return { matches: (v) => set.has(v.toLowerCase()), literals: [] };
    }
    case 'not_literal_or': {
      const set = new Set(splitLiterals(filter));
      return { matches: (v) => !set.has(v), literals: [] };
    }
    case 'not_iliteral_or': {
      const set = new Set(splitLiterals(filter).map((l) => l.toLowerCase()));
      return { matches: (v) => !set.has(v.toLowerCase()), literals: [] };
    }
    case 'wildcard':
    case 'iwildcard': {
      if (!filter.includes('*')) throw badRequest('Filter must contain an asterisk');
      const re = globToRegExp(filter, type === 'iwildcard' ? 'i' : '');
      return { matches: (v) => re.test(v), literals: [] };
    }
    default: {
      let re: RegExp;
      try {
        re = new RegExp(filter);
      } catch (error) {
        throw badRequest(`Invalid regular expression '${filter}'`, String(error));
      }
      // Java's Matcher.find(): the pattern may match anywhere in the value.
      return { matches: (v) => re.test(v), literals: [] };
    }
  }
}

/** A validated filter; throws a 400 TsdbError on an unknown type or a malformed expression. */
export function buildFilter(type: string, tagk: string, filter: string, groupBy: boolean): TagFilter {
  if (!tagk) throw badRequest('Filter must have a tagk');
  if (!filter) throw badRequest('Filter cannot be null or empty');
  if (!isFilterType(type)) {
    throw badRequest(
      `Could not find a filter plugin of type '${type}'`,
      `Known types: ${FILTER_TYPES.join(', ')}`,
    );
  }
  const { matches, literals } = compile(type, filter);
  return { type, tagk, filter, groupBy, literals, matches };
}

/** Converts the deprecated `tags` map: `*` is a wildcard, `type(expr)` names a filter, anything else literal_or. */
export function filtersFromTags(tags: Readonly<Record<string, string>>): TagFilter[] {
  return Object.entries(tags).map(([tagk, value]) => {
    if (value === '*') return buildFilter('wildcard', tagk, '*', true);
    const m = /^([a-z_]+)\((.*)\)$/i.exec(value);
    if (m?.[1] && m[2] !== undefined) return buildFilter(m[1].toLowerCase(), tagk, m[2], true);
    return buildFilter('literal_or', tagk, value, true);
  });
}

/** Whether a series' tags pass every filter (filters on one key are ANDed). */
export function matchesAll(filters: readonly TagFilter[], tags: Tags, explicitTags: boolean): boolean {
  for (const f of filters) {
    const v = tags[f.tagk];
    if (v === undefined || !f.matches(v)) return false;
  }
  if (explicitTags) {
    const keys = Object.keys(tags);
    if (keys.some((k) => !filters.some((f) => f.tagk === k))) return false;
  }
  return true;
}
