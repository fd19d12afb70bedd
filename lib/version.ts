import pkg from '../package.json' with { type: 'json' };

/** Name and version written into every report and object's metadata. */
export const GENERATOR = { name: pkg.name, version: pkg.version } as const;
