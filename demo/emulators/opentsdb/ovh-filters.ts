/**
 * Tag selection as OVH's proxy translates it into Warp 10 label selectors
 * (ovh/erlenmeyer:proto/opentsdb/query.go, filters.go):
 *
 *   tags {k: "*"}        label present, grouped by k
 *   tags {k: "a|b"}      one of the (trimmed) values, grouped by k
 *   tags {k: "a"}        exactly a, NOT grouped (stock groups by every tags key)
 *   literal_or "a"       exactly a;  "a|b" → the regex `a|b`, unquoted
 *   wildcard "web*"      the regex `web.*`, only `*` rewritten
 *   regexp               the regex as given
 *
 * Any other filter type (iliteral_or, not_*, iwildcard, unknown names) is dropped without a word,
 * groupBy included. Warp 10 matches a label regex against the whole value (an inference from its
 * selector matcher; stock's regexp matches anywhere). A series lacking a selected label never matches.
 */
import { TsdbError } from './errors.ts';
import type { FilterType, TagFilter } from './filters.ts';

export interface OvhFilterSpec {
  readonly type: string;
  readonly tagk: string;
  readonly filter: string;
  readonly groupBy: boolean;
}

function selector(
  type: FilterType,
  tagk: string,
  filter: string,
  groupBy: boolean,
  test: (v: string) => boolean,
) {
  const built: TagFilter = { type, tagk, filter, groupBy, literals: [], matches: test };
  return built;
}

function wholeMatch(tagk: string, pattern: string): (v: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    // The proxy passes the pattern on; Warp 10 fails the whole script and the proxy answers 500.
    throw new TsdbError(500, `Invalid label selector for '${tagk}': ~${pattern} (${String(error)})`);
  }
  return (v) => re.test(v);
}

function fromTag(tagk: string, value: string): TagFilter {
  if (value === '*') return selector('wildcard', tagk, value, true, () => true);
  if (value.includes('|')) {
    const set = new Set(value.split('|').map((v) => v.trim()));
    return selector('literal_or', tagk, value, true, (v) => set.has(v));
  }
  return selector('literal_or', tagk, value, false, (v) => v === value);
}

function fromFilter(spec: OvhFilterSpec): TagFilter | null {
  const { tagk, filter, groupBy } = spec;
  switch (spec.type) {
    case 'literal_or':
      if (!filter.includes('|')) return selector('literal_or', tagk, filter, groupBy, (v) => v === filter);
      return selector('literal_or', tagk, filter, groupBy, wholeMatch(tagk, filter));
    case 'wildcard':
      return selector('wildcard', tagk, filter, groupBy, wholeMatch(tagk, filter.replaceAll('*', '.*')));
    case 'regexp':
      return selector('regexp', tagk, filter, groupBy, wholeMatch(tagk, filter));
    default:
      return null;
  }
}

/** The selectors OVH applies and the group-by keys, tags map first (keys sorted), then filters. */
export function ovhSelectors(
  tags: Readonly<Record<string, string>>,
  filters: readonly OvhFilterSpec[],
): { filters: TagFilter[]; groupBy: string[] } {
  const built: TagFilter[] = Object.keys(tags)
    .sort()
    .map((k) => fromTag(k, tags[k] as string));
  for (const spec of filters) {
    const f = fromFilter(spec);
    if (f) built.push(f);
  }
  const groupBy = [...new Set(built.filter((f) => f.groupBy).map((f) => f.tagk))];
  return { filters: built, groupBy };
}
