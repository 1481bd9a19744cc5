/**
 * Figures the report's own prose states (`集中公开现行有效行政规范性文件698件，本年度制发88件`,
 * `收到政府信息公开申请75件`): evidence for a table whose digits ran together and whose rules
 * cannot say how to split them (table 2 has no arithmetic).
 */
import type { PageLine } from "../model/index.js";
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
