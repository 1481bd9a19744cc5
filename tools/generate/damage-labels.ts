/**
 * Damage to labels and headers: misprints (template aliases such as 本年度止件数, spaces inside
 * labels, 1–2 character substitutions), `1、` numbering, wrapped labels, vertical and spaced
 * headers, and full-width digits. Label damage marks every key of the row or column it labels.
 */
import { rowKeys, type DamageContext } from "./damage-context.js";
import { numberingPrefix } from "./model.js";
import { chunks, toFullwidth } from "./text.js";
import type { T3Row } from "./types.js";

/** Look-alike characters for substitutions (OCR and typing slips). */
const CONFUSABLE: Record<string, string> = {
  政: "正", 信: "倍", 申: "由", 开: "并", 处: "外", 请: "清", 息: "自", 公: "分", 决: "快", 复: "夏",
  议: "义", 查: "杳", 询: "洵", 规: "观", 案: "桉", 卷: "券", 获: "荻", 权: "杈", 益: "盖", 密: "蜜",
  务: "各", 性: "姓", 项: "顶", 内: "肉", 确: "碓", 补: "朴", 制: "剃", 秘: "秋", 读: "渎", 理: "埋",
};

function insertSpace(s: string, from: number, rng: DamageContext["rng"]): string {
  const chars = [...s];
  if (chars.length - from < 2) return s;
  const at = rng.int(from + 1, chars.length - 1);
  return [...chars.slice(0, at), " ", ...chars.slice(at)].join("");
}

/** Candidate misprints of this report; each returns false when it does not apply. */
function candidates(ctx: DamageContext): (() => boolean)[] {
  const { rng, model, tables, log } = ctx;
  const t3 = model.t3;
  const out: (() => boolean)[] = [];
  // Known variants and misprints are template aliases (TEMPLATES.md §6): print one instead of the label.
  for (const row of t3.rows) {
    const aliases = tables.t3.rows.find((r) => r.key === row.key)?.aliases ?? [];
    if (aliases.length === 0) continue;
    out.push(() => {
      row.label = numberingPrefix(row.label) + rng.pick(aliases);
      log.mark("misprints", rowKeys(row));
      return true;
    });
  }
  for (const col of tables.t2.columns) {
    if (col.aliases.length === 0) continue;
    out.push(() => {
      const blocks = model.t2.blocks.filter((b) => b.header.includes(col.label_zh));
      if (blocks.length === 0) return false;
      const alias = rng.pick(col.aliases);
      for (const b of blocks) b.header = b.header.map((h) => (h === col.label_zh ? alias : h));
      log.mark("misprints", blocks.flatMap((b) => b.rows.flatMap((r) => r.cells.filter((c) => c.key.endsWith(`.${col.key}`)).map((c) => c.key))));
      return true;
    });
  }
  // Spaces inside labels: `商业 企业`, `(三) 不予公 开`, `1. 属于…`.
  out.push(() => {
    const j = rng.int(0, 1);
    t3.orgCols[j] = insertSpace(t3.orgCols[j] ?? "", 0, rng);
    log.mark("misprints", t3.rows.map((r) => r.cells[j + 1]?.key ?? ""));
    return true;
  });
  out.push(() => {
    const group = rng.pick([...new Set(t3.rows.flatMap((r) => (r.group ? [r.group] : [])))]);
    const spaced = insertSpace(group.replace("（", "(").replace("）", ") "), 4, rng);
    const members = t3.rows.filter((r) => r.group === group);
    for (const r of members) r.group = spaced;
    log.mark("misprints", members.flatMap(rowKeys));
    return true;
  });
  out.push(() => {
    const row = rng.pick(t3.rows);
    row.label = insertSpace(row.label, [...numberingPrefix(row.label)].length, rng);
    log.mark("misprints", rowKeys(row));
    return true;
  });
  // 1–2 look-alike substitutions in one label.
  out.push(() => {
    const row = rng.pick(t3.rows);
    const from = [...numberingPrefix(row.label)].length;
    const chars = [...row.label];
    const at = chars.flatMap((ch, i) => (i >= from && CONFUSABLE[ch] ? [i] : []));
    if (at.length === 0) return false;
    for (const i of rng.sample(at, rng.int(1, 2))) chars[i] = CONFUSABLE[chars[i] ?? ""] ?? "";
    row.label = chars.join("");
    log.mark("misprints", rowKeys(row));
    return true;
  });
  return out;
}

