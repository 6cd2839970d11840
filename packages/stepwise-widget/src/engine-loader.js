// The WebAssembly engine is a file of its own (build.mjs: stepwise-engine.<hash>.js
// and stepwise.<hash>.wasm), fetched only when a widget needs it: to project a
// cart, for a data source (the admin's preview), or from a server without
// /view. A first view without a cart draws the server's view model and
// downloads no engine. The wasm's download starts with the file's, in parallel.

// Set by build.mjs; the unbundled fallbacks name the source files.
const CHUNK = typeof __STEPWISE_ENGINE__ === 'string' ? __STEPWISE_ENGINE__ : './engine.js';
const WASM = typeof __STEPWISE_WASM__ === 'string' ? __STEPWISE_WASM__ : 'stepwise.wasm';

let loading = null;
let readyAt = 0;

/** When the engine was ready (performance.now()), 0 before. */
export const engineReadyAt = () => readyAt;

/** The page's one engine (a Stepwise instance); `wasmUrl` is a widget's `wasm` attribute. */
export function loadEngine(wasmUrl) {
  if (!loading) {
    const url = new URL(wasmUrl || WASM, wasmUrl ? document.baseURI : import.meta.url).href;
    const download = fetch(url, { credentials: 'same-origin' });
    download.catch(() => {}); // reported by the engine, which awaits it
    loading = import(new URL(CHUNK, import.meta.url).href)
      .then((m) => m.engine(url, download))
      .then((engine) => {
        readyAt = performance.now();
        performance.mark?.('stepwise:module-ready');
        return engine;
      });
    loading.catch(() => { loading = null; }); // a retry loads (and fetches) it again
  }
  return loading;
}
