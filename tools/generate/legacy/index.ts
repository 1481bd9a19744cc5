/**
 * Generated pre-2019 reports (2008–2018) with gold files: the sections of the 2007 条例 (TEMPLATES.md
 * §5.1), and the statistics in a table, a flattened table or sentences only (render.ts). The gold
 * holds every value the text states, under the legacy keys (`legacy.requests.received` …).
 */
import { writeCorpus } from "../corpus-writer.js";
import { GOV_INFO_LEGACY } from "../../../src/templates/legacy.js";
import { pickAgency } from "../names.js";
import type { Rng } from "../rng.js";
import { LEGACY_STYLES, renderLegacyFlat, renderLegacyNarrative, renderLegacyTable, type LegacyStyle } from "./render.js";
import { cumulativeOf, legacyValues, type LegacyForm } from "./values.js";

export { LEGACY_STYLES, type LegacyStyle } from "./render.js";

export interface LegacyGold {
  agency: string;
  year: number;
  format: "legacy";
  applies_to_raw_files: string[];
  cells: Record<string, number | null>;
  generator: { style: LegacyStyle; form: LegacyForm };
}

export function generateLegacyReport(rng: Rng, opts: { index: number; style?: LegacyStyle }): { id: string; text: string; gold: LegacyGold } {
  const id = `synlegacy${String(opts.index).padStart(5, "0")}_${rng.hex(8)}`;
  const style = opts.style ?? rng.pick(LEGACY_STYLES);
  const form: LegacyForm = rng.chance(0.5) ? "national2014" : "local";
  const year = form === "national2014" ? rng.int(2014, 2018) : rng.int(2008, 2013);
  const agency = pickAgency(rng, opts.index);
  // In the order of the form (TEMPLATES.md §5.2): each total before its parts.
  const order = GOV_INFO_LEGACY.indicators.map((i) => i.key);
  const values = new Map([...legacyValues(rng, form)].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  const cumulative = form === "local" && style === "table" ? new Map([...values].map(([k, v]) => [k, cumulativeOf(rng, v)])) : null;
  const narrative = renderLegacyNarrative(rng, values, year, agency.self);
  const cells: Record<string, number | null> = {};
  const stated = style === "narrative" ? narrative.keys : [...values.keys()];
  for (const k of stated) cells[`legacy.${k}`] = values.get(k) ?? 0;
  if (cumulative) for (const [k, v] of cumulative) cells[`legacy.${k}_cumulative`] = v;

  const stats = style === "table" ? renderLegacyTable(rng, values, cumulative, year) : style === "flat" ? renderLegacyFlat(rng, values) : [];
  const lines = [
    agency.name,
    `${year}年政府信息公开工作年度报告`,
    "",
    `本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由${agency.office}编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，政府信息公开工作存在的主要问题及改进措施，需要说明的事项与附表。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`,
    "",
    "一、概述",
    `${year}年，${agency.self}认真贯彻落实《条例》，进一步健全工作机制，发布政策解读${rng.int(1, 30)}篇，政府信息公开工作有序推进。`,
    "二、主动公开政府信息情况",
    narrative.paragraphs[0] ?? "",
    "三、依申请公开政府信息情况",
    ...narrative.paragraphs.slice(1, 2),
    "四、政府信息公开的收费及减免情况",
    ...narrative.paragraphs.filter((p) => /费用/.test(p)),
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    ...narrative.paragraphs.filter((p) => /行政复议|行政诉讼/.test(p)),
    ...narrative.paragraphs.filter((p) => /从事政府信息公开/.test(p)),
    "六、政府信息公开工作存在的主要问题及改进措施",
    "一是信息公开的及时性有待提高；二是依申请公开办理程序需进一步规范。下一步将加强培训，完善制度。",
    "七、需要说明的事项与附表",
    ...(stats.length ? ["", ...stats] : ["无。"]),
    "",
  ];
  return { id, text: lines.join("\n"), gold: { agency: agency.name, year, format: "legacy", applies_to_raw_files: [`${id}.txt`], cells, generator: { style, form } } };
}

export async function generateLegacyCorpus(opts: { outDir: string; count: number; seed: number }): Promise<{ inputs: string[]; golds: string[] }> {
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`count must be a non-negative integer, got ${opts.count}`);
  return writeCorpus(opts, "txt", (rng, index) => {
    const r = generateLegacyReport(rng, { index });
    return { id: r.id, bytes: r.text, gold: r.gold };
  });
}
