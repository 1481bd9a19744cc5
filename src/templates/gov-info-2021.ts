/** Template A — the 2021 format (国办公开办函〔2021〕30号), reports for 2021 and later. TEMPLATES.md §2. */
import type { TemplateInput } from "./schema.js";
import { SECTIONS, T2_COMMON, T3_COMMON, T3_GROUPS, T3_ROWS_HEAD, T3_ROWS_TAIL, T4_TABLE, t3Rules } from "./shared-data.js";

const OTHER_ROWS = [
  {
    key: "other.overdue_correction",
    group: "other",
    numbering: "1",
    label_zh: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    aliases: [],
  },
  {
    key: "other.unpaid_fee",
    group: "other",
    numbering: "2",
    label_zh: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    aliases: [],
  },
  { key: "other.other", group: "other", numbering: "3", label_zh: "3.其他", aliases: [] },
];

const T3_ROWS = [...T3_ROWS_HEAD, ...OTHER_ROWS, ...T3_ROWS_TAIL];
const OUTCOME_ROWS = T3_ROWS.map((r) => r.key).filter((k) => !["new_received", "carried_over", "total", "carried_forward"].includes(k));

export const GOV_INFO_2021: TemplateInput = {
  id: "gov-info-2021",
  name_zh: "中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）",
  years: { from: 2021, to: null },
  sections: SECTIONS,
  tables: [
    {
      ...T2_COMMON,
      blocks: [
        { key: "b1", caption_zh: "第二十条第（一）项", aliases: [] },
        { key: "b5", caption_zh: "第二十条第（五）项", aliases: [] },
        { key: "b6", caption_zh: "第二十条第（六）项", aliases: [] },
        { key: "b8", caption_zh: "第二十条第（八）项", aliases: [] },
      ],
      columns: [
        // 金乡街道 2021 prints 本年度止件数 (TEMPLATES.md §6).
        { key: "issued", label_zh: "本年制发件数", aliases: [] },
        { key: "repealed", label_zh: "本年废止件数", aliases: ["本年度止件数"] },
        { key: "in_force", label_zh: "现行有效件数", aliases: [] },
        { key: "decisions", label_zh: "本年处理决定数量", aliases: [] },
        { key: "amount", label_zh: "本年收费金额（单位：万元）", aliases: ["本年收费金额"], kind: "amount", unit: "万元" },
      ],
      rows: [
        { key: "rules", block: "b1", label_zh: "规章", columns: ["issued", "repealed", "in_force"], aliases: [] },
        { key: "normative_docs", block: "b1", label_zh: "行政规范性文件", columns: ["issued", "repealed", "in_force"], aliases: ["规范性文件"] },
        { key: "licensing", block: "b5", label_zh: "行政许可", columns: ["decisions"], aliases: [] },
        { key: "penalty", block: "b6", label_zh: "行政处罚", columns: ["decisions"], aliases: [] },
        { key: "coercion", block: "b6", label_zh: "行政强制", columns: ["decisions"], aliases: [] },
        { key: "fees", block: "b8", label_zh: "行政事业性收费", columns: ["amount"], aliases: [] },
      ],
      signature: ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "行政规范性文件"],
      rules: [],
      // 现行有效件数 moves by 制发 − 废止 from one year to the next.
      cross_year: { stock: [{ id: "in_force", rows: ["rules", "normative_docs"], stock: "in_force", added: "issued", removed: "repealed" }] },
      bounds: [
        { id: "issued_in_force", over: "each_row", lhs: ["in_force"], rhs: ["issued"], certain: false, description_zh: "现行有效件数通常不少于本年制发件数" },
      ],
    },
    {
      ...T3_COMMON,
      rows: T3_ROWS,
      groups: [...T3_GROUPS, { key: "other", label_zh: "（六）其他处理", aliases: [] }],
      signature: ["申请人无正当理由逾期不补正", "申请人逾期未按收费通知", "3.其他"],
      rules: t3Rules(OUTCOME_ROWS),
    },
    T4_TABLE,
  ],
};
