/**
 * A generated report planned as a crawled web page (../shared/real/fj-pingtan-*.page.txt): built as
 * the other generators build it (agencies, values, table models from the template data), with the
 * damage real crawled pages carry chosen at their rates, and how the crawler wrote the page's text.
 */
import { DamageLog } from "../damage-context.js";
import { blankZeros, labelTypos, totalsZero, type TableDamageContext } from "../damage-page.js";
import { buildTables } from "../model.js";
import { closingSections, introParagraphs, pickAgency, type Agency, type ProseBlock } from "../names.js";
import { goldCells } from "../report-parts.js";
import { Rng } from "../rng.js";
import { getTemplate } from "../../../src/templates/index.js";
import { PAGE_DAMAGE_KINDS, type AnyDamageKind, type PageDamageKind, type ReportModel, type ReportVariant } from "../types.js";
import { generateValues, tablesFor } from "../values.js";
import { pageOverview } from "./prose.js";

export const PAGE_VARIANTS: readonly ReportVariant[] = ["2021", "2019", "hybrid"];

/**
 * Chance of each optional kind per page, from the real pages (of the three in ../shared/real one
 * has every 总计 printed 0 and the typo 先行有效件数, one site chrome around the body with the title
 * in it). flatten is the rendering itself: every page has it.
 */
export const PAGE_DAMAGE_RATES: Record<Exclude<PageDamageKind, "flatten">, number> = {
  blank_zeros: 0.15,
  totals_zero: 0.12,
  label_typos: 0.3,
  repeated_title: 0.3,
  site_chrome: 0.35,
};

/** How the crawler wrote the page: &nbsp; as spaces, line breaks kept, amounts with their unit. */
export interface PageStyle {
  /** none: no &nbsp; in the tables (2 of 3 real pages); sparse: a few cells; rows: some rows spaced cell by cell (`0 0 0 0 0 00`). */
  nbsp: "none" | "sparse" | "rows";
  /** A blank cell written as &nbsp; (a space) rather than empty. */
  blankAsSpace: boolean;
  /** Paragraph breaks the crawler kept as line breaks (prose only; 0 in the real pages). */
  lineBreaks: number;
  /**
   * The line breaks of the page's HTML source kept (a tag stripper run on pretty-printed HTML):
   * every heading, paragraph and table row on a line of its own, the cells of a row still glued.
   * None of the three real pages has them; archives made by other crawlers do.
   */
  rowBreaks: boolean;
  /** Space between the agency and the year in the title (fj-pingtan-htp_2024). */
  titleSpace: boolean;
  /** 年度 or 年 in the title. */
  titleYear: "年度" | "年";
}

export interface PagePlan {
  id: string;
  variant: ReportVariant;
  agency: Agency;
  year: number;
  model: ReportModel;
  style: PageStyle;
  title: string;
  intro: string[];
  overview: ProseBlock[];
  tableHeadings: [string, string, string];
  closing: ProseBlock[];
  /** Publication time (header and chrome) and the signature date. */
  published: { date: string; time: string; signed: string };
  /** Gold values: printed values, null for a blank cell. */
  cells: Record<string, number | null>;
  /** Printed text of cells whose value carries more than the number (`6586650.10元`). */
  asPrinted: Record<string, string>;
  damage: Record<string, AnyDamageKind[]>;
  applied: PageDamageKind[];
}

export interface PageReportOptions {
  index: number;
  formats?: readonly ReportVariant[];
  /** Optional kinds that may fire (default all); flatten always applies. */
  damage?: readonly PageDamageKind[];
  /** One chance for every optional kind instead of PAGE_DAMAGE_RATES. */
  damageRate?: number;
}

function chooseKinds(rng: Rng, opts: PageReportOptions): Set<PageDamageKind> {
  const on = new Set<PageDamageKind>(["flatten"]);
  // Every chance is drawn whatever is enabled, so enabling a kind changes nothing else of a page.
  for (const kind of PAGE_DAMAGE_KINDS) {
    if (kind === "flatten") continue;
    const fires = rng.chance(opts.damageRate ?? PAGE_DAMAGE_RATES[kind]);
    if (fires && (opts.damage ?? PAGE_DAMAGE_KINDS).includes(kind)) on.add(kind);
  }
  // Printed-0 totals in a table whose zeros are blank would be blank too: one or the other.
  if (on.has("blank_zeros") && on.has("totals_zero")) on.delete(rng.chance(0.5) ? "blank_zeros" : "totals_zero");
  return on;
}

/** Pages whose crawler kept the HTML's line breaks (rowBreaks): none of the three real pages. */
const ROW_BREAKS_RATE = 0.15;

