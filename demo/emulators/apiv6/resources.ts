/**
 * What the emulated `/dedicatedCloud` API holds, indexed for lookup, and the answer to each
 * operation. Pure: the server passes the matched route and the current metrics token mode.
 */
import type { DatacenterInventory, Inventory } from '../../../lib/core/types.ts';
import { API_ERRORS } from './errors.ts';
import type { RouteMatch } from './routes.ts';
import {
  type ApiMetricsToken,
  type ServiceExtras,
  toDatacenter,
  toDedicatedCloud,
  toFiler,
  toHost,
  toUser,
  toVm,
} from './to-api.ts';

/** What `POST .../metricsToken` does: hand out a token, or be gone as in OVH's current schema. */
export type MetricsTokenMode =
  | {
      readonly mode: 'token';
      readonly token: string;
      readonly opentsdbEndpoint: string;
      /** Defaults to `opentsdbEndpoint`, the field being non-nullable. */
      readonly warpEndpoint?: string;
    }
  | { readonly mode: 'gone' };

export interface ServiceDefinition {
  readonly inventory: Inventory;
  readonly users: readonly number[];
  readonly extras?: ServiceExtras;
}

interface IndexedDatacenter {
  readonly dc: DatacenterInventory;
  readonly hosts: ReadonlyMap<number, DatacenterInventory['hosts'][number]>;
  readonly vms: ReadonlyMap<number, DatacenterInventory['vms'][number]>;
  readonly filers: ReadonlyMap<number, DatacenterInventory['filers'][number]>;
}

interface IndexedService {
  readonly definition: ServiceDefinition;
  readonly datacenters: ReadonlyMap<number, IndexedDatacenter>;
}

export interface ResourceTree {
  readonly services: ReadonlyMap<string, IndexedService>;
}

function byId<T>(items: readonly T[], id: (item: T) => number, what: string): ReadonlyMap<number, T> {
  const map = new Map<number, T>();
  for (const item of items) {
    if (map.has(id(item))) throw new Error(`Duplicate ${what} id ${id(item)} in the emulator's inventory`);
    map.set(id(item), item);
  }
  return map;
}

/** Indexes the services; duplicate names or ids are a mistake in the caller's data and throw. */
export function buildResourceTree(definitions: readonly ServiceDefinition[]): ResourceTree {
  const services = new Map<string, IndexedService>();
  for (const definition of definitions) {
    const name = definition.inventory.serviceName;
    if (services.has(name)) throw new Error(`Duplicate service "${name}" in the emulator's services`);
    const dcs = definition.inventory.datacenters.map((dc) => ({
      dc,
      hosts: byId(dc.hosts, (h) => h.hostId, 'host'),
      vms: byId(dc.vms, (v) => v.vmId, 'vm'),
      filers: byId(dc.filers, (f) => f.filerId, 'filer'),
    }));
    byId(definition.users, (u) => u, 'user');
    services.set(name, { definition, datacenters: byId(dcs, (d) => d.dc.datacenterId, 'datacenter') });
  }
  return { services };
}

/** A `long` path parameter: OVH rejects anything but an integer before looking the object up. */
function longParam(params: Readonly<Record<string, string>>, name: string): number {
  const raw = params[name] ?? '';
  if (!/^-?\d{1,18}$/.test(raw)) throw API_ERRORS.badLong(name, raw);
  return Number(raw);
}

function lookup<T>(map: ReadonlyMap<number, T>, params: Readonly<Record<string, string>>, name: string): T {
  const id = longParam(params, name);
  const found = map.get(id);
  if (found === undefined) throw API_ERRORS.notFound(name, id);
  return found;
}

function serviceOf(tree: ResourceTree, params: Readonly<Record<string, string>>): IndexedService {
  const name = params.serviceName ?? '';
  const service = tree.services.get(name);
  if (!service) throw API_ERRORS.notFound('serviceName', name);
  return service;
}

function metricsToken(mode: MetricsTokenMode): ApiMetricsToken {
  // The route is hidden when gone, so this is only reached in token mode.
  if (mode.mode === 'gone') throw API_ERRORS.invalidUrl();
  return {
    opentsdbEndpoint: mode.opentsdbEndpoint,
    token: mode.token,
    warpEndpoint: mode.warpEndpoint ?? mode.opentsdbEndpoint,
  };
}

function userAnswer(service: IndexedService, match: RouteMatch, mode: MetricsTokenMode): unknown {
  const users = service.definition.users;
  if (match.template === '/dedicatedCloud/{serviceName}/user') return [...users];
  const userId = longParam(match.params, 'userId');
  const index = users.indexOf(userId);
  if (index < 0) throw API_ERRORS.notFound('userId', userId);
  if (match.template === '/dedicatedCloud/{serviceName}/user/{userId}') return toUser(userId, index);
  return metricsToken(mode);
}

function datacenterAnswer(service: IndexedService, match: RouteMatch): unknown {
  const { params, template } = match;
  if (template === '/dedicatedCloud/{serviceName}/datacenter') return [...service.datacenters.keys()];
  const dc = lookup(service.datacenters, params, 'datacenterId');
  const prefix = '/dedicatedCloud/{serviceName}/datacenter/{datacenterId}';
  switch (template.slice(prefix.length)) {
    case '':
      return toDatacenter(dc.dc);
    case '/host':
      return [...dc.hosts.keys()];
    case '/host/{hostId}':
      return toHost(lookup(dc.hosts, params, 'hostId'), dc.dc);
    case '/vm':
      return [...dc.vms.keys()];
    case '/vm/{vmId}':
      return toVm(lookup(dc.vms, params, 'vmId'));
    case '/filer':
      return [...dc.filers.keys()];
    case '/filer/{filerId}':
      return toFiler(lookup(dc.filers, params, 'filerId'));
    default:
      throw API_ERRORS.invalidUrl();
  }
}

/** The JSON value of an authenticated `/dedicatedCloud` operation; throws ApiV6Error as the API would answer. */
export function answer(tree: ResourceTree, match: RouteMatch, mode: MetricsTokenMode): unknown {
  if (match.template === '/dedicatedCloud') return [...tree.services.keys()];
  const service = serviceOf(tree, match.params);
  if (match.template === '/dedicatedCloud/{serviceName}') {
    return toDedicatedCloud(service.definition.inventory, service.definition.extras);
  }
  if (match.template.startsWith('/dedicatedCloud/{serviceName}/user'))
    return userAnswer(service, match, mode);
  return datacenterAnswer(service, match);
}
