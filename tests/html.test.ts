/**
 * HTML input: generated portal pages in both formats, UTF-8 and GBK, plain and Word-exported markup,
 * merged or flat tables, blank cells; hand-written pages for the grid (rowspan/colspan), charsets
 * declared wrongly, malformed markup and a page without a report.
 */
import { describe, expect, it } from "vitest";
import { generateHtmlReport, encodeGbk, type HtmlPageOptions } from "../tools/generate/html/index.js";
import { Rng } from "../tools/generate/rng.js";
import { detectBackend } from "../src/ingest/index.js";
import { decodeHtml, htmlStringToPageModel, tableToGrid } from "../src/ingest/html/index.js";
import { InputError } from "../src/pipeline/errors.js";
import { extractDocument } from "../src/pipeline/run-document.js";
import * as cheerio from "cheerio";

function score(cells: { key: string; value: number | null; needs_review: boolean }[], gold: Record<string, number | null>): { wrong: string[]; silent: string[] } {
  const by = new Map(cells.map((c) => [c.key, c]));
  const wrong = Object.entries(gold).filter(([k, v]) => by.get(k)?.value !== v).map(([k]) => k);
  return { wrong, silent: wrong.filter((k) => !by.get(k)?.needs_review) };
}

const CASES: [string, Partial<HtmlPageOptions>, "2021" | "2019" | "hybrid"][] = [
  ["utf-8 plain merged 2021", { charset: "utf-8", markup: "plain", tableStyle: "span", blankAs: "nbsp" }, "2021"],
  ["gbk word flat 2019", { charset: "gbk", markup: "word", tableStyle: "flat", blankAs: "nbsp" }, "2019"],
  ["gb2312 plain flat hybrid", { charset: "gb2312", markup: "plain", tableStyle: "flat", blankAs: "empty" }, "hybrid"],
  ["gb18030 word merged 2019, nested layout tables", { charset: "gb18030", markup: "word", tableStyle: "span", layoutTables: true }, "2019"],
  ["utf-8 word merged 2021, nested layout tables", { charset: "utf-8", markup: "word", tableStyle: "span", layoutTables: true }, "2021"],
];

describe("generated HTML pages", () => {
  for (const [name, options, format] of CASES) {
    it(name, async () => {
      for (let i = 0; i < 3; i++) {
        const g = generateHtmlReport(Rng.forItem(77, i), { index: i, formats: [format], options });
        expect(detectBackend(g.bytes.subarray(0, 1024))).toMatchObject({ backend: { kind: "html" } });
        const rec = await extractDocument(`${g.id}.html`, g.bytes);
        expect(rec.source.kind).toBe("html");
        expect(rec.report.year).toBe(g.gold.year);
        expect(rec.report.agency).toBe(g.gold.agency);
        expect(rec.report.tables["t3"]).toBe(format === "2021" ? "gov-info-2021" : "gov-info-2019");
        expect(rec.report.tables["t2"]).toBe(format === "2019" ? "gov-info-2019" : "gov-info-2021");
        const { wrong, silent } = score(rec.cells, g.gold.cells);
        expect(silent).toEqual([]);
        expect(wrong).toEqual([]);
        expect(rec.warnings.filter((w) => /charset/.test(w))).toEqual([]);
      }
    });
  }

  it("GBK pages are not valid UTF-8 and say so in their meta tag", () => {
    const g = generateHtmlReport(Rng.forItem(5, 0), { index: 0, options: { charset: "gbk" } });
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(g.bytes)).toThrow();
    expect(decodeHtml(g.bytes)).toMatchObject({ encoding: "gb18030", declared: "gbk", warnings: [] });
    expect(encodeGbk("政府信息公开")).toEqual(Buffer.from("d5feb8aed0c5cfa2b9abbfaa", "hex"));
  });
});

