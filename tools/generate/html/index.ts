/** Generated reports as HTML pages (and the plan and span tables the DOCX generator shares). */
export { generateHtmlCorpus, generateHtmlReport, goldOf, writeMarkupCorpus, type GeneratedHtml, type MarkupCorpusOptions, type MarkupGold } from "./corpus.js";
export { chooseHtmlOptions, renderHtmlPage, tableHtml, type HtmlCharset, type HtmlMarkup, type HtmlPageOptions } from "./page.js";
export { planMarkupReport, MARKUP_VARIANTS, type MarkupPlan } from "./plan.js";
export { t2Table, t3Table, t4Table, type SpanCell, type SpanTable, type TableStyle } from "./span-tables.js";
export { encodeGbk } from "./gbk.js";
