/**
 * Many small crops (cells, text lines) → one strip image, each crop on its own line with white
 * space around it, recognized in one engine call; the words that come back are mapped to their crop
 * by position. One call per page and mode instead of one per cell: the engine's fixed cost per
 * image is paid once, and every value still keeps its own cell and its own confidence.
 */
import type { OcrEngine, OcrMode, OcrWord } from "./engines.js";
import { scale, type Gray } from "./image-ops.js";

export interface CropReading {
  text: string;
  /** Lowest word confidence in the crop, 0..1; 0 when nothing was read. */
  confidence: number;
}

/** White space around each crop, pixels. */
const PAD = 24;

/** Debug: sees every strip before recognition (scripts write them to /tmp to look at). */
let debugHook: ((strip: Gray, mode: OcrMode) => void) | undefined;
export function setMontageDebug(hook: typeof debugHook): void {
  debugHook = hook;
}

/**
 * `factor`: enlargement of every crop, or one per crop. `strips`: how many strips the crops are
 * laid out in, recognized at once (one per engine free to take one; see splitByWidth).
 */
export async function recognizeCrops(engine: OcrEngine, crops: readonly Gray[], mode: OcrMode, factor: number | readonly number[], strips = 1): Promise<CropReading[]> {
  if (crops.length === 0) return [];
  const scaled = crops.map((c, i) => {
    const f = typeof factor === "number" ? factor : factor[i]!;
    return f === 1 ? c : scale(c, f);
  });
  const readings: CropReading[] = new Array(scaled.length);
  await Promise.all(
    splitByWidth(scaled, strips).map(async (group) => {
      const got = await readStrip(engine, group.map((i) => scaled[i]!), mode);
      group.forEach((i, k) => (readings[i] = got[k]!));
    }),
  );
  return readings;
}

/** Below this many crops a pass stays one strip (a second engine call would cost more than it saves). */
const MIN_CROPS_TO_SPLIT = 8;

/**
 * The crops' indices in `strips` groups by width, narrow to wide, of about equal total width (the
 * engine's time on a line grows with its length), each group in its original order. A strip is as
 * wide as its widest crop: the narrow label cells no longer sit in a strip as wide as the page's
 * prose lines, and the groups can be read by two engines at once (a page's Chinese pass is most
 * of its time; in one strip the other engine waited for it at the end of a run).
 */
export function splitByWidth(crops: readonly Gray[], strips: number): number[][] {
  const all = crops.map((_, i) => i);
  if (strips <= 1 || crops.length < MIN_CROPS_TO_SPLIT) return [all];
  const byWidth = [...all].sort((a, b) => crops[a]!.width - crops[b]!.width || a - b);
  const total = crops.reduce((s, c) => s + c.width, 0);
  const groups: number[][] = [[]];
  let sum = 0;
  for (const i of byWidth) {
    if (sum >= (total * groups.length) / strips && groups.length < strips) groups.push([]);
    groups[groups.length - 1]!.push(i);
    sum += crops[i]!.width;
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b));
}

/** The crops on one strip, one engine call; the words mapped back to their crops by position. */
async function readStrip(engine: OcrEngine, scaled: readonly Gray[], mode: OcrMode): Promise<CropReading[]> {
  const width = Math.max(...scaled.map((c) => c.width)) + 2 * PAD;
  const slots: [number, number][] = [];
  let y = PAD;
  for (const c of scaled) {
    slots.push([y, y + c.height]);
    y += c.height + PAD + Math.round(c.height * 0.5);
  }
  const height = y + PAD;
  const data = new Uint8Array(width * height).fill(255);
  scaled.forEach((c, i) => {
    const top = slots[i]![0];
    for (let r = 0; r < c.height; r++) data.set(c.data.subarray(r * c.width, (r + 1) * c.width), (top + r) * width + PAD);
  });
  const strip = { width, height, data };
  debugHook?.(strip, mode);
  const words = await engine.recognize(strip, mode);
  const per: OcrWord[][] = scaled.map(() => []);
  for (const w of words) {
    const cy = w.y + w.height / 2;
    const i = slots.findIndex(([t, b]) => cy >= t - PAD / 2 && cy <= b + PAD / 2);
    if (i >= 0) per[i]!.push(w);
  }
  return per.map((all) => {
    const ws = dropShadowLines(all);
    if (ws.length === 0) return { text: "", confidence: 0 };
    // Reading order inside a crop: lines top to bottom (a wrapped label), words left to right.
    const lineH = Math.max(...ws.map((w) => w.height)) * 0.6;
    ws.sort((a, b) => (Math.abs(a.y - b.y) > lineH ? a.y - b.y : a.x - b.x));
    return { text: ws.map((w) => w.text).join(""), confidence: Math.min(...ws.map((w) => w.confidence)) };
  });
}

/**
 * The engine sometimes finds a second, spurious text line on top of a real one (a bold heading
 * read twice, once as garbage). Of two lines that overlap by more than half their height, the one
 * with the better mean confidence is kept.
 */
function dropShadowLines(words: readonly OcrWord[]): OcrWord[] {
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  const spans = [...lines.values()].map((ws) => ({
    ws,
    top: Math.min(...ws.map((w) => w.y)),
    bottom: Math.max(...ws.map((w) => w.y + w.height)),
    score: ws.reduce((s, w) => s + w.confidence, 0) / ws.length,
  }));
  const kept = spans.filter((a) =>
    !spans.some((b) => {
      if (a === b) return false;
      const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      const shorter = Math.min(a.bottom - a.top, b.bottom - b.top);
      return overlap > 0.5 * shorter && (b.score > a.score || (b.score === a.score && spans.indexOf(b) < spans.indexOf(a)));
    }),
  );
  return kept.flatMap((l) => l.ws);
}
