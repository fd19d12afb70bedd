/**
 * esbuild plugins for the Lambda bundles (serverless-esbuild loads this file, see serverless.yml).
 *
 * 1. pdfkit loads its standard fonts with `createRequire(import.meta.url)('#standard-fonts/…')`,
 *    which a bundle cannot resolve at run time: turn each into a static import of the font module.
 * 2. vega-canvas's Node build starts with a top-level `await import('canvas')`, which makes every
 *    bundle holding it an async module (and breaks lazy loading); its browser build is the same
 *    code without the canvas probe — charts render to SVG and never need a canvas.
 * 3. Our modules find their templates with `new URL('../../templates/…', import.meta.url)`; in a
 *    bundle, import.meta.url is the bundle's (functions/<name>.mjs), so those paths are rebased
 *    onto it. The package ships templates/ beside functions/.
 * 4. Every handler is built into the same folder, and each zip takes all of it but the other
 *    handlers' bundles (`functions/<other>.*`). A chunk split off at a dynamic import (the
 *    renderers, loaded on the first PDF) is named after its handler, `functions/<name>.<chunk>`,
 *    so each zip carries its own chunk and none of the others'.
 */
const { readFile } = require('node:fs/promises');
const path = require('node:path');

const ROOT = __dirname;
/** Where serverless-esbuild writes each handler's bundle, relative to the package root. */
const BUNDLE_DIR = path.join(ROOT, 'functions');

const pdfkitStandardFonts = {
  name: 'pdfkit-standard-fonts',
  setup(build) {
    build.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const imports = [];
      const contents = source.replace(/require\$1\('#standard-fonts\/(\w+)'\)/g, (_, name) => {
        imports.push(`import __standardFont${name} from 'pdfkit/standard-fonts/${name}';`);
        return `__standardFont${name}`;
      });
      if (imports.length === 0)
        throw new Error('pdfkit no longer loads #standard-fonts: review esbuild-plugins.cjs');
      return { contents: `${imports.join('\n')}\n${contents}`, loader: 'js' };
    });
  },
};

const vegaCanvasWithoutProbe = {
  name: 'vega-canvas-without-probe',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, (args) => {
      // The package exports only its entry points; the browser build sits beside the Node one.
      const nodeBuild = require.resolve('vega-canvas', { paths: [args.resolveDir] });
      return { path: path.join(path.dirname(nodeBuild), 'vega-canvas.browser.js') };
    });
  },
};

const ASSET_URL = /new URL\(\s*'(\.\.?\/[^']*)'\s*,\s*import\.meta\.url\s*\)/g;

const rebaseAssetUrls = {
  name: 'rebase-asset-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const contents = source.replace(ASSET_URL, (whole, relative) => {
        const target = path.resolve(path.dirname(args.path), relative);
        if (!target.startsWith(ROOT + path.sep)) return whole;
        let rebased = path.relative(BUNDLE_DIR, target).split(path.sep).join('/');
        if (relative.endsWith('/')) rebased += '/';
        return `new URL('${rebased.startsWith('.') ? rebased : `./${rebased}`}', import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

const chunksNamedAfterHandler = {
  name: 'chunks-named-after-handler',
  setup(build) {
    const entries = build.initialOptions.entryPoints;
    const entry = Array.isArray(entries) && entries.length === 1 ? entries[0] : null;
    if (typeof entry !== 'string') return;
    const handler = path.basename(entry, path.extname(entry));
    build.initialOptions.chunkNames = `${handler}.[name]-[hash]`;
  },
};

module.exports = [pdfkitStandardFonts, vegaCanvasWithoutProbe, rebaseAssetUrls, chunksNamedAfterHandler];
