/**
 * The inventory and figures of a previous report.json that "what changed" compares with, read
 * loosely: only the fields it needs, unknown ones dropped. A report whose datacenters do not read
 * leaves the comparison of findings intact and says there is no change list.
 */
import { z } from 'zod';

const detail = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const p95Only = z.record(z.string(), z.object({ p95: z.number().nullable() }));

const previousComponent = z.object({
  key: z.string(),
  displayName: z.string(),
  details: z.record(z.string(), detail),
  metrics: p95Only,
  derived: p95Only,
  capacity: z.object({ usedPct: z.number().nullable() }).nullable(),
});

const previousDatacenter = z.object({
  tag: z.string(),
  name: z.string(),
  hosts: z.array(previousComponent),
  vms: z.array(previousComponent),
  filers: z.array(previousComponent),
  rollup: z.object({
    hosts: z.number(),
    vms: z.number(),
    poweredOnVms: z.number(),
    vcpuTotal: z.number(),
    vmMemoryGb: z.number(),
    storageUsedGb: z.number(),
    hostCpuMeanPct: z.number().nullable(),
  }),
});

export type PreviousComponent = z.output<typeof previousComponent>;
export type PreviousDatacenter = z.output<typeof previousDatacenter>;

/** The datacenters of a previous report's JSON, or null when they are not in a shape this version reads. */
export function readPreviousDatacenters(json: unknown): readonly PreviousDatacenter[] | null {
  const parsed = z.object({ datacenters: z.array(previousDatacenter) }).safeParse(json);
  return parsed.success ? parsed.data.datacenters : null;
}
