/** Page furniture that interrupts tables: `-3-`, `- 4 -`, `第 3 页`, `第3页 共5页`, `3/5`. */
const FOOTER_PATTERNS = [
  /^[-－—–]\s*\d{1,4}\s*[-－—–]$/,
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
];

export function isPageFooter(lineText: string): boolean {
  const t = lineText.normalize("NFKC").trim();
  return FOOTER_PATTERNS.some((re) => re.test(t));
}

/**
 * A page number as OCR reads it at the foot of a scanned page: a few digits among dashes, dots,
 * bars (`3-`, `-1`, `.3-`, `:2`, `2`), perhaps with 第…页. Read as text it would be a stray number.
 */
export function looksLikePageNumber(lineText: string): boolean {
  const t = lineText.normalize("NFKC").replace(/\s+/g, "");
  return t.length <= 8 && /^[-—–_=~|.:·,\[\]第共页]*\d{1,3}[-—–_=~|.:·,\[\]第共页]*$/.test(t);
}
