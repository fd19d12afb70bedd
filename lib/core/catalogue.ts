/**
 * The 20 vScope metrics, as published in OVH's vScope API guide (shared/seed), as data.
 *
 * `componentTag` is the OpenTSDB tag that names the component; `tagKeys` lists every tag the
 * guide documents for the metric (all carry `datacenter`). `downsample` says how samples combine
 * inside one time bucket: `sum` for quantities accumulated over the sample interval (CPU ready is
 * milliseconds summed over the interval), `avg` for rates and levels.
 */

export const COMPONENT_KINDS = ['filer', 'host', 'vm'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const COMPONENT_TAG = { filer: 'datastore', host: 'host', vm: 'vm' } as const satisfies Record<
  ComponentKind,
  string
>;

export type MetricUnit = 'percent' | 'kB' | 'ms' | 'iops' | 'packets' | 'as-reported';

export interface MetricDef {
  readonly name: string;
  readonly kind: ComponentKind;
  readonly componentTag: (typeof COMPONENT_TAG)[ComponentKind];
  readonly tagKeys: readonly string[];
  readonly unit: MetricUnit;
  /** Short English label for tables and charts. */
  readonly label: string;
  /** The guide's description, verbatim (Portuguese). */
  readonly guideDescription: string;
  readonly higherIsWorse: boolean;
  readonly downsample: 'avg' | 'sum';
}

const DC = 'datacenter';

export const METRICS = [
  {
    name: 'vscope.filer.datastore.diskspace.used',
    kind: 'filer',
    componentTag: 'datastore',
    tagKeys: [DC, 'datastore'],
    unit: 'kB',
    label: 'Space used',
    guideDescription: 'Utilização do filer em kB',
    higherIsWorse: true,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.cpu.usage.perc',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host'],
    unit: 'percent',
    label: 'CPU usage',
    guideDescription: 'Utilização do processador do host em percentagem',
    higherIsWorse: true,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.mem.usage.perc',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host'],
    unit: 'percent',
    label: 'Memory usage',
    guideDescription: 'Utilização da memória do host em percentagem',
    higherIsWorse: true,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.net.tx',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host', 'nicname'],
    unit: 'as-reported',
    label: 'Network out',
    guideDescription: 'Utilização da rede do host em emissão',
    higherIsWorse: false,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.net.rx',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host', 'nicname'],
    unit: 'as-reported',
    label: 'Network in',
    guideDescription: 'Utilização da rede do host em receção',
    higherIsWorse: false,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.net.packetstx',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host', 'nicname'],
    unit: 'packets',
    label: 'Packets out',
    guideDescription: 'Número de packs de rede transmitidos do host',
    higherIsWorse: false,
    downsample: 'avg',
  },
  {
    name: 'vscope.host.net.packetsrx',
    kind: 'host',
    componentTag: 'host',
    tagKeys: [DC, 'host', 'nicname'],
    unit: 'packets',
    label: 'Packets in',
    guideDescription: 'Número de packs de rede recebidos do host',
    higherIsWorse: false,
    downsample: 'avg',
  },
  vm(
    'vscope.vm.cpu.usage.perc',
    'percent',
    'CPU usage',
    'Utilização do processador da vm em percentagem',
    true,
  ),
  vm(
    'vscope.vm.mem.usage.perc',
    'percent',
    'Memory usage',
    'Utilização da memória da vm em percentagem',
    true,
  ),
  {
    ...vm('vscope.vm.cpu.ready', 'ms', 'CPU ready', 'CPU Ready da vm em milissegundos', true),
    downsample: 'sum',
  },
  vm('vscope.vm.net.rx', 'as-reported', 'Network in', 'Utilização da rede da vm em receção', false),
  vm('vscope.vm.net.tx', 'as-reported', 'Network out', 'Utilização da rede da vm em transmissão', false),
  vm('vscope.vm.net.packetsrx', 'packets', 'Packets in', 'Número de packs de rede recebidos da vm', false),
  vm(
    'vscope.vm.net.packetstx',
    'packets',
    'Packets out',
    'Número de packs de rede transmitidos da vm',
    false,
  ),
  vm('vscope.vm.disk.io.read', 'iops', 'Disk read IOPS', 'Número de IO em leitura por segundo da vm', false),
  vm(
    'vscope.vm.disk.io.write',
    'iops',
    'Disk write IOPS',
    'Número de IO em escrita por segundo da vm',
    false,
  ),
  vm(
    'vscope.vm.disk.bandwidth.read',
    'as-reported',
    'Disk read bandwidth',
    'Largura de banda do disco da vm em leitura',
    false,
  ),
  vm(
    'vscope.vm.disk.bandwidth.write',
    'as-reported',
    'Disk write bandwidth',
    'Largura de banda do disco da vm em escrita',
    false,
  ),
  vm('vscope.vm.disk.latency.read', 'ms', 'Disk read latency', 'Latência do disco da vm em leitura', true),
  vm('vscope.vm.disk.latency.write', 'ms', 'Disk write latency', 'Latência do disco da vm em escrita', true),
] as const satisfies readonly MetricDef[];

function vm<N extends string>(
  name: N,
  unit: MetricUnit,
  label: string,
  guideDescription: string,
  higherIsWorse: boolean,
): MetricDef & { name: N; kind: 'vm'; componentTag: 'vm' } {
  return {
    name,
    kind: 'vm',
    componentTag: 'vm',
    tagKeys: [DC, 'vm'],
    unit,
    label,
    guideDescription,
    higherIsWorse,
    downsample: 'avg',
  };
}

export type MetricName = (typeof METRICS)[number]['name'];

const BY_NAME: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.name, m]));

/** The catalogue entry for a metric name, or undefined when the name is not a vScope metric. */
export function metricDef(name: string): MetricDef | undefined {
  return BY_NAME.get(name);
}

/** The metrics of one component kind, in catalogue order. */
export function metricsOf(kind: ComponentKind): MetricDef[] {
  return METRICS.filter((m) => m.kind === kind);
}
