/**
 * What a scanner and a photocopier do to a page: a slight rotation, blur, faint lines (the paper
 * level lifted, the ink lightened), sensor noise, and JPEG compression. Pure pixel operations on a
 * grayscale image, seeded, so a scan is reproducible from its parameters.
 */
import { rotate, type Gray } from "../../../src/ocr/index.js";
import type { Rng } from "../rng.js";

export interface ScanParams {
  /** Resolution of the scan, dots per inch (150–300). */
  dpi: number;
  /** Rotation of the page on the glass, degrees (±2). */
  skewDegrees: number;
  /** Box-blur radius in pixels (0 = sharp). */
  blur: number;
  /** Standard deviation of the gray-level noise (0–255 scale). */
  noise: number;
  /** Ink lightened to this gray level at most (0 = black ink; 120 = faint). */
  inkLevel: number;
  /** Paper gray level (255 = white). */
  paperLevel: number;
  /** JPEG quality 0–100, or null for a lossless image. */
  jpegQuality: number | null;
}

export function randomScanParams(rng: Rng): ScanParams {
  return {
    dpi: rng.pick([150, 200, 200, 300]),
    skewDegrees: Math.round((rng.next() * 4 - 2) * 100) / 100,
    blur: rng.pick([0, 0, 1]),
    noise: rng.int(0, 14),
    inkLevel: rng.pick([0, 20, 60, 90]),
    paperLevel: rng.int(225, 255),
    jpegQuality: rng.pick([55, 70, 85, null]),
  };
}

export function degrade(img: Gray, p: ScanParams, rng: Rng): Gray {
  let out = rotate(img, p.skewDegrees);
  if (p.blur > 0) out = boxBlur(out, p.blur);
  const data = new Uint8Array(out.data.length);
  const range = p.paperLevel - p.inkLevel;
  for (let i = 0; i < data.length; i++) {
    const v = p.inkLevel + (out.data[i]! / 255) * range + gaussian(rng) * p.noise;
    data[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  return { width: out.width, height: out.height, data };
}

function boxBlur(img: Gray, r: number): Gray {
  const { width: w, height: h } = img;
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let k = -r; k <= r; k++) {
        const xx = x + k;
        if (xx >= 0 && xx < w) [s, n] = [s + img.data[y * w + xx]!, n + 1];
      }
      tmp[y * w + x] = Math.round(s / n);
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let k = -r; k <= r; k++) {
        const yy = y + k;
        if (yy >= 0 && yy < h) [s, n] = [s + tmp[yy * w + x]!, n + 1];
      }
      out[y * w + x] = Math.round(s / n);
    }
  }
  return { width: w, height: h, data: out };
}

/** Standard normal deviate (Box–Muller). */
function gaussian(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
