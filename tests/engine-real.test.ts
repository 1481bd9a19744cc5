/**
 * The six real text conversions (../shared/real, read in place): every cell equals the hand-checked
 * gold or is flagged for review; no silent errors. Also pins what the rules can and cannot settle.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GoldFileSchema, type ReportRecord } from "../src/model/index.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const IDS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"];
const KINDS = ["pdftotext-layout", "pdftotext-raw"];

async function load(id: string, kind: string): Promise<{ record: ReportRecord; gold: Record<string, number | null> }> {
  const path = `${REAL}${id}.${kind}.txt`;
  const record = extractFromBytes(path, await readFile(path));
  const gold = GoldFileSchema.parse(JSON.parse(await readFile(`${REAL}${id}.json`, "utf8")));
  return { record, gold: gold.cells };
}

describe.each(IDS.flatMap((id) => KINDS.map((kind) => [id, kind] as const)))("%s (%s)", (id, kind) => {
  it("has every gold key, each equal to the gold or flagged for review", async () => {
    const { record, gold } = await load(id, kind);
    const byKey = new Map(record.cells.map((c) => [c.key, c]));
    const silent: string[] = [];
    for (const [key, want] of Object.entries(gold)) {
      const cell = byKey.get(key);
      expect(cell, key).toBeDefined();
      if (cell!.value !== want && !cell!.needs_review) silent.push(`${key}: got ${cell!.value}, gold ${want}`);
    }
    expect(silent).toEqual([]);
  });

  it("reads agency and year", async () => {
    const { record } = await load(id, kind);
    expect(record.report.year).toBe(Number(id.slice(-4)));
    expect(record.report.agency).toMatch(/人民政府$/);
  });
});

describe("what the rules decide in the real samples", () => {
  it("洪泽区: 2021 table 2 with the 2019-style single （六） row, chosen per table", async () => {
    for (const kind of KINDS) {
      const { record } = await load("js-huaian-hongze-qu_2024", kind);
      expect(record.report.tables).toEqual({ t2: "gov-info-2021", t3: "gov-info-2019", t4: "gov-info-2021" });
      expect(record.cells.some((c) => c.key === "t3.other.total.total")).toBe(true);
      expect(record.cells.some((c) => c.key === "t3.other.other.total")).toBe(false);
    }
  });

  it("洪泽区 2023: the table-4 totals printed 0 stay as printed and are flagged with the failed rule", async () => {
    for (const kind of KINDS) {
      const { record } = await load("js-huaian-hongze-qu_2023", kind);
      const total = record.cells.find((c) => c.key === "t4.review.total")!;
      expect(total.value).toBe(0);
      expect(total.status).toBe("read");
      expect(total.flags).toContain("rule_failed");
      expect(total.needs_review).toBe(true);
      const check = record.checks.find((c) => c.rule === "t4.totals[review]")!;
      expect(check).toMatchObject({ ok: false, expected: 11, actual: 0 });
      // The group whose arithmetic holds is not sent to review.
      expect(record.cells.filter((c) => c.key.startsWith("t4.suit_direct.")).every((c) => !c.needs_review)).toBe(true);
    }
  });

  it("淮安市 raw text: table 4 printed out of order is rebuilt from the rules; the two 起诉 groups stay ambiguous", async () => {
    const { record } = await load("js-huaian-shi_2024", "pdftotext-raw");
    const review = record.cells.filter((c) => c.key.startsWith("t4.review."));
    expect(review.map((c) => c.value)).toEqual([72, 64, 178, 37, 351]);
    expect(review.every((c) => c.flags.includes("reading_order_rebuilt") && !c.needs_review)).toBe(true);
    const suits = record.cells.filter((c) => c.key.startsWith("t4.suit_"));
    expect(suits.every((c) => c.flags.includes("ambiguous") && c.needs_review)).toBe(true);
  });

  it("淮安市 layout text: table 3 across the page break, every value read and every rule holding", async () => {
    const { record, gold } = await load("js-huaian-shi_2024", "pdftotext-layout");
    for (const c of record.cells) expect(c.value, c.key).toBe(gold[c.key]);
    expect(record.checks.every((c) => c.ok)).toBe(true);
    expect(record.cells.filter((c) => c.needs_review)).toEqual([]);
  });
});
