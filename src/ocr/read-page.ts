/**
 * One page image → a positioned page, the same model the PDF text layer gives: deskew and
 * binarize, find the tables' grids from their ruling lines, cut each cell, recognize the cells
 * (labels with the Chinese model, numbers restricted to digits) and the text lines outside the
 * tables, and return tokens with boxes in points, `source: "ocr"` and a confidence each, plus the
 * rulings found in the image.
 */
import type { PositionedPage, Ruling, TextToken } from "../model/index.js";
import type { OcrEngine } from "./engines.js";
import { findRulings, gridsFromRulings, type PixelGrid } from "./rulings-from-ink.js";
import { holesContradict, looksLikeDigits, looksLikeZero } from "./number-shapes.js";
import { recognizeCrops, type CropReading } from "./cell-strip.js";
import { digitsOf, worthDigitPass } from "./digit-confusions.js";
import { binarize, crop, estimateSkewGray, normalizeLevels, rotate, type Binary, type Gray } from "./image-ops.js";

export interface OcrPageOptions {
  /** Resolution of the image, dots per inch: converts pixels to points. */
  dpi: number;
  /** Largest skew corrected, degrees. */
  maxSkew?: number;
  /** Debug: called with the deskewed image, its binarization and the grids. */
  debug?: (d: { gray: Gray; bin: Binary; grids: PixelGrid[]; skew: number }) => void;
}

/** Text this close to a table's frame (points) is taken for its rules, not read as a line. */
const MASK_MARGIN_PT = 1.5;

/** The digit passes read best at about this resolution; smaller scans are enlarged to it. */
const OCR_DPI = 300;
/**
 * The Chinese pass reads scans as they come from 200 dpi up (smaller ones are enlarged to it):
 * enlarging them to 300 dpi cost a tenth more time and read no better (on 15 generated scans,
 * 99.29 % of cells exact at 200, 98.91 % at 300).
 */
const TEXT_DPI = 200;
/**
 * The Chinese pass is laid out in two strips, narrow crops and wide ones (cell-strip.ts), read at
 * once where two engines are free (ocrPages takes an engine per call). Always two, whatever the
 * number of engines, so that a record does not depend on it. On 12 generated scans 99.28 % of
 * cells exact, 3.39 % false alarms (one strip: 99.15 %, 4.38 %); on the real scans 99.65 % both
 * ways, one false alarm more (2.81 %, 2.63 %).
 */
const TEXT_STRIPS = 2;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What recognition needs of a page: its crops, cut before an engine is taken (see read-pages.ts). */
export interface PreparedPage {
  pageNo: number;
  pxPerPt: number;
  width: number;
  height: number;
  skew: number;
  /** Grid cells with ink (the first `regionCount` of `all`), then text lines outside the grids. */
  all: { ink: Box; clip: Box }[];
  regionCount: number;
  crops: Gray[];
  /** A cell holding a lone "/" (the blank mark). */
  slash: boolean[];
  /** A cell whose ink is shaped like a number (number-shapes.ts). */
  digitShaped: boolean[];
  rulings: Ruling[];
}

/** The skew OCR measures on a page image, degrees (the review app straightens its page pictures by the same). */
export function pageSkew(image: Gray, maxSkew = 3): number {
  return estimateSkewGray(image, undefined, maxSkew);
}

/** The page as OCR reads it: token boxes are in this picture's coordinates, not the scan's. */
export function straighten(image: Gray, skew: number): Gray {
  return Math.abs(skew) >= 0.05 ? rotate(image, -skew) : image;
}

export async function ocrPage(image: Gray, pageNo: number, engine: OcrEngine, opts: OcrPageOptions): Promise<PositionedPage & { skew: number }> {
  return readPreparedPage(await prepareOcrPage(image, pageNo, opts), engine);
}

const yieldToEngines = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The image work of a page, no engine needed (so it can run while the engines read another page):
 * deskew, binarize, grids, cells and lines, their crops and shapes.
 */
