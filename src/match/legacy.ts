/**
 * Pre-2019 reports (TEMPLATES.md §5): indicators found by name and unit, not by position in a grid.
 * First the statistics table — any line (or pair of lines) of the form 指标名称 [计量单位] 数值
 * [历年累计], tab- or space-separated, flattened into one line with several pairs, or with the value
 * on the line after its name — then, for the indicators no table gave, the sentences that state
 * them ("共受理政府信息公开申请21件"), which are weaker evidence and marked as such.
 */
import type { Item, LegacyReading, PageLine } from "../model/index.js";
import type { LegacyIndicator, LegacyTemplate } from "../templates/index.js";
import { normalizeText } from "./normalize.js";
import { similarity } from "./similarity.js";

/** Below this a text run is not taken for an indicator's name. */
const MIN_LABEL_SCORE = 0.8;
/** Longer text runs (or ones with sentence punctuation) are prose, not a table's label cell. */
const MAX_LABEL_CHARS = 34;
const UNITS = new Set(["条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "份"]);

/** A label as printed → its core: no 其中, numbering, quotes, parenthetical unit or trailing colon. */
export function legacyCore(text: string): string {
  let t = normalizeText(text);
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/^[;,、。]+/, "")
      .replace(/^(?:其中|包括)[:,]?/, "")
      .replace(/^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d{1,2}\.|[①-⑳])/, "")
      .replace(/\((?:单位:)?(?:条|件|次|篇|个|人|人次|万元|元|项|份)\)$/, "")
      .replace(/[:;,]$/, "");
  }
  return t;
}

type Role = "value" | "cumulative" | "skip";

/** Column roles from a header line (指标名称 | 计量单位 | 代码 | 本年 | 历年累计); null when the line is no header. */
function headerRoles(items: readonly Item[]): Role[] | null {
  const words = items.filter((i) => i.kind === "text").map((i) => normalizeText(i.raw));
  if (!words.some((w) => /指标名称|统计指标|项目名称/.test(w))) return null;
  const roles: Role[] = [];
  const hasYearTotal = words.some((w) => /本年累计/.test(w));
  for (const w of words) {
    if (/代码|序号/.test(w)) roles.push("skip");
    else if (/历年累计|累计数/.test(w) || (w === "累计")) roles.push("cumulative");
    else if (/本年累计/.test(w)) roles.push("value");
    else if (/本期/.test(w)) roles.push(hasYearTotal ? "skip" : "value");
    else if (/本年|年度|数量|统计数|数值|\d{4}年/.test(w)) roles.push("value");
  }
  return roles.length > 0 ? roles : null;
}

interface Group {
  label: string;
  items: Item[];
  values: Item[];
  unit: string | null;
  page: number;
  line: number;
}

/** A line's items → (label, values) groups; a unit word after the values belongs to the group before. */
function lineGroups(items: readonly Item[]): Group[] {
  const groups: Group[] = [];
  let cur: Group | null = null;
  for (const it of items) {
    if (it.kind === "text") {
      const t = normalizeText(it.raw);
      if (cur && (UNITS.has(t) || /^\((?:单位:)?\S{1,2}\)$/.test(t))) {
        if (cur.values.length === 0 || !cur.unit) cur.unit = t.replace(/[()]|单位:/g, "");
        continue;
      }
      if (cur && cur.values.length === 0) {
        cur.label += it.raw;
        cur.items.push(it);
        continue;
      }
      cur = { label: it.raw, items: [it], values: [], unit: null, page: it.page, line: it.line };
      groups.push(cur);
    } else if (cur) {
      cur.values.push(it);
    }
  }
  return groups;
}

