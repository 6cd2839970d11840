// Builds the widget for browsers that come back and pages on other origins:
//   stepwise-widget.js            the entry: a stable name that embeds point at (served with
//                                 no-cache, so a new build shows at once); it imports the bundle
//   stepwise-widget.<hash>.js     the bundle (widget JS + CSS): a first view draws the server's
//                                 view model with it alone
//   stepwise-engine.<hash>.js     the engine's JS (the wrapper and Emscripten's glue), imported by
//                                 the bundle when a cart is projected (or for a data source), while
//   stepwise.<hash>.wasm          the engine downloads beside it
//   stepwise-launcher.js          <stepwise-launcher>'s own module, minified, a stable name
//                                 (no-cache like the entry; it loads the entry only when opened)
//   manifest.json, sizes.json, widget.md (the embedding guide)
// <hash> is the start of the file's SHA-256, which the server checks before it
// lets a browser cache the file for a year (server/src/static_files.cpp).
// Each file has its brotli (.br) and gzip (.gz) forms next to it, for servers
// that pick one by Accept-Encoding; files of earlier builds are removed.
//   node packages/stepwise-widget/build.mjs [--out DIR] [--wasm-dir DIR]   (or node widget/build.mjs)
// --out      where the files go (default web/widget, git-ignored, so that the server's
//            --web web serves the demo store with it; `npm run build` here writes dist/)
// --wasm-dir the Emscripten output, stepwise.mjs and stepwise.wasm (default build-wasm/wasm, or
//            $STEPWISE_WASM_DIR); the wrapper around it is the stepwise-wasm package's source
// esbuild: this package's own (npm install at the repository's root), else tests/browser/node_modules.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const wasmPackage = join(repo, 'packages', 'stepwise-wasm');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? resolve(args[i + 1]) : def;
};
const out = opt('--out', join(repo, 'web', 'widget'));
const wasmPath = opt('--wasm-dir', process.env.STEPWISE_WASM_DIR ? resolve(process.env.STEPWISE_WASM_DIR) : join(repo, 'build-wasm', 'wasm'));

const esbuild = (() => {
  try {
    return createRequire(join(here, 'package.json'))('esbuild');
  } catch {
    return createRequire(join(repo, 'tests', 'browser', 'package.json'))('esbuild');
  }
})();

for (const f of ['stepwise.mjs', 'stepwise.wasm']) {
  if (!existsSync(join(wasmPath, f))) {
    console.error(`build.mjs: ${join(wasmPath, f)} is missing; build the WebAssembly module first`);
    process.exit(1);
  }
}
// Without symbolic links: esbuild resolves them, and one file under two names would be bundled twice.
const wasmDir = realpathSync(wasmPath);

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

// The wrapper's import of the Emscripten glue: the build product, not a file of the package.
const glueOfBuild = {
  name: 'glue-of-build',
  setup(build) {
    build.onResolve({ filter: /^\.\/stepwise\.mjs$/ }, (a) =>
      resolve(a.resolveDir) === wasmPackage ? { path: join(wasmDir, 'stepwise.mjs') } : undefined);
  },
};

mkdirSync(out, { recursive: true });
const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const hashed = (name, ext, buf) => `${name}.${sha(buf).slice(0, 16)}.${ext}`;

// The engine first, then its JS, then the bundle: each names the one before.
const wasm = readFileSync(join(wasmDir, 'stepwise.wasm'));
const wasmName = hashed('stepwise', 'wasm', wasm);
const define = { __STEPWISE_WASM__: JSON.stringify(wasmName) };

const bundle = (entry, plugins) => esbuild.build({
  entryPoints: [join(here, 'src', entry)],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  alias: { 'stepwise-wasm': join(wasmPackage, 'index.mjs'), 'stepwise-wasm-glue': join(wasmDir, 'stepwise.mjs') },
  define,
  // The Emscripten glue and the wrapper name Node modules only on their Node paths.
  external: ['fs', 'path', 'node:*'],
  plugins,
  outfile: join(out, 'bundle.js'),
  write: false,
  metafile: true,
  logLevel: 'warning',
}).then((r) => Buffer.from(r.outputFiles[0].contents));

const engineJs = await bundle('engine.js', [glueOfBuild]);
const engineName = hashed('stepwise-engine', 'js', engineJs);
define.__STEPWISE_ENGINE__ = JSON.stringify(engineName);

