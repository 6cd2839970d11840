// Types for stepwise.mjs, the raw Embind module that index.mjs wraps (named
// .d.mts so TypeScript pairs it with the .mjs). Every call takes JSON text and
// returns JSON text: the result, or {"input": ..., "errors": [...]}. Nothing
// throws for bad input; the module keeps working after it.

/** The functions EMSCRIPTEN_BINDINGS in wasm/bindings.cpp exports. */
export interface StepwiseModule {
  /** {"ok":true,"program":{...normalized}} or the error envelope. */
  validateProgram(programJson: string): string;
  /** The report, byte-identical to `stepwise eval` stdout without its newline. */
  evaluate(programJson: string, historyJson: string, asOf: string): string;
  project(programJson: string, historyJson: string, asOf: string, cartJson: string): string;
  viewModel(programJson: string, historyJson: string, asOf: string): string;
  /** issuedKeysJson, clawedKeysJson: JSON arrays of award keys ("" means none). */
  newlyDue(programJson: string, historyJson: string, asOf: string, issuedKeysJson: string, clawedKeysJson: string): string;
  version(): string;
}

/** Settings the module reads (-sINCOMING_MODULE_JS_API=wasmBinary,locateFile). */
export interface ModuleSettings {
  /** The bytes of stepwise.wasm; required in Node 20, whose fetch cannot read file paths. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare function createStepwise(settings?: ModuleSettings): Promise<StepwiseModule>;
export default createStepwise;