describe("the grid of a table", () => {
  const grid = (html: string) => {
    const $ = cheerio.load(html);
    return tableToGrid($("table")[0] as never);
  };

  it("places cells by rowspan and colspan", () => {
    const g = grid(`<table><tr><td rowspan="2" colspan="2">A</td><td>B</td></tr><tr><td>C</td></tr><tr><td>D</td><td colspan="2">E</td></tr></table>`);
    expect(g.width).toBe(3);
    expect(g.rows.map((r) => r.map((c) => `${c.text}@${c.row},${c.col}`))).toEqual([["A@0,0", "B@0,2"], ["C@1,2"], ["D@2,0", "E@2,1"]]);
  });

  it("keeps blank (&nbsp;) value cells as empty tokens, drops empty label padding, reads rows of 8 and 10 cells under one header", () => {
    const html = `<p>三、收到和处理政府信息公开申请情况</p><table>
      <tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>申请人情况</td></tr>
      <tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td>&nbsp;</td><td></td><td>1</td><td>0</td><td>&nbsp;</td><td>4</td></tr>
      <tr><td>&nbsp;</td><td></td><td>1.属于国家秘密</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>
    </table>`;
    const lines = htmlStringToPageModel(html).lines;
    expect(lines.map((l) => l.tokens.map((t) => t.text))).toEqual([
      ["三、收到和处理政府信息公开申请情况"],
      ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
      ["一、本年新收政府信息公开申请数量", "3", "", "", "1", "0", "", "4"],
      ["1.属于国家秘密", "", "", "", "", "", "", ""],
    ]);
  });
});

const page = (body: string, head = `<meta charset="utf-8">`) => `<!DOCTYPE html><html><head>${head}<title>t</title></head><body>${body}</body></html>`;

