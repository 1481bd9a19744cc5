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
}

const SECTION_NUMERALS = ["一", "二", "三", "四", "五", "六"];

export function findSections(lines: readonly PageLine[], template: Template): SectionHit[] {
  const hits: SectionHit[] = [];
  let from = 0;
  template.sections.forEach((section, order) => {
    const numeral = SECTION_NUMERALS[order]!;
    const labels = [section.label_zh, ...section.aliases].map(labelCore);
    for (let i = from; i < lines.length; i++) {
      const text = normalizeText(lines[i]!.text);
      // A heading starts with its numeral (一、) and is short; a table row such as 四、结转下年度… is not.
      if (!text.startsWith(`${numeral}、`) || text.length > 40) continue;
      const core = labelCore(text);
      const score = Math.max(...labels.map((l) => (core.startsWith(l) ? 1 : similarity(core, l))));
      if (score >= 0.75) {
        hits.push({ key: section.key, index: i, score });
        from = i + 1;
        return;
      }
    }
  });
  return hits;
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
