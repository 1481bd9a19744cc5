/**
 * Real scraped text cut off (a crawl or a save that stopped early): every cell the record holds
 * equals the hand-checked gold or is flagged, wherever the cut falls in the tables — a table-4
 * header with no numbers after it, a row label whose numbers were cut, a row cut in two, the next
 * table's heading and nothing more — and a record cut before its last table's numbers is `partial`
 * (the cells of the table the cut fell in all for review). Only what the text never showed is absent: the rows of the other table-3 variant
 * when the cut came before （六）, which tells them apart.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { InputError } from "../src/pipeline/errors.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const INPUTS = [
  "fj-pingtan-htp_2024.page.txt",
  "fj-pingtan-jtj_2024.page.txt",
  "fj-pingtan-scj_2020.page.txt",
  ...["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"].flatMap((s) => [`${s}.pdftotext-layout.txt`, `${s}.pdftotext-raw.txt`]),
];

describe("real text cut off inside its tables", () => {
  it.each(INPUTS.map((f) => [f] as const))("%s: every cell read equals the gold or is flagged", async (file) => {
    const text = await readFile(`${REAL}${file}`, "utf8");
    const gold = JSON.parse(await readFile(`${REAL}${file.split(".")[0]}.json`, "utf8")) as { cells: Record<string, number | null> };
    const start = text.search(/二、\s*主动公开/);
    const end = text.search(/五、\s*存在的主要问题/);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const silent: string[] = [];
    let cuts = 0;
    // 40 cuts between the first table's heading and the closing sections.
    for (let i = 1; i <= 40; i++) {
      const at = start + Math.round(((end - start) * i) / 41);
      let record;
      try {
        record = extractFromBytes(file, Buffer.from(text.slice(0, at)));
      } catch (err) {
        if (err instanceof InputError && err.code === "not_a_report") continue; // cut before any table
        throw err;
      }
      cuts++;
      const byKey = new Map(record.cells.map((c) => [c.key, c]));
      // Complete only when the cut came after the last table's numbers: then every cell is there.
      if (record.status !== "partial") expect(Object.keys(gold.cells).filter((k) => byKey.get(k)?.status !== "read" && byKey.get(k)?.status !== "inferred"), `${file} cut at ${at}`).toEqual([]);
      for (const [key, want] of Object.entries(gold.cells)) {
        const cell = byKey.get(key);
        if (!cell) {
          if (!key.startsWith("t3.other.")) silent.push(`cut at ${at}: ${key} absent`);
          continue;
        }
        if (cell.value !== want && !cell.needs_review) silent.push(`cut at ${at}: ${key} got ${cell.value}, gold ${want}`);
      }
    }
    expect(cuts).toBeGreaterThan(25);
    expect(silent).toEqual([]);
  });
});
