/**
 * Grayscale page images and the pixel operations OCR needs before recognition: conversion from
 * RGBA, binarization that survives faint lines and uneven scans, rotation (deskew).
 * Pixels are row-major, top-left origin, 0 = black, 255 = white.
 */
import * as zlib from "node:zlib";

export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A binary image: 1 = ink, 0 = paper. */
export interface Binary {
  width: number;
  height: number;
  data: Uint8Array;
}

export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    const a = rgba[j + 3]! / 255;
    // Transparent pixels are paper (pdfjs leaves the background transparent).
    const lum = 0.299 * rgba[j]! + 0.587 * rgba[j + 1]! + 0.114 * rgba[j + 2]!;
    data[i] = Math.round(lum * a + 255 * (1 - a));
  }
  return { width, height, data };
}

/** Otsu's global threshold: the gray level that best separates ink from paper. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  const data = img.data;
  for (let i = 0; i < data.length; i++) hist[data[i]!]!++;
  const total = data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Local (Bradley–Roth) binarization: a pixel is ink when it is darker than its neighbourhood's mean
 * by `contrast`, and darker than the global paper level. Faint gray rules that a global threshold
 * drops stand out against the white around them; a gray background does not become ink.
 */
export function binarize(img: Gray, opts: { window?: number; contrast?: number } = {}): Binary {
  const { width: w, height: h, data } = img;
  const win = opts.window ?? Math.max(15, Math.round(Math.min(w, h) / 40) | 1);
  const contrast = opts.contrast ?? 0.15;
  // Paper is never ink: anything lighter than halfway between Otsu's threshold and white stays paper.
  const paper = (otsu(img) + 255) / 2;
  const out = new Uint8Array(w * h);
  const r = win >> 1;
  const keep = 1 - contrast;
  // The window's sums without an integral image of the page (4 bytes a pixel): the sums of each
  // column over the window's rows, moved down a row at a time, and their running total along the
  // row, made only for rows with a pixel dark enough to be ink. The same sums, so the same pixels.
  const colSum = new Float64Array(w);
  const prefix = new Float64Array(w + 1);
  let wy0 = 0;
  let wy1 = 0;
  for (let y = 0; y < h; y++) {
    const y0 = y - r < 0 ? 0 : y - r;
    const y1 = y + r + 1 > h ? h : y + r + 1;
    for (; wy1 < y1; wy1++) for (let x = 0, i = wy1 * w; x < w; x++, i++) colSum[x]! += data[i]!;
    for (; wy0 < y0; wy0++) for (let x = 0, i = wy0 * w; x < w; x++, i++) colSum[x]! -= data[i]!;
    const row = y * w;
    let x = 0;
    while (x < w && data[row + x]! >= paper) x++;
    if (x === w) continue;
    for (let k = 0; k < w; k++) prefix[k + 1] = prefix[k]! + colSum[k]!;
    const rows = y1 - y0;
    for (; x < w; x++) {
      const v = data[row + x]!;
      if (v >= paper) continue;
      const x0 = x - r < 0 ? 0 : x - r;
      const x1 = x + r + 1 > w ? w : x + r + 1;
      const sum = prefix[x1]! - prefix[x0]!;
      // v < mean × (1 − contrast), without the division.
      if (v * (x1 - x0) * rows < sum * keep) out[row + x] = 1;
    }
  }
  return { width: w, height: h, data: out };
}

