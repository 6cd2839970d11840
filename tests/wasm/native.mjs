// Both sides of a comparison as bytes. Node's 'utf8' decoding would turn an
// ill-formed byte from the native side into U+FFFD, exactly what Embind's
// string conversion does on the WebAssembly side, and so hide the difference:
// replies are compared as the UTF-8 bytes each side produced.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { nativeBatch } from './paths.mjs';

// A call is [name, ...args]; an argument is a string or a Uint8Array of raw bytes.
const encodeArg = (a) => (typeof a === 'string' ? a : { bytes: Buffer.from(a).toString('latin1') });

/** Runs calls through build/bin/stepwise_batch; one Buffer per call. */
export function runNative(calls, chunkSize = 250) {
  const out = [];
  for (let i = 0; i < calls.length; i += chunkSize) {
    const chunk = calls.slice(i, i + chunkSize);
    const input = chunk.map((c) => JSON.stringify(c.map(encodeArg))).join('\n') + '\n';
    const r = spawnSync(nativeBatch, [], { input, maxBuffer: 1 << 30 });
    assert.equal(r.status, 0, `${nativeBatch} failed (signal ${r.signal}): ${String(r.stderr).slice(0, 500)}`);
    let start = 0;
    for (let k = 0; k < chunk.length; k++) {
      const end = r.stdout.indexOf(10, start);
      assert.ok(end >= 0, `${nativeBatch} gave ${k} replies for ${chunk.length} calls`);
      out.push(r.stdout.subarray(start, end));
      start = end + 1;
    }
  }
  return out;
}

/** The module's reply to a call, as the UTF-8 bytes Embind decoded it from. */
export function callWasm(module, [name, ...args]) {
  return Buffer.from(module[name](...args), 'utf8');
}

const strict = new TextDecoder('utf-8', { fatal: true });
/** Whether bytes are well-formed UTF-8 (a JSON reply must be). */
export function isUtf8(bytes) {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
