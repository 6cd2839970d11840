// Every golden vector through the WebAssembly module: the report text must
// equal expected.json and the native CLI's output, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadStepwise, nativeCli, vectorsDir } from './paths.mjs';

const stepwise = await loadStepwise();
const read = (dir, file) => fs.readFileSync(path.join(dir, file), 'utf8');
const cases = fs.readdirSync(vectorsDir).filter((d) => fs.existsSync(path.join(vectorsDir, d, 'expected.json')));

test('there are golden vectors to replay', () => assert.ok(cases.length >= 5, `${cases.length} vectors`));

for (const name of cases) {
  test(`vector ${name}`, () => {
    const dir = path.join(vectorsDir, name);
    const asOf = read(dir, 'as_of.txt').trim();
    const wasm = stepwise.evaluateText(read(dir, 'program.json'), read(dir, 'history.json'), asOf);
    assert.equal(wasm + '\n', read(dir, 'expected.json'), 'WebAssembly vs expected.json');
    const native = execFileSync(nativeCli, ['eval', '--program', path.join(dir, 'program.json'),
      '--history', path.join(dir, 'history.json'), '--as-of', asOf], { encoding: 'utf8' });
    assert.equal(wasm + '\n', native, 'WebAssembly vs native CLI');
  });
}

const errorsDir = path.join(vectorsDir, 'errors');
const errorCases = fs.existsSync(errorsDir) ? fs.readdirSync(errorsDir) : [];
for (const name of errorCases) {
  test(`error vector ${name}`, () => {
    const dir = path.join(errorsDir, name);
    const history = fs.existsSync(path.join(dir, 'history.json')) ? read(dir, 'history.json') : '{"customer":{"id":"1"},"events":[]}';
    const asOf = fs.existsSync(path.join(dir, 'as_of.txt')) ? read(dir, 'as_of.txt').trim() : '2026-01-01T00:00:00Z';
    const reply = JSON.parse(stepwise.module.evaluate(read(dir, 'program.json'), history, asOf));
    assert.ok(Array.isArray(reply.errors) && reply.errors.length > 0, 'errors expected');
    for (const line of read(dir, 'expected_errors.txt').split('\n').filter(Boolean)) {
      const pointer = line.split(/[:\s]/)[0];
      assert.ok(reply.errors.some((e) => e.pointer === pointer), `no error at ${pointer}`);
    }
  });
}

test('bad input returns errors as values and the module keeps working', () => {
  const good = path.join(vectorsDir, cases[0]);
  const bad = ['', '{', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]', '{"id":1e400}', 'null', '"\u0000"'];
  for (const text of bad) {
    const reply = JSON.parse(stepwise.module.evaluate(text, '{}', '2026-01-01T00:00:00Z'));
    assert.equal(reply.input, 'program');
    assert.ok(reply.errors[0].message.length > 0);
  }
  assert.throws(() => stepwise.evaluate(read(good, 'program.json'), read(good, 'history.json'), 'soon'),
    (e) => e.name === 'StepwiseError' && e.input === 'as_of');
  // Still healthy after all that.
  const again = stepwise.evaluateText(read(good, 'program.json'), read(good, 'history.json'), read(good, 'as_of.txt').trim());
  assert.equal(again + '\n', read(good, 'expected.json'));
});

test('the CLI agrees that bad input is exit code 2', () => {
  const r = spawnSync(nativeCli, ['eval', '--program', '/dev/null', '--history', '/dev/null'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
});