function chooseStyle(rng: Rng): PageStyle {
  return {
    nbsp: rng.weighted([["none", 0.55], ["sparse", 0.3], ["rows", 0.15]] as const),
    blankAsSpace: rng.chance(0.5),
    lineBreaks: rng.chance(0.2) ? rng.int(1, 4) : 0,
    titleSpace: rng.chance(0.2),
    titleYear: rng.chance(0.8) ? "年度" : "年",
    rowBreaks: false,
  };
}

/** Amounts sometimes carry their unit inside the cell (`6586650.10元`, `1690.9913万元`). */
function amountsWithUnit(rng: Rng, model: ReportModel, asPrinted: Record<string, string>): void {
  for (const row of model.t2.blocks.flatMap((b) => b.rows)) {
    for (const cell of row.cells) {
      if (!/\.amount$/.test(cell.key) || cell.text === null || cell.text === "" || cell.text === "0" || !rng.chance(0.3)) continue;
      const unit = cell.key === "t2.fees.amount" ? "万元" : "元";
      const n = Number(cell.text);
      cell.text = `${unit === "元" && rng.chance(0.5) ? n.toFixed(2) : cell.text}${unit}`;
      asPrinted[cell.key] = cell.text;
    }
  }
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

export function planPageReport(rng: Rng, opts: PageReportOptions): PagePlan {
  const id = `synpage${String(opts.index).padStart(5, "0")}_${rng.hex(8)}`;
  const variant = rng.pick(opts.formats ?? PAGE_VARIANTS);
  const year = variant === "2019" ? rng.int(2019, 2020) : rng.int(2021, 2025);
  const agency = pickAgency(rng, opts.index);
  const values = generateValues(rng, variant, agency.scale);
  // Fees to four decimals of 万元 (`1690.9913万元`), as some pages print them.
  const fees = values.get("t2.fees.amount") ?? 0;
  if (variant !== "2019" && fees > 0 && rng.chance(0.15)) values.set("t2.fees.amount", Math.round((Math.floor(fees) + rng.next()) * 10000) / 10000);
  const tables = tablesFor(variant);
  const model: ReportModel = { variant, agency: agency.name, year, ...buildTables(rng, tables, values), footers: false, footerStyle: "dash", fullwidthProse: false };
  const kinds = chooseKinds(rng, opts);
  const style = chooseStyle(rng);
  // How the crawler kept the page's line breaks is its own habit, not the report's: drawn from a
  // stream of its own (seeded by the id's hex), so that the report and the rest of its page are the
  // same with or without them.
  style.rowBreaks = Rng.forItem(Number.parseInt(id.slice(-8), 16), 0).chance(ROW_BREAKS_RATE);

  const log = new DamageLog();
  const ctx: TableDamageContext = { rng, model, tables, log, nulls: new Set(), printed: new Map() };
  if (kinds.has("label_typos")) labelTypos(ctx);
  if (kinds.has("totals_zero")) totalsZero(ctx);
  if (kinds.has("blank_zeros")) blankZeros(ctx);
  const asPrinted: Record<string, string> = {};
  amountsWithUnit(rng, model, asPrinted);

  const sections = getTemplate(variant === "2019" ? "gov-info-2019" : "gov-info-2021").sections.map((s) => s.label_zh);
  const sec = (i: number): string => sections[i] ?? "";
  // fj-pingtan-htp_2024 heads section 五 as 存在的主要问题及改进措施 (a template alias).
  const problems = rng.chance(0.2) ? "五、存在的主要问题及改进措施" : sec(4);
  const month = rng.int(1, 3);
  const day = rng.int(1, 28);
  const published = {
    date: `${year + 1}-${pad2(month)}-${pad2(day)}`,
    time: `${pad2(rng.int(8, 20))}:${pad2(rng.int(0, 59))}`,
    signed: `${year + 1}年${month}月${Math.max(1, day - rng.int(0, 3))}日`,
  };
  const title = `${agency.name}${style.titleSpace ? " " : ""}${year}${style.titleYear}政府信息公开工作年度报告`;
  const intro = introParagraphs(rng, agency, year, variant === "2019");
  const overview = pageOverview(rng, agency, year, variant, values, sec(0));
  const closing = closingSections(rng, agency, year, [problems, sec(5)]);

  const goldValues = new Map([...values, ...ctx.printed]);
  const { keys, cells } = goldCells(tables, goldValues, ctx.nulls);
  // flatten and the page-level kinds touch every cell: a page not found, or a run split wrongly,
  // costs any of them.
  for (const kind of ["flatten", "repeated_title", "site_chrome"] as const) if (kinds.has(kind)) log.mark(kind, keys);
  return {
    id,
    variant,
    agency,
    year,
    model,
    style,
    title,
    intro,
    overview,
    tableHeadings: [sec(1), sec(2), sec(3)],
    closing,
    published,
    cells,
    asPrinted,
    damage: log.toRecord(keys),
    applied: PAGE_DAMAGE_KINDS.filter((k) => log.applied.has(k)),
  };
}
