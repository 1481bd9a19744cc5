/**
 * Run-on text: a web page whose HTML tags were stripped with no separator in their place, as
 * crawled archives keep them. The whole body is one line, headings run on inline, and a table row
 * is its label followed by its cells glued into one run of digits
 * (`一、本年新收政府信息公开申请数量190000019`).
 *
 * Such a line is cut back into lines at the places a report's structure shows without knowing any
 * template: before enumerators (`二、`, `（三）`, `第二十条`), before a sub-row numbering digit glued to
 * the digits before it (`…3200000326.属于` → `…320000032` / `6.属于`), and after a run of digits
 * followed by text that is no unit (`规章000行政规范性文件3123` → `规章000` / `行政规范性文件3123`).
 * The lines this makes have no positions worth reading (their columns mean nothing), and any number
 * in them may be several cells whose separators were lost: the page model says so
 * (`separatorsLost`), and later stages split digit runs by the table's rules.
 */

import { decodeEntities } from "./entities.js";
import { markdownAsText } from "./markdown.js";
import { unfolded } from "./unfold.js";

/** Shorter lines are never run-on bodies (a long paragraph of prose is ~300 characters). */
const MIN_RUN_ON_LENGTH = 300;

const ENUMERATOR = /[一二三四五六]、/g;

/** A line is a run-on body when it is long and holds several section enumerators inline. */
export function isRunOnLine(line: string): boolean {
  if (line.length < MIN_RUN_ON_LENGTH) return false;
  const seen = new Set(line.match(ENUMERATOR) ?? []);
  return seen.size >= 3;
}

/** Characters after a number that make it a quantity in prose (58件, 2024年, 99.04%), not a table cell. */
const UNIT_AFTER = "年月日号时分秒件个条人次项元万亿%％‰名家份期批篇册场户套辆台";

/**
 * Break points of a run-on line, as character offsets where a new line starts. Each rule is a
 * lookahead so that breaks are positions, never consumed text.
 */
const BREAKS: RegExp[] = [
  // 二、 三、 … (not the second character of 十一、).
  /(?<![一二三四五六七八九十])(?=[一二三四五六七八九十]{1,2}、)/g,
  // （一） … but not inside 第二十条第（一）项.
  /(?<!第)(?=[（(][一二三四五六七八九十]{1,2}[）)])/g,
  /(?=第[一二三四五六七八九十]+条)/g,
  // A sub-row numbering digit: 1. 2、 3．, also when glued to the digits of the row before it.
  /(?=\d[.、．](?!\d))/g,
  // After digits that are followed by text that is no unit.
  /(?<=\d)(?=[\u4e00-\u9fff（(“"])/g,
];

/** A run-on line cut into lines (trimmed, none empty). */
export function splitRunOnLine(line: string): string[] {
  const cuts = new Set<number>();
  for (const re of BREAKS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      cuts.add(m.index);
      re.lastIndex = m.index + 1;
    }
  }
  // Digits followed by a unit are a quantity in prose (58件), not a row's cells ending.
  const sorted = [...cuts].filter((at) => at > 0 && !isUnitBreak(line, at)).sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const at of [...sorted, line.length]) {
    const piece = line.slice(from, at).trim();
    if (piece) out.push(piece);
    from = at;
  }
  return out;
}

function isUnitBreak(line: string, at: number): boolean {
  return /\d/.test(line[at - 1] ?? "") && UNIT_AFTER.includes(line[at] ?? "");
}

/**
 * A row line whose numbers touch its label: `（一）予以公开0000000`, `规章000`, `（一）予以公开757` (a
 * page that prints zeros blank), `行政许可18 26` (a blank cell written as &nbsp;). Text that keeps its
 * separators puts space or a tab between a label and its numbers.
 */
const GLUED_ROW = /[\u4e00-\u9fff）)”"][+-]?\d+(?:\.\d+)?(?:[ \u00a0][+-]?\d+(?:\.\d+)?)*$/;
/** A row line whose numbers are apart from its label. */
const SPACED_ROW = /[\u4e00-\u9fff）)”"]\s+[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?)*$/;
/** Glued row lines that mark a text's separators lost (a text report may glue a row or two by accident). */
const MIN_GLUED_ROWS = 5;
/**
 * Neighbouring column headers of tables 2–4 with nothing between them: only a page whose cell
 * separators were lost prints them so (text keeps space, a tab or a line break between header cells).
 */
const GLUED_HEADERS = /商业企业科研机构|科研机构社会公益组织|结果维持结果纠正|本年制发件数本年废止件数|本年新制作数量本年新公开数量/;

/**
 * A page stripped of its tags with no separator in their place, but with the line breaks of its
 * HTML kept (between table rows, paragraphs): each row is a line with its cells glued into one run
 * of digits. Its separators are lost as a run-on body's are: a table's column headers glued, or
 * several row lines glued to their labels, more than are apart from them.
 */
export function rowsGlued(lines: readonly string[]): boolean {
  let glued = 0;
  let spaced = 0;
  for (const line of lines) {
    // A page printing zeros blank has few numbers, some of them apart (a blank cell written as &nbsp;):
    // its headers tell.
    if (GLUED_HEADERS.test(line)) return true;
    const t = line.trimEnd();
    // Only a line that ends in a digit can be a row (prose ends in 。: the patterns are not tried on it).
    const last = t.charCodeAt(t.length - 1);
    if (!(last >= 48 && last <= 57)) continue;
    if (GLUED_ROW.test(t)) glued++;
    else if (SPACED_ROW.test(t)) spaced++;
  }
  return glued >= MIN_GLUED_ROWS && glued > spaced;
}

/**
 * The text's lines; a run-on line is cut into the lines it ran together. `runOn`: the text's
 * separators are lost (a run-on body, or rows glued on lines of their own).
 */
export function textLines(text: string): { lines: string[]; runOn: boolean } {
  const decoded = decodeEntities(text);
  const lines = decoded.split(/\r\n|\r|\n/);
  // Markdown needs a pipe (a table row) or a # (a heading): most text has neither, and is not scanned.
  const asText = decoded.includes("|") || decoded.includes("#") ? markdownAsText(lines) : lines;
  // A crawled page folded at a fixed width is joined back where its body was cut (only where that
  // makes a run-on body: other text keeps its lines).
  const runOn = asText.some(isRunOnLine);
  const joined = runOn ? null : unfolded(asText);
  const unfoldedRunOn = joined?.some(isRunOnLine) === true;
  const raw = unfoldedRunOn ? joined! : asText;
  // A run-on body, or rows glued on lines of their own (the crawler kept some of the HTML's line
  // breaks): every line is cut, since a line short of a run-on body may still hold several rows or a
  // whole table (two rows glued: `…40000042.其他法律…`).
  const lost = runOn || unfoldedRunOn || rowsGlued(raw);
  return lost ? { lines: raw.flatMap(splitRunOnLine), runOn: true } : { lines: raw, runOn: false };
}
