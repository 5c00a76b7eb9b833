// Draws the extension's marketplace icon (images/icon.png, 128×128 RGBA) with plain Node: shapes as signed distance
// functions, 4×4 supersampling, and a PNG written with zlib. `node scripts/make-icon.mjs [OUT.png]`; the output is
// committed, and a unit test checks that this script still draws the committed pixels.
//
// The picture: a pointer's brackets [ ] around a small tree of agents, a question asked of two copies (HCH).

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** Colours as [r, g, b] in 0..255. */
const BACKGROUND_TOP = [47, 52, 122];
const BACKGROUND_BOTTOM = [22, 24, 60];
const BRACKET = [232, 234, 246];
const NODE = [255, 183, 77];
const EDGE = [255, 213, 153];

/** Distance from (x, y) to a rounded square covering the canvas (negative inside). */
function roundedSquare(x, y, inset, radius) {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from (x, y) to a segment of the given half-width with round caps. */
function capsule(x, y, [ax, ay], [bx, by], halfWidth) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - halfWidth;
}

function circle(x, y, [cx, cy], r) {
  return Math.hypot(x - cx, y - cy) - r;
}

/** A bracket: a vertical bar and two arms pointing towards `dir` (+1 for `[`, −1 for `]`). */
function bracket(x, y, barX, dir) {
  const top = 30;
  const bottom = 98;
  const arm = 14 * dir;
  return Math.min(
    capsule(x, y, [barX, top], [barX, bottom], 4.5),
    capsule(x, y, [barX, top], [barX + arm, top], 4.5),
    capsule(x, y, [barX, bottom], [barX + arm, bottom], 4.5),
  );
}

const ROOT = [64, 46];
const LEFT = [48, 82];
const RIGHT = [80, 82];

/** The layers, back to front: each gives a distance and a colour for a point. */
const LAYERS = [
  (x, y) => ({ d: roundedSquare(x, y, 2, 26), colour: mix(BACKGROUND_TOP, BACKGROUND_BOTTOM, y / SIZE) }),
  (x, y) => ({ d: Math.min(bracket(x, y, 26, 1), bracket(x, y, 102, -1)), colour: BRACKET }),
  (x, y) => ({ d: Math.min(capsule(x, y, ROOT, LEFT, 2.5), capsule(x, y, ROOT, RIGHT, 2.5)), colour: EDGE }),
  (x, y) => ({ d: Math.min(circle(x, y, ROOT, 10), circle(x, y, LEFT, 8.5), circle(x, y, RIGHT, 8.5)), colour: NODE }),
];

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

/** The icon's pixels: SIZE × SIZE × RGBA, straight (not premultiplied) alpha. */
export function renderIcon() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      // Premultiplied accumulation over the supersamples, composited layer by layer ("over").
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const layer of LAYERS) {
            const { d, colour } = layer(x, y);
            if (d > 0) continue;
            cr = colour[0];
            cg = colour[1];
            cb = colour[2];
            ca = 1;
          }
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * SIZE + px) * 4;
      pixels[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
      pixels[i] = a ? Math.round(r / a) : 0;
      pixels[i + 1] = a ? Math.round(g / a) : 0;
      pixels[i + 2] = a ? Math.round(b / a) : 0;
    }
  }
  return { width: SIZE, height: SIZE, pixels };
}

/** A PNG file (8-bit RGBA, no interlace, filter 0 on every row). */
export function encodePng({ width, height, pixels }) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    pixels.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 PNG chunks carry (ISO 3309). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'images/icon.png';
  writeFileSync(out, encodePng(renderIcon()));
  console.log(`wrote ${out}`);
}
