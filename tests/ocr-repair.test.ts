/** Repair of a single misread OCR digit by the rules (src/validate/ocr-repair.ts). */
import { describe, expect, it } from "vitest";
import type { CellReading } from "../src/model/index.js";
import { repairOcrDigits } from "../src/validate/ocr-repair.js";
import type { RuleInstance } from "../src/validate/rule-instances.js";
import type { SolvedCell } from "../src/validate/solve.js";

// total = x + y and x = p + q: x is in two rules.
const RULES: RuleInstance[] = [
  { id: "r1", ruleId: "r1", lhs: ["total"], rhs: ["x", "y"], basis: "official" },
  { id: "r2", ruleId: "r2", lhs: ["x"], rhs: ["p", "q"], basis: "implied" },
];

function cells(x: { raw: string; ocr?: number }): Map<string, SolvedCell> {
  const read = (raw: string, ocr?: number): SolvedCell => {
    const reading: CellReading = { value: Number(raw), unknown: false, raw, page: 1, line: 1, flags: [], ...(ocr === undefined ? {} : { ocr }) };
    return { reading, ambiguous: false, placedByRules: false, unitFlags: [] };
  };
  return new Map([
    ["total", read("20", 0.95)],
    ["x", read(x.raw, x.ocr)],
    ["y", read("9", 0.95)],
    ["p", read("5", 0.95)],
    ["q", read("6", 0.95)],
  ]);
}

describe("OCR digit repair", () => {
  it("repairs a low-confidence reading one digit away from what both rules need, keeping the printed reading", () => {
    const m = cells({ raw: "17", ocr: 0.42 });
    repairOcrDigits(m, RULES);
    const x = m.get("x")!.reading;
    expect(x.value).toBe(11);
    expect(x.raw).toBe("17");
    expect(x.flags).toContain("repaired");
  });
  it("leaves a confident reading alone (the rule stays failed)", () => {
    const m = cells({ raw: "17", ocr: 0.96 });
    repairOcrDigits(m, RULES);
    expect(m.get("x")!.reading.value).toBe(17);
  });
  it("leaves a reading that is more than one digit off, or not read by OCR", () => {
    const far = cells({ raw: "77", ocr: 0.3 });
    repairOcrDigits(far, RULES);
    expect(far.get("x")!.reading.value).toBe(77);
    const text = cells({ raw: "17" });
    repairOcrDigits(text, RULES);
    expect(text.get("x")!.reading.value).toBe(17);
  });
});
