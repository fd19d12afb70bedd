/**
 * The dependency rules of `npm run depcheck`: dependencies point inward, stage by stage, and the
 * pure core does no I/O. A lower stage may not import a higher one:
 *
 *   core                       (imports nothing of lib but itself)
 *   locale, version.ts         (+ core)
 *   discover, fetch, aggregate (+ core, locale)
 *   findings                   (+ aggregate)
 *   charts                     (+ findings)
 *   compose                    (+ charts)
 *   store                      (+ compose)
 *   pipeline.ts, pipeline-types.ts, analyse.ts, render-documents.ts (every stage above)
 *   deliver                    (every stage above but the pipeline)
 *   config                     (core, findings)
 *   runtime                    (anything in lib)
 *   functions/                 (runtime, config, core, deliver)
 *
 * The allowed imports between folders form no cycle, so these rules rule out folder cycles
 * between stages; `no-circular` rules out module cycles, and bin/folder-cycles.ts checks the
 * folder graph itself (sub-folders included).
 */

const PURE = '^(lib/(core|aggregate|findings)|demo/datacenter)/';
const PIPELINE = '^lib/(pipeline[.]ts$|pipeline-types[.]ts$|analyse[.]ts$|render-documents[.]ts$|pipeline/)';
/** Libraries and node modules that do I/O: named so a violation says which one. */
const IO = [
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads)$',
  '^node_modules/(undici|@aws-sdk|pdfkit|svg-to-pdfkit|fontkit|vega|vega-lite|vega-canvas|@ovhcloud/node-ovh|nodemailer|nunjucks)/',
];

/** A rule that lets files under `from` import only the lib paths matching `allowed`. */
function stage(name, from, allowed, comment) {
  return {
    name,
    severity: 'error',
    comment,
    from: { path: from },
    to: { path: '^lib/', pathNot: allowed },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycle: break it by moving the shared type or function down to the lower module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'The import does not resolve: a typo, a missing dependency, or a resolver setting that hides edges from every other rule.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'pure-core-no-io',
      severity: 'error',
      comment:
        'lib/core, lib/aggregate, lib/findings and demo/datacenter are pure: no file, network, AWS, PDF, Vega, APIv6 or mail library. Take the data as an argument, or move the code to a stage.',
      from: { path: PURE },
      to: { path: IO },
    },
    {
      name: 'pure-core-only-pure',
      severity: 'error',
      comment:
        'lib/core, lib/aggregate, lib/findings and demo/datacenter import only each other, luxon and zod (no node: module, nothing else of lib).',
      from: { path: PURE },
      to: { pathNot: [PURE, '^node_modules/(luxon|zod)/', ...IO] },
    },
    stage(
      'core-imports-only-core',
      '^lib/core/',
      '^lib/core/',
      'lib/core is the bottom stage: it imports nothing of lib but itself.',
    ),
    stage(
      'locale-above-core',
      '^lib/(locale/|version[.]ts$)',
      '^lib/(core|locale)/',
      'lib/locale and lib/version.ts may import only lib/core (and lib/locale).',
    ),
    stage(
      'discover-fetch-aggregate-above-locale',
      '^lib/(discover|fetch|aggregate)/',
      ['^lib/(core|locale)/', '^lib/$1/'],
      'discover, fetch and aggregate may import only lib/core, lib/locale and their own folder; results travel through the pipeline, not sideways.',
    ),
    stage(
      'findings-above-aggregate',
      '^lib/findings/',
      '^lib/(core|locale|aggregate|findings)/',
      'lib/findings may import only lib/core, lib/locale, lib/aggregate and itself.',
    ),
    stage(
      'charts-above-findings',
      '^lib/charts/',
      ['^lib/(core|locale|aggregate|findings|charts)/', '^lib/version[.]ts$'],
      'lib/charts may import only core, locale, aggregate, findings and itself.',
    ),
    stage(
      'compose-above-charts',
      '^lib/compose/',
      ['^lib/(core|locale|aggregate|findings|charts|compose)/', '^lib/version[.]ts$'],
      'lib/compose may import only core, locale, aggregate, findings, charts and itself.',
    ),
    stage(
      'store-above-compose',
      '^lib/store/',
      ['^lib/(core|locale|aggregate|findings|charts|compose|store)/', '^lib/version[.]ts$'],
      'lib/store may import only core, locale, aggregate, findings, charts, compose and itself.',
    ),
    stage(
      'pipeline-above-stages',
      PIPELINE,
      [
        '^lib/(core|locale|discover|fetch|aggregate|findings|charts|compose|store)/',
        '^lib/version[.]ts$',
        PIPELINE,
      ],
      'The pipeline (lib/pipeline.ts, pipeline-types.ts, analyse.ts, render-documents.ts) may import the stages, never deliver, config or runtime.',
    ),
    stage(
      'deliver-below-pipeline',
      '^lib/deliver/',
      [
        '^lib/(core|locale|discover|fetch|aggregate|findings|charts|compose|store|deliver)/',
        '^lib/version[.]ts$',
      ],
      'lib/deliver may not import the pipeline (lib/pipeline.ts, pipeline-types.ts, analyse.ts, render-documents.ts), lib/config or lib/runtime: take the pipeline as an injected function, wired in lib/runtime.',
    ),
    stage(
      'config-above-findings',
      '^lib/config/',
      '^lib/(core|findings|config)/',
      'lib/config may import only lib/core and lib/findings (the findings thresholds schema).',
    ),
    {
      name: 'lib-not-outward',
      severity: 'error',
      comment:
        'lib/ ships in the functions: it may not import functions/, demo/, bin/, bench/ or test/ (inject what the demo or a test needs).',
      from: { path: '^lib/' },
      to: { path: '^(functions|demo|bin|bench|test)/' },
    },
    {
      name: 'functions-thin',
      severity: 'error',
      comment:
        'functions/ handlers import only lib/runtime, lib/config, lib/core and lib/deliver, never demo/, bin/, bench/ or test/.',
      from: { path: '^functions/' },
      to: {
        path: '^(lib|demo|bin|bench|test)/',
        pathNot: '^lib/(runtime|config|core|deliver)/',
      },
    },
  ],
  options: {
    // Type-only imports count: a type cycle or a type from a higher stage couples just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
