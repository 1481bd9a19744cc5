/**
 * Table damage seen in crawled web pages and blank-heavy published tables (../shared/real/fj-pingtan-*,
 * the 洪泽区 PDFs): zeros printed blank with 总计 printed only in some rows, every 总计 printed 0, and
 * the label typos of real pages. They change the table models (and the printed values the gold keeps);
 * the crawled-page generator (page/) and, on request, the PDF and scan generators use them.
 */
import type { DamageLog } from "./damage-context.js";
import { rowKeys } from "./damage-context.js";
import type { Rng } from "./rng.js";
import type { Cell, ReportModel } from "./types.js";
import type { VariantTables } from "./values.js";

export interface TableDamageContext {
  rng: Rng;
  model: ReportModel;
  tables: VariantTables;
  log: DamageLog;
  /** Keys printed blank: their gold value is null. */
  nulls: Set<string>;
  /** Keys printed with another value than the true one (totals_zero): the gold keeps the printed one. */
  printed: Map<string, number>;
}

/** The three groups of five cells of table 4 (行政复议, 未经复议直接起诉, 复议后起诉). */
const t4Groups = (cells: readonly Cell[]): Cell[][] => [0, 1, 2].map((g) => cells.slice(g * 5, g * 5 + 5));

/**
 * blank_zeros: every 0 printed blank (empty) in tables 2–4, and in table 3 the 总计 of an outcome row printed
 * only in some rows (the report's share: none, about a third, about two thirds), as portals' editors
 * and WPS tables often leave them. Every cell of a row with a blank is marked: where a blank left no
 * trace, the place of each printed number in that row is in doubt.
 */
export function blankZeros(ctx: TableDamageContext): void {
  const { rng, model, log, nulls } = ctx;
  const blank = (cells: readonly Cell[], alsoTotal = false): void => {
    let any = false;
    cells.forEach((c, i) => {
      const isTotal = alsoTotal && i === cells.length - 1;
      // A zero already printed as —, / or 无 (blank_cells) is printed blank too.
      if (c.text === "0" || (nulls.has(c.key) && c.text !== "") || (isTotal && c.text !== null && c.text !== "")) {
        c.text = "";
        nulls.add(c.key);
        any = true;
      }
    });
    if (any) log.mark("blank_zeros", cells.map((c) => c.key));
  };
  for (const block of model.t2.blocks) for (const row of block.rows) blank(row.cells);
  const share = rng.pick([0, 0.35, 0.65]);
  for (const row of model.t3.rows) {
    // 一, 二, 四 and （七）总计 keep their 总计: the figures a report is read for.
    const outcome = row.level !== 1 && row.key !== "total";
    blank(row.cells, outcome && !rng.chance(share));
  }
  for (const group of t4Groups(model.t4.cells)) blank(group);
}

/**
 * totals_zero: every 总计 of table 3 (and/or table 4) printed 0 although the parts are not
 * (fj-pingtan-htp_2024 table 3, 洪泽区 2023 table 4). The gold keeps the printed 0; the rows whose
 * true total is not 0 are marked, since the rule that would check their split is broken.
 */
export function totalsZero(ctx: TableDamageContext): void {
  const { rng, model, log, printed } = ctx;
  const scope = rng.weighted([["t3", 0.6], ["t4", 0.2], ["both", 0.2]] as const);
  const zero = (cells: readonly Cell[]): void => {
    const total = cells[cells.length - 1];
    if (!total || total.text === null) return;
    if (total.text !== "0") log.mark("totals_zero", cells.map((c) => c.key));
    total.text = "0";
    printed.set(total.key, 0);
  };
  if (scope !== "t4") for (const row of model.t3.rows) zero(row.cells);
  if (scope !== "t3") for (const group of t4Groups(model.t4.cells)) zero(group);
  // A report whose totals were all 0 anyway still printed them so: record the kind.
  if (!log.applied.has("totals_zero")) log.applied.add("totals_zero");
}

/** Typos of real pages, each returning the keys its label heads (none when it does not apply). */
const TYPOS: readonly ((m: ReportModel) => string[])[] = [
  // fj-pingtan-htp_2024: 先行有效件数 for the table-2 header 现行有效件数.
  (m) => {
    const blocks = m.t2.blocks.filter((b) => b.header.includes("现行有效件数"));
    for (const b of blocks) b.header = b.header.map((h) => (h === "现行有效件数" ? "先行有效件数" : h));
    return blocks.flatMap((b) => b.rows.flatMap((r) => r.cells.filter((c) => c.key.endsWith(".in_force")).map((c) => c.key)));
  },
  // 钩稽 for 勾稽 in table 3's note: the header the table is found by.
  (m) => {
    if (!m.t3.note.includes("勾稽")) return [];
    m.t3.note = m.t3.note.replace("勾稽", "钩稽");
    return m.t3.rows.flatMap(rowKeys);
  },
  // 行政法复议 for the table-4 header 行政复议.
  (m) => {
    if (m.t4.review !== "行政复议") return [];
    m.t4.review = "行政法复议";
    return m.t4.cells.slice(0, 5).map((c) => c.key);
  },
  // 洪泽区 2023/2024: 其他法律行政止公开 (法规禁 dropped).
  (m) => {
    const row = m.t3.rows.find((r) => r.key === "denied.prohibited_by_law");
    if (!row || !row.label.includes("其他法律行政法规禁止公开")) return [];
    row.label = row.label.replace("其他法律行政法规禁止公开", "其他法律行政止公开");
    return rowKeys(row);
  },
  // fj-pingtan-htp_2024: 规范性文件 for 行政规范性文件 (2021 table 2).
  (m) => {
    const row = m.t2.blocks.flatMap((b) => b.rows).find((r) => r.label === "行政规范性文件");
    if (!row) return [];
    row.label = "规范性文件";
    return rowKeys(row);
  },
];

/** label_typos: one or two of the typos real pages print. */
export function labelTypos(ctx: TableDamageContext): void {
  const { rng, model, log } = ctx;
  const want = rng.int(1, 2);
  let done = 0;
  for (const typo of rng.shuffle(TYPOS)) {
    if (done >= want) break;
    const keys = typo(model);
    if (keys.length === 0) continue;
    log.mark("label_typos", keys);
    done++;
  }
}
