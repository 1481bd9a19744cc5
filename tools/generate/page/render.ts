/**
 * The text a web crawler keeps of a report page (../shared/real/fj-pingtan-*.page.txt): a header
 * block (标题, 发布时间, 文号, 发布机构, 栏目, 原文链接, 本地目录 … 正文), then the body with every tag
 * stripped and NO separator put in its place — headings run on inline, each table row's cells glue
 * into one run of digits — `&nbsp;` kept as a single space, and sometimes a line break where a
 * paragraph ended, or (rowBreaks) one after every heading, paragraph and table row. The tables
 * are the HTML generator's span tables (the template's merges), read in document order as a tag
 * stripper reads them.
 */
import { t2Table, t3Table, t4Table, type SpanTable } from "../html/span-tables.js";
import type { ProseBlock } from "../names.js";
import type { Rng } from "../rng.js";
import type { PagePlan } from "./plan.js";

/** A piece of the body; a line break may follow prose, never a table cell. */
interface Piece {
  text: string;
  prose: boolean;
}

const SITES = ["zwgk", "xxgk", "zfxxgk"];

function header(plan: PagePlan, rng: Rng): string[] {
  const domain = `www.${rng.pick(["ha", "tz", "sq", "yc", "np", "sm", "aq", "ly", "jn", "hy"])}${rng.pick(["", "x", "q"])}.gov.cn`;
  const [y, m, d] = plan.published.date.split("-");
  const doc = rng.int(10000, 99999);
  const path = `${rng.pick(SITES)}/zfxxgk/${rng.pick(["bmxxgk", "dfbm", "jcxxgk"])}/${rng.hex(6)}/zfxxgknb/${y}${m}`;
  return [
    `标题: ${plan.title}`,
    `发布时间: ${plan.published.date} ${plan.published.time}`,
    "文号: ",
    `发布机构: ${rng.chance(0.2) ? "" : plan.agency.name}`,
    `栏目: ${rng.pick(["政府信息公开年报", "政府信息公开年报", "年度报告"])}`,
    `原文链接: https://${domain}/${path}/t${y}${m}${d}_${doc}.htm`,
    `本地目录: ${path}/${doc}_${plan.title}`,
    "页面链接与图片详见 links.tsv(同目录)",
    "==================== 正文 ====================",
  ];
}

/** site_chrome before the body: the breadcrumb and share bar (fj-pingtan-scj_2020), or a font switch. */
function chromeTop(plan: PagePlan, rng: Rng): string {
  const crumb = `当前位置： 首页政务公开政府信息公开${plan.agency.name}政府信息公开年报 ${rng.chance(0.5) ? `${plan.title} ` : ""}`;
  return rng.pick([
    `${crumb}来源： 时间：${plan.published.date} ${plan.published.time} --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： `,
    `${crumb}【字体：大 中 小】 `,
    `发布时间：${plan.published.date} 来源：${plan.agency.name} 浏览次数：${rng.int(30, 3000)} 【字体：大 中 小】 分享到： `,
  ]);
}

function chromeBottom(rng: Rng): string {
  return rng.pick([" 附件下载", " 打印本页 关闭窗口", " 【打印本页】【关闭窗口】", " 分享到： 扫一扫在手机打开当前页", " 附件下载 打印本页"]);
}

/** Each row's cells as the crawler wrote them, &nbsp; around some: sparse in a few cells, or cell by cell in some rows. */
function nbspCells(plan: PagePlan, rng: Rng, table: SpanTable): string[][] {
  const { nbsp, blankAsSpace } = plan.style;
  return table.map((row) => {
    const spacedRow = nbsp === "rows" && rng.chance(0.12);
    return row.map((cell, i) => {
      let text = cell.text === "" ? (blankAsSpace ? " " : "") : cell.text;
      if (text.trim() !== "" && nbsp !== "none") {
        if (rng.chance(0.015)) text = ` ${text}`;
        if ((spacedRow && i < row.length - 1) || rng.chance(0.015)) text = `${text} `;
      }
      return text;
    });
  });
}

function prosePieces(blocks: readonly ProseBlock[]): Piece[] {
  return blocks.flatMap((b) => [...(b.heading ? [{ text: b.heading, prose: false }] : []), ...b.paragraphs.map((p) => ({ text: p, prose: true }))]);
}

export function renderPage(plan: PagePlan, rng: Rng): string {
  const m = plan.model;
  const has = (k: string): boolean => (plan.applied as string[]).includes(k);
  // Rows glued one after the other, or each on a line of its own (rowBreaks).
  const table = (t: SpanTable): Piece => ({ text: nbspCells(plan, rng, t).map((cells) => cells.join("")).join(plan.style.rowBreaks ? "\n" : ""), prose: false });
  const top = has("site_chrome") && rng.chance(0.75);
  const bottom = has("site_chrome") && (!top || rng.chance(0.6));
  const pieces: Piece[] = [
    ...(top ? [{ text: chromeTop(plan, rng), prose: false }] : []),
    ...(has("repeated_title") ? [{ text: plan.title + (rng.chance(0.5) ? " " : ""), prose: false }] : []),
    ...plan.intro.map((p) => ({ text: p, prose: true })),
    ...prosePieces(plan.overview),
    { text: plan.tableHeadings[0], prose: false },
    table(t2Table(m.t2, "span")),
    { text: plan.tableHeadings[1], prose: false },
    table(t3Table(m.t3, "span")),
    { text: plan.tableHeadings[2], prose: false },
    table(t4Table(m.t4, "span")),
    ...prosePieces(plan.closing),
    { text: ` ${plan.agency.name}${rng.chance(0.5) ? " " : ""}${plan.published.signed}`, prose: true },
    ...(bottom ? [{ text: chromeBottom(rng), prose: false }] : []),
  ];
  const breaks = new Set(rng.sample(pieces.flatMap((p, i) => (p.prose && i < pieces.length - 1 ? [i] : [])), plan.style.lineBreaks));
  const body = plan.style.rowBreaks
    ? pieces.map((p) => p.text).join("\n").replace(/ {2,}/g, " ")
    : pieces.map((p, i) => p.text + (breaks.has(i) ? "\n" : "")).join("").replace(/ {2,}/g, " ");
  return [...header(plan, rng), body].join("\n");
}
