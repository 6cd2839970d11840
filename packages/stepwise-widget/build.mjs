// Builds the widget for browsers that come back and pages on other origins:
//   stepwise-widget.js            the entry: a stable name that embeds point at (served with
//                                 no-cache, so a new build shows at once); it starts the engine's
//                                 download and imports the bundle, so both arrive in parallel
//   stepwise-widget.<hash>.js     the bundle (widget JS + CSS + the engine's Emscripten glue)
//   stepwise.<hash>.wasm          the engine
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

// The engine first: the bundle carries its name.
const wasm = readFileSync(join(wasmDir, 'stepwise.wasm'));
const wasmName = hashed('stepwise', 'wasm', wasm);

const result = await esbuild.build({
  entryPoints: [join(here, 'src', 'element.js')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  alias: { 'stepwise-wasm': join(wasmPackage, 'index.mjs'), 'stepwise-wasm-glue': join(wasmDir, 'stepwise.mjs') },
  define: { __STEPWISE_WASM__: JSON.stringify(wasmName) },
  // The Emscripten glue and the wrapper name Node modules only on their Node paths.
  external: ['fs', 'path', 'node:*'],
  plugins: [cssText, glueOfBuild],
  outfile: join(out, 'bundle.js'),
  write: false,
  metafile: true,
  logLevel: 'warning',
});
const js = Buffer.from(result.outputFiles[0].contents);
const bundleName = hashed('stepwise-widget', 'js', js);

// Kept short: browsers revalidate it on every page view. Top-level await, so
// that `await import('.../stepwise-widget.js')` still resolves once the
// element is defined. No download when a widget names its own `wasm` URL.
const entry = Buffer.from(`// Stepwise widget entry (docs/widget.md).
const wasm = new URL(${JSON.stringify(wasmName)}, import.meta.url).href;
const g = (globalThis.__stepwise ||= {});
if (!g.wasm && !document.querySelector('stepwise-journey[wasm]')) {
  g.wasm = { url: wasm, response: fetch(wasm, { credentials: 'same-origin' }) };
  g.wasm.response.catch(() => {});
}
await import(${JSON.stringify('./' + bundleName)});
`);

// The launcher: its own module, no imports, loaded on every page of a store.
const launcher = Buffer.from((await esbuild.transform(readFileSync(join(here, 'src', 'launcher.js'), 'utf8'), {
  loader: 'js', format: 'esm', target: 'es2020', minify: true, legalComments: 'none',
})).code);

// Files of earlier builds (and their compressed forms) go.
const current = new Set([bundleName, wasmName, 'stepwise-widget.js', 'stepwise-launcher.js']);
for (const f of readdirSync(out)) {
  const base = f.replace(/\.(br|gz)$/, '');
  if (/^(stepwise-widget\.[0-9a-f]{16}\.js|stepwise\.[0-9a-f]{16}\.wasm|stepwise-widget\.js|stepwise\.wasm)$/.test(base) && !current.has(base))
    rmSync(join(out, f));
}

// The file, then its compressed forms (written after it: the server sends a
// form only when it is not older than its file).
const gz = (buf) => gzipSync(buf, { level: 9 });
const br = (buf, text) => brotliCompressSync(buf, { params: {
  [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length,
  [zlib.BROTLI_PARAM_MODE]: text ? zlib.BROTLI_MODE_TEXT : zlib.BROTLI_MODE_GENERIC } });
const written = {};
for (const [name, buf, text] of [[wasmName, wasm, false], [bundleName, js, true], ['stepwise-widget.js', entry, true],
  ['stepwise-launcher.js', launcher, true]]) {
  writeFileSync(join(out, name), buf);
  const b = br(buf, text), g = gz(buf);
  writeFileSync(join(out, name + '.br'), b);
  writeFileSync(join(out, name + '.gz'), g);
  written[name] = { bytes: buf.length, br: b.length, gzip: g.length };
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ entry: 'stepwise-widget.js', bundle: bundleName, wasm: wasmName,
  launcher: 'stepwise-launcher.js' }, null, 2) + '\n');

cpSync(join(repo, 'docs', 'widget.md'), join(out, 'widget.md'));

// Sizes: what a shopper downloads.
const glue = readFileSync(join(wasmDir, 'stepwise.mjs'));
const inputs = Object.values(result.metafile.outputs)[0].inputs;
const own = Object.entries(inputs).filter(([k]) => ![wasmDir, wasmPackage].some((d) => resolve(k.replace(/^[\w-]+:/, '')).startsWith(d)));
const sizes = {
  widget_js_bytes: js.length, widget_js_gzip: written[bundleName].gzip, widget_js_br: written[bundleName].br,
  of_which_widget_own_bytes: own.reduce((n, [, v]) => n + v.bytesInOutput, 0),
  css_bytes: css.length, css_gzip: gz(Buffer.from(css)).length,
  wasm_bytes: wasm.length, wasm_gzip: written[wasmName].gzip, wasm_br: written[wasmName].br,
  glue_gzip_unbundled: gz(glue).length,
  entry_bytes: entry.length, entry_gzip: written['stepwise-widget.js'].gzip, entry_br: written['stepwise-widget.js'].br,
  launcher_bytes: launcher.length, launcher_gzip: written['stepwise-launcher.js'].gzip,
  launcher_br: written['stepwise-launcher.js'].br,
};
sizes.total_gzip = sizes.entry_gzip + sizes.widget_js_gzip + sizes.wasm_gzip;
sizes.total_br = sizes.entry_br + sizes.widget_js_br + sizes.wasm_br;
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`widget: ${out}/ stepwise-widget.js ${entry.length} B -> ${bundleName} ${js.length} B ` +
  `(${sizes.widget_js_br} B br, ${sizes.widget_js_gzip} B gz), ${wasmName} ${wasm.length} B ` +
  `(${sizes.wasm_br} B br, ${sizes.wasm_gzip} B gz); total ${sizes.total_br} B brotli, ${sizes.total_gzip} B gzipped; ` +
  `stepwise-launcher.js ${launcher.length} B (${sizes.launcher_br} B br, ${sizes.launcher_gzip} B gz)`);
