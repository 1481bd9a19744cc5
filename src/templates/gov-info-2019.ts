/** Template B — the 2019 trial format (国办公开办函〔2019〕60号), reports for 2019 and 2020. TEMPLATES.md §3. */
import type { TemplateInput } from "./schema.js";
import { SECTIONS, T2_COMMON, T3_COMMON, T3_GROUPS, T3_ROWS_HEAD, T3_ROWS_TAIL, T4_TABLE, t3Rules } from "./shared-data.js";

const T3_ROWS = [
  ...T3_ROWS_HEAD,
  { key: "other.total", numbering: "（六）", label_zh: "（六）其他处理", aliases: [] },
  ...T3_ROWS_TAIL,
];
const OUTCOME_ROWS = T3_ROWS.map((r) => r.key).filter((k) => !["new_received", "carried_over", "total", "carried_forward"].includes(k));

const ITEMS = ["prev_count", "change", "decisions"];

export const GOV_INFO_2019: TemplateInput = {
  id: "gov-info-2019",
  name_zh: "中华人民共和国政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号）",
  years: { from: 2019, to: 2020 },
  sections: SECTIONS,
  tables: [
    {
      ...T2_COMMON,
      blocks: [
        { key: "b1", caption_zh: "第二十条第（一）项", aliases: [] },
        { key: "b5", caption_zh: "第二十条第（五）项", aliases: [] },
        { key: "b6", caption_zh: "第二十条第（六）项", aliases: [] },
        { key: "b8", caption_zh: "第二十条第（八）项", aliases: [] },
        { key: "b9", caption_zh: "第二十条第（九）项", aliases: [] },
      ],
      columns: [
        { key: "new_made", label_zh: "本年新制作数量", aliases: ["本年新制作"] },
        { key: "new_published", label_zh: "本年新公开数量", aliases: ["本年新公开"] },
        { key: "total_published", label_zh: "对外公开总数量", aliases: [] },
        { key: "prev_count", label_zh: "上一年项目数量", aliases: [] },
        // 耒阳马水镇 2019 prints 本年增/ (TEMPLATES.md §6).
        { key: "change", label_zh: "本年增/减", aliases: ["本年增减", "本年增/"], kind: "signed_count" },
        { key: "decisions", label_zh: "处理决定数量", aliases: [] },
        { key: "count", label_zh: "采购项目数量", aliases: ["采购项目数"] },
        { key: "amount", label_zh: "采购总金额", aliases: [], kind: "amount" },
      ],
      rows: [
        { key: "rules", block: "b1", label_zh: "规章", columns: ["new_made", "new_published", "total_published"], aliases: [] },
        { key: "normative_docs", block: "b1", label_zh: "规范性文件", columns: ["new_made", "new_published", "total_published"], aliases: ["行政规范性文件"] },
        { key: "licensing", block: "b5", label_zh: "行政许可", columns: ITEMS, aliases: [] },
        { key: "other_services", block: "b5", label_zh: "其他对外管理服务事项", columns: ITEMS, aliases: [] },
        { key: "penalty", block: "b6", label_zh: "行政处罚", columns: ITEMS, aliases: [] },
        { key: "coercion", block: "b6", label_zh: "行政强制", columns: ITEMS, aliases: [] },
        { key: "fees", block: "b8", label_zh: "行政事业性收费", columns: ["prev_count", "change"], aliases: [] },
        { key: "procurement", block: "b9", label_zh: "政府集中采购", columns: ["count", "amount"], aliases: [] },
      ],
      signature: ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购"],
      rules: [],
      bounds: [
        { id: "published_within_total", over: "each_row", lhs: ["total_published"], rhs: ["new_published"], certain: true, description_zh: "对外公开总数量含本年新公开数量" },
        { id: "count_not_negative", over: "each_row", lhs: ["prev_count", "change"], rhs: [], certain: true, description_zh: "上一年项目数量加本年增/减不小于零" },
      ],
    },
    {
      ...T3_COMMON,
      rows: T3_ROWS,
      groups: T3_GROUPS,
      signature: [],
      rules: t3Rules(OUTCOME_ROWS),
    },
    T4_TABLE,
  ],
};
