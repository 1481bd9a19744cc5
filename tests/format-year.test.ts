/**
 * The report's year against each table's format (TEMPLATES.md §7.7): a 2019-format table in a
 * 2021+ report, or the reverse, is flagged format_year_mismatch on the keys only that format has,
 * with a record warning; the values are read as printed either way.
 */
import { describe, expect, it } from "vitest";
import { generateHtmlReport } from "../tools/generate/html/index.js";
import { generateReport, tablesFor } from "../tools/generate/index.js";
import { pickAgency } from "../tools/generate/names.js";
import { generateValues } from "../tools/generate/values.js";
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

  // An agency that received no application prints table 3 all blank; with （六）其他处理 misprinted
  // (a look-alike, 其他外埋) no row label tells the variants apart and no value row can be counted.
  it("a table 3 printed all blank, （六） misprinted: the variant whose rows fit the text between （五） and （七）", async () => {
    let checked = 0;
    for (let i = 0; i < 12; i++) {
      const variant = i % 2 === 0 ? "hybrid" : "2021";
      const rng = Rng.forItem(81, i);
      const agency = pickAgency(rng, i);
      const values = generateValues(rng, variant, agency.scale);
      for (const key of tablesFor(variant).t3.rows.flatMap((r) => tablesFor(variant).t3.columns.map((c) => `t3.${r.key}.${c.key}`))) values.set(key, 0);
      const style = (["tab", "layout"] as const)[Math.floor(i / 2) % 2]!;
      const g = generateReport(rng, { index: i, formats: [variant], damage: [], damageRate: 0, style, fixed: { agency, year: 2021 + (i % 5), values } });
      const start = g.text.indexOf("三、收到和处理政府信息公开申请情况");
      const end = g.text.indexOf("四、政府信息公开行政复议");
      expect(start).toBeGreaterThan(0);
      expect(end).toBeGreaterThan(start);
      const blank = g.text.slice(start, end).replace(/(?<![\d.])0(?![\d.])/g, "").replaceAll("其他处理", "其他外埋");
      const rec = await extractDocument(`blank-${i}.txt`, Buffer.from(g.text.slice(0, start) + blank + g.text.slice(end)));
      expect(rec.report.tables.t3, `${variant} ${style} #${i}`).toBe(variant === "2021" ? "gov-info-2021" : "gov-info-2019");
      const goldT3 = Object.keys(g.gold.cells).filter((k) => k.startsWith("t3.")).sort();
      expect(rec.cells.filter((c) => c.key.startsWith("t3.")).map((c) => c.key).sort()).toEqual(goldT3);
      checked++;
    }
    expect(checked).toBe(12);
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
