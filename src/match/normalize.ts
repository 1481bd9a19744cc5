/**
 * Label normalization for matching (TEMPLATES.md §7): NFKC (full-width → half-width), no
 * whitespace, quotes dropped, `1、`/`1．` → `1.`, and optionally numbering and notes stripped.
 */
const NUMBERING = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、])/;
/** Parenthetical notes that are not part of the label's identity: (区分处理的…), (单位：万元), (本列数据…). */
const NOTE = /\([^()]{3,}\)?$|\([^()]{3,}\)/g;

/** Whitespace and quotes, both dropped: one pass instead of two (the same deletions). */
const DROPPED = /[\s\u3000“”‘’"'「」『』]+/g;

// One deletion pass, and the two rewrites only where their character occurs: half the time of the
// four unconditional passes (issue 14; this runs on every line and fragment of a document).
export function normalizeText(s: string): string {
  let t = s.normalize("NFKC").replace(DROPPED, "");
  if (t.includes("、")) t = t.replace(/(\d)、/g, "$1.");
  if (t.includes("：")) t = t.replace(/[：]/g, ":");
  return t;
}

/** normalizeText and labelCore of the templates' strings (labels, captions: a few hundred), each found once (issue 14). */
const templateTexts = new Map<string, string>();
const templateCores = new Map<string, string>();

/** normalizeText(s) for a string of the templates, remembered. */
export function templateText(s: string): string {
  let t = templateTexts.get(s);
  if (t === undefined) templateTexts.set(s, (t = normalizeText(s)));
  return t;
}

/** labelCore(s) for a string of the templates, remembered. */
export function templateCore(s: string): string {
  let t = templateCores.get(s);
  if (t === undefined) templateCores.set(s, (t = labelCore(s)));
  return t;
}

/** The numbering prefix of a normalized label, e.g. "一、", "(七)", "3.". */
export function numberingOf(normalized: string): string | null {
  return NUMBERING.exec(normalized)?.[0] ?? null;
}

/** The part of a label that identifies it: no numbering, no parenthetical notes. */
export function labelCore(label: string): string {
  const n = normalizeText(label);
  return n.replace(NUMBERING, "").replace(NOTE, "");
}

/** Numbering as printed in the template (`一`, `（一）`, `1`) → normalized (`一、`, `(一)`, `1.`). */
export function normalizeNumbering(numbering: string): string {
  const n = normalizeText(numbering);
  if (/^\d+$/.test(n)) return `${n}.`;
  if (/^[一二三四五六七八九十]+$/.test(n)) return `${n}、`;
  return n;
}

/** A pattern matching any of the words as printed (none: null). */
export function anyOf(words: readonly string[]): RegExp | null {
  return words.length === 0 ? null : new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
}
