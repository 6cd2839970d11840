// Types for wasm/index.mjs (named .d.mts so TypeScript pairs it with the .mjs): the Stepwise engine in WebAssembly.
// Shapes follow docs/contract.md and docs/report-format.md.

import type { StepwiseModule } from './stepwise.mjs';
export type { StepwiseModule } from './stepwise.mjs';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A program, history or cart: an object, or its JSON text. */
export type Input = string | object;

// The engine's output documents are generated from schema/engine.schema.json (scripts/gen-types.mjs).
import type { Due, EngineError, Projection, Report, ViewModel } from './engine-types.mjs';
export type * from './engine-types.mjs';

/** The keys every report has, whatever its kind. */
export type ReportCommon = Pick<Report, 'customer_id' | 'program_id' | 'as_of' | 'eligible' | 'awarding' | 'ended' | 'pending'>;

export class StepwiseError extends Error {
  readonly name: 'StepwiseError';
  /** Which argument was wrong. */
  readonly input: 'program' | 'history' | 'cart' | 'as_of' | 'issued' | 'clawed';
  readonly errors: EngineError[];
}

export class Stepwise {
  constructor(module: StepwiseModule);
  /** The raw Embind module: JSON text in, JSON text out, errors as values. */
  readonly module: StepwiseModule;
  /** Report JSON text, byte-identical to `stepwise eval` (without its newline). */
  evaluateText(program: Input, history: Input, asOf: string): string;
  evaluate(program: Input, history: Input, asOf: string): Report;
  viewModel(program: Input, history: Input, asOf: string): ViewModel;
  project(program: Input, history: Input, asOf: string, cart: Input): Projection;
  newlyDue(program: Input, history: Input, asOf: string, issuedKeys?: string[], clawedKeys?: string[]): Due;
  /** The program with defaults filled in; throws StepwiseError listing every problem. */
  validateProgram(program: Input): Json;
  readonly version: string;
}

export interface LoadOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

export function loadStepwise(options?: LoadOptions): Promise<Stepwise>;
