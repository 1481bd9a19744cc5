/**
 * Display width of text in terminal columns, as string-width counts it (a Chinese character takes
 * two), for the workbook's column widths and `nianbao show`. string-width segments graphemes with
 * Intl.Segmenter: ~35 ms of CPU to load and ~40 µs a call, a noticeable part of a one-document run
 * (issue 14). Text made only of characters whose width is known alone — nearly all of a report's —
 * is measured directly (`simpleWidth`); string-width loads for the rest, once.
 */
import { createRequire } from "node:module";

type Measure = (s: string) => number;

// A Node that can require() an ES module (20.19+, 22.12+) loads string-width on first use; an
// older one with this module.
const early: Measure | null = (process.features as { require_module?: boolean }).require_module ? null : (await import("string-width")).default;
let late: Measure | undefined;

function stringWidth(s: string): number {
  if (early) return early(s);
  late ??= (createRequire(import.meta.url)("string-width") as { default: Measure }).default;
  return late(s);
}

/**
 * Width of text made only of characters each one grapheme of a known width on its own: printable
 * ASCII, the middle dot and general punctuation (1), CJK ideographs, CJK punctuation and fullwidth
 * forms (2) — what string-width gives them (tests/xlsx-direct.test.ts checks every one of these
 * characters and mixed strings against it). -1 for any other text.
 */
export function simpleWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || c === 0xb7 || (c >= 0x2010 && c <= 0x2027)) w += 1;
    else if ((c >= 0x3000 && c <= 0x3029) || (c >= 0x3030 && c <= 0x303e) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)) w += 2;
    else return -1;
  }
  return w;
}

const measured = new Map<string, number>();

/** string-width's count: simpleWidth where it applies, string-width (once per distinct string, up to 10,000 kept) for the rest. */
export function textWidth(s: string): number {
  const simple = simpleWidth(s);
  if (simple >= 0) return simple;
  let w = measured.get(s);
  if (w === undefined) {
    w = stringWidth(s);
    if (measured.size < 10_000) measured.set(s, w);
  }
  return w;
}