export async function prepareOcrPage(image: Gray, pageNo: number, opts: OcrPageOptions): Promise<PreparedPage> {
  const pxPerPt = opts.dpi / 72;
  // The skew is measured on a global threshold (cheap; the rows of text decide it), the local
  // binarization made once, on the straightened page. Between the steps this thread answers the
  // engines (their finished strips, the next strips to send): a page's ~150 ms of image work in one
  // block left them idle.
  const skew = pageSkew(image, opts.maxSkew);
  await yieldToEngines();
  const gray = straighten(image, skew);
  await yieldToEngines();
  const bin = binarize(gray);
  await yieldToEngines();
  const { h, v } = findRulings(bin, { pxPerPt });
  const grids = gridsFromRulings(h, v, pxPerPt);
  await yieldToEngines();
  opts.debug?.({ gray, bin, grids, skew });

  // Cells of every grid with ink in them, and the text lines outside the grids.
  const regions: { ink: Box; clip: Box }[] = [];
  for (const g of grids) {
    for (const cell of g.cells.flatMap((c) => splitAtBlankBoundaries(bin, c, g.bands, pxPerPt))) {
      const found = inkBox(bin, cell, pxPerPt);
      if (found) regions.push(found);
    }
  }
  // A line's crop stops short of the tables above and below it (a heading set close to a table's top rule).
  const margin = Math.ceil(MASK_MARGIN_PT * pxPerPt);
  const lines = textLines(bin, grids, pxPerPt).map((ink) => {
    const above = grids.filter((g) => g.y1 <= ink.y + ink.h / 2).map((g) => g.y1 + margin);
    const below = grids.filter((g) => g.y0 >= ink.y + ink.h / 2).map((g) => g.y0 - margin);
    const top = Math.max(0, ...above);
    const bottom = Math.min(gray.height, ...below);
    return { ink, clip: { x: 0, y: top, w: gray.width, h: bottom - top } };
  });
  const all = [...regions, ...lines];
  await yieldToEngines();
  const pad = Math.round(pxPerPt * 1.5);
  // A little paper around the ink, never past the cell's own rules.
  const crops = all.map(({ ink, clip }) => {
    const x0 = Math.max(clip.x, ink.x - pad);
    const y0 = Math.max(clip.y, ink.y - pad);
    const x1 = Math.min(clip.x + clip.w, ink.x + ink.w + pad);
    const y1 = Math.min(clip.y + clip.h, ink.y + ink.h + pad);
    return normalizeLevels(crop(gray, x0, y0, x1 - x0, y1 - y0));
  });
  // A lone slanted stroke in a cell is the blank mark "/", which the digit passes would read as 1.
  const slash = all.map(({ ink }, i) => i < regions.length && isSlash(bin, ink));
  const digitShaped = all.map(({ ink }, i) => i < regions.length && !slash[i] && looksLikeDigits(bin, ink));
  const rulings: Ruling[] = [...h, ...v].map((s) => ({ x1: s.x0 / pxPerPt, y1: s.y0 / pxPerPt, x2: s.x1 / pxPerPt, y2: s.y1 / pxPerPt }));
  return { pageNo, pxPerPt, width: image.width, height: image.height, skew, all, regionCount: regions.length, crops, slash, digitShaped, rulings };
}

