import { describe, expect, it } from 'vitest';
import { demoInventory } from '../../../../demo/datacenter/infrastructure.ts';
import { ApiV6Error } from '../../../../demo/emulators/apiv6/errors.ts';
import {
  answer,
  buildResourceTree,
  type MetricsTokenMode,
} from '../../../../demo/emulators/apiv6/resources.ts';
import { matchRoute, ROUTES } from '../../../../demo/emulators/apiv6/routes.ts';
import { OPERATIONS } from './schema.ts';

const demo = demoInventory();
const tree = buildResourceTree([
  { inventory: demo, users: [1001, 1002] },
  { inventory: { serviceName: 'pcc-empty', datacenters: [] }, users: [] },
]);
const TOKEN: MetricsTokenMode = {
  mode: 'token',
  token: 'read-token',
  opentsdbEndpoint: 'https://opentsdb.example',
};

function get(path: string, mode: MetricsTokenMode = TOKEN, method = 'GET'): unknown {
  const match = matchRoute(method, path);
  if (!match) throw new Error(`no route for ${path}`);
  return answer(tree, match, mode);
}

function failure(path: string, method = 'GET'): { status: number; message: string } {
  try {
    get(path, TOKEN, method);
  } catch (error) {
    if (error instanceof ApiV6Error) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error(`${path} did not fail`);
}

describe('resource tree answers', () => {
  it('serves exactly the operations of the schema excerpt', () => {
    const served = ROUTES.filter((r) => r.template !== '/auth/time').map((r) => `${r.method} ${r.template}`);
    expect(served.sort()).toEqual(OPERATIONS.map((o) => `${o.httpMethod} ${o.path}`).sort());
  });

  it('lists services, datacenters and the ids under a datacenter in inventory order', () => {
    const dc = demo.datacenters[0]!;
    expect(get('/dedicatedCloud')).toEqual(['pcc-192-0-2-10', 'pcc-empty']);
    expect(get('/dedicatedCloud/pcc-192-0-2-10/datacenter')).toEqual([1842]);
    expect(get('/dedicatedCloud/pcc-empty/datacenter')).toEqual([]);
    expect(get('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/host')).toEqual(dc.hosts.map((h) => h.hostId));
    expect(get('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/vm')).toEqual(dc.vms.map((v) => v.vmId));
    expect(get('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/filer')).toEqual(
      dc.filers.map((f) => f.filerId),
    );
    expect(get('/dedicatedCloud/pcc-192-0-2-10/user')).toEqual([1001, 1002]);
  });

  it('answers 404 with OVH wording for an unknown service, datacenter, object or user', () => {
    const gone = (p: string, v: string | number) => ({
      status: 404,
      message: `The requested object (${p} = ${v}) does not exist`,
    });
    expect(failure('/dedicatedCloud/pcc-nope')).toEqual(gone('serviceName', 'pcc-nope'));
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/datacenter/1')).toEqual(gone('datacenterId', 1));
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/vm/99')).toEqual(gone('vmId', 99));
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/host/99')).toEqual(gone('hostId', 99));
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/datacenter/1842/filer/99')).toEqual(gone('filerId', 99));
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/user/7/metricsToken', 'POST')).toEqual(gone('userId', 7));
  });

  it('answers 400 for an id that is not a long, before looking anything up', () => {
    expect(failure('/dedicatedCloud/pcc-192-0-2-10/datacenter/abc')).toEqual({
      status: 400,
      message: '[datacenterId] Given data (abc) is not valid for type long',
    });
  });

  it('hands out the metrics token, the WARP endpoint defaulting to the OpenTSDB one', () => {
    const path = '/dedicatedCloud/pcc-192-0-2-10/user/1002/metricsToken';
    expect(get(path, TOKEN, 'POST')).toEqual({
      opentsdbEndpoint: 'https://opentsdb.example',
      token: 'read-token',
      warpEndpoint: 'https://opentsdb.example',
    });
    expect(get(path, { ...TOKEN, warpEndpoint: 'https://warp.example' }, 'POST')).toMatchObject({
      warpEndpoint: 'https://warp.example',
    });
  });

  it('serves a user object with its id', () => {
    expect(get('/dedicatedCloud/pcc-192-0-2-10/user/1002')).toMatchObject({ userId: 1002, login: 'user1' });
  });

  it('refuses duplicate services or ids', () => {
    expect(() =>
      buildResourceTree([
        { inventory: demo, users: [] },
        { inventory: demo, users: [] },
      ]),
    ).toThrow(/Duplicate service/);
    const dc = demo.datacenters[0]!;
    const twice = { ...demo, datacenters: [{ ...dc, vms: [...dc.vms, dc.vms[0]!] }] };
    expect(() => buildResourceTree([{ inventory: twice, users: [] }])).toThrow(/Duplicate vm id 1201/);
    expect(() => buildResourceTree([{ inventory: demo, users: [1, 1] }])).toThrow(/Duplicate user id 1/);
  });
});
