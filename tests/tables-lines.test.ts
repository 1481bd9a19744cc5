/**
 * review-queue.csv and panel.csv are made from the lines the writer kept as it went (review_items,
 * table_groups.panel), not from the rows again (issue 14). They must be exactly what sorting the
 * rows gives: the queue by confidence, then document and cell order; the panel by agency (SQLite's
 * byte order, which JavaScript's string order is not for characters beyond U+FFFF) and year, with
 * groups begun in any order and each group's years added in any order.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { BOM, csvLine, csvRowLine, panelColumns, REVIEW_COLUMNS, reviewRows, TablesWriter, type CsvRow, type PanelRow } from "../src/emit/index.js";
import type { ReportRecord } from "../src/model/index.js";
import { Rng } from "../tools/generate/rng.js";
import { cell, makeRecord } from "./helpers/records.js";

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const KEYS = ["t3.new_received.total", "t3.granted.total", "t3.total.total", "t4.review.total"];
// Pieces of agency names: CJK, ASCII, characters beyond U+FFFF (surrogate pairs in JavaScript) and
// U+FF0D-like ones, whose order differs between UTF-16 and UTF-8; names that are prefixes of others.
const PIECES = ["市", "区", "局", "A", "a", "𠀀", "𡈽", "－", "ｚ", "人民政府", "", " "];

function scenario(seed: number): { groups: { agency: string; records: ReportRecord[]; panel: PanelRow[] }[] } {
  const rng = new Rng(seed);
  const r = (): number => rng.next();
  const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
  const names = new Set<string>();
  while (names.size < 25) names.add(`${pick(PIECES)}${pick(PIECES)}${pick(PIECES)}${names.size % 3 === 0 ? "" : pick(PIECES)}`.trim() || "x");
  let doc = 0;
  const groups = [...names].map((agency) => {
    const years = [2019, 2020, 2021, 2022, 2023].filter(() => r() < 0.6);
    if (years.length === 0) years.push(2022);
    const records = years.map((year) => {
      doc += 1;
      // Confidences from a few values, so that ties (sorted by document, then cell order) are common.
      const cells = KEYS.map((key) => {
        const review = r() < 0.5;
        return cell(key, Math.floor(r() * 50), { confidence: pick([0.2, 0.35, 0.5, 0.9]), needs_review: review, ...(review ? { flags: ["ambiguous"] } : {}) });
      });
      return makeRecord({ path: `/in/${seed}-${doc}.txt`, content: `${seed} ${doc}`, agency, year, cells });
    });
    const panel = records.map((rec) => ({
      agency,
      year: rec.report.year!,
      document: `${rec.source.sha256.slice(0, 8)}`,
      documents: [`${rec.source.sha256.slice(0, 8)}`],
      agency_names: [agency],
      year_source: "title",
      flags: r() < 0.2 ? ["year_conflict"] : [],
      values: Object.fromEntries(rec.cells.map((c) => [c.key, c.value])),
    }));
    // Years added in any order.
    panel.sort(() => r() - 0.5);
    return { agency, records, panel };
  });
  // Groups begun in any order.
  groups.sort(() => r() - 0.5);
  return { groups };
}

describe("review-queue.csv and panel.csv from the kept lines", () => {
  it("equal the rows sorted, for 20 generated folders of 25 agencies with names that sort differently in UTF-16 and UTF-8", async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const root = await mkdtemp(join(tmpdir(), "nianbao-lines-"));
      roots.push(root);
      const { groups } = scenario(seed);
      const writer = new TablesWriter(root, { panelKeys: KEYS, log: { entries: [], effective: new Map(), invalid: 0 }, xlsx: false, reuse: true });
      writer.plan(groups.map((g) => ({ grp: g.agency, sig: String(seed), docs: g.records.length })));
      for (const g of groups) {
        expect(await writer.beginGroup(g.agency)).toBeNull();
        for (const rec of g.records) await writer.add(rec, g.agency);
        for (const row of g.panel) writer.addPanelRow(row);
        await writer.endGroup([], String(seed));
      }
      await writer.commit();

      const all = groups.flatMap((g) => g.records);
      const queue = readFileSync(join(root, "review-queue.csv"), "utf8");
      expect(queue).toBe(BOM + csvLine([...REVIEW_COLUMNS]) + reviewRows(all).map(csvRowLine).join(""));
      expect(queue.split("\r\n").length).toBeGreaterThan(20);

      const db = new Database(join(root, "nianbao.sqlite"), { readonly: true });
      const rows = db.prepare("SELECT * FROM panel ORDER BY agency, year").raw().all() as CsvRow[];
      db.close();
      const panel = readFileSync(join(root, "panel.csv"), "utf8");
      expect(rows).toHaveLength(groups.reduce((n, g) => n + g.panel.length, 0));
      expect(panel).toBe(BOM + csvLine(panelColumns(KEYS)) + rows.map(csvRowLine).join(""));
    }
  }, 120_000);
});