/** Recognize a prepared page's crops with an engine: tokens with boxes in points and confidences. */
export async function readPreparedPage(prepared: PreparedPage, engine: OcrEngine): Promise<PositionedPage & { skew: number }> {
  const { pageNo, pxPerPt, all, crops, slash, skew } = prepared;
  const isCell = (i: number): boolean => i < prepared.regionCount;
  const factor = Math.max(1, OCR_DPI / (pxPerPt * 72));
  // Numbers are read restricted to digits, at two sizes: the Chinese model's digits depend on the
  // size (a serif 6 read as 0 at one size, right at the other), so agreement is the confidence.
  // Cells shaped like a number are read so first; where both readings agree on a number, both
  // confidently, the cell is a number and the slow Chinese pass is spared — most cells of a
  // statistics table (see number-shapes.ts).
  const cells = all.map((_, i) => i).filter((i) => isCell(i) && !slash[i]);
  const shapedLikeDigits = cells.filter((i) => prepared.digitShaped[i]);
  const smallFactor = (i: number): number => SMALL_DIGIT_HEIGHT / Math.max(1, all[i]!.ink.h);
  const small = new Map<number, CropReading>();
  const big = new Map<number, CropReading>();
  const readDigits = async (into: Map<number, CropReading>, which: number[], size: "big" | "small"): Promise<void> => {
    const got = await recognizeCrops(engine, which.map((i) => crops[i]!), "digits", size === "big" ? factor : which.map(smallFactor));
    which.forEach((i, k) => into.set(i, got[k]!));
  };
  await readDigits(small, shapedLikeDigits, "small");
  // A confident 0 whose glyph is a zero's shape is settled without the large reading.
  const zeros = new Set(shapedLikeDigits.filter((i) => isSureDigits(small.get(i)!) && small.get(i)!.text.trim() === "0" && looksLikeZero(crops[i]!)));
  await readDigits(big, shapedLikeDigits.filter((i) => !zeros.has(i) && isSureDigits(small.get(i)!)), "big");
  zeros.forEach((i) => big.set(i, small.get(i)!));
  const readings: CropReading[] = all.map(() => ({ text: "", confidence: 0 }));
  const needText: number[] = [];
  all.forEach((_, i) => {
    const sure = big.has(i) ? sureNumber(big.get(i)!, small.get(i)!) : null;
    if (slash[i]) readings[i] = { text: "/", confidence: 0.9 };
    else if (sure) readings[i] = sure;
    else needText.push(i);
  });
  // Labels, text lines and the cells the digit readings were unsure of: the Chinese model. Those of
  // them that read like a number (or nothing) settle among all their readings.
  const text = await recognizeCrops(engine, needText.map((i) => crops[i]!), "text", Math.max(1, TEXT_DPI / (pxPerPt * 72)), TEXT_STRIPS);
  // (No slash cell is in needText: every cell there is one of `cells`.)
  const numberish = needText.filter((i, k) => isCell(i) && worthDigitPass(text[k]!.text));
  await readDigits(small, numberish.filter((i) => !small.has(i)), "small");
  await readDigits(big, numberish.filter((i) => !big.has(i)), "big");
  const settle = new Set(numberish);
  needText.forEach((i, k) => {
    if (settle.has(i)) readings[i] = settleNumber(text[k]!, big.get(i)!, small.get(i)!);
    else readings[i] = text[k]!;
  });
  // Every pass can read a looped digit alike and wrong (a serif 6 as 0): where the glyphs' loops
  // contradict the number read, it goes to review.
  all.forEach((_, i) => {
    const r = readings[i]!;
    if (isCell(i) && digitsOf(r.text) && holesContradict(crops[i]!, r.text)) readings[i] = { ...r, confidence: Math.min(r.confidence, DISAGREEMENT) };
  });
  // A cell with ink that no pass could read: once more, larger; then it stays unreadable ("?"),
  // never an empty cell (which would read as a blank).
  const unread = readings.map((r, i) => i).filter((i) => isCell(i) && readings[i]!.text.trim() === "");
  const large = await recognizeCrops(engine, unread.map((i) => crops[i]!), "digits", unread.map((i) => LARGE_DIGIT_HEIGHT / Math.max(1, all[i]!.ink.h)));
  unread.forEach((i, k) => {
    const d = digitsOf(large[k]!.text);
    readings[i] = d ? { text: d.digits, confidence: Math.min(large[k]!.confidence, DISAGREEMENT) } : { text: "?", confidence: 0 };
  });

  const tokens: TextToken[] = [];
  all.forEach(({ ink: r }, i) => {
    const reading = readings[i]!;
    const t = reading.text.trim();
    if (!t) return;
    tokens.push({
      text: t,
      page: pageNo,
      line: 0,
      column: 0,
      bbox: { x: r.x / pxPerPt, y: r.y / pxPerPt, width: r.w / pxPerPt, height: r.h / pxPerPt },
      source: "ocr",
      confidence: Math.round(reading.confidence * 1000) / 1000,
    });
  });
  return { page: pageNo, width: prepared.width / pxPerPt, height: prepared.height / pxPerPt, tokens, rulings: prepared.rulings, skew };
}

