/**
 * Builds the clean (undamaged) table models of a report from the template data and the values:
 * every label comes from src/templates, so the generator prints what the extractor matches against.
 */
import type { TemplateTable } from "../../src/templates/index.js";
import type { Rng } from "./rng.js";
import type { Cell, T2Model, T3Model, T3Row, T4Model } from "./types.js";
import type { VariantTables } from "./values.js";

/** Header captions that the template data does not carry as labels (TEMPLATES.md §2.3–2.4). */
const INFO_CONTENT = "信息内容";
const APPLICANTS = "申请人情况";
const ORG_CAPTION = "法人或其他组织";

/** `+14` for a positive 本年增/减 when the report prints signs (an OCR fixture in TEMPLATES.md §3.3). */
export function formatValue(value: number, signed: boolean, plus: boolean): string {
  if (signed && plus && value > 0) return `+${value}`;
  return String(value);
}

function cellsFor(keys: string[], values: Map<string, number>, signedKeys: Set<string>, plus: boolean): Cell[] {
  return keys.map((key) => {
    const v = values.get(key);
    if (v === undefined) throw new Error(`generator has no value for ${key}`);
    return { key, text: formatValue(v, signedKeys.has(key), plus) };
  });
}

export function buildT2(table: TemplateTable, values: Map<string, number>, plus: boolean): T2Model {
  const colLabel = new Map(table.columns.map((c) => [c.key, c.label_zh]));
  const signed = new Set(table.columns.filter((c) => c.kind === "signed_count").map((c) => c.key));
  const blocks = table.blocks.map((block) => {
    const rows = table.rows.filter((r) => r.block === block.key);
    const cols = rows[0]?.columns ?? [];
    return {
      caption: block.caption_zh,
      header: [INFO_CONTENT, ...cols.map((c) => colLabel.get(c) ?? c)],
      rows: rows.map((r) => {
        const keys = (r.columns ?? cols).map((c) => `t2.${r.key}.${c}`);
        const signedKeys = new Set(keys.filter((k) => signed.has(k.split(".").pop() ?? "")));
        return { key: r.key, label: r.label_zh, cells: cellsFor(keys, values, signedKeys, plus) };
      }),
      footerAfter: false,
    };
  });
  return { blocks, valueFirst: false };
}

/** 一、二、四 span all label columns; rows with a group sit under （三）–（六）. */
function levelOf(numbering: string | undefined, group: string | undefined): 1 | 2 | 3 {
  if (group) return 3;
  return numbering !== undefined && !numbering.startsWith("（") ? 1 : 2;
}

export function buildT3(table: TemplateTable, values: Map<string, number>): T3Model {
  const groupLabel = new Map(table.groups.map((g) => [g.key, g.label_zh]));
  const cols = table.columns.map((c) => c.key);
  const balance = table.rules.find((r) => r.basis === "official");
  const rows: T3Row[] = table.rows.map((r) => ({
    key: r.key,
    level: levelOf(r.numbering, r.group),
    group: r.group ? (groupLabel.get(r.group) ?? r.group) : null,
    label: r.label_zh,
    cells: cellsFor(cols.map((c) => `t3.${r.key}.${c}`), values, new Set(), false),
    split: null,
    runTogether: false,
    glueNext: false,
    footerAfter: false,
    columnMajorRun: 0,
  }));
  const colLabels = table.columns.map((c) => c.label_zh);
  return {
    note: `（本列数据的勾稽关系为：${balance?.description_zh ?? ""}）`,
    applicants: APPLICANTS,
    natural: colLabels[0] ?? "",
    orgCaption: ORG_CAPTION,
    orgCols: colLabels.slice(1, 6),
    total: colLabels[6] ?? "",
    outcomeLabel: groupLabel.get("outcomes") ?? "",
    outcomePieces: null,
    groupSplit: {},
    rows,
  };
}

export function buildT4(table: TemplateTable, values: Map<string, number>): T4Model {
  const [review, direct, after] = table.rows;
  // Row labels are stored as 行政诉讼·未经复议直接起诉: the part before · is the spanning header.
  const [suit = "", directLabel = ""] = (direct?.label_zh ?? "").split("·");
  const afterLabel = (after?.label_zh ?? "").split("·")[1] ?? "";
  const keys = table.rows.flatMap((r) => table.columns.map((c) => `t4.${r.key}.${c.key}`));
  return {
    review: review?.label_zh ?? "",
    suit,
    direct: directLabel,
    afterReview: afterLabel,
    cols: table.columns.map((c) => c.label_zh),
    spaced: false,
    cells: cellsFor(keys, values, new Set(), false),
    footerInHeader: false,
    interleave: false,
  };
}

export function buildTables(rng: Rng, tables: VariantTables, values: Map<string, number>): { t2: T2Model; t3: T3Model; t4: T4Model } {
  return { t2: buildT2(tables.t2, values, rng.chance(0.5)), t3: buildT3(tables.t3, values), t4: buildT4(tables.t4, values) };
}

/** The numbering prefix of a printed label (一、 （一） 1. 1、), kept when a label is altered. */
export function numberingPrefix(label: string): string {
  return /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9０-９]+[.．、]\s?)/.exec(label)?.[0] ?? "";
}
