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