describe("bad and odd pages", () => {
  it("text that merely opens with a tag is text; a saved fragment of tables is HTML", () => {
    expect(detectBackend(Buffer.from("<script>alert(1)</script>某区人民政府\n2023年政府信息公开工作年度报告\n"))).toMatchObject({ backend: { kind: "text" } });
    expect(detectBackend(Buffer.from("<table><tr><td>行政许可</td><td>3</td></tr></table>"))).toMatchObject({ backend: { kind: "html" } });
    expect(detectBackend(Buffer.from("\ufeff<!DOCTYPE html><html>"))).toMatchObject({ backend: { kind: "html" } });
  });

  it("a page with no report on it is not_a_report, not a crash", async () => {
    const bytes = Buffer.from(page(`<div class="nav"><ul><li><a href="/">首页</a></li></ul></div><p>欢迎访问本网站。</p>`));
    await expect(extractDocument("news.html", bytes)).rejects.toMatchObject({ code: "not_a_report" });
  });

  it("malformed markup (unclosed tags, stray end tags) is read or refused with a code, never thrown as a crash", async () => {
    const g = generateHtmlReport(Rng.forItem(9, 1), { index: 1, options: { charset: "utf-8", markup: "plain" } });
    // Unclosed cells and rows, stray end tags, an unclosed paragraph: what hand-edited portal pages hold.
    const broken = g.html.replace(/<\/td>/g, "").replace(/<\/tr>/g, "</span></div>").replace(/<\/p>/g, "").replace("</body>", "</td></body></font>");
    const rec = await extractDocument("broken.html", Buffer.from(broken));
    expect(score(rec.cells, g.gold.cells).silent).toEqual([]);
    const cut = Buffer.from(g.html.slice(0, g.html.indexOf("<table")));
    const err = await extractDocument("cut.html", cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe("not_a_report");
  });

  it("a wrong declared charset is a warning on the record, and the values are right", async () => {
    const utf8 = generateHtmlReport(Rng.forItem(3, 2), { index: 2, options: { charset: "utf-8" } });
    const lying = Buffer.from(utf8.html.replace(/<meta[^>]*charset[^>]*>/, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`));
    const rec = await extractDocument("lying.html", lying);
    expect(rec.warnings).toContain("the page declares charset gb2312 but its bytes are UTF-8; decoded as UTF-8");
    expect(score(rec.cells, utf8.gold.cells).wrong).toEqual([]);

    const gbk = generateHtmlReport(Rng.forItem(3, 3), { index: 3, options: { charset: "gbk" } });
    const claimsUtf8 = encodeGbk(gbk.html.replace(/<meta[^>]*charset[^>]*>/, `<meta charset="utf-8">`));
    const rec2 = await extractDocument("claims-utf8.html", claimsUtf8);
    expect(rec2.warnings).toContain("the page declares charset utf-8 but its bytes are not UTF-8; decoded as GB18030 (GBK)");
    expect(score(rec2.cells, gbk.gold.cells).wrong).toEqual([]);
  });

  it("markup nested 20,000 deep is refused as unreadable, not a crash", async () => {
    const deep = Buffer.from(`<!DOCTYPE html><html><body>${"<div>".repeat(20_000)}一、总体情况${"</div>".repeat(20_000)}</body></html>`);
    await expect(extractDocument("deep.html", deep)).rejects.toMatchObject({ code: "unreadable", message: "deep.html: the markup is nested too deeply to be read" });
  }, 30_000);

  it("bytes that are no text under any charset are refused as unreadable", async () => {
    const noise = Buffer.concat([Buffer.from(`<html><head><meta charset="gbk"></head><body>`), Buffer.alloc(3000, 0xff)]);
    await expect(extractDocument("noise.html", noise)).rejects.toMatchObject({ code: "unreadable" });
  });

  it("the page's menus, breadcrumb, sidebar of other years' reports and footer are left out", async () => {
    const g = generateHtmlReport(Rng.forItem(4, 0), { index: 0, options: { charset: "utf-8" } });
    const model = htmlStringToPageModel(g.html);
    const text = model.lines.map((l) => l.text).join("\n");
    expect(text).not.toMatch(/当前位置|首页|版权所有|相关年报/);
    expect(model.lines[0]!.text).toBe(`${g.gold.agency}${g.gold.year}年政府信息公开工作年度报告`);
  });
});

describe("tables no template takes", () => {
  it("are kept whole in tables_other; the report's own tables are not", async () => {
    const g = generateHtmlReport(Rng.forItem(6, 0), { index: 0, formats: ["2021"], options: { charset: "utf-8", markup: "plain" } });
    const extra = `<table><tr><td>事项</td><td>件数</td></tr><tr><td>人大代表建议</td><td>12</td></tr><tr><td>政协提案</td><td>&nbsp;</td></tr></table>`;
    const html = g.html.replace(/(<p><strong>六、其他需要报告的事项<\/strong><\/p>)/, `$1${extra}`);
    expect(html).not.toBe(g.html);
    const rec = await extractDocument("extra.html", Buffer.from(html));
    expect(rec.tables_other).toHaveLength(1);
    expect(rec.tables_other![0]!.rows).toEqual([["事项", "件数"], ["人大代表建议", "12"], ["政协提案", ""]]);
    expect(score(rec.cells, g.gold.cells).wrong).toEqual([]);
  });

  it("a pre-2019 report's statistics table in a web page is read by indicator, and not kept as another table", async () => {
    const rows = [["指标名称", "计量单位", "本年", "历年累计"], ["主动公开信息数", "条", "88", "300"], ["申请总数", "件", "5", "20"], ["其中：1.当面申请数", "件", "5", "18"], ["行政复议数", "件", "0", "&nbsp;"]];
    const table = `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>`;
    const bytes = encodeGbk(page(`<h1>某区2013年政府信息公开工作年度报告</h1><p>七、附表</p>${table}`, `<meta charset="gbk">`));
    const rec = await extractDocument("old.html", bytes);
    expect(rec.report).toMatchObject({ template: "gov-info-legacy", year: 2013 });
    const v = Object.fromEntries(rec.cells.map((c) => [c.key, c.value]));
    expect(v).toMatchObject({ "legacy.proactive.total": 88, "legacy.proactive.total_cumulative": 300, "legacy.requests.received": 5, "legacy.requests.in_person": 5, "legacy.review.total": 0, "legacy.review.total_cumulative": null });
    expect(rec.tables_other).toBeUndefined();
  });
});
