/**
 * Where do the template's row labels occur in a table's text? The text fragments of the table are
 * concatenated (numbers left out), so a label broken over lines, pages or cells is found whole, with
 * stray characters (a vertical heading's pieces) costing an edit each.
 */
import type { FlagCode, Item, TextItem } from "../model/index.js";
import type { TemplateRow } from "../templates/index.js";
import { labelCore, normalizeNumbering, normalizeText } from "./normalize.js";
import { findApprox, toleranceFor } from "./similarity.js";

/**
 * A row label found with a similarity score under this is not taken (pipeline option
 * match.labelCutoff): 0.75 lets one misprinted character in four through (先行有效件数 for
 * 现行有效件数) and keeps another row's label out.
 */
export const DEFAULT_LABEL_CUTOFF = 0.75;

export interface LabelHit {
  row: string;
  /** Item indices of the first and last fragment the label was found in. */
  firstItem: number;
  lastItem: number;
  /** Character offset of the label in the table's text (tableText): orders labels within one item. */
  start: number;
  score: number;
  flags: FlagCode[];
  page: number;
  line: number;
  raw: string;
}

export interface TableText {
  text: string;
  /** For each char of `text`, the index of the item it came from. */
  itemOf: Int32Array;
}

/**
 * The table's text fragments concatenated. Fragments that are pieces of a heading which is never a
 * row (`headings`: 三、本年度办理结果, （五）不予处理 …) are left out: in a narrow label column they
 * land between the fragments of a wrapped row label (3.要求提供公 / （五） / 开出版物). A fragment
 * that continues the one before it on its line into a piece of one of `rowLabels` is kept.
 */
export function tableText(items: readonly Item[], headings: readonly string[] = [], rowLabels: readonly string[] = []): TableText {
  let text = "";
  const owners: number[] = [];
  let previous: { line: number; page: number; text: string } | null = null;
  items.forEach((item, i) => {
    if (item.kind !== "text") return;
    const t = normalizeText(item.text);
    const before = previous;
    previous = { line: item.line, page: item.page, text: t };
    // Kept when it completes the fragment before it on its line into a piece of a row label: a
    // label split by a space (（六）其他 处理: 处理 is also a piece of （五）不予处理).
    const continues = (): boolean => before !== null && before.line === item.line && before.page === item.page && rowLabels.some((l) => l.includes(before.text + t));
    if (t && headings.some((h) => h.includes(t)) && !continues()) return;
    text += t;
    for (let k = 0; k < t.length; k++) owners.push(i);
  });
  return { text, itemOf: Int32Array.from(owners) };
}

/** Patterns a row is searched by: its core (numbering kept when the core alone is too short) and aliases. */
export function rowPatterns(row: TemplateRow): readonly { pattern: string; alias: boolean }[] {
  let patterns = patternsByRow.get(row);
  if (!patterns) patternsByRow.set(row, (patterns = computeRowPatterns(row)));
  return patterns;
}

/** Template rows are loaded once and never change: their patterns are derived once (issue 14). */
const patternsByRow = new WeakMap<TemplateRow, readonly { pattern: string; alias: boolean }[]>();

function computeRowPatterns(row: TemplateRow): { pattern: string; alias: boolean }[] {
  const core = labelCore(row.label_zh);
  const withNumbering = (c: string): string => (c.length < 5 && row.numbering ? normalizeNumbering(row.numbering) + c : c);
  return [
    { pattern: withNumbering(core), alias: false },
    ...row.aliases.map((a) => ({ pattern: withNumbering(labelCore(a)), alias: true })),
  ];
}

export function findLabel(row: TemplateRow, tt: TableText, items: readonly Item[]): LabelHit | null {
  let best: { start: number; end: number; distance: number; len: number; alias: boolean } | null = null;
  for (const { pattern, alias } of rowPatterns(row)) {
    const hit = findApprox(pattern, tt.text, toleranceFor(pattern.length));
    if (!hit) continue;
    const rel = hit.distance / pattern.length;
    if (!best || rel < best.distance / best.len) best = { ...hit, len: pattern.length, alias };
  }
  if (!best) return null;
  const firstItem = tt.itemOf[best.start]!;
  const lastItem = tt.itemOf[best.end - 1]!;
  const first = items[firstItem] as TextItem;
  const flags: FlagCode[] = [];
  if (best.alias) flags.push("label_alias");
  if (best.distance > 0) flags.push("label_fuzzy");
  const lines = new Set<number>();
  for (let i = firstItem; i <= lastItem; i++) if (items[i]!.kind === "text") lines.add(items[i]!.line);
  if (lines.size > 1) flags.push("label_joined");
  return {
    row: row.key,
    firstItem,
    lastItem,
    start: best.start,
    score: 1 - best.distance / best.len,
    flags,
    page: first.page,
    line: first.line,
    raw: tt.text.slice(best.start, best.end),
  };
}

/**
 * One printed label is one row's. A label found fuzzily in the very text another row's label was
 * found in with a better score is not that row's label (OCR garbled 一、本年新收政府信息公开申请数量,
 * and its fuzzy search landed on 二、上年结转政府信息公开申请数量, the next row's): the weaker hit is
 * dropped, and the row counts as not found. Hits of equal score are both kept.
 */
export function dropShadowedHits(hits: Map<string, LabelHit>): void {
  const all = [...hits.values()];
  // Most of the weaker hit's text: a fuzzy hit may take in a character of the label before it (量一)予以公开).
  const overlaps = (weak: LabelHit, strong: LabelHit): boolean => {
    const shared = Math.min(weak.start + weak.raw.length, strong.start + strong.raw.length) - Math.max(weak.start, strong.start);
    return shared * 2 > weak.raw.length;
  };
  for (const hit of all) {
    if (all.some((other) => other !== hit && other.score > hit.score && overlaps(hit, other))) hits.delete(hit.row);
  }
}
