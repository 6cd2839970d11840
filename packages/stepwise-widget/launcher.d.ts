// Types for stepwise-widget/launcher: <stepwise-launcher>, a button that opens a panel with
// <stepwise-journey> inside and loads the widget the first time (docs/widget.md).

/**
 * Attributes: label, close-label, src (the widget's entry), error-text, and the journey's own
 * (api, program, token, locale, strings, theme, sign-in-url, rewards, products, shape, wasm, as-of),
 * passed on to it as they are.
 */
export interface StepwiseLauncherElement extends HTMLElement {
  /** Whether the panel is open. */
  readonly expanded: boolean;
  /** Opens the panel; the widget and its engine are fetched the first time. */
  open(): void;
  close(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'stepwise-launcher': StepwiseLauncherElement;
  }
}
