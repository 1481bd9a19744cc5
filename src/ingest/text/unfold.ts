/**
 * Text folded at a fixed width: a tool that saved a crawled page cut its one-line body into lines
 * of N characters, or N display columns (a wide character that does not fit leaves N − 1), wherever
 * the width ran out — inside a label or a row's digit run (`…申请数量5800` / `000 58`). No line of
 * such text is wider than N, and most long ones are N wide. Their breaks are no text's own: the
 * lines are joined back.
 */
import { displayWidth } from "./width.js";

/** Lines shorter than this are not taken for folded ones (a fold of a few characters is no fold). */
const MIN_FOLD_WIDTH = 20;
/** Lines of the fold's width it takes to tell a fold from chance. */
const MIN_FOLDED_LINES = 8;
/** Share of the long lines that are of the fold's width. */
const MIN_FOLDED_SHARE = 0.6;

/** Characters (UTF-16 units: a character outside the BMP counts two, as rare in reports as a fold inside one), or display columns. */
const MEASURES: readonly ((s: string) => number)[] = [(s) => s.length, displayWidth];

/** The lines joined back where a fold cut them, or null when the text shows no fold. */
export function unfolded(lines: readonly string[]): string[] | null {
  if (!lengthsCluster(lines)) return null;
  for (const measure of MEASURES) {
    const widths = lines.map(measure);
    const counts = new Map<number, number>();
    for (const w of widths) if (w >= MIN_FOLD_WIDTH) counts.set(w, (counts.get(w) ?? 0) + 1);
    const long = [...counts.values()].reduce((a, b) => a + b, 0);
    const fold = Math.max(0, ...counts.keys());
    const folded = (counts.get(fold) ?? 0) + (counts.get(fold - 1) ?? 0);
    // The widest lines are the fold: most long lines reach it, none passes it.
    if (folded < MIN_FOLDED_LINES || folded < long * MIN_FOLDED_SHARE) continue;
    const out: string[] = [];
    let open = "";
    lines.forEach((line, i) => {
      open += line;
      if (widths[i]! < fold - 1) {
        out.push(open);
        open = "";
      }
    });
    if (open) out.push(open);
    return out;
  }
  return null;
}

/**
 * A quick look first, by length alone (most texts are no fold, and measuring every character of
 * them cost text reading 5 %): folded lines, by characters or by display columns, are of about one
 * length (a display fold of Chinese text: half its width, give or take its few narrow characters).
 */
function lengthsCluster(lines: readonly string[]): boolean {
  const counts = new Map<number, number>();
  let long = 0;
  for (const line of lines) {
    if (line.length < MIN_FOLD_WIDTH / 2) continue;
    long++;
    counts.set(line.length, (counts.get(line.length) ?? 0) + 1);
  }
  let best = 0;
  for (const len of counts.keys()) {
    let near = 0;
    for (let d = -LENGTH_SPREAD; d <= LENGTH_SPREAD; d++) near += counts.get(len + d) ?? 0;
    best = Math.max(best, near);
  }
  return best >= MIN_FOLDED_LINES && best >= long * MIN_FOLDED_SHARE * 0.75;
}

/** Characters a display fold's lines may differ by in length (narrow characters among wide ones). */
const LENGTH_SPREAD = 4;