/**
 * A cell drawn over several row bands is one cell only where its ink crosses the bands' boundary
 * (a merged label set across two rows). Where no ink crosses, it is cut there: a rule lost in a
 * faint scan must not join two rows' numbers, and a vertical label falls into its rows as in a PDF.
 */
function splitAtBlankBoundaries(bin: Binary, cell: Box, bands: readonly [number, number][], pxPerPt: number): Box[] {
  const inset = Math.round(pxPerPt * 1.5);
  const cuts = bands.map(([, bottom]) => bottom).filter((y) => y > cell.y + 2 && y < cell.y + cell.h - 2);
  if (cuts.length === 0) return [cell];
  const x0 = Math.round(cell.x + inset);
  const x1 = Math.round(cell.x + cell.w - inset);
  const reach = Math.max(1, Math.round(pxPerPt));
  const crossed = (y: number): boolean => {
    for (let yy = Math.round(y) - reach; yy <= Math.round(y) + reach; yy++) {
      let n = 0;
      for (let x = x0; x < x1; x++) if (bin.data[yy * bin.width + x]) n++;
      if (n === 0) return false;
    }
    return true;
  };
  const out: Box[] = [];
  let top = cell.y;
  for (const y of cuts) {
    if (crossed(y)) continue;
    out.push({ x: cell.x, y: top, w: cell.w, h: y - top });
    top = y;
  }
  out.push({ x: cell.x, y: top, w: cell.w, h: cell.y + cell.h - top });
  return out;
}

/**
 * A number cell's readings: the text pass and two digit passes. When the digit passes agree, the
 * reading is theirs with the better confidence; when they disagree, the more confident one is kept
 * with a confidence under the review threshold; a text reading that is no number is kept as it is.
 */
function settleNumber(text: CropReading, big: CropReading, small: CropReading): CropReading {
  const a = digitsOf(big.text);
  const b = digitsOf(small.text);
  const t = digitsOf(text.text);
  if (a && b && a.digits === b.digits) {
    const agreeText = !t || t.digits === a.digits;
    return { text: a.digits, confidence: agreeText ? Math.max(big.confidence, small.confidence) : Math.min(big.confidence, small.confidence) };
  }
  if (a || b) {
    const [best, other] = !b || (a && big.confidence >= small.confidence) ? [a!, big] : [b, small];
    return { text: best.digits, confidence: Math.min(other.confidence, DISAGREEMENT) };
  }
  if (t) return { text: t.digits, confidence: Math.min(text.confidence, DISAGREEMENT) };
  return text;
}

/** A digit reading at least this confident, of a number, counts towards a sure number. */
const SURE_DIGITS = 0.8;

function isSureDigits(r: CropReading): boolean {
  return r.confidence >= SURE_DIGITS && digitsOf(r.text) !== null && !/^\d\.$/.test(r.text.trim());
}

/** Both digit readings agree on a number, both confidently: the cell's value, without a text pass. */
function sureNumber(big: CropReading, small: CropReading): CropReading | null {
  const a = digitsOf(big.text);
  const b = digitsOf(small.text);
  if (!a || !b || a.digits !== b.digits || !isSureDigits(big) || !isSureDigits(small)) return null;
  return { text: a.digits, confidence: Math.max(big.confidence, small.confidence) };
}

/** Confidence given to a number its readings disagree on (under the review threshold). */
const DISAGREEMENT = 0.45;
/** Height (pixels) of the second, small reading of a number. */
const SMALL_DIGIT_HEIGHT = 18;
/** Height (pixels) of the last try at a cell nothing else could read. */
const LARGE_DIGIT_HEIGHT = 40;

/**
 * One glyph, slanted like "/": the ink of its top half lies well right of the ink of its bottom
 * half (a "1" stands upright; its flag shifts the top a little to the left).
 */
