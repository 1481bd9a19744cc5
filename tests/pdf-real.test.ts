/**
 * The three real published PDFs (../shared/real, read in place): every cell equals the hand-checked
 * gold or is flagged for review, through the real pdfjs-dist text layer and ruling lines; every
 * value carries its page and box for the review app.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GoldFileSchema } from "../src/model/index.js";
import { extractDocument } from "../src/pipeline/run-document.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const IDS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"];

describe.each(IDS)("%s.pdf", (id) => {
  it("matches the gold or flags, with a page and box on every printed value", async () => {
    const path = `${REAL}${id}.pdf`;
    const record = await extractDocument(path, await readFile(path));
    const gold = GoldFileSchema.parse(JSON.parse(await readFile(`${REAL}${id}.json`, "utf8"))).cells;
    expect(record.source.kind).toBe("pdf");
    expect(record.report.year).toBe(Number(id.slice(-4)));
    const byKey = new Map(record.cells.map((c) => [c.key, c]));
    const silent = Object.entries(gold).filter(([k, v]) => byKey.get(k)?.value !== v && !byKey.get(k)?.needs_review);
    expect(silent).toEqual([]);
    expect(Object.keys(gold).every((k) => byKey.has(k))).toBe(true);
    for (const c of record.cells.filter((x) => x.status === "read" && x.raw !== "")) {
      expect(c.source.page, c.key).toBeGreaterThan(0);
      expect(c.source.bbox, c.key).toBeDefined();
      expect(c.source.bbox!.width).toBeGreaterThan(0);
    }
  });
});

describe("what the real PDFs need", () => {
  it("淮安市 2024: table 3 across pages 4–5, every value exact and unflagged", async () => {
    const path = `${REAL}js-huaian-shi_2024.pdf`;
    const record = await extractDocument(path, await readFile(path));
    const gold = GoldFileSchema.parse(JSON.parse(await readFile(`${REAL}js-huaian-shi_2024.json`, "utf8"))).cells;
    for (const c of record.cells) expect(c.value, c.key).toBe(gold[c.key]);
    expect(record.cells.filter((c) => c.needs_review)).toEqual([]);
    const pages = new Set(record.cells.filter((c) => c.table === "t3").map((c) => c.source.page));
    expect([...pages].sort()).toEqual([4, 5]);
  });

  it("洪泽区 2023: the row at the foot of page 3, under no closing rule, is still read", async () => {
    const path = `${REAL}js-huaian-hongze-qu_2023.pdf`;
    const record = await extractDocument(path, await readFile(path));
    const cell = record.cells.find((c) => c.key === "t3.unable.needs_creation.natural_person")!;
    expect(cell).toMatchObject({ value: 3, status: "read", needs_review: false });
    expect(cell.source.page).toBe(3);
  });
});
