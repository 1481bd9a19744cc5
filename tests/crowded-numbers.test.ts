/**
 * pdftotext -layout sets wide characters one column each, so a label that wraps beside its number
 * ends right against it and pushes it left of its column (`只计这一 353`). Such a number is marked
 * `crowded`: its column is the label's doing, and the column finder leaves it out
 * (tests/sparse-columns.test.ts). A number with room before it, or first on its line, is not.
 */
import { describe, expect, it } from "vitest";
import { stringToPageModel } from "../src/ingest/text/index.js";
import { linesToItems } from "../src/layout/items.js";
import type { NumberItem } from "../src/model/index.js";
import { Rng } from "../tools/generate/index.js";

const LABELS = ["分处理的，只计这一", "其他", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "维持", "（七）总计"];

function numbers(text: string): NumberItem[] {
  return linesToItems(stringToPageModel(text).lines).filter((it): it is NumberItem => it.kind === "num");
}

describe("a number pushed against its label", () => {
  it("is marked crowded one space after label text, and not with room before it or first on its line", () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const label = LABELS[rng.int(0, LABELS.length - 1)]!;
      const values = Array.from({ length: rng.int(1, 4) }, () => rng.int(0, 900));
      const gap = rng.int(1, 6);
      const line = `${" ".repeat(rng.int(0, 4))}${label}${" ".repeat(gap)}${values.join("    ")}`;
      const found = numbers(line);
      expect(found.map((n) => n.value)).toEqual(values);
      expect(found[0]!.crowded ?? false).toBe(gap <= 1);
      for (const n of found.slice(1)) expect(n.crowded ?? false).toBe(false);
      // The same numbers alone on their line (the label wrapped onto the line above).
      for (const n of numbers(`${" ".repeat(rng.int(0, 30))}${values.join("   ")}`)) expect(n.crowded ?? false).toBe(false);
    }
  });
});
