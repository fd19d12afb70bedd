/**
 * The operations the emulator serves, matched as the API's router does: on method and path
 * (relative to `/1.0`, query ignored), with `{param}` standing for one path segment. A path
 * that matches no operation, or an operation under another method, is an invalid URL.
 */

export const ROUTES = [
  { method: 'GET', template: '/auth/time', authenticated: false },
  { method: 'GET', template: '/dedicatedCloud', authenticated: true },
  { method: 'GET', template: '/dedicatedCloud/{serviceName}', authenticated: true },
  { method: 'GET', template: '/dedicatedCloud/{serviceName}/datacenter', authenticated: true },
  { method: 'GET', template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}', authenticated: true },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/host',
    authenticated: true,
  },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/host/{hostId}',
    authenticated: true,
  },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/vm',
    authenticated: true,
  },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/vm/{vmId}',
    authenticated: true,
  },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/filer',
    authenticated: true,
  },
  {
    method: 'GET',
    template: '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}/filer/{filerId}',
    authenticated: true,
  },
  { method: 'GET', template: '/dedicatedCloud/{serviceName}/user', authenticated: true },
  { method: 'GET', template: '/dedicatedCloud/{serviceName}/user/{userId}', authenticated: true },
  {
    method: 'POST',
    template: '/dedicatedCloud/{serviceName}/user/{userId}/metricsToken',
    authenticated: true,
  },
] as const;

export type RouteTemplate = (typeof ROUTES)[number]['template'];

/** The operation that vanished from the published schema in 2024. */
export const METRICS_TOKEN_TEMPLATE: RouteTemplate =
  '/dedicatedCloud/{serviceName}/user/{userId}/metricsToken';

export interface RouteMatch {
  readonly method: string;
  readonly template: RouteTemplate;
  readonly authenticated: boolean;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | null {
  const parts = template.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith('{')) {
      if (segment === '') return null;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

function decodeSegments(path: string): string[] | null {
  try {
    return path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/**
 * Finds the operation for `method path` (path relative to the base path, without query);
 * `hidden` lists templates currently absent from the API.
 */
export function matchRoute(
  method: string,
  path: string,
  hidden: ReadonlySet<RouteTemplate> = new Set(),
): RouteMatch | null {
  const segments = decodeSegments(path);
  if (segments === null) return null;
  for (const route of ROUTES) {
    if (route.method !== method || hidden.has(route.template)) continue;
    const params = matchTemplate(route.template, segments);
    if (params) return { method, template: route.template, authenticated: route.authenticated, params };
  }
  return null;
}

export interface DeniedRule {
  readonly method: string;
  readonly pattern: RegExp;
  readonly source: string;
}

/**
 * Parses `'POST /dedicatedCloud/*\/user/*\/metricsToken'`: a method and a path where `*`
 * matches anything, slashes included, as in the access rules of an OVH consumer key.
 */
export function parseDeniedRule(rule: string): DeniedRule {
  const match = /^([A-Z]+) (\/\S*)$/.exec(rule);
  if (!match) throw new Error(`Denied route "${rule}" is not "METHOD /path" (e.g. "GET /dedicatedCloud/*")`);
  const [, method = '', path = ''] = match;
  const escaped = path
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { method, pattern: new RegExp(`^${escaped}$`), source: rule };
}

/** True when a rule denies `method path` (path relative to the base path, without query). */
export function isDenied(rules: readonly DeniedRule[], method: string, path: string): boolean {
  return rules.some((rule) => rule.method === method && rule.pattern.test(path));
}
