/**
 * The one documented list of flag codes that may appear on a cell (`cells[].flags`).
 * Each code has a plain-language meaning in Chinese and English (the review app and README show
 * these) and says whether it alone sends the value to review.
 */
export const FLAG_CODES = {
  label_fuzzy: {
    zh: "行标签为模糊匹配",
    en: "row label matched fuzzily (score in signals.label_score)",
    review: false,
  },
  label_alias: {
    zh: "行标签匹配已知别名或错印",
    en: "row label matched a known alias or misprint of the template",
    review: false,
  },
  label_joined: {
    zh: "行标签由跨行或跨页的片段拼合",
    en: "row label was joined from fragments split across lines or pages",
    review: false,
  },
  row_by_order: {
    zh: "该行数值按表格行序定位（标签与数值不相邻）",
    en: "the row's numbers were placed by the order of the table's rows, not by an adjacent label",
    review: false,
  },
  reading_order_rebuilt: {
    zh: "数值在文本中顺序错乱，按勾稽关系恢复顺序",
    en: "the numbers came out of order in the text; their order was rebuilt from the rules",
    review: false,
  },
  blank_cell: {
    zh: "单元格为空白或“—”“/”“无”，记为无值",
    en: "cell printed blank, '—', '/' or '无': no value (null), counted as 0 in the rules",
    review: false,
  },
  cell_lost: {
    zh: "该行少印一个数值，列位置由勾稽关系推定",
    en: "the row printed fewer numbers than columns; which column lost its number was inferred from the rules",
    review: false,
  },
  inferred_from_rule: {
    zh: "数值未印出，由勾稽关系推算",
    en: "value was not printed; it was computed from a rule",
    review: false,
  },
  digits_split: {
    zh: "相邻单元格数字粘连，按勾稽关系拆分",
    en: "digits of neighbouring cells ran together; the split was recovered from the rules",
    review: false,
  },
  stated_in_text: {
    zh: "粘连数字的拆分由报告正文所述的数字确定",
    en: "digits run together were split the one way that gives the figures the report's own text states",
    review: false,
  },
  ambiguous: {
    zh: "多种拆分或定位均满足勾稽关系，需人工核对",
    en: "more than one split or placement satisfies the rules; the value shown is one of them",
    review: true,
  },
  ocr_without_grid: {
    zh: "扫描页上的表格没有表格线，数值所在的行列仅凭位置推定",
    en: "the table was scanned without ruling lines: which row and column a value belongs to rests on positions alone",
    review: true,
  },
  not_integer: {
    zh: "计数栏的数值带小数（可能是相邻金额栏的数值错位）",
    en: "a count holds a fraction (often the amount of a neighbouring row shifted into it)",
    review: true,
  },
  implausible_value: {
    zh: "数值不可能成立：计数为负数，或数值大到任何报告都不会有（超过一千万）",
    en: "the value cannot be right: a negative count or amount, or a figure beyond any real report (over 10 million)",
    review: true,
  },
  rule_failed: {
    zh: "所在的勾稽关系不成立（按原样保留印刷值）",
    en: "a rule containing this cell does not hold; the printed value is kept as printed",
    review: true,
  },
  repaired: {
    zh: "印刷值与勾稽关系矛盾，已按规则修正（原值见 raw）",
    en: "the printed value contradicted the rules and was repaired; the printed reading is in raw",
    review: true,
  },
  value_missing: {
    zh: "未找到该单元格的数值",
    en: "no value was found for this cell",
    review: true,
  },
  not_a_number: {
    zh: "单元格内容无法读为数字",
    en: "the cell's text could not be read as a number",
    review: true,
  },
  digits_normalized: {
    zh: "全角数字或千分位已规范化",
    en: "full-width digits or thousands separators were normalized",
    review: false,
  },
  unit_converted: {
    zh: "单位已换算",
    en: "the value was converted to the template's unit",
    review: false,
  },
  low_ocr_confidence: {
    zh: "OCR 识别置信度低",
    en: "low OCR confidence",
    review: true,
  },
  marked_unreadable: {
    zh: "审核人标记为无法辨认，记为无值",
    en: "a reviewer marked the printed value unreadable; no value (null)",
    review: false,
  },
  correction_stale: {
    zh: "审核后该单元格的提取值已变化，请重新核对更正",
    en: "the extracted value changed since a reviewer decided this cell; check the correction again",
    review: true,
  },
  format_year_mismatch: {
    zh: "该表采用的格式与报告年度应采用的格式不一致",
    en: "the table is in another format than the report's year calls for (2019 format in a 2021+ report, or the reverse); on the keys only that format has",
    review: false,
  },
  from_text: {
    zh: "数值取自正文叙述而非统计表（置信度较低）",
    en: "the value was taken from a sentence of the text, not from a table (pre-2019 reports); lower confidence",
    review: true,
  },
  // Cross-year checks (src/validate/cross-year.ts), written into the records of every year involved.
  carryover_break: {
    zh: "本年“上年结转”与上年报告的“结转下年度继续办理”不一致",
    en: "this year's carried_over differs from last year's carried_forward (same column); flagged in both years",
    review: true,
  },
  in_force_break: {
    zh: "现行有效件数与上年现行有效件数加本年制发减本年废止不一致",
    en: "in_force is not last year's in_force + issued − repealed; flagged in both years",
    review: true,
  },
  year_outlier: {
    zh: "数值远超该机关其他年度的水平",
    en: "the value is far outside the agency's other years",
    review: true,
  },
  // Panel level (panel.csv `flags`): about a document's place in the panel, not about one cell.
  year_conflict: {
    zh: "标题、正文和文件名中的年度不一致",
    en: "the years named by the title, the text and the file name disagree",
    review: true,
  },
  agency_year_duplicate: {
    zh: "同一机关同一年度有多份不同的报告",
    en: "more than one distinct report for the same agency and year",
    review: true,
  },
} as const satisfies Record<string, { zh: string; en: string; review: boolean }>;

export type FlagCode = keyof typeof FLAG_CODES;
export const FLAG_CODE_LIST = Object.keys(FLAG_CODES) as FlagCode[];
