// One WebAssembly engine per page, shared by every widget. The module's glue is
// bundled into the widget; stepwise.<hash>.wasm (widget/build.mjs) is compiled
// while it downloads, from the download the entry file already started, else
// fetched from next to the bundle (or from the `wasm` attribute's URL).
import { Stepwise } from 'stepwise-wasm';
import createStepwise from 'stepwise-wasm-glue';

// The engine's file name, set by build.mjs.
const WASM = typeof __STEPWISE_WASM__ === 'string' ? __STEPWISE_WASM__ : 'stepwise.wasm';

let loading = null;
export let moduleReadyAt = 0;

// The entry's download when it is for this URL (used once: a retry fetches again).
function download(url) {
  const started = globalThis.__stepwise?.wasm;
  if (started && started.url === url) {
    globalThis.__stepwise.wasm = null;
    return started.response;
  }
  return fetch(url, { credentials: 'same-origin' });
}

// Streaming compilation needs Content-Type application/wasm; a server that
// sends another type still works, compiled from the whole body.
async function instantiate(url, imports) {
  const response = await download(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (WebAssembly.instantiateStreaming) {
    const spare = response.clone();
    try {
      return (await WebAssembly.instantiateStreaming(response, imports)).instance;
    } catch (e) {
      console.warn(`stepwise: ${url} was not compiled while downloading (${e.message}); compiling it whole`);
      return (await WebAssembly.instantiate(await spare.arrayBuffer(), imports)).instance;
    }
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}

export function engine(wasmUrl) {
  if (!loading) {
    const url = new URL(wasmUrl || WASM, wasmUrl ? document.baseURI : import.meta.url).href;
    // Emscripten's instantiateWasm hook has no way to fail: a failure rejects this instead.
    let failed;
    const failure = new Promise((_, reject) => { failed = reject; });
    const module = createStepwise({
      instantiateWasm(imports, receive) {
        instantiate(url, imports).then((instance) => receive(instance), failed);
        return {};
      },
    });
    loading = Promise.race([module, failure]).then((m) => {
      moduleReadyAt = performance.now();
      performance.mark?.('stepwise:module-ready');
      return new Stepwise(m);
    });
    loading.catch(() => { loading = null; }); // let a retry load it again
  }
  return loading;
}
