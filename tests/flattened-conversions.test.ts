/**
 * The real PDFs' pdftotext conversions flattened as a crawler flattens a page (every line break and
 * space dropped, a page header in front): reading-order text put some rows' labels apart from their
 * numbers, so 予以公开 and 部分公开 came out with no numbers while theirs ran into another row's run,
 * too long for any split. Those rows were read blank with confidence 1 (a number inferred into the
 * overlong run kept the column's sum): 36 silent errors in 淮安市's report. With a space for each
 * line break and run of spaces, the rows' numbers fell outside the table and the blank rows' cells
 * in all-zero columns, which no failed sum touched, were read blank for 0: 12 silent. Every cell
 * must equal the hand-checked gold or be flagged.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const INPUTS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"].flatMap((s) => [`${s}.pdftotext-raw.txt`, `${s}.pdftotext-layout.txt`]);

/**
 * The text as a crawled page: page numbers and form feeds gone, the lines joined. `glued`: every
 * space dropped (tags stripped with no separator); else each run of spaces and each line break one
 * space (a crawler that put a space for each tag).
 */
function flattened(text: string, glued: boolean): string {
  const lines = text
    .replace(/\f/g, "\n")
    .split("\n")
    .filter((l) => !/^\s*-\s*\d+\s*-\s*$/.test(l))
    .map((l) => l.trim().replace(/\s+/g, glued ? "" : " "))
    .filter((l) => l !== "");
  const title = lines.find((l) => l.includes("年度报告")) ?? "";
  return `标题: ${title}\n栏目: 政府信息公开年报\n==================== 正文 ====================\n${lines.join(glued ? "" : " ")}\n`;
}

describe("real conversions flattened as a crawled page", () => {
  it.each(INPUTS.flatMap((f) => [[f, "glued"], [f, "spaced"]] as const))("%s, %s: every cell equals the gold or is flagged", async (file, form) => {
    const text = flattened(await readFile(`${REAL}${file}`, "utf8"), form === "glued");
    const gold = JSON.parse(await readFile(`${REAL}${file.split(".")[0]}.json`, "utf8")) as { cells: Record<string, number | null> };
    const record = extractFromBytes(file.replace(/\.txt$/, ".page.txt"), Buffer.from(text));
    const silent = record.cells.filter((c) => c.key in gold.cells && c.value !== gold.cells[c.key] && !c.needs_review).map((c) => `${c.key}: got ${c.value}, gold ${gold.cells[c.key]}`);
    expect(silent).toEqual([]);
    expect(record.cells.filter((c) => c.key in gold.cells).length).toBeGreaterThan(150);
  });
});
