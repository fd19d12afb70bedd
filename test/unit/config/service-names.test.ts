import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config/config.ts';
import { configErrorMessage } from '../../support/config-error.ts';

const messageOf = configErrorMessage;

describe('service names in the configuration', () => {
  it('reads the names OVH issues', () => {
    const config = loadConfig({
      VSCOPE_OVH_SERVICES: 'pcc-37-187-228-180, pcc-192-0-2-10',
      VSCOPE_MAIL_RECIPIENTS: '{"pcc-192-0-2-10":{"to":["ops@example.com"]}}',
    });
    expect(config.ovh.services).toEqual(['pcc-37-187-228-180', 'pcc-192-0-2-10']);
    expect(Object.keys(config.mail.recipients)).toEqual(['pcc-192-0-2-10']);
  });

  it.each(['..', 'pcc-1/../x', 'pcc-1..2', 'pcc-\u202e1'])(
    'refuses %j in ovh.services, naming it and the form',
    (name) => {
      const message = messageOf({ VSCOPE_OVH_SERVICES: `pcc-1,${name}` });
      expect(message).toContain(
        `ovh.services.1: ${JSON.stringify(name).replace('\u202e', '\\u202e')} is not a service name`,
      );
      expect(message).not.toContain('\u202e');
      expect(message).toContain('expected pcc-');
    },
  );

  it('refuses a recipients entry whose key is not a service name, naming it', () => {
    const message = messageOf({ VSCOPE_MAIL_RECIPIENTS: '{"../reports":{"to":["ops@example.com"]}}' });
    expect(message).toContain(
      'mail.recipients.../reports: "../reports" is not a service name: expected pcc-',
    );
  });
});
