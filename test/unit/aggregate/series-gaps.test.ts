import { describe, expect, it } from 'vitest';
import { seriesGaps } from '../../../lib/aggregate/series-gaps.ts';
import type { ComponentReport, FetchGap, GapSpan } from '../../../lib/core/types.ts';
import { component, DC_TAG, datacenter, PERIOD, stats } from '../findings/helpers.ts';

const MIN = 60_000;
/** Wed 18 Nov 2026 01:00 UTC = 02:00 in Paris. */
const WED_0100_UTC = Date.UTC(2026, 10, 18, 1);

const span = (startMs: number, minutes: number): GapSpan => ({
  startMs,
  endMs: startMs + minutes * MIN,
  missingSamples: minutes / 5,
});

/** Stats at a 5-minute interval with the given gaps listed. */
const withGaps = (...listed: GapSpan[]) =>
  stats(50, {
    gaps: {
      count: listed.length,
      missingSeconds: listed.reduce((n, g) => n + (g.endMs - g.startMs) / 1000, 0),
      longestSeconds: Math.max(0, ...listed.map((g) => (g.endMs - g.startMs) / 1000)),
      listed,
    },
  });

const host = (key: string, cpu: GapSpan[], mem: GapSpan[]): ComponentReport =>
  component('host', key, {
    details: { inMaintenance: false },
    metrics: {
      'vscope.host.cpu.usage.perc': withGaps(...cpu),
      'vscope.host.mem.usage.perc': withGaps(...mem),
    },
  });

describe('seriesGaps', () => {
  const sixHours = span(WED_0100_UTC, 360);
  const oneBucket = span(WED_0100_UTC + 600 * MIN, 5);
  const twoBuckets = span(WED_0100_UTC + 700 * MIN, 10);

  it('lists every gap longer than one bucket with its local start and end and its duration', () => {
    const dc = datacenter([host('10.0.0.3', [sixHours, oneBucket, twoBuckets], [])]);
    expect(seriesGaps([dc], [], PERIOD.timeZone)).toEqual([
      {
        source: 'series',
        datacenterTag: DC_TAG,
        kind: 'host',
        metric: 'vscope.host.cpu.usage.perc',
        components: ['10.0.0.3'],
        startMs: WED_0100_UTC,
        endMs: WED_0100_UTC + 6 * 60 * MIN,
        startLocal: '2026-11-18T02:00:00+01:00',
        endLocal: '2026-11-18T08:00:00+01:00',
        durationSeconds: 21_600,
        missingSamples: 72,
      },
      expect.objectContaining({
        startLocal: '2026-11-18T13:40:00+01:00',
        endLocal: '2026-11-18T13:50:00+01:00',
        durationSeconds: 600,
        missingSamples: 2,
      }),
    ]);
  });

  it('merges components missing the same span of a metric into one entry, in time then catalogue order', () => {
    const dc = datacenter([
      host('h-b', [sixHours], [sixHours]),
      host('h-a', [sixHours], []),
      host('h-c', [], []),
    ]);
    expect(seriesGaps([dc], [], PERIOD.timeZone).map((g) => [g.metric, g.components])).toEqual([
      ['vscope.host.cpu.usage.perc', ['h-a', 'h-b']],
      ['vscope.host.mem.usage.perc', ['h-b']],
    ]);
  });

  it('leaves out powered-off VMs, components without any series and spans a failed query covers', () => {
    const vm = (key: string, powerState: string) =>
      component('vm', key, {
        details: { powerState, cpuNum: 2, memoryMaxMb: 2048 },
        metrics: { 'vscope.vm.cpu.usage.perc': withGaps(sixHours) },
      });
    const silent = component('vm', 'vm-none', {
      metrics: { 'vscope.vm.cpu.usage.perc': withGaps(span(PERIOD.startMs, 7 * 24 * 60)) },
      missingSeries: true,
    });
    const failed: FetchGap = {
      metric: 'vscope.host.mem.usage.perc',
      datacenterTag: DC_TAG,
      components: ['h-1'],
      reason: 'HTTP 503',
      window: { startMs: WED_0100_UTC - 60 * MIN, endMs: WED_0100_UTC + 7 * 60 * MIN },
    };
    const dc = datacenter([
      vm('vm-off', 'poweredOff'),
      vm('vm-on', 'poweredOn'),
      silent,
      host('h-1', [], [sixHours]),
    ]);
    expect(seriesGaps([dc], [failed], PERIOD.timeZone).map((g) => g.components)).toEqual([['vm-on']]);
  });
});
