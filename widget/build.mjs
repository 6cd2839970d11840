// The widget's build moved into its package (packages/stepwise-widget/build.mjs); this forward keeps
// `node widget/build.mjs [--out DIR] [--wasm-dir DIR]` working for scripts and habits.
await import('../packages/stepwise-widget/build.mjs');
