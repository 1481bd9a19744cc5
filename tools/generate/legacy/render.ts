/**
 * A generated pre-2019 report as text, in one of three styles: `table` (an appended statistics
 * table 指标名称 | 计量单位 | 本年 [| 历年累计], tab- or space-separated), `flat` (the same two columns
 * flattened into running text: several name–value pairs on a line, or a value on the line after its
 * name) and `narrative` (no table: the figures only in sentences).
 */
import type { Rng } from "../rng.js";
import { GOV_INFO_LEGACY, type LegacyIndicator } from "../../../src/templates/legacy.js";

export type LegacyStyle = "table" | "flat" | "narrative";
export const LEGACY_STYLES: readonly LegacyStyle[] = ["table", "flat", "narrative"];

const IND = new Map(GOV_INFO_LEGACY.indicators.map((i) => [i.key, i]));
const SUB = /^(?:requests\.(?!received)|responses\.(?!total)|denied\.|review\.(?!total)|litigation\.(?!total)|staff\.(?:full|part))/;

function printedName(rng: Rng, ind: LegacyIndicator, index: number): string {
  let name = ind.aliases.length > 0 && rng.chance(0.3) ? rng.pick(ind.aliases) : ind.label_zh;
  // A local form's own wording: one character dropped from a longer name (申请总数 stays exact).
  if (name.length >= 7 && rng.chance(0.15)) {
    const at = rng.int(2, name.length - 2);
    name = name.slice(0, at) + name.slice(at + 1);
  }
  if (!SUB.test(ind.key)) return name;
  return `${index === 0 && rng.chance(0.5) ? "其中：" : ""}${index + 1}.${name}`;
}

const fmt = (n: number): string => String(n);

export function renderLegacyTable(rng: Rng, values: ReadonlyMap<string, number>, cumulative: ReadonlyMap<string, number> | null, year: number): string[] {
  const tabs = rng.chance(0.6);
  const cols = cumulative ? ["指标名称", "计量单位", rng.pick(["本年", `${year}年度`, "本年数"]), "历年累计"] : ["统计指标", "单位", "统计数"];
  const join = (cells: string[]): string => (tabs ? cells.join("\t") : cells.map((c, i) => (i === 0 ? c.padEnd(24, "\u3000") : c.padStart(8))).join("  "));
  const out = [`附表：${year}年政府信息公开情况统计表`, join(cols)];
  let subIndex = 0;
  let lastFamily = "";
  for (const [key, value] of values) {
    const ind = IND.get(key)!;
    const family = key.split(".")[0]!;
    subIndex = SUB.test(key) && family === lastFamily ? subIndex + 1 : 0;
    lastFamily = family;
    const cells = [printedName(rng, ind, SUB.test(key) ? subIndex : 0), ind.unit, fmt(value)];
    if (cumulative) cells.push(fmt(cumulative.get(key) ?? value));
    // pdftotext of a narrow name column: a long name wraps, its numbers on the second line.
    const name = [...cells[0]!];
    if (!tabs && name.length > 12 && rng.chance(0.3)) {
      const at = rng.int(6, name.length - 3);
      out.push(name.slice(0, at).join(""));
      cells[0] = name.slice(at).join("");
    }
    out.push(join(cells));
  }
  return out;
}

export function renderLegacyFlat(rng: Rng, values: ReadonlyMap<string, number>): string[] {
  const out = ["附：政府信息公开情况统计"];
  let line: string[] = [];
  for (const [key, value] of values) {
    const ind = IND.get(key)!;
    const name = rng.chance(0.5) ? `${printedName(rng, ind, 0)}（${ind.unit}）` : printedName(rng, ind, 0);
    if (rng.chance(0.25)) {
      if (line.length) out.push(line.join("  "));
      line = [];
      out.push(name, `${fmt(value)}${rng.chance(0.5) ? ind.unit : ""}`);
      continue;
    }
    line.push(`${name}${rng.pick(["：", " ", "　"])}${fmt(value)}`);
    if (line.length >= rng.int(2, 4)) {
      out.push(line.join(rng.pick(["  ", "；", "，"])));
      line = [];
    }
  }
  if (line.length) out.push(line.join("  "));
  return out;
}

/** Sentences for the indicators that have a sentence form; returns the paragraphs and the keys stated. */
export function renderLegacyNarrative(rng: Rng, values: ReadonlyMap<string, number>, year: number, self: string): { paragraphs: string[]; keys: string[] } {
  const g = (k: string): number => values.get(k) ?? 0;
  const keys: string[] = [];
  const say = (k: string, text: string): string => (keys.push(k), text);
  const p: string[] = [];
  p.push(`${year}年，${self}${say("proactive.total", `主动公开政府信息${g("proactive.total")}条`)}，其中${say("proactive.website", `通过政府网站公开信息${g("proactive.website")}条`)}，${say("proactive.gazette", `通过政府公报公开信息${g("proactive.gazette")}条`)}。`);
  if (g("requests.received") === 0) p.push(say("requests.received", `${year}年，${self}未收到政府信息公开申请。`));
  else {
    const ch = [["requests.in_person", "当面申请"], ["requests.online", "网上申请"], ["requests.letter", "信函申请"]].filter(([k]) => values.has(k!));
    p.push(`${year}年，${self}${say("requests.received", `共受理政府信息公开申请${g("requests.received")}件`)}，其中${ch.map(([k, l]) => say(k!, `${l}${g(k!)}件`)).join("，")}。` +
      `已全部按期答复，其中${say("responses.granted", `同意公开${g("responses.granted")}件`)}，${say("responses.partially_granted", `部分公开${g("responses.partially_granted")}件`)}，${say("responses.denied", `不予公开${g("responses.denied")}件`)}。`);
  }
  const fee = g("fees.amount");
  if (values.has("fees.amount")) p.push(fee === 0 ? say("fees.amount", `${self}在政府信息公开工作中未收取任何费用。`) : say("fees.amount", `全年收取检索、复制、邮寄等成本费用${Math.round(fee * 10000)}元。`));
  const rv = g("review.total");
  const lt = g("litigation.total");
  p.push(rv === 0 ? say("review.total", `${year}年，${self}未发生因政府信息公开申请提起的行政复议案件。`) : say("review.total", `${year}年，${self}发生政府信息公开行政复议案件${rv}件。`));
  p.push(lt === 0 ? say("litigation.total", `未发生因政府信息公开提起的行政诉讼。`) : say("litigation.total", `涉及政府信息公开行政诉讼${lt}件。`));
  if (values.has("staff.total") && rng.chance(0.7)) {
    p.push(`${self}${say("staff.total", `从事政府信息公开工作人员${g("staff.total")}人`)}，其中${say("staff.full_time", `专职人员${g("staff.full_time")}人`)}，${say("staff.part_time", `兼职人员${g("staff.part_time")}人`)}；全年${say("training.courses", `举办培训班${g("training.courses")}期`)}。`);
  }
  return { paragraphs: p, keys };
}