// The bundle must not carry the engine: it only imports it, by URL (engine-loader.js).
const withoutEngine = {
  name: 'without-engine',
  setup(build) {
    build.onResolve({ filter: /^stepwise-wasm|\/engine\.js$/ }, (a) => {
      throw new Error(`${a.importer} imports ${a.path}: the widget's bundle loads the engine lazily (engine-loader.js)`);
    });
  },
};
const js = await bundle('element.js', [cssText, withoutEngine]);
const bundleName = hashed('stepwise-widget', 'js', js);

// Kept short: browsers revalidate it on every page view. Top-level await, so
// that `await import('.../stepwise-widget.js')` still resolves once the
// element is defined.
const entry = Buffer.from(`// Stepwise widget entry (docs/widget.md).
await import(${JSON.stringify('./' + bundleName)});
`);

// The launcher: its own module, no imports, loaded on every page of a store.
const launcher = Buffer.from((await esbuild.transform(readFileSync(join(here, 'src', 'launcher.js'), 'utf8'), {
  loader: 'js', format: 'esm', target: 'es2020', minify: true, legalComments: 'none',
})).code);

// Files of earlier builds (and their compressed forms) go.
const current = new Set([bundleName, engineName, wasmName, 'stepwise-widget.js', 'stepwise-launcher.js']);
for (const f of readdirSync(out)) {
  const base = f.replace(/\.(br|gz)$/, '');
  if (/^(stepwise-(widget|engine)\.[0-9a-f]{16}\.js|stepwise\.[0-9a-f]{16}\.wasm|stepwise-widget\.js|stepwise\.wasm)$/.test(base) && !current.has(base))
    rmSync(join(out, f));
}

// The file, then its compressed forms (written after it: the server sends a
// form only when it is not older than its file).
const gz = (buf) => gzipSync(buf, { level: 9 });
const br = (buf, text) => brotliCompressSync(buf, { params: {
  [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length,
  [zlib.BROTLI_PARAM_MODE]: text ? zlib.BROTLI_MODE_TEXT : zlib.BROTLI_MODE_GENERIC } });
const written = {};
for (const [name, buf, text] of [[wasmName, wasm, false], [engineName, engineJs, true], [bundleName, js, true], ['stepwise-widget.js', entry, true],
  ['stepwise-launcher.js', launcher, true]]) {
  writeFileSync(join(out, name), buf);
  const b = br(buf, text), g = gz(buf);
  writeFileSync(join(out, name + '.br'), b);
  writeFileSync(join(out, name + '.gz'), g);
  written[name] = { bytes: buf.length, br: b.length, gzip: g.length };
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ entry: 'stepwise-widget.js', bundle: bundleName, engine: engineName, wasm: wasmName,
  launcher: 'stepwise-launcher.js' }, null, 2) + '\n');

cpSync(join(repo, 'docs', 'widget.md'), join(out, 'widget.md'));

// Sizes: what a shopper downloads. A first view: the entry and the bundle; with a cart to project,
// the engine's JS and wasm too.
const size = (name, key) => ({ [`${key}_bytes`]: written[name].bytes, [`${key}_gzip`]: written[name].gzip,
  [`${key}_br`]: written[name].br });
const sizes = {
  ...size('stepwise-widget.js', 'entry'), ...size(bundleName, 'widget_js'), ...size(engineName, 'engine_js'),
  ...size(wasmName, 'wasm'), ...size('stepwise-launcher.js', 'launcher'),
  css_bytes: css.length, css_gzip: gz(Buffer.from(css)).length,
};
for (const enc of ['gzip', 'br']) {
  sizes[`first_view_${enc}`] = sizes[`entry_${enc}`] + sizes[`widget_js_${enc}`];
  sizes[`engine_${enc}`] = sizes[`engine_js_${enc}`] + sizes[`wasm_${enc}`];
  sizes[`total_${enc}`] = sizes[`first_view_${enc}`] + sizes[`engine_${enc}`];
}
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`widget: ${out}/ stepwise-widget.js ${entry.length} B -> ${bundleName} ${js.length} B ` +
  `(${sizes.widget_js_br} B br, ${sizes.widget_js_gzip} B gz): first view ${sizes.first_view_br} B brotli; ` +
  `the engine when a cart is projected: ${engineName} ${engineJs.length} B (${sizes.engine_js_br} B br) + ` +
  `${wasmName} ${wasm.length} B (${sizes.wasm_br} B br); all ${sizes.total_br} B brotli, ${sizes.total_gzip} B gzipped; ` +
  `stepwise-launcher.js ${launcher.length} B (${sizes.launcher_br} B br, ${sizes.launcher_gzip} B gz)`);
