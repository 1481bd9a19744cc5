/**
 * Figures the report's own prose states (`集中公开现行有效行政规范性文件698件，本年度制发88件`,
 * `收到政府信息公开申请75件`): evidence for a table whose digits ran together and whose rules
 * cannot say how to split them (table 2 has no arithmetic).
 */
import type { MatchedUnit, PageLine } from "../model/index.js";
import type { TemplateTable } from "../templates/index.js";
import { labelCore } from "./normalize.js";

export interface NarrativeSentence {
  text: string;
  /** Numbers followed by a unit of counting or money (58件, 3.5万元): quantities, not dates or ids. */
  figures: Set<number>;
}

const SENTENCE_END = /[。；;！!？?\n]/;
const FIGURE = /(\d+(?:\.\d+)?)\s*(?:件|项|个|条|次|份|宗|起|万元|元)/g;

/** The sentences of prose lines that state at least one figure. */
export function narrativeSentences(lines: readonly PageLine[]): NarrativeSentence[] {
  const out: NarrativeSentence[] = [];
  for (const line of lines) {
    const text = line.text.normalize("NFKC");
    if (!/[，,。]/.test(text)) continue;
    for (const sentence of text.split(SENTENCE_END)) {
      const figures = new Set<number>();
      for (const m of sentence.matchAll(FIGURE)) figures.add(Number(m[1]));
      if (figures.size > 0) out.push({ text: sentence.replace(/\s+/g, ""), figures });
    }
  }
  return out;
}

/**
 * The figures the prose states about a row: those in a clause (split at ，、；) that names the row by
 * its label without numbering (行政处罚, 规范性文件 …). Prose shortens labels (规范性文件 for
 * 行政规范性文件): a label's last five characters name it too.
 */
export function statedFigures(sentences: readonly NarrativeSentence[], rowLabels: readonly string[]): Set<number> {
  const names = rowLabels.map(labelCore).flatMap((c) => (c.length > 5 ? [c, c.slice(-5)] : [c]));
  const out = new Set<number>();
  for (const s of sentences) {
    if (!names.some((n) => s.text.includes(n))) continue;
    for (const clause of s.text.split(/[，,、；;：:]/)) {
      if (!names.some((n) => clause.includes(n))) continue;
      for (const m of clause.matchAll(FIGURE)) out.add(Number(m[1]));
    }
  }
  return out;
}

/**
 * The figures stated in clauses that have one of `clauseWords`, of sentences that have one of
 * `sentenceWords` (templates' ProseFigure: 涉及自然人72件 in the sentence of 收到政府信息公开申请).
 */
export function proseFigures(sentences: readonly NarrativeSentence[], sentenceWords: readonly string[], clauseWords: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const s of sentences) {
    if (!sentenceWords.some((w) => s.text.includes(w))) continue;
    for (const clause of s.text.split(/[，,、；;]/)) {
      if (!clauseWords.some((w) => clause.includes(w))) continue;
      for (const m of clause.matchAll(FIGURE)) out.add(Number(m[1]));
    }
  }
  return out;
}

/**
 * A cell whose value the prose states (one figure, ProseFigure) keeps its unit's readings that give
 * it, when some but not all do: the cell is flagged stated_in_text, and a cell left to the rules
 * (varies) that the readings kept all give one value is settled.
 */
export function settleByProse(units: MatchedUnit[], figure: TemplateTable["prose"][number], narrative: readonly NarrativeSentence[]): void {
  if (narrative.length === 0) return;
  const unit = units.find((u) => u.rows.includes(figure.row));
  if (!unit || unit.alternatives.length < 2) return;
  const stated = proseFigures(narrative, figure.sentence, figure.clause);
  if (stated.size !== 1) return;
  const [value] = stated;
  const r = unit.rows.indexOf(figure.row);
  const c = unit.columns[r]!.indexOf(figure.column);
  if (c < 0) return;
  // A cell printed blank is a stated 0 (其中自然人申请0件).
  const fitting = unit.alternatives.filter((m) => !m[r]![c]!.unknown && (m[r]![c]!.value ?? 0) === value);
  if (fitting.length === 0 || fitting.length === unit.alternatives.length) return;
  const alike = (rr: number, cc: number): boolean => fitting.every((m) => m[rr]![cc]!.value === fitting[0]![rr]![cc]!.value);
  unit.alternatives = fitting.map((m) =>
    m.map((cells, rr) =>
      cells.map((cell, cc) => {
        if (rr === r && cc === c) {
          const { varies: _, ...rest } = cell;
          return { ...rest, flags: [...rest.flags.filter((f) => f !== "ambiguous"), "stated_in_text" as const] };
        }
        if (!cell.varies || !alike(rr, cc)) return cell;
        const { varies: _, ...rest } = cell;
        return rest;
      }),
    ),
  );
}
