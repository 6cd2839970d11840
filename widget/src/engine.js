// One WebAssembly engine per page, shared by every widget. The module's glue is
// bundled into the widget; stepwise.wasm is fetched from next to the bundle
// (or from the `wasm` attribute's URL).
import { loadStepwise } from 'stepwise-wasm';

let loading = null;
export let moduleReadyAt = 0;

export function engine(wasmUrl) {
  if (!loading) {
    const options = wasmUrl ? { locateFile: () => new URL(wasmUrl, document.baseURI).href } : {};
    loading = loadStepwise(options).then((e) => {
      moduleReadyAt = performance.now();
      performance.mark?.('stepwise:module-ready');
      return e;
    });
    loading.catch(() => { loading = null; }); // let a retry load it again
  }
  return loading;
}
