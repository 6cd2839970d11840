// Types for the stepwise-widget package (docs/widget.md): the <stepwise-journey> and
// <stepwise-launcher> custom elements. The modules define the elements and export nothing
// else; these declarations name the elements' attributes, properties and events.
import type { Json, Projection, Report, ViewModel } from 'stepwise-wasm';

export type { StepwiseLauncherElement } from './launcher.js';

/** What the widget is showing. */
export type JourneyPhase = 'loading' | 'signed-out' | 'expired' | 'missing' | 'error' | 'ready';

/** A one-time notice as the widget words it (the server's notice, renamed). */
export interface JourneyNotice {
  id: string;
  /** The award it is about; absent for notices about no award. */
  key?: string;
  kind?: string;
  program?: string;
  step?: string;
  rewards?: Json[];
  /** The server's English, the fallback when the kind has no string. */
  text: string;
}

/** An award waiting for the shopper to pick `pick` of its rewards. */
export interface JourneyChoice {
  id: string;
  step: string;
  pick: number;
  rewards: Json[];
}

type Answer<T> = T | Promise<T>;

/**
 * Where the widget reads from instead of the Stepwise server (`element.dataSource`): the methods
 * of the widget's own API client, answering in its shapes. `program` and `history` are needed; a
 * missing method answers as a server without that part does (HTTP 404), so the widget leaves that
 * part out (rewards, points, notices, ...). With a data source the `token` attribute is optional.
 */
export interface StepwiseDataSource {
  /** The program document, handed to the engine as it is. */
  program(id: string): Answer<Json>;
  /** The shopper's history in the contract's form ({events: [...]}). */
  history(): Answer<Json>;
  notices?(programId: string | null): Answer<JourneyNotice[]>;
  choices?(programId: string): Answer<JourneyChoice[]>;
  /** Reward records; `programId` null for every program's (rewards="all"). */
  rewards?(programId: string | null): Answer<Json[]>;
  wallet?(): Answer<Json>;
  points?(): Answer<Json>;
  referral?(): Answer<Json>;
  /** {"program:step": {name, kind}} of every active program (rewards="all"). */
  stepNames?(): Answer<Record<string, { name: string; kind: string }>>;
  delivered?(ids: string[]): Answer<unknown>;
  redeem?(option: string, key: string): Answer<Json>;
  creditCoupon?(amount: number, key: string): Answer<Json>;
  choose?(choice: JourneyChoice, picks: number[]): Answer<unknown>;
}

/** What `element.state` returns. */
export interface JourneyState {
  phase: JourneyPhase;
  asOf?: string;
  viewModel?: ViewModel;
  report?: Report;
  projection: Projection | null;
  rewards: Json | null;
  notices: { id: string; delivered: boolean }[];
}

/** The events the widget dispatches (bubbling and composed), with their details. */
export interface StepwiseJourneyEventMap {
  'stepwise:render': CustomEvent<{ phase: JourneyPhase }>;
  'stepwise:projection': CustomEvent<{ projection: Projection | null }>;
  'stepwise:delivered': CustomEvent<{ ids: string[] }>;
  'stepwise:redeem': CustomEvent<{ option: string; award_key: string }>;
  'stepwise:credit-coupon': CustomEvent<{ code: string; amount: number }>;
  'stepwise:copy': CustomEvent<{ code: string }>;
  'stepwise:share': CustomEvent<{ url: string }>;
  'stepwise:choice': CustomEvent<{ choice: string; picks: number[] }>;
}

/**
 * <stepwise-journey>. Attributes: api, program, token, locale, strings (JSON), theme, as-of,
 * wasm, sign-in-url, rewards ("program" | "all" | "none"), products (JSON), shape.
 * The store tells it the cart with a `stepwise:cart` event ({detail: cart}) or setCart(), and
 * asks for a reload with `stepwise:refresh` or refresh().
 */
export interface StepwiseJourneyElement extends HTMLElement {
  /** Overrides of the widget's strings (the `strings` attribute's shape); reads the merged set. */
  strings: Record<string, string>;
  /** Product names for free gifts ({id: name}). */
  products: Record<string, string>;
  /** Read from this instead of the server; null for the server at `api`. */
  dataSource: StepwiseDataSource | null;
  readonly state: JourneyState;
  /** Milliseconds since navigation: the engine ready (0 while a first view needed none), the first full render. */
  timings: { moduleReady?: number; rendered?: number };
  /** The shopper's cart in the contract's form ({subtotal, items, ...}), or null. Resolves with the
   * projection once drawn: the page's first cart waits for the engine's download, later ones do not. */
  setCart(cart: Json | null): Promise<Json | null>;
  /** Reads the history, notices and choices again. */
  refresh(): Promise<void>;
  addEventListener<K extends keyof StepwiseJourneyEventMap>(type: K,
    listener: (this: StepwiseJourneyElement, ev: StepwiseJourneyEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K,
    listener: (this: StepwiseJourneyElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
}

// 'stepwise-launcher' joins the map in launcher.d.ts (exported above).
declare global {
  interface HTMLElementTagNameMap {
    'stepwise-journey': StepwiseJourneyElement;
  }
}
