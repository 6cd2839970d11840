// Types for wasm/index.mjs (named .d.mts so TypeScript pairs it with the .mjs): the Stepwise engine in WebAssembly.
// Shapes follow docs/contract.md and docs/report-format.md.

import type { StepwiseModule } from './stepwise.mjs';
export type { StepwiseModule } from './stepwise.mjs';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A program, history or cart: an object, or its JSON text. */
export type Input = string | object;

export interface EngineError {
  /** JSON Pointer into the input ("" for the whole document). */
  pointer: string;
  message: string;
}

export class StepwiseError extends Error {
  readonly name: 'StepwiseError';
  /** Which argument was wrong. */
  readonly input: 'program' | 'history' | 'cart' | 'as_of' | 'issued' | 'clawed';
  readonly errors: EngineError[];
}

export type Reward =
  | { type: 'points'; points: number }
  | { type: 'store_credit'; amount: string }
  | { type: 'discount_amount'; amount: string }
  | { type: 'discount_percent'; percent: number }
  | { type: 'free_shipping' }
  | { type: 'free_gift'; product_id: string; name?: string };

export interface ReportCommon {
  customer_id: string;
  program_id: string;
  as_of: string;
  eligible: boolean;
  awarding: boolean;
  ended: boolean;
  pending: { order_id: string; counts_at: string; spend: string }[];
}

export interface TiersReport extends ReportCommon {
  kind: 'tiers';
  qualifying_spend: string;
  next_milestone: {
    id: string; name: string; threshold: string; reward_amount: string;
    remaining: string; progress_pct: number; repeating: boolean;
  } | null;
  tiers: {
    id: string; name: string; threshold: string; repeating: boolean; status: 'active' | 'inactive';
    value: string; progress_pct: number; times_awarded: number;
  }[];
  milestones_earned: {
    milestone_id: string; name: string; occurrence: number; awarded_at: string; reward_amount: string;
    key: string; rewards: Reward[]; expires_at?: string; clawed_back_at?: string;
  }[];
  clawbacks: { key: string; milestone_id: string; at: string }[];
}

export interface JourneyReport extends ReportCommon {
  kind: 'journey';
  progress_pct: number;
  current_step: number | null;
  completed: boolean;
  steps: {
    id: string; name: string; description: string;
    metric: 'orders' | 'spend' | 'points' | 'reviews' | 'referrals' | 'subscription_cycles';
    target: number | string; value: number | string; remaining: number | string;
    progress_pct: number; state: 'completed' | 'active' | 'locked'; completed_at?: string;
  }[];
  awards: {
    key: string; step_id: string; occurrence: number; awarded_at: string; rewards: Reward[];
    choice?: { pick: number }; expires_at?: string;
  }[];
  clawbacks: { key: string; step_id: string; at: string }[];
}

export type Report = TiersReport | JourneyReport;

export interface ViewItem {
  id: string; label: string; description: string; metric: string;
  /** journey: done | current | locked; tiers: earned | next | upcoming | inactive */
  state: string;
  pct: number; value: string; target: string; remaining: string;
  rewards: Reward[]; pick?: number; repeating: boolean; times_earned: number; completed_at?: string;
}

export interface ViewModel {
  program_id: string; program_name: string; kind: 'journey' | 'tiers';
  currency: string; digits: number; eligible: boolean; ended: boolean; completed: boolean;
  overall_pct: number; current: number | null; items: ViewItem[];
}

export interface Projection {
  /** Awards the cart would unlock. */
  unlocked: (JourneyReport['awards'][number] | TiersReport['milestones_earned'][number])[];
  /** Indexes of the steps (or tiers) the cart would complete. */
  completes_steps: number[];
  adds_spend: string;
  /** What the cart lacks to meet the minimum order ("0.00" when it meets it or there is none). */
  min_order_short: string;
  /** Items the cart lacks to meet the minimum order's quantity (0 when none). */
  min_quantity_short: number;
  /** Journey: the part of adds_spend the completed step does not use; it counts toward no later step. */
  not_carried: string;
  after: Report;
}

export interface Due {
  awards: (JourneyReport['awards'][number] | TiersReport['milestones_earned'][number])[];
  clawbacks: { key: string; at: string }[];
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