/** Rotate by `degrees` (counter-clockwise positive, as the image is seen) about the centre; new pixels are white. */
export function rotate(img: Gray, degrees: number): Gray {
  if (Math.abs(degrees) < 0.01) return img;
  const { width: w, height: h, data } = img;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  const out = new Uint8Array(w * h);
  // Fixed point (16 fractional bits): integer arithmetic for the hot loop.
  const ONE = 65536;
  const INV_ONE = 1 / ONE;
  const stepX = Math.round(cos * ONE);
  const stepY = Math.round(sin * ONE);
  const maxX = (w - 1) * ONE;
  const maxY = (h - 1) * ONE;
  for (let y = 0; y < h; y++) {
    // Inverse mapping: where in the source does this destination pixel come from (bilinear)?
    // Along a row the source point moves by (cos, sin) per pixel.
    const dy = y - cy;
    let sx = Math.round((-cos * cx - sin * dy + cx) * ONE);
    let sy = Math.round((-sin * cx + cos * dy + cy) * ONE);
    const row = y * w;
    for (let x = 0; x < w; x++, sx += stepX, sy += stepY) {
      if (sx < 0 || sy < 0 || sx >= maxX || sy >= maxY) {
        out[row + x] = 255;
        continue;
      }
      const x0 = sx >> 16;
      const y0 = sy >> 16;
      const fx = sx & 0xffff;
      const fy = sy & 0xffff;
      const i = y0 * w + x0;
      const a = data[i]!;
      const b = data[i + 1]!;
      const c = data[i + w]!;
      const d = data[i + w + 1]!;
      const top = a * ONE + (b - a) * fx;
      const bottom = c * ONE + (d - c) * fx;
      // top and bottom carry 16 fractional bits; the blend by fy is done in floating point (no
      // overflow), where multiplying by 2^-16 is exact, as the division it replaces was (and cheaper).
      out[row + x] = ((top + (bottom - top) * fy * INV_ONE) * INV_ONE + 0.5) | 0;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The skew of a page, in degrees (the rotation that straightens it): the angle at which the rows of
 * ink are sharpest (largest variance of the horizontal projection), searched on a reduced image.
 */
export function estimateSkew(bin: Binary, maxDegrees = 3, step = 0.1): number {
  const { width: w, height: h, data } = bin;
  const f = skewSampling(w);
  return skewOfInk(samplePoints(w, h, f, (i) => data[i] !== 0), w, h, f, maxDegrees, step);
}

/**
 * estimateSkew of the page thresholded at `threshold` (ink: darker than it), without making the
 * binary image: only the sampled pixels are looked at (a page's whole threshold cost
 * ~40 ms for the quarter of it the search reads).
 */
export function estimateSkewGray(img: Gray, threshold = otsu(img), maxDegrees = 3, step = 0.1): number {
  const { width: w, height: h, data } = img;
  const f = skewSampling(w);
  return skewOfInk(samplePoints(w, h, f, (i) => data[i]! < threshold), w, h, f, maxDegrees, step);
}

/** Every f-th pixel of every f-th row is sampled (a page about 800 samples wide). */
function skewSampling(width: number): number {
  return Math.max(1, Math.floor(width / 800));
}

function samplePoints(w: number, h: number, f: number, ink: (i: number) => boolean): { xs: Int32Array; ys: Int32Array; n: number } {
  let xs = new Int32Array(4096);
  let ys = new Int32Array(4096);
  let n = 0;
  for (let y = 0; y < h; y += f) {
    for (let x = 0; x < w; x += f) {
      if (!ink(y * w + x)) continue;
      if (n === xs.length) {
        const [nx, ny] = [new Int32Array(n * 2), new Int32Array(n * 2)];
        nx.set(xs);
        ny.set(ys);
        [xs, ys] = [nx, ny];
      }
      xs[n] = x;
      ys[n] = y;
      n++;
    }
  }
  return { xs, ys, n };
}

function skewOfInk({ xs, ys, n }: { xs: Int32Array; ys: Int32Array; n: number }, width: number, height: number, f: number, maxDegrees: number, step: number): number {
  if (n < 100) return 0;
  // Projection bins over every angle tried: rows of the image, plus the shift a full tilt can add.
  const reach = Math.ceil((width * Math.tan(((maxDegrees + 1) * Math.PI) / 180)) / f) + 1;
  const bins = new Int32Array(Math.ceil(height / f) + 2 * reach + 2);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < n; i++) bins[Math.round((ys[i]! + xs[i]! * t) / f) + reach]!++;
    let s = 0;
    for (let k = 0; k < bins.length; k++) s += bins[k]! * bins[k]!;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += step * 3) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - step * 3; d <= coarse + step * 3 + 1e-9; d += step / 2) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return Math.round(best * 100) / 100;
}

