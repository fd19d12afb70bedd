import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { DEFAULT_TAG_MAPPING, datacenterTag } from '../../../lib/discover/tag-mapping.ts';

describe('datacenterTag', () => {
  it('names a datacenter as the vScope guide does by default', () => {
    expect(datacenterTag(DEFAULT_TAG_MAPPING, 'pcc-37-187-228-180', 869, 'Datacenter1')).toBe(
      'pcc-37-187-228-180_datacenter869',
    );
  });

  it('replaces every placeholder as often as it occurs', () => {
    const mapping = {
      ...DEFAULT_TAG_MAPPING,
      datacenter: '{name}/{serviceName}:{datacenterId}-{datacenterId}',
    };
    expect(datacenterTag(mapping, 'pcc-1', 7, 'Paris 1')).toBe('Paris 1/pcc-1:7-7');
  });

  it('leaves text that is not a known placeholder as it is', () => {
    const mapping = { ...DEFAULT_TAG_MAPPING, datacenter: '{region}_dc{datacenterId}' };
    expect(datacenterTag(mapping, 'pcc-1', 12, 'DC')).toBe('{region}_dc12');
  });

  it('inserts a name holding replacement patterns ($&, $$) as it is', () => {
    const mapping = { ...DEFAULT_TAG_MAPPING, datacenter: 'x{name}' };
    expect(datacenterTag(mapping, 'pcc-1', 1, 'a$&b$$c')).toBe('xa$&b$$c');
  });

  it('is the mapping the configuration uses when none is set', () => {
    expect(loadConfig({}).tags).toEqual(DEFAULT_TAG_MAPPING);
  });

  it('follows a template set in the environment', () => {
    const { tags } = loadConfig({ VSCOPE_TAG_DATACENTER: '{serviceName}-{name}-{datacenterId}' });
    expect(datacenterTag(tags, 'pcc-2', 3, 'Lyon')).toBe('pcc-2-Lyon-3');
  });
});
