// Bundles the widget into one ES module (JS + CSS + the engine's Emscripten
// glue) and copies stepwise.wasm (and the embedding guide) next to it.
//   node widget/build.mjs [--out DIR] [--wasm-dir DIR]
// --out      where stepwise-widget.js, stepwise.wasm and widget.md go (default web/widget,
//            git-ignored, so that the server's --web web serves the demo store with it)
// --wasm-dir the WebAssembly build output (default build-wasm/wasm, or $STEPWISE_WASM_DIR)
// esbuild comes from tests/browser/node_modules (the project's one npm folder for the widget).
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? resolve(args[i + 1]) : def;
};
const out = opt('--out', join(repo, 'web', 'widget'));
const wasmDir = opt('--wasm-dir', process.env.STEPWISE_WASM_DIR ? resolve(process.env.STEPWISE_WASM_DIR) : join(repo, 'build-wasm', 'wasm'));

const require = createRequire(join(repo, 'tests', 'browser', 'package.json'));
const esbuild = require('esbuild');

for (const f of ['index.mjs', 'stepwise.mjs', 'stepwise.wasm']) {
  if (!existsSync(join(wasmDir, f))) {
    console.error(`build.mjs: ${join(wasmDir, f)} is missing; build the WebAssembly module first`);
    process.exit(1);
  }
}

const css = (await esbuild.transform(readFileSync(join(here, 'src', 'styles.css'), 'utf8'), {
  loader: 'css', minify: true,
})).code.trim();

// Imports of styles.css resolve to the minified text.
const cssText = {
  name: 'css-text',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (a) => ({ path: a.path, namespace: 'css-text' }));
    build.onLoad({ filter: /.*/, namespace: 'css-text' }, () => ({ contents: css, loader: 'text' }));
  },
};

mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: [join(here, 'src', 'element.js')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  alias: { 'stepwise-wasm': join(wasmDir, 'index.mjs') },
  // The Emscripten glue and the wrapper name Node modules only on their Node paths.
  external: ['fs', 'path', 'node:*'],
  plugins: [cssText],
  outfile: join(out, 'stepwise-widget.js'),
  metafile: true,
  logLevel: 'warning',
});
cpSync(join(wasmDir, 'stepwise.wasm'), join(out, 'stepwise.wasm'));

cpSync(join(repo, 'docs', 'widget.md'), join(out, 'widget.md'));

// Sizes: what a shopper downloads.
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const js = readFileSync(join(out, 'stepwise-widget.js'));
const wasm = readFileSync(join(out, 'stepwise.wasm'));
const glue = readFileSync(join(wasmDir, 'stepwise.mjs'));
const inputs = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs;
const own = Object.entries(inputs).filter(([k]) => !resolve(k.replace(/^[\w-]+:/, '')).startsWith(wasmDir));
const sizes = {
  widget_js_bytes: js.length, widget_js_gzip: gz(js),
  of_which_widget_own_bytes: own.reduce((n, [, v]) => n + v.bytesInOutput, 0),
  css_bytes: css.length, css_gzip: gz(Buffer.from(css)),
  wasm_bytes: wasm.length, wasm_gzip: gz(wasm), glue_gzip_unbundled: gz(glue),
};
sizes.total_gzip = sizes.widget_js_gzip + sizes.wasm_gzip;
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`widget: ${out}/stepwise-widget.js ${js.length} B (${sizes.widget_js_gzip} B gz), ` +
  `stepwise.wasm ${wasm.length} B (${sizes.wasm_gzip} B gz); total ${sizes.total_gzip} B gzipped`);