function isSlash(bin: Binary, box: Box): boolean {
  if (box.w < box.h * 0.3 || box.w > box.h * 0.9) return false;
  const mid = box.y + box.h / 2;
  let [topX, topN, botX, botN] = [0, 0, 0, 0];
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      if (!bin.data[y * bin.width + x]) continue;
      if (y < mid) [topX, topN] = [topX + x, topN + 1];
      else [botX, botN] = [botX + x, botN + 1];
    }
  }
  if (topN === 0 || botN === 0) return false;
  // No bar at the top or the bottom (7, 2, a serif 1): the ends of a slash are as thin as its stroke.
  const span = (y: number): number => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let x = box.x; x < box.x + box.w; x++) if (bin.data[y * bin.width + x]) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    return hi - lo + 1;
  };
  const ends = Math.max(1, Math.round(box.h * 0.12));
  for (let k = 0; k < ends; k++) if (span(box.y + k) > box.w * 0.6 || span(box.y + box.h - 1 - k) > box.w * 0.6) return false;
  return (topX / topN - botX / botN) / box.h > 0.18;
}

/**
 * The box of the ink inside a cell, its ruling lines left out (the cell is inset past them), or
 * null when the cell is empty. Specks (noise) do not count: a row or column needs a few ink pixels.
 */
function inkBox(bin: Binary, cell: Box, pxPerPt: number): { ink: Box; clip: Box } | null {
  const inset = Math.round(pxPerPt * 1.5);
  let x0 = Math.round(cell.x + inset);
  let x1 = Math.round(cell.x + cell.w - inset);
  let y0 = Math.round(cell.y + inset);
  let y1 = Math.round(cell.y + cell.h - inset);
  if (x1 - x0 < 3 || y1 - y0 < 3) return null;
  // A rule the grid missed (faint, broken) still runs along the cell's edge: a column or row of
  // the border zone that is mostly ink is a rule; the cell starts past it (else 0 reads as 10).
  const zone = Math.round(pxPerPt * 3);
  const colInk = (x: number): number => {
    let n = 0;
    for (let y = y0; y < y1; y++) n += bin.data[y * bin.width + x]!;
    return n / (y1 - y0);
  };
  const rowInk = (y: number): number => {
    let n = 0;
    for (let x = x0; x < x1; x++) n += bin.data[y * bin.width + x]!;
    return n / (x1 - x0);
  };
  for (let k = 0; k < zone && x1 - x0 > 3; k++) if (colInk(x0 + k) > 0.85) x0 += k + 1, (k = -1);
  for (let k = 0; k < zone && x1 - x0 > 3; k++) if (colInk(x1 - 1 - k) > 0.85) x1 -= k + 1, (k = -1);
  for (let k = 0; k < zone && y1 - y0 > 3; k++) if (rowInk(y0 + k) > 0.85) y0 += k + 1, (k = -1);
  for (let k = 0; k < zone && y1 - y0 > 3; k++) if (rowInk(y1 - 1 - k) > 0.85) y1 -= k + 1, (k = -1);
  if (x1 - x0 < 3 || y1 - y0 < 3) return null;
  const ink = inkExtent(bin, x0, y0, x1, y1, pxPerPt);
  return ink ? { ink, clip: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } } : null;
}

function inkExtent(bin: Binary, x0: number, y0: number, x1: number, y1: number, pxPerPt: number): Box | null {
  const w = bin.width;
  const rows = new Uint32Array(y1 - y0);
  const cols = new Uint32Array(x1 - x0);
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (bin.data[y * w + x]) {
        rows[y - y0]!++;
        cols[x - x0]!++;
        total++;
      }
    }
  }
  // The smallest mark worth reading (a "1" or a "-" of a 7 pt font) covers about this many pixels.
  if (total < Math.max(6, 2 * pxPerPt * pxPerPt)) return null;
  const minRun = 1;
  const firstRow = rows.findIndex((n) => n > minRun);
  const lastRow = rows.length - 1 - [...rows].reverse().findIndex((n) => n > minRun);
  const firstCol = cols.findIndex((n) => n > minRun);
  const lastCol = cols.length - 1 - [...cols].reverse().findIndex((n) => n > minRun);
  if (firstRow < 0 || firstCol < 0) return null;
  const box = { x: x0 + firstCol, y: y0 + firstRow, w: lastCol - firstCol + 1, h: lastRow - firstRow + 1 };
  if (box.h < pxPerPt * 2 && box.w < pxPerPt * 2) return null;
  return box;
}

