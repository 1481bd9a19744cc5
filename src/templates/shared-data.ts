/**
 * Data shared by the 2021 and 2019 templates (TEMPLATES.md §2.2, §2.4 r01–r20, §2.5): the section
 * headings, table 3's columns and first twenty rows, and table 4, which did not change between them.
 */
import type { TemplateInput } from "./schema.js";

type TableInput = TemplateInput["tables"][number];
type RowInput = TableInput["rows"][number];

export const SECTIONS: TemplateInput["sections"] = [
  { key: "overview", label_zh: "一、总体情况", aliases: ["一、概述"] },
  { key: "proactive", label_zh: "二、主动公开政府信息情况", aliases: [] },
  { key: "requests", label_zh: "三、收到和处理政府信息公开申请情况", aliases: [] },
  { key: "review_litigation", label_zh: "四、政府信息公开行政复议、行政诉讼情况", aliases: ["四、政府信息公开行政复议、行政诉讼情况"] },
  {
    key: "problems",
    label_zh: "五、存在的主要问题及改进情况",
    aliases: ["五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题和改进措施", "五、存在的主要问题及改进措施"],
  },
  { key: "other_matters", label_zh: "六、其他需要报告的事项", aliases: ["六、其他需要说明的事项"] },
];

export const T3_COLUMNS: TableInput["columns"] = [
  { key: "natural_person", label_zh: "自然人", aliases: [] },
  { key: "commercial", label_zh: "商业企业", aliases: [] },
  { key: "research", label_zh: "科研机构", aliases: [] },
  { key: "social_welfare", label_zh: "社会公益组织", aliases: [] },
  { key: "legal_service", label_zh: "法律服务机构", aliases: [] },
  { key: "other_org", label_zh: "其他", aliases: [] },
  { key: "total", label_zh: "总计", aliases: ["合计"] },
];

/** r01–r20 of table 3, identical in both formats. */
export const T3_ROWS_HEAD: RowInput[] = [
  { key: "new_received", numbering: "一", label_zh: "一、本年新收政府信息公开申请数量", aliases: ["本年新收政府信息公开申请数"] },
  { key: "carried_over", numbering: "二", label_zh: "二、上年结转政府信息公开申请数量", aliases: ["上年结转政府信息公开申请数"] },
  { key: "granted", numbering: "（一）", label_zh: "（一）予以公开", aliases: [] },
  {
    key: "partially_granted",
    numbering: "（二）",
    label_zh: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    aliases: [],
  },
  { key: "denied.state_secret", group: "denied", numbering: "1", label_zh: "1.属于国家秘密", aliases: [] },
  {
    key: "denied.prohibited_by_law",
    group: "denied",
    numbering: "2",
    label_zh: "2.其他法律行政法规禁止公开",
    // 洪泽区 2023/2024 print 其他法律行政止公开 (drops 法规禁), TEMPLATES.md §6.
    aliases: ["其他法律行政止公开", "其他法律、行政法规禁止公开"],
  },
  {
    key: "denied.three_safeties_one_stability",
    group: "denied",
    numbering: "3",
    label_zh: "3.危及“三安全一稳定”",
    aliases: ["危及三安全一稳定", "危及“国家安全”：危及“国家安全”"],
  },
  { key: "denied.third_party_rights", group: "denied", numbering: "4", label_zh: "4.保护第三方合法权益", aliases: [] },
  { key: "denied.internal_affairs", group: "denied", numbering: "5", label_zh: "5.属于三类内部事务信息", aliases: [] },
  { key: "denied.process_info", group: "denied", numbering: "6", label_zh: "6.属于四类过程性信息", aliases: [] },
  { key: "denied.law_enforcement_file", group: "denied", numbering: "7", label_zh: "7.属于行政执法案卷", aliases: [] },
  { key: "denied.administrative_query", group: "denied", numbering: "8", label_zh: "8.属于行政查询事项", aliases: [] },
  { key: "unable.not_held", group: "unable", numbering: "1", label_zh: "1.本机关不掌握相关政府信息", aliases: [] },
  { key: "unable.needs_creation", group: "unable", numbering: "2", label_zh: "2.没有现成信息需要另行制作", aliases: [] },
  { key: "unable.unclear_after_correction", group: "unable", numbering: "3", label_zh: "3.补正后申请内容仍不明确", aliases: [] },
  { key: "not_processed.complaint", group: "not_processed", numbering: "1", label_zh: "1.信访举报投诉类申请", aliases: [] },
  { key: "not_processed.repeated", group: "not_processed", numbering: "2", label_zh: "2.重复申请", aliases: [] },
  { key: "not_processed.publication", group: "not_processed", numbering: "3", label_zh: "3.要求提供公开出版物", aliases: [] },
  { key: "not_processed.excessive", group: "not_processed", numbering: "4", label_zh: "4.无正当理由大量反复申请", aliases: [] },
  {
    key: "not_processed.confirm_existing",
    group: "not_processed",
    numbering: "5",
    label_zh: "5.要求行政机关确认或重新出具已获取信息",
    aliases: [],
  },
];

