// Copies the Emscripten output (stepwise.mjs, stepwise.wasm) next to the wrapper, so that the
// package folder is complete for Node and for `npm pack`. They are build products: git-ignored.
//   node copy-module.mjs [--wasm-dir DIR]   (default build-wasm/wasm, or $STEPWISE_WASM_DIR)
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--wasm-dir');
const from = i > 0 ? resolve(process.argv[i + 1])
  : resolve(process.env.STEPWISE_WASM_DIR || join(here, '..', '..', 'build-wasm', 'wasm'));
for (const f of ['stepwise.mjs', 'stepwise.wasm']) {
  if (!existsSync(join(from, f))) {
    console.error(`copy-module.mjs: ${join(from, f)} is missing; build the WebAssembly module first (cmake --build --preset wasm)`);
    process.exit(1);
  }
  copyFileSync(join(from, f), join(here, f));
}
console.log(`stepwise-wasm: stepwise.mjs and stepwise.wasm copied from ${from}`);