/**
 * Text outside the tables: rows of the page with ink (grids masked) grouped into lines, each line
 * cut where a wide gap separates its parts (a date at the right margin, a page number).
 */
function textLines(bin: Binary, grids: readonly PixelGrid[], pxPerPt: number): Box[] {
  const { width: w, height: hgt } = bin;
  const m = Math.ceil(MASK_MARGIN_PT * pxPerPt);
  // The grids' boxes (with the margin) as spans [x0, x1] of the rows they cover: a row's ink
  // outside them is its ink less the ink inside them (the spans of one row never overlap: merged).
  const spans: [number, number][][] = Array.from({ length: hgt }, () => []);
  for (const g of grids) {
    const [gx0, gx1] = [Math.max(0, Math.floor(g.x0 - m)), Math.min(w - 1, Math.ceil(g.x1 + m))];
    for (let y = Math.max(0, Math.floor(g.y0 - m)); y <= Math.min(hgt - 1, Math.ceil(g.y1 + m)); y++) spans[y]!.push([gx0, gx1]);
  }
  for (let y = 0; y < hgt; y++) spans[y] = mergeSpans(spans[y]!);
  const masked = (x: number, y: number): boolean => spans[y]!.some(([a, b]) => x >= a && x <= b);
  const rowInk = new Uint32Array(hgt);
  for (let y = 0; y < hgt; y++) {
    const row = y * w;
    let n = 0;
    for (let x = 0; x < w; x++) n += bin.data[row + x]!;
    for (const [a, b] of spans[y]!) for (let x = a; x <= b; x++) n -= bin.data[row + x]!;
    rowInk[y] = n;
  }
  const minInk = 2;
  const bands: [number, number][] = [];
  let start = -1;
  for (let y = 0; y <= hgt; y++) {
    const ink = y < hgt && rowInk[y]! >= minInk;
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) {
      const last = bands[bands.length - 1];
      // A gap of a pixel or two inside a line (between the parts of a character) does not end it.
      if (last && start - last[1] <= Math.max(2, pxPerPt * 0.8)) last[1] = y;
      else bands.push([start, y]);
      start = -1;
    }
  }
  const out: Box[] = [];
  for (const [top, bottom] of bands) {
    const lh = bottom - top;
    if (lh < pxPerPt * 4 || lh > pxPerPt * 40) continue;
    const cols = new Uint8Array(w);
    for (let y = top; y < bottom; y++) {
      if (spans[y]!.length === 0) for (let x = 0; x < w; x++) cols[x] ||= bin.data[y * w + x]!;
      else for (let x = 0; x < w; x++) if (bin.data[y * w + x] && !masked(x, y)) cols[x] = 1;
    }
    let s = -1;
    let lastInk = -1;
    const gapMax = lh * 1.5;
    const flush = (): void => {
      if (s < 0) return;
      const box = inkExtent(bin, s, top, lastInk + 1, bottom, pxPerPt);
      if (box) out.push(box);
    };
    for (let x = 0; x < w; x++) {
      if (!cols[x]) continue;
      if (s < 0) s = x;
      else if (x - lastInk > gapMax) {
        flush();
        s = x;
      }
      lastInk = x;
    }
    flush();
  }
  return out;
}

/** Spans [x0, x1] (inclusive) merged where they overlap or touch, left to right. */
function mergeSpans(spans: [number, number][]): [number, number][] {
  if (spans.length < 2) return spans;
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [[...sorted[0]!]];
  for (const [a, b] of sorted.slice(1)) {
    const last = out[out.length - 1]!;
    if (a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
