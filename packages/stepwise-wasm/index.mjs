// Idiomatic JavaScript over the Embind module: accepts objects or JSON text,
// returns parsed objects, and turns the engine's error values into a typed
// StepwiseError. One module call per operation.
import createStepwise from './stepwise.mjs';

export class StepwiseError extends Error {
  /** @param {string} input @param {{pointer: string, message: string}[]} errors */
  constructor(input, errors) {
    super(`${input}: ` + errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; '));
    this.name = 'StepwiseError';
    this.input = input;
    this.errors = errors;
  }
}

const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

// Error replies start with {"input": ...}; successful ones never do.
function unwrap(reply) {
  const value = JSON.parse(reply);
  if (value && typeof value === 'object' && 'input' in value && Array.isArray(value.errors)) {
    throw new StepwiseError(value.input, value.errors);
  }
  return value;
}

export class Stepwise {
  constructor(module) {
    this.module = module;
  }
  /** Raw JSON text exactly as the native CLI prints it (no trailing newline). */
  evaluateText(program, history, asOf) {
    return this.module.evaluate(text(program), text(history), asOf);
  }
  evaluate(program, history, asOf) {
    return unwrap(this.evaluateText(program, history, asOf));
  }
  viewModel(program, history, asOf) {
    return unwrap(this.module.viewModel(text(program), text(history), asOf));
  }
  project(program, history, asOf, cart) {
    return unwrap(this.module.project(text(program), text(history), asOf, text(cart)));
  }
  newlyDue(program, history, asOf, issuedKeys = [], clawedKeys = []) {
    return unwrap(this.module.newlyDue(text(program), text(history), asOf, text(issuedKeys), text(clawedKeys)));
  }
  /** Returns the normalized program, or throws StepwiseError listing every problem. */
  validateProgram(program) {
    return unwrap(this.module.validateProgram(text(program))).program;
  }
  get version() {
    return this.module.version();
  }
}

/**
 * Loads the module. In browsers stepwise.wasm is fetched next to this file
 * (or where options.locateFile says); in Node it is read from disk, because
 * Node 20's fetch cannot load file paths.
 */
export async function loadStepwise(options = {}) {
  const settings = {};
  if (options.wasmBinary) {
    settings.wasmBinary = options.wasmBinary;
  } else if (typeof process !== 'undefined' && process.versions && process.versions.node) {
    const { readFile } = await import('node:fs/promises');
    settings.wasmBinary = await readFile(new URL('./stepwise.wasm', import.meta.url));
  } else if (options.locateFile) {
    settings.locateFile = options.locateFile;
  }
  return new Stepwise(await createStepwise(settings));
}