export const T3_ROWS_TAIL: RowInput[] = [
  { key: "total", numbering: "（七）", label_zh: "（七）总计", aliases: ["合计", "办理结果合计"] },
  { key: "carried_forward", numbering: "四", label_zh: "四、结转下年度继续办理", aliases: ["结转下年度继续办理数量"] },
];

export const T3_GROUPS: NonNullable<TableInput["groups"]> = [
  { key: "outcomes", label_zh: "三、本年度办理结果", aliases: [] },
  { key: "denied", label_zh: "（三）不予公开", aliases: [] },
  { key: "unable", label_zh: "（四）无法提供", aliases: [] },
  { key: "not_processed", label_zh: "（五）不予处理", aliases: [] },
];

const APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"];

export function t3Rules(outcomeRows: string[]): TableInput["rules"] {
  return [
    {
      id: "t3.balance",
      kind: "sum_equals",
      over: "each_column",
      lhs: ["new_received", "carried_over"],
      rhs: ["total", "carried_forward"],
      basis: "official",
      description_zh: "第一项加第二项之和，等于第三项加第四项之和",
      message_zh: "第一项加第二项之和应等于第三项加第四项之和",
    },
    {
      id: "t3.outcomes",
      kind: "sum_equals",
      over: "each_column",
      lhs: outcomeRows,
      rhs: ["total"],
      basis: "implied",
      description_zh: "（七）总计等于（一）至（六）各项之和",
      message_zh: "（七）总计应等于（一）至（六）各项之和",
    },
    {
      id: "t3.applicants",
      kind: "sum_equals",
      over: "each_row",
      lhs: APPLICANTS,
      rhs: ["total"],
      basis: "implied",
      description_zh: "总计等于自然人与各类法人或其他组织之和",
      message_zh: "总计应等于自然人与各类法人或其他组织之和",
    },
  ];
}

export const T3_HEADING = { label_zh: "三、收到和处理政府信息公开申请情况", aliases: [] };

/** Table 3's place and reading (grid) and its cross-year rule, the same in both formats. */
export const T3_COMMON = {
  id: "t3",
  section: "requests",
  layout: "grid",
  title_zh: "收到和处理政府信息公开申请情况",
  heading: T3_HEADING,
  columns: T3_COLUMNS,
  // 上年结转 (carried_over) is last year's 结转下年度继续办理 (carried_forward), applicant by applicant.
  cross_year: { carry_over: [{ id: "carryover", from: "carried_forward", to: "carried_over" }] },
  prose: [
    {
      row: "new_received",
      column: "natural_person",
      sentence: ["收到政府信息公开申请", "受理政府信息公开申请", "新收政府信息公开申请"],
      clause: ["自然人"],
      description_zh: "本年新收申请中自然人的件数（收到政府信息公开申请75件，涉及自然人72件）",
    },
  ],
} as const satisfies Partial<TableInput>;

/** Table 2's place and reading (blocks under 第二十条第（X）项 captions), the same in both formats. */
export const T2_COMMON = {
  id: "t2",
  section: "proactive",
  layout: "blocks",
  title_zh: "主动公开政府信息情况",
  heading: { label_zh: "二、主动公开政府信息情况", aliases: [] },
  // The block caption and the 信息内容 column heading are no value column's heading.
  header_noise: ["第二十条", "信息内容"],
} as const satisfies Partial<TableInput>;

export const T4_TABLE: TableInput = {
  id: "t4",
  section: "review_litigation",
  layout: "single_row",
  // The header's group words: their presence with no numbers under them is a blank table; they
  // head no column (复议后起诉 spans two), so they are no guide to where a column is.
  header_words: ["行政复议", "行政诉讼"],
  header_noise: ["复议", "诉讼", "起诉"],
  labelled_rows: false,
  title_zh: "政府信息公开行政复议、行政诉讼情况",
  heading: { label_zh: "四、政府信息公开行政复议、行政诉讼情况", aliases: [] },
  columns: [
    { key: "upheld", label_zh: "结果维持", aliases: ["维持"] },
    { key: "corrected", label_zh: "结果纠正", aliases: ["纠正"] },
    { key: "other", label_zh: "其他结果", aliases: ["其他"] },
    { key: "pending", label_zh: "尚未审结", aliases: [] },
    { key: "total", label_zh: "总计", aliases: ["合计"] },
  ],
  rows: [
    { key: "review", label_zh: "行政复议", aliases: [] },
    { key: "suit_direct", label_zh: "行政诉讼·未经复议直接起诉", aliases: ["未经复议直接起诉"] },
    { key: "suit_after_review", label_zh: "行政诉讼·复议后起诉", aliases: ["复议后起诉"] },
  ],
  rules: [
    {
      id: "t4.totals",
      kind: "sum_equals",
      over: "each_row",
      lhs: ["upheld", "corrected", "other", "pending"],
      rhs: ["total"],
      basis: "implied",
      description_zh: "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
      message_zh: "总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
    },
  ],
  prose: [
    {
      row: "review",
      column: "total",
      sentence: ["行政复议"],
      clause: ["行政复议"],
      description_zh: "行政复议的总件数（办理因政府信息公开引起的行政复议2件，行政诉讼1件）",
    },
  ],
};
