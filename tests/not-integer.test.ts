/**
 * Counts are whole numbers: a fraction read into a count (an amount shifted up a row, a decimal
 * point read into a count by OCR) is flagged for review, wherever it comes from; amounts keep
 * their decimals unflagged.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractDocument } from "../src/pipeline/run-document.js";

const SEED = fileURLToPath(new URL("../corpus/000_10edc68f72ccfcee.txt", import.meta.url));

describe("fractions in counts", () => {
  it.each([
    ["行政强制\t0", "行政强制\t12.5", "t2.coercion.decisions", 12.5],
    ["行政强制\t0", "行政强制\t0.35", "t2.coercion.decisions", 0.35],
  ])("%s → %s: the count is flagged not_integer and sent to review", async (from, to, key, value) => {
    const text = (await readFile(SEED, "utf8")).replace(from, to);
    const record = await extractDocument("seed-fraction.txt", new TextEncoder().encode(text));
    const cell = record.cells.find((c) => c.key === key)!;
    expect(cell.value).toBe(value);
    expect(cell.flags).toContain("not_integer");
    expect(cell.needs_review).toBe(true);
  });

  it("an amount with decimals is not flagged", async () => {
    const text = (await readFile(SEED, "utf8")).replace("行政事业性收费\t0", "行政事业性收费\t3773.52");
    const record = await extractDocument("seed-amount.txt", new TextEncoder().encode(text));
    const cell = record.cells.find((c) => c.key === "t2.fees.amount")!;
    expect(cell.value).toBe(3773.52);
    expect(cell.flags).not.toContain("not_integer");
    expect(record.cells.filter((c) => c.flags.includes("not_integer"))).toEqual([]);
  });
});
