/**
 * Label normalization for matching (TEMPLATES.md §7): NFKC (full-width → half-width), no
 * whitespace, quotes dropped, `1、`/`1．` → `1.`, and optionally numbering and notes stripped.
 */
const QUOTES = /[“”‘’"'「」『』]/g;
const NUMBERING = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、])/;
/** Parenthetical notes that are not part of the label's identity: (区分处理的…), (单位：万元), (本列数据…). */
const NOTE = /\([^()]{3,}\)?$|\([^()]{3,}\)/g;

/**
 * Normalized labels and fragments, remembered: the same template labels and table fragments are
 * normalized many times per document and across documents (issue 14). Short strings only, and the
 * cache is dropped whole when full, so memory stays bounded.
 */
const normalized = new Map<string, string>();
const CACHE_MAX_LENGTH = 64;
const CACHE_MAX_ENTRIES = 20_000;

export function normalizeText(s: string): string {
  if (s.length > CACHE_MAX_LENGTH) return normalizeUncached(s);
  let n = normalized.get(s);
  if (n === undefined) {
    if (normalized.size >= CACHE_MAX_ENTRIES) normalized.clear();
    normalized.set(s, (n = normalizeUncached(s)));
  }
  return n;
}

function normalizeUncached(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(QUOTES, "")
    .replace(/(\d)、/g, "$1.")
    .replace(/[：]/g, ":");
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
