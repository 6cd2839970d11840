// Checks a screenshot of the native preview window (binary PPM from
// `stepwise_preview --screenshot`) and writes it as PNG next to it.
//   node tests/preview/ppm.mjs FILE.ppm   -> FILE.png; exits 1 when (almost) blank
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const file = process.argv[2];
const data = readFileSync(file);
const header = data.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
if (!header) throw new Error(`${file}: not a binary PPM`);
const [w, h] = [Number(header[1]), Number(header[2])];
const px = data.subarray(header[0].length);

const counts = new Map();
for (let i = 0; i < w * h * 3; i += 3) {
  const c = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
  counts.set(c, (counts.get(c) || 0) + 1);
}
const painted = w * h - Math.max(...counts.values());

// PNG: one IDAT of filter-0 rows.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, body) => {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
};
const raw = Buffer.alloc((w * 3 + 1) * h);
for (let y = 0; y < h; y++) px.copy(raw, y * (w * 3 + 1) + 1, y * w * 3, (y + 1) * w * 3);
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(w, 0);
ihdr.writeUInt32BE(h, 4);
ihdr.set([8, 2, 0, 0, 0], 8);
const png = file.replace(/\.ppm$/, '') + '.png';
writeFileSync(png, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));

console.log(`${png}: ${w}x${h}, ${painted} pixels painted, ${counts.size} colours`);
process.exit(painted > w * h * 0.05 && counts.size > 20 ? 0 : 1);
