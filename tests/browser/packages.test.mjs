// The project's npm tools are pinned once: the package.json files that name a tool (playwright-core,
// esbuild, ...) name the same exact version, and every lockfile installs that version. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MANIFESTS = ['package.json', 'packages/stepwise-wasm/package.json', 'packages/stepwise-widget/package.json',
  'tests/browser/package.json', 'tests/preview/package.json', 'tests/wasm/package.json', 'integrations/shopify/package.json'];
const WORKSPACE = new Set(['stepwise-wasm', 'stepwise-widget']);
const read = (p) => JSON.parse(readFileSync(join(repo, p), 'utf8'));

test('every package.json pins a shared tool at one exact version, and its lockfile installs it', () => {
  const pins = new Map(); // tool -> [[manifest, version]]
  for (const m of MANIFESTS) {
    const json = read(m);
    for (const deps of [json.dependencies, json.devDependencies]) {
      for (const [name, version] of Object.entries(deps || {})) {
        if (WORKSPACE.has(name)) continue;
        pins.set(name, [...(pins.get(name) || []), [m, version]]);
        // The workspace's packages share the root's lockfile.
        const lock = m.startsWith('packages/') ? 'package-lock.json' : join(dirname(m), 'package-lock.json');
        if (/^\d+\.\d+\.\d+$/.test(version) && existsSync(join(repo, lock))) {
          const installed = read(lock).packages[`node_modules/${name}`];
          assert.equal(installed && installed.version, version, `${lock} installs ${name} ${installed && installed.version}`);
        }
      }
    }
  }
  assert.ok(pins.get('playwright-core')?.length >= 2, 'playwright-core is named by the browser and preview tests');
  for (const [name, where] of pins) {
    if (where.length < 2) continue;
    assert.equal(new Set(where.map(([, v]) => v)).size, 1, `${name}: ${where.map(([m, v]) => `${m} ${v}`).join(', ')}`);
    assert.match(where[0][1], /^\d+\.\d+\.\d+$/, `${name} ${where[0][1]} is not an exact version`);
  }
});
