/**
 * The report's year against each table's format (TEMPLATES.md §7.7): a 2019-format table in a
 * 2021+ report, or the reverse, is flagged format_year_mismatch on the keys only that format has,
 * with a record warning; the values are read as printed either way.
 */
import { describe, expect, it } from "vitest";
import { generateHtmlReport } from "../tools/generate/html/index.js";
import { Rng } from "../tools/generate/rng.js";
import { extractDocument } from "../src/pipeline/run-document.js";
import { checkFormatYear } from "../src/validate/format-year.js";

const flagged = (cells: { key: string; flags: string[] }[]) => cells.filter((c) => c.flags.includes("format_year_mismatch")).map((c) => c.key);

describe("year against format", () => {
  it("a 2019-format report dated 2023: its table 2 and the single row （六） are flagged, values still right", async () => {
    const g = generateHtmlReport(Rng.forItem(8, 0), { index: 0, formats: ["2019"], options: { charset: "utf-8" } });
    const html = g.html.replaceAll(`${g.gold.year}年`, "2023年");
    const rec = await extractDocument("moved.html", Buffer.from(html));
    expect(rec.report.year).toBe(2023);
    expect(rec.report.tables).toMatchObject({ t2: "gov-info-2019", t3: "gov-info-2019" });
    const keys = flagged(rec.cells);
    // 22 cells, of which the three …decisions keys exist in both formats.
    expect(keys.filter((k) => k.startsWith("t2."))).toHaveLength(19);
    expect(keys.filter((k) => k.startsWith("t3.")).sort()).toEqual(rec.cells.filter((c) => c.key.startsWith("t3.other.total.")).map((c) => c.key).sort());
    expect(keys.some((k) => k.startsWith("t4."))).toBe(false);
    expect(rec.warnings).toContain("table 2 is in the gov-info-2019 format, but a report for 2023 calls for the gov-info-2021 format");
    expect(rec.cells.every((c) => c.value === g.gold.cells[c.key])).toBe(true);
    expect(rec.cells.filter((c) => c.needs_review)).toEqual([]);
  });

  it("a hybrid report (2021 table 2, 2019 （六） in table 3): only the seven （六）其他处理 cells", async () => {
    const g = generateHtmlReport(Rng.forItem(8, 1), { index: 1, formats: ["hybrid"], options: { charset: "utf-8" } });
    const rec = await extractDocument("hybrid.html", g.bytes);
    expect(flagged(rec.cells)).toHaveLength(7);
    expect(flagged(rec.cells).every((k) => k.startsWith("t3.other.total."))).toBe(true);
  });

  it("reports in the format of their year are not flagged; no year, no check", async () => {
    for (const [i, format] of [[2, "2021"], [3, "2019"]] as const) {
      const g = generateHtmlReport(Rng.forItem(8, i), { index: i, formats: [format] });
      const rec = await extractDocument("ok.html", g.bytes);
      expect(flagged(rec.cells)).toEqual([]);
      expect(rec.warnings.filter((w) => /calls for/.test(w))).toEqual([]);
    }
    expect(checkFormatYear(null, { t2: "gov-info-2019" }, [])).toEqual({ cells: [], warnings: [] });
  });
});
