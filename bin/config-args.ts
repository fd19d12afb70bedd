/**
 * The options that override the configuration for one run (`--tz`, `--lang`, `--out`,
 * `--service`), shared by the commands that build reports, and the configuration they give:
 * the environment's, with each flag given in place of its variable.
 */
import { type Config, loadConfig } from '../lib/config/config.ts';
import type { StringOption } from './cli.ts';
import { checkTimeZone } from './period-args.ts';

/** `--tz ZONE`, whose default is the configuration's. */
export const TZ_OPTION = {
  type: 'string',
  value: 'ZONE',
  description: 'IANA time zone the period is cut in',
  defaultText: 'VSCOPE_TIME_ZONE, else Europe/Paris',
} as const satisfies StringOption;

/** `--lang LANG`, whose default is the configuration's. */
export const LANG_OPTION = {
  type: 'string',
  value: 'LANG',
  description: 'language of the documents',
  choices: ['en', 'fr', 'pt'],
  defaultText: 'VSCOPE_LANGUAGE, else en',
} as const satisfies StringOption;

/** `--out DIR`, whose default is the configuration's. */
export const OUT_OPTION = {
  type: 'string',
  value: 'DIR',
  description: 'folder the reports are written under',
  defaultText: 'VSCOPE_OUTPUT_DIR, else .',
} as const satisfies StringOption;

export interface ConfigArgs {
  readonly tz?: string | undefined;
  readonly lang?: string | undefined;
  readonly out?: string | undefined;
  readonly service?: readonly string[] | undefined;
}

/** The configuration of the environment with the flags given in place of their variables. */
export function configFromArgs(values: ConfigArgs, env: NodeJS.ProcessEnv = process.env): Config {
  if (values.tz) checkTimeZone(values.tz);
  return loadConfig({
    ...env,
    ...(values.tz ? { VSCOPE_TIME_ZONE: values.tz } : {}),
    ...(values.lang ? { VSCOPE_LANGUAGE: values.lang } : {}),
    ...(values.out ? { VSCOPE_OUTPUT_DIR: values.out } : {}),
    ...(values.service && values.service.length > 0 ? { VSCOPE_OVH_SERVICES: values.service.join(',') } : {}),
  });
}