/** Crop a rectangle (clamped to the image). */
export function crop(img: Gray, x: number, y: number, w: number, h: number): Gray {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(img.width, Math.round(x + w));
  const y1 = Math.min(img.height, Math.round(y + h));
  const cw = Math.max(0, x1 - x0);
  const ch = Math.max(0, y1 - y0);
  const data = new Uint8Array(cw * ch);
  for (let r = 0; r < ch; r++) data.set(img.data.subarray((y0 + r) * img.width + x0, (y0 + r) * img.width + x0 + cw), r * cw);
  return { width: cw, height: ch, data };
}

/** Resize by a factor (bilinear when enlarging, box average when reducing). */
export function scale(img: Gray, factor: number): Gray {
  const w = Math.max(1, Math.round(img.width * factor));
  const h = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(w * h);
  const inv = 1 / factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (factor >= 1) {
        const sx = Math.min(img.width - 1.001, Math.max(0, (x + 0.5) * inv - 0.5));
        const sy = Math.min(img.height - 1.001, Math.max(0, (y + 0.5) * inv - 0.5));
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const i = y0 * img.width + x0;
        const x1 = Math.min(x0 + 1, img.width - 1) - x0;
        const y1 = Math.min(y0 + 1, img.height - 1) - y0;
        const top = img.data[i]! * (1 - fx) + img.data[i + x1]! * fx;
        const bot = img.data[i + y1 * img.width]! * (1 - fx) + img.data[i + y1 * img.width + x1]! * fx;
        out[y * w + x] = Math.round(top * (1 - fy) + bot * fy);
      } else {
        const sx0 = Math.floor(x * inv);
        const sy0 = Math.floor(y * inv);
        const sx1 = Math.min(img.width, Math.max(sx0 + 1, Math.floor((x + 1) * inv)));
        const sy1 = Math.min(img.height, Math.max(sy0 + 1, Math.floor((y + 1) * inv)));
        let s = 0;
        for (let yy = sy0; yy < sy1; yy++) for (let xx = sx0; xx < sx1; xx++) s += img.data[yy * img.width + xx]!;
        out[y * w + x] = Math.round(s / ((sx1 - sx0) * (sy1 - sy0)));
      }
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * An 8-bit grayscale PNG (fast deflate): the image file both engines read. (Binary PGM is simpler,
 * but tesseract.js misreads some lines of a PGM strip that it reads right as PNG.) Stored
 * uncompressed (level 0) a strip saves the deflate here and the inflate in the engine, but peak RSS
 * with 2 engines reached 401 MiB on the bench (limit 400; a strip is copied several times on its
 * way into an engine, whose heap never shrinks), so strips stay deflated.
 */
export function toPng(img: Gray): Buffer {
  const raw = Buffer.alloc((img.width + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    raw[y * (img.width + 1)] = 0;
    raw.set(img.data.subarray(y * img.width, (y + 1) * img.width), y * (img.width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(raw, { level: 1 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of `buf` continued from `crc` (zlib's from Node 20.15, else by table). */
function crc32(buf: Uint8Array, crc = 0): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(buf, crc);
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Stretch the levels of a crop so its paper is white and its ink black (the 5th and 60th
 * percentiles: cells are mostly paper). Gray paper and faint ink then read like a clean print, and
 * crops laid side by side do not show as gray boxes on white.
 */
export function normalizeLevels(img: Gray): Gray {
  const hist = new Uint32Array(256);
  const data = img.data;
  for (let i = 0; i < data.length; i++) hist[data[i]!]!++;
  const at = (q: number): number => {
    let n = 0;
    for (let i = 0; i < 256; i++) if ((n += hist[i]!) >= q * img.data.length) return i;
    return 255;
  };
  const ink = at(0.02);
  const paper = Math.max(at(0.6), ink + 40);
  // One level per gray value, looked up per pixel.
  const level = new Uint8Array(256);
  for (let g = 0; g < 256; g++) {
    const v = ((g - ink) / (paper - ink)) * 255;
    level[g] = v >= 235 ? 255 : Math.max(0, Math.round(v));
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < out.length; i++) out[i] = level[data[i]!]!;
  return { width: img.width, height: img.height, data: out };
}