/** `itemsOf`: one line's items (layout's linesToItems), passed in so that match does not depend on layout. */
export function matchLegacy(lines: readonly PageLine[], template: LegacyTemplate, itemsOf: (line: PageLine) => Item[]): LegacyReading[] {
  const names = template.indicators.map((ind) => ({ ind, cores: [ind.label_zh, ...ind.aliases].map(legacyCore) }));
  const found = new Map<string, LegacyReading>();
  let roles: Role[] = ["value", "cumulative"];
  let family: string | null = null;
  let pending: { ind: LegacyIndicator; score: number; unit: string | null; page: number; line: number } | null = null;

  const take = (ind: LegacyIndicator, score: number, values: Item[], unit: string | null, at: { page: number; line: number }): void => {
    family = ind.key.split(".")[0]!;
    if (found.has(ind.key)) return;
    const cols = values.slice(0, roles.length).map((v, i) => ({ v, role: roles[i] ?? "skip" }));
    const main = cols.find((c) => c.role === "value")?.v ?? values[0];
    if (!main) return;
    const cum = cols.find((c) => c.role === "cumulative")?.v;
    const [value, converted] = convert(main, unit, ind);
    const reading: LegacyReading = { key: ind.key, value, raw: main.raw, page: at.page, line: at.line, score, from: "table", unitConverted: converted };
    if (cum) reading.cumulative = { value: convert(cum, unit, ind)[0], raw: cum.raw };
    found.set(ind.key, reading);
  };

  /** The label-only text of the line before: the first part of a name that wrapped onto this line. */
  let carry = "";
  for (const line of lines) {
    const items = itemsOf(line);
    const header = headerRoles(items);
    if (header) {
      roles = header;
      continue;
    }
    let nextCarry = "";
    const groups = lineGroups(items);
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      const core = legacyCore(g.label);
      if (core.length === 0 || core.length > MAX_LABEL_CHARS || /[,。;]/.test(core)) {
        pending = null; // prose: no name of the table, and nothing for a value line to attach to
        continue;
      }
      let best = bestIndicator(core, names, family, found);
      let at: { page: number; line: number } = g;
      if (gi === 0 && carry) {
        const joined = bestIndicator(legacyCore(carry + g.label), names, family, found);
        if (joined && (!best || joined.score > best.score)) {
          best = joined;
          at = pending ?? g;
          pending = null;
        }
      }
      if (g.values.length === 0) nextCarry = g.label;
      if (!best) continue;
      if (g.values.length > 0) take(best.ind, best.score, g.values, g.unit, at);
      else pending = { ind: best.ind, score: best.score, unit: g.unit, page: g.page, line: g.line };
    }
    carry = nextCarry;
    // Values alone on a line go to the label-only line just before (a two-column table flattened).
    if (pending && items.length > 0 && items.every((i) => i.kind !== "text" || UNITS.has(normalizeText(i.raw)))) {
      const values = items.filter((i) => i.kind !== "text");
      const unit = items.find((i) => i.kind === "text")?.raw ?? pending.unit;
      if (values.length > 0) take(pending.ind, pending.score, values, unit ? normalizeText(unit) : null, { page: pending.page, line: pending.line });
      pending = null;
    } else if (items.some((i) => i.kind !== "text")) pending = null;
  }
  for (const r of sentenceReadings(lines, template, found)) found.set(r.key, r);
  return [...found.values()];
}

function bestIndicator(
  core: string,
  names: readonly { ind: LegacyIndicator; cores: string[] }[],
  family: string | null,
  found: ReadonlyMap<string, LegacyReading>,
): { ind: LegacyIndicator; score: number } | null {
  let best: { ind: LegacyIndicator; score: number; rank: number } | null = null;
  for (const { ind, cores } of names) {
    const score = Math.max(...cores.map((c) => (c === core ? 1 : similarity(core, c))));
    if (score < MIN_LABEL_SCORE) continue;
    // Equal names (被依法纠错数 under 行政复议 and 行政诉讼): the family being read, then one not yet taken.
    const rank = score * 10 + (ind.key.startsWith(`${family}.`) ? 2 : 0) + (found.has(ind.key) ? 0 : 1);
    if (!best || rank > best.rank) best = { ind, score, rank };
  }
  return best;
}

/** 元 → 万元 for amounts kept in 万元 (a table or sentence that prints 元). */
function convert(v: Item, unit: string | null, ind: LegacyIndicator): [number | null, boolean] {
  if (v.kind !== "num") return [null, false];
  if (ind.unit === "万元" && unit === "元") return [Math.round((v.value / 10000) * 1e6) / 1e6, true];
  return [v.value, false];
}

/** Indicators stated in sentences, for those no table gave. */
function sentenceReadings(lines: readonly PageLine[], template: LegacyTemplate, found: ReadonlyMap<string, LegacyReading>): LegacyReading[] {
  // One string of the whole text, with each line's start offset to find a match's line again.
  const starts: number[] = [];
  let text = "";
  for (const l of lines) {
    starts.push(text.length);
    text += normalizeText(l.text).replace(/:/g, "：") + "\n";
  }
  const lineAt = (offset: number): PageLine => {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > offset) i--;
    return lines[i]!;
  };
  const out: LegacyReading[] = [];
  for (const ind of template.indicators) {
    if (found.has(ind.key)) continue;
    const hit = firstMatch(text, ind);
    if (!hit) continue;
    const l = lineAt(hit.index);
    const yuan = ind.unit === "万元" && /[^万]元$/.test(hit.whole);
    const value = hit.number === null ? 0 : yuan ? Math.round((hit.number / 10000) * 1e6) / 1e6 : hit.number;
    out.push({ key: ind.key, value, raw: hit.whole, page: l.page, line: l.line, score: 1, from: "text", unitConverted: yuan });
  }
  return out;
}

function firstMatch(text: string, ind: LegacyIndicator): { index: number; number: number | null; whole: string } | null {
  for (const src of ind.sentences) {
    // Not inside a longer phrase that negates it (不同意公开 contains 同意公开).
    const m = new RegExp(`(?<![不非])${src}`).exec(text);
    if (m) return { index: m.index, number: Number(m[1]), whole: m[0] };
  }
  for (const src of ind.zero) {
    const m = new RegExp(src).exec(text);
    if (m) return { index: m.index, number: null, whole: m[0] };
  }
  return null;
}
