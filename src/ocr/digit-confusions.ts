/**
 * OCR confusions between digits and letters or CJK characters, read back as the digits they stand
 * for when a whole cell reads as a number: O/o/〇/D → 0, l/I/i/| → 1, S/s → 5, B → 8, Z/z → 2,
 * 一/— at the start → minus sign only when followed by digits.
 */

const CONFUSABLE: Record<string, string> = {
  O: "0", o: "0", "〇": "0", D: "0", Q: "0",
  l: "1", I: "1", i: "1", "|": "1", "!": "1",
  S: "5", s: "5", B: "8", Z: "2", z: "2", g: "9", q: "9",
  "，": ",", "。": ".", "．": ".",
};

const NUMBERISH = /^[-一—－]?[0-9OoDQlIi|!SsBZzgq〇，,。．.]+$/;

/** The digits a cell's text stands for, or null when it is not a number (too few real digits, letters). */
export function digitsOf(text: string): { digits: string; changed: boolean } | null {
  const t = text.normalize("NFKC").replace(/\s+/g, "");
  if (!NUMBERISH.test(t)) return null;
  let out = "";
  for (const ch of t) out += /[0-9,.-]/.test(ch) ? ch : (CONFUSABLE[ch] ?? (/[一—－]/.test(ch) ? "-" : ch));
  // A lone letter (I, S, B …) is far more likely a letter than a number: need a real digit, or two characters.
  if (!/[0-9]/.test(t) && t.length < 2) return null;
  out = out.replace(/^[,.]+|[,.]+$/g, "");
  if (!/^-?\d[\d,]*(\.\d+)?$/.test(out)) return null;
  return { digits: out, changed: out !== t };
}

/** Looks like a cell that holds a number or nothing legible (worth a pass restricted to digits). */
export function worthDigitPass(text: string): boolean {
  const t = text.replace(/\s+/g, "");
  // Short readings (one or two characters) of a cell may be a digit read as a character (9 → 和).
  return t === "" || digitsOf(t) !== null || (t.length <= 2 && !/^[—\-/无一－]+$/.test(t));
}

