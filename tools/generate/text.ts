/** Text helpers shared by the renderers: display width of CJK text, column placement, wrapping. */

/** Display columns of a string as pdftotext -layout counts them: CJK and full-width forms take 2. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c === 0x201c || c === 0x201d ? 2 : 1;
  }
  return w;
}

/** Builds one layout line from (column, text) pieces; a piece that would overlap gets one space. */
export function placeLine(pieces: readonly (readonly [number, string])[]): string {
  let line = "";
  let w = 0;
  for (const [col, text] of pieces) {
    if (text === "") continue;
    const pad = col > w ? col - w : w === 0 ? 0 : 1;
    line += " ".repeat(pad) + text;
    w += pad + width(text);
  }
  return line;
}

const FULL_MAP: Record<string, string> = { ".": "．", "(": "（", ")": "）", ":": "：", ",": "，", "+": "＋", "-": "－" };

/** Full-width digits and punctuation (fullwidth damage). */
export function toFullwidth(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch >= "0" && ch <= "9") out += String.fromCodePoint(0xff10 + ch.charCodeAt(0) - 48);
    else out += FULL_MAP[ch] ?? ch;
  }
  return out;
}

/** Wraps text into lines of at most `cols` display columns; digit runs are not broken. */
export function wrap(text: string, cols: number, firstIndent = 0): string[] {
  const lines: string[] = [];
  let cur = "";
  let w = firstIndent;
  for (const token of text.match(/[0-9０-９.．]+|./gsu) ?? []) {
    const tw = width(token);
    if (w + tw > cols && cur !== "") {
      lines.push(cur);
      cur = "";
      w = 0;
    }
    cur += token;
    w += tw;
  }
  if (cur !== "") lines.push(cur);
  return lines;
}

/** pdftotext puts a space between CJK text and digits (`2023 年`); web text does not. */
export function spaceDigits(s: string): string {
  return s.replace(/([\u4e00-\u9fff])(\d)/g, "$1 $2").replace(/(\d)([\u4e00-\u9fff])/g, "$1 $2");
}

export function footerText(style: "dash" | "spaced" | "page", page: number): string {
  if (style === "dash") return `-${page}-`;
  if (style === "spaced") return `- ${page} -`;
  return `第 ${page} 页`;
}

/** Splits a label into display pieces of 2–3 characters (vertical merged cells, TEMPLATES.md §6). */
export function chunks(s: string, sizes: readonly number[]): string[] {
  const chars = [...s];
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < chars.length) {
    const n = sizes[j % sizes.length] ?? 1;
    out.push(chars.slice(i, i + n).join(""));
    i += n;
    j++;
  }
  return out;
}

/** Two-line header word (商业/企业, 社会公益/组织) as the template typesets it; a word with a space stays whole. */
export function halves(s: string): [string, string] {
  const chars = [...s];
  if (s.includes(" ") || chars.length <= 2) return [s, ""];
  const at = chars.length <= 4 ? 2 : 4;
  return [chars.slice(0, at).join(""), chars.slice(at).join("")];
}
