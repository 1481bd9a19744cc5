/** Page furniture that interrupts tables: `-3-`, `- 4 -`, `第 3 页`, `第3页 共5页`, `3/5`. */
const FOOTER_PATTERNS = [
  /^[-－—–]\s*\d{1,4}\s*[-－—–]$/,
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
];
/**
 * 3/5, 3 / 5: also a table row of two numbers and a blank printed `/` (`4 / 1365`), so taken for a
 * page number only at a page's edge (where the text has pages), never set wide apart
 * (`4      /      1365`), and with the page not past the count.
 */
const PAGE_OF_PAGES = /^(\d{1,3}) {0,2}\/ {0,2}(\d{1,3})$/;

/**
 * Every character whose NFKC form has an ASCII digit (0–9, full-width ０–９, super- and subscripts,
 * circled and parenthesized numbers, squared ㍘…, mathematical digits …): a line with none of them
 * has no digit once normalized, and every footer pattern needs one. Listed from Node 20's ICU.
 */
const MAY_HAVE_DIGIT =
  /[0-9\u00b2\u00b3\u00b9\u00bc-\u00be\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189\u2460-\u249b\u24ea\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378\u3379\u339f-\u33a6\u33a8\u33af\u33e0-\u33fe\uff10-\uff19\u{1ccf0}-\u{1ccf9}\u{1d7ce}-\u{1d7ff}\u{1f100}-\u{1f10a}\u{1fbf0}-\u{1fbf9}]/u;

/** `atPageEdge`: the line is among the first or last two of its page, or the text has no pages. */
export function isPageFooter(lineText: string, atPageEdge = true): boolean {
  // Most lines of a table region are tested here: those without a digit in any form are not
  // normalized (issue 14).
  if (!MAY_HAVE_DIGIT.test(lineText)) return false;
  const t = lineText.normalize("NFKC").trim();
  if (FOOTER_PATTERNS.some((re) => re.test(t))) return true;
  const m = atPageEdge ? PAGE_OF_PAGES.exec(t) : null;
  return m !== null && Number(m[1]) <= Number(m[2]);
}

/**
 * A page number as OCR reads it at the foot of a scanned page: a few digits among dashes, dots,
 * bars (`3-`, `-1`, `.3-`, `:2`, `2`), perhaps with 第…页. Read as text it would be a stray number.
 */
export function looksLikePageNumber(lineText: string): boolean {
  const t = lineText.normalize("NFKC").replace(/\s+/g, "");
  return t.length <= 8 && /^[-—–_=~|.:·,\[\]第共页]*\d{1,3}[-—–_=~|.:·,\[\]第共页]*$/.test(t);
}
