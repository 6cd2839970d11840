// Where the builds put what the WebAssembly tests compare.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const moduleDir = process.env.STEPWISE_WASM_DIR || path.join(root, 'build-wasm/wasm');
export const nativeCli = process.env.STEPWISE_CLI || path.join(root, 'build/bin/stepwise');
export const nativeBatch = process.env.STEPWISE_BATCH || path.join(root, 'build/bin/stepwise_batch');
export const vectorsDir = path.join(root, 'tests/vectors');
export const loadStepwise = async () => (await import(path.join(moduleDir, 'index.mjs'))).loadStepwise();
