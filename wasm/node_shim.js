// Emscripten 3.1.6 writes `__dirname` into its ES-module output for Node, where
// ES modules have none. Define it at module scope (browsers never read it).
var __dirname = typeof process === 'object' && process.versions && process.versions.node
  ? decodeURIComponent(new URL('.', import.meta.url).pathname) : '';
