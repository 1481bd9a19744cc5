/**
 * A generated report as a saved portal page: the report inside the site's banner, menu,
 * breadcrumb, a sidebar of other years' reports and a footer (all of which the reader must leave
 * out), in a plain or a Word-exported ("MsoNormal", heavy inline styles) rendering, or laid out in
 * nested tables as older portals do.
 */
import type { ProseBlock } from "../names.js";
import type { Rng } from "../rng.js";
import type { MarkupPlan } from "./plan.js";
import { t2Table, t3Table, t4Table, type SpanTable, type TableStyle } from "./span-tables.js";

export type HtmlMarkup = "plain" | "word";
export type HtmlCharset = "utf-8" | "gbk" | "gb2312" | "gb18030";

export interface HtmlPageOptions {
  markup: HtmlMarkup;
  tableStyle: TableStyle;
  charset: HtmlCharset;
  /** The whole page laid out in nested tables (old portals). */
  layoutTables: boolean;
  /** How a blank cell is written: `&nbsp;` or nothing. */
  blankAs: "nbsp" | "empty";
}

export function chooseHtmlOptions(rng: Rng): HtmlPageOptions {
  return {
    markup: rng.chance(0.35) ? "word" : "plain",
    tableStyle: rng.chance(0.3) ? "flat" : "span",
    charset: rng.pick(["utf-8", "utf-8", "gbk", "gb2312", "gb18030"] as const),
    layoutTables: rng.chance(0.2),
    blankAs: rng.chance(0.6) ? "nbsp" : "empty",
  };
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function cellContent(text: string, o: HtmlPageOptions): string {
  const inner = text === "" ? (o.blankAs === "nbsp" ? "&nbsp;" : "") : esc(text);
  if (o.markup === "plain") return inner;
  // Word splits a cell's text into runs and closes each paragraph with <o:p>.
  const mid = Math.floor([...text].length / 2);
  const runs = text.length > 6 ? [[...text].slice(0, mid).join(""), [...text].slice(mid).join("")].map(esc) : [inner];
  const spans = runs.map((r) => `<span lang=ZH-CN style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman"'>${r}</span>`).join("");
  return `<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt'>${spans}<span lang=EN-US><o:p>${text === "" ? "&nbsp;" : ""}</o:p></span></p>`;
}

export function tableHtml(table: SpanTable, o: HtmlPageOptions): string {
  const open = o.markup === "word"
    ? `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>`
    : `<table border="1" cellspacing="0" cellpadding="2">`;
  const rows = table.map((row, r) => {
    const cells = row.map((cell) => {
      const span = `${cell.rowSpan ? ` rowspan="${cell.rowSpan}"` : ""}${cell.colSpan ? ` colspan="${cell.colSpan}"` : ""}`;
      const style = o.markup === "word" ? ` width=${48 + (cell.colSpan ?? 1) * 20} valign=center style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'` : "";
      return `<td${span}${style}>${cellContent(cell.text, o)}</td>`;
    });
    return o.markup === "word" ? `<tr style='mso-yfti-irow:${r};height:20.0pt'>\n${cells.join("\n")}\n</tr>` : `<tr>${cells.join("")}</tr>`;
  });
  return `${open}\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>`;
}

function para(text: string, o: HtmlPageOptions, heading = false): string {
  if (o.markup === "word") {
    return `<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'><span style='font-size:16.0pt;font-family:${heading ? "黑体" : "仿宋_GB2312"}'>${esc(text)}</span></p>`;
  }
  return heading ? `<p><strong>${esc(text)}</strong></p>` : `<p style="text-indent:2em">${esc(text)}</p>`;
}

const proseHtml = (blocks: readonly ProseBlock[], o: HtmlPageOptions): string[] =>
  blocks.flatMap((b) => [...(b.heading ? [para(b.heading, o, true)] : []), ...b.paragraphs.map((p) => para(p, o))]);

function chrome(plan: MarkupPlan, year: number): { top: string; side: string; bottom: string } {
  const site = plan.model.agency.replace(/办公室$/, "");
  const others = [year - 1, year - 2, year - 3].map((y) => `<li><a href="/xxgk/ndbg/${y}.html">${esc(plan.model.agency)}${y}年政府信息公开工作年度报告</a></li>`);
  return {
    top: [
      `<div class="top"><div class="logo"><img src="/images/logo.png" alt="${esc(site)}"></div><div class="search"><form action="/search"><input name="q"><button>搜索</button></form></div></div>`,
      `<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/xxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>`,
      `<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="/xxgk/ndbg/">政府信息公开年报</a></div>`,
    ].join("\n"),
    side: `<div class="side"><h3>相关年报</h3><ul>${others.join("")}</ul></div>`,
    bottom: `<div class="footer"><p>主办单位：${esc(site)}　网站标识码：${3200000000 + (year % 97)}</p><p>苏ICP备05009037号-1　版权所有</p></div>`,
  };
}

export function renderHtmlPage(plan: MarkupPlan, o: HtmlPageOptions, rng: Rng): string {
  const m = plan.model;
  const p = plan.parts;
  const meta = o.charset === "utf-8" && rng.chance(0.5) ? `<meta charset="utf-8">` : `<meta http-equiv="Content-Type" content="text/html; charset=${o.charset}">`;
  const ch = chrome(plan, m.year);
  const article = [
    `<h1 class="title">${esc(p.title.join(""))}</h1>`,
    `<div class="info">发布时间：${m.year + 1}-01-${String(rng.int(10, 31)).padStart(2, "0")}　来源：${esc(m.agency)}　浏览次数：${rng.int(50, 5000)}</div>`,
    `<div class="TRS_Editor" id="zoom">`,
    ...p.intro.map((x) => para(x, o)),
    ...proseHtml(p.overview, o),
    para(p.tableHeadings[0], o, true),
    tableHtml(t2Table(m.t2, o.tableStyle), o),
    para(p.tableHeadings[1], o, true),
    tableHtml(t3Table(m.t3, o.tableStyle), o),
    para(p.tableHeadings[2], o, true),
    tableHtml(t4Table(m.t4, o.tableStyle), o),
    ...proseHtml(p.closing, o),
    `</div>`,
  ].join("\n");
  const body = o.layoutTables
    ? `<table width="1000" align="center"><tr><td colspan="2">${ch.top}</td></tr><tr><td width="240" valign="top">${ch.side}</td><td valign="top">${article}</td></tr><tr><td colspan="2">${ch.bottom}</td></tr></table>`
    : `${ch.top}\n<div class="main">\n${ch.side}\n<div class="article">\n${article}\n</div>\n</div>\n${ch.bottom}`;
  const wordHead = o.markup === "word" ? `<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15"><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->` : "";
  return `<!DOCTYPE html>\n<html${o.markup === "word" ? ` xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"` : ""}>\n<head>\n${meta}\n${wordHead}\n<title>${esc(p.title.join(""))}_${esc(m.agency)}</title>\n<style>body{font-family:SimSun} .nav li{display:inline}</style>\n<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}