export function misprints(ctx: DamageContext): void {
  const want = ctx.rng.int(1, 3);
  let done = 0;
  for (const apply of ctx.rng.shuffle(candidates(ctx))) {
    if (done >= want) break;
    if (apply()) done++;
  }
}

/** enum_comma: `1、` for `1.` in all sub-items, or only in one group (淮安市 2024: only （六）). */
export function enumComma(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  const level3 = model.t3.rows.filter((r) => r.level === 3);
  const groups = [...new Set(level3.map((r) => r.group))];
  const only = rng.chance(0.5) ? rng.pick(groups) : undefined;
  for (const row of level3) {
    if (only !== undefined && row.group !== only) continue;
    row.label = row.label.replace(/^(\d+)[.．]/, "$1、");
    log.mark("enum_comma", rowKeys(row));
  }
}

/** split_labels: long labels wrapped mid-word (`1.本机关不掌握相关政府信` / `息`), some group labels too. */
export function splitLabels(ctx: DamageContext): void {
  const { rng, model, log, active } = ctx;
  const rows = model.t3.rows;
  // Run-together rows already lost their separators; wrapping them too would make them unreadable.
  const glued = (i: number) => rows[i]?.runTogether === true || rows[i]?.glueNext === true || rows[i - 1]?.glueNext === true;
  const long = rows.filter((r, i) => !glued(i) && [...r.label].length - [...numberingPrefix(r.label)].length >= 7);
  for (const row of rng.sample(long, rng.int(1, 4))) {
    const from = [...numberingPrefix(row.label)].length;
    const body = [...row.label].length - from;
    const mode = rng.weighted([["first", 0.45], ["between", 0.2], ["last", 0.2], ["footer", active.has("page_footer") && row.columnMajorRun === 0 ? 0.15 : 0]] as const);
    row.split = { at: from + rng.int(Math.ceil(body * 0.35), body - 1), mode };
    log.mark("split_labels", rowKeys(row));
    if (mode === "footer") log.mark("page_footer", rowKeys(row));
  }
  if (rng.chance(0.5)) {
    const group = rng.pick([...new Set(rows.flatMap((r) => (r.group ? [r.group] : [])))]);
    model.t3.groupSplit[group] = rng.int(4, [...group].length - 1);
    log.mark("split_labels", rows.filter((r) => r.group === group).flatMap(rowKeys));
  }
}

/** vertical_header: 三、本年度办理结果 in single characters or 2–3-char pieces; table-4 header spaced out. */
export function verticalHeader(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  const t3 = model.t3;
  t3.outcomePieces = rng.chance(0.5) ? [...t3.outcomeLabel] : chunks(t3.outcomeLabel, rng.shuffle([2, 3, 2]));
  log.mark("vertical_header", t3.rows.filter((r) => r.level !== 1).flatMap(rowKeys));
  model.t4.spaced = true;
  log.mark("vertical_header", model.t4.cells.map((c) => c.key));
}

/** fullwidth: full-width digits, dots and brackets in one or more tables (and sometimes the prose). */
export function fullwidth(ctx: DamageContext): void {
  const { rng, model, log } = ctx;
  let which = (["t2", "t3", "t4"] as const).filter(() => rng.chance(0.6));
  if (which.length === 0) which = [rng.pick(["t2", "t3", "t4"] as const)];
  const fwCells = (cells: { key: string; text: string | null }[]) => {
    for (const c of cells) if (c.text !== null) c.text = toFullwidth(c.text);
    log.mark("fullwidth", cells.map((c) => c.key));
  };
  if (which.includes("t2")) {
    for (const b of model.t2.blocks) {
      b.caption = toFullwidth(b.caption);
      b.header = b.header.map(toFullwidth);
      for (const r of b.rows) fwCells(r.cells);
    }
  }
  if (which.includes("t3")) {
    for (const r of model.t3.rows as T3Row[]) {
      r.label = toFullwidth(r.label);
      if (r.group) r.group = toFullwidth(r.group);
      fwCells(r.cells);
    }
    // groupSplit is keyed by the printed group label, which just changed.
    const split = model.t3.groupSplit;
    model.t3.groupSplit = Object.fromEntries(Object.entries(split).map(([g, at]) => [toFullwidth(g), at]));
  }
  if (which.includes("t4")) fwCells(model.t4.cells);
  model.fullwidthProse = rng.chance(0.3);
}
