/**
 * Reports saved as Markdown (what many crawlers and HTML-to-text converters write today): a table
 * row `| 行政许可 | 0 | 3 |` is read as the tab-separated row it stands for (`行政许可\t0\t3`, an empty
 * cell an empty field), the rule under a table's header (`| --- | :---: |`) is dropped, and a
 * heading's `#` marks are taken off. Lines of any other text are left as they are.
 */

/** A table row: starts and ends with a pipe (a row of one cell too: a block's caption). */
const TABLE_ROW = /^\|.*\|$/;
/** The delimiter row under a table's header: cells of dashes, with colons for alignment. */
const DELIMITER_ROW = /^\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*\|?$/;
const HEADING = /^#{1,6}\s+/;

export function markdownAsText(lines: readonly string[]): string[] {
  if (!lines.some((l) => TABLE_ROW.test(l.trim()) || HEADING.test(l))) return lines as string[];
  return lines.map((line) => {
    const t = line.trim();
    if (DELIMITER_ROW.test(t)) return "";
    if (TABLE_ROW.test(t)) return t.slice(1, -1).split("|").map((cell) => cell.trim()).join("\t");
    return line.replace(HEADING, "");
  });
}
