// The engine's own file (stepwise-engine.<hash>.js, build.mjs): the wrapper and
// Emscripten's glue, imported by engine-loader.js, which fetches the wasm in
// parallel and hands its download over. The wasm is compiled while it downloads.
import { Stepwise } from 'stepwise-wasm';
import createStepwise from 'stepwise-wasm-glue';

// Streaming compilation needs Content-Type application/wasm; a server that
// sends another type still works, compiled from the whole body.
async function instantiate(url, download, imports) {
  const response = await download;
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

/** A Stepwise instance from the wasm at `url`, whose `download` (a fetch's promise) has started. */
export function engine(url, download) {
  // Emscripten's instantiateWasm hook has no way to fail: a failure rejects this instead.
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = createStepwise({
    instantiateWasm(imports, receive) {
      instantiate(url, download, imports).then((instance) => receive(instance), failed);
      return {};
    },
  });
  return Promise.race([module, failure]).then((m) => new Stepwise(m));
}
