/**
 * Section headings → line ranges. Tables 2–4 sit under sections 二–四; the prose of every section
 * is kept for the record's `sections`. Headings are matched on whole lines, so the preamble that
 * lists the six parts in one sentence is not taken for a heading.
 */
import type { PageLine } from "../model/index.js";
import type { Template } from "../templates/index.js";
import { labelCore, normalizeText } from "./normalize.js";
import { similarity } from "./similarity.js";

export interface SectionHit {
  key: string;
  /** Index into the lines array of the heading line. */
  index: number;
  score: number;
  /** The heading runs on into the section's first line (run-on text): character offset where it ends. */
  endsAt?: number;
}

/** Longest line read as a heading alone; a longer one is a heading only where it starts with one. */
const MAX_HEADING_LENGTH = 40;

/** Every character whose NFKC form has 、 (U+3001; U+FE11, U+FE51, U+FF64 map to it). */
const MAY_HAVE_COMMA = /[\u3001\ufe11\ufe51\uff64]/;

const SECTION_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** The sections of the templates by key, in order of first appearance (the national templates share theirs). */
export function templateSections(templates: readonly Template[]): Template["sections"] {
  const byKey = new Map<string, Template["sections"][number]>();
  for (const t of templates) for (const s of t.sections) if (!byKey.has(s.key)) byKey.set(s.key, s);
  return [...byKey.values()];
}

/** Templates are loaded once and never change: each section's label cores are found once (issue 14). */
const labelsBySection = new WeakMap<Template["sections"][number], readonly string[]>();

function sectionLabels(section: Template["sections"][number]): readonly string[] {
  let labels = labelsBySection.get(section);
  if (!labels) labelsBySection.set(section, (labels = [section.label_zh, ...section.aliases].map(labelCore)));
  return labels;
}

/** Sections are looked for in order, each after the one before; a heading starts with its numeral as printed in its label (四、), or else its position's. */
export function findSections(lines: readonly PageLine[], sections: Template["sections"]): SectionHit[] {
  const hits: SectionHit[] = [];
  let from = 0;
  // A section not found leaves the next one's scan to start where it did: each line normalized once.
  const normalized: (string | undefined)[] = new Array(lines.length);
  sections.forEach((section, order) => {
    const numeral = /^([一二三四五六七八九十]+)、/.exec(section.label_zh)?.[1] ?? SECTION_NUMERALS[order] ?? "";
    const labels = sectionLabels(section);
    for (let i = from; i < lines.length; i++) {
      // A line with no 、 in any form NFKC maps to it cannot start with one: not normalized (issue 14).
      if (!MAY_HAVE_COMMA.test(lines[i]!.text)) continue;
      const text = (normalized[i] ??= normalizeText(lines[i]!.text));
      // A heading starts with its numeral (一、) and is short; a table row such as 四、结转下年度… is not.
      if (!text.startsWith(`${numeral}、`)) continue;
      const core = labelCore(text);
      if (text.length <= MAX_HEADING_LENGTH) {
        const score = Math.max(...labels.map((l) => (core.startsWith(l) ? 1 : similarity(core, l))));
        if (score >= 0.75) {
          hits.push({ key: section.key, index: i, score });
          from = i + 1;
          return;
        }
        continue;
      }
      // Run-on text: the heading is followed on its line by the section's text (四、…诉讼情况行政复议…).
      const runOn = runOnHeading(lines[i]!.text, labels);
      if (runOn) {
        hits.push({ key: section.key, index: i, score: runOn.score, endsAt: runOn.endsAt });
        from = i + 1;
        return;
      }
    }
  });
  return hits;
}

/**
 * A line that starts with one of the labels (exactly, or within a character or two): the score and
 * where the label ends in the line. The label's last characters locate its end in the printed text.
 */
function runOnHeading(raw: string, labels: readonly string[]): { score: number; endsAt: number } | null {
  const text = raw;
  const start = text.indexOf("、") + 1;
  let best: { score: number; endsAt: number } | null = null;
  for (const label of labels) {
    const head = normalizeText(text.slice(start, start + label.length + 4));
    const score = head.startsWith(label) ? 1 : similarity(head.slice(0, label.length), label);
    if (score < 0.85 || (best && best.score >= score)) continue;
    const tail = label.slice(-2);
    const at = text.indexOf(tail, start + Math.max(0, label.length - 4));
    const endsAt = at >= 0 && at <= start + label.length + 2 ? at + tail.length : start + label.length;
    best = { score, endsAt };
  }
  return best;
}

/**
 * Heading lines that run on into their section (see SectionHit.endsAt) cut in two: the heading, and
 * the rest of the line as the section's first line (same page and line number, tokens cut at the
 * heading's end). Hits are re-indexed to the new lines.
 */
export function splitRunOnHeadings(lines: readonly PageLine[], hits: readonly SectionHit[]): { lines: PageLine[]; hits: SectionHit[] } {
  if (!hits.some((h) => h.endsAt !== undefined)) return { lines: [...lines], hits: [...hits] };
  const out: PageLine[] = [];
  const newIndex = new Map<number, number>();
  const cutAt = new Map(hits.filter((h) => h.endsAt !== undefined).map((h) => [h.index, h.endsAt!]));
  lines.forEach((line, i) => {
    newIndex.set(i, out.length);
    const at = cutAt.get(i);
    if (at === undefined) return void out.push(line);
    const head: PageLine = { ...line, text: line.text.slice(0, at), tokens: [] };
    const rest: PageLine = { ...line, text: line.text.slice(at), tokens: [], blankBefore: 0 };
    for (const t of line.tokens) {
      const end = t.column + t.text.length;
      if (end <= at) head.tokens.push(t);
      else if (t.column >= at) rest.tokens.push(t);
      else {
        head.tokens.push({ ...t, text: t.text.slice(0, at - t.column) });
        rest.tokens.push({ ...t, text: t.text.slice(at - t.column), column: at });
      }
    }
    out.push(head);
    if (rest.tokens.length > 0) out.push(rest);
  });
  return { lines: out, hits: hits.map((h) => ({ ...h, index: newIndex.get(h.index)! })) };
}

/** Line index range [start, end) of the section with this key, ending at the next section found. */
export function sectionRange(hits: readonly SectionHit[], key: string, lineCount: number): [number, number] | null {
  const at = hits.findIndex((h) => h.key === key);
  if (at < 0) return null;
  return [hits[at]!.index + 1, hits[at + 1]?.index ?? lineCount];
}

export function sectionTexts(lines: readonly PageLine[], hits: readonly SectionHit[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const hit of hits) {
    const range = sectionRange(hits, hit.key, lines.length)!;
    out[hit.key] = lines
      .slice(range[0], range[1])
      .map((l) => l.text.trim())
      .join("\n");
  }
  return out;
}
