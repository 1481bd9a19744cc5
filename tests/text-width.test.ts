/**
 * src/emit/text-width.ts measures the characters whose width is known alone (ASCII, CJK, full-width
 * forms) without loading string-width; it must agree with string-width on each of them and on mixed
 * strings, and hand anything else to it (-1).
 */
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { simpleWidth } from "../src/emit/text-width.js";

describe("the workbook's column widths", () => {
  it("measures the characters it covers as string-width does, alone and mixed", () => {
    const covered: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const w = simpleWidth(ch);
      if (w < 0) continue;
      covered.push(ch);
      if (w !== stringWidth(ch)) expect(`U+${c.toString(16)} ${w}`).toBe(`U+${c.toString(16)} ${stringWidth(ch)}`);
    }
    expect(covered.length).toBeGreaterThan(27_000);
    const narrow = covered.filter((ch) => simpleWidth(ch) === 1);
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 3000; k++) {
      let s = "";
      // Half of the characters from the narrow ones, so that wide and narrow meet often.
      for (let len = 1 + next(12); len > 0; len--) s += next(2) === 0 ? narrow[next(narrow.length)] : covered[next(covered.length)];
      expect(simpleWidth(s), s).toBe(stringWidth(s));
    }
    expect(simpleWidth("规章｜本年制发件数 (2021)·—")).toBe(stringWidth("规章｜本年制发件数 (2021)·—"));
    expect(simpleWidth("tab\there")).toBe(-1);
    expect(simpleWidth("é")).toBe(-1);
  });
});
