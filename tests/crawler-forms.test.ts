/**
 * Text a crawler kept of a report page in other forms than the tags stripped: HTML character
 * references left undecoded (`5800000&nbsp;58&nbsp;`), and Markdown (`| 行政许可 | 0 |`), what many
 * crawlers and HTML-to-text converters write. Each reads as the same page in plain text does.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/index.js";
import { t2Table, t3Table, t4Table, type SpanTable } from "../tools/generate/html/span-tables.js";
import { planPageReport, type PagePlan } from "../tools/generate/page/index.js";
import { decodeEntities } from "../src/ingest/text/entities.js";
import { markdownAsText } from "../src/ingest/text/markdown.js";
import { unfolded } from "../src/ingest/text/unfold.js";
import { displayWidth } from "../src/ingest/text/width.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { exactShare, scored, silentOf, type Scored } from "./helpers/scoring.js";
import type { ReportRecord } from "../src/model/index.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const PAGES = ["fj-pingtan-htp_2024", "fj-pingtan-jtj_2024", "fj-pingtan-scj_2020"];

const read = (r: ReportRecord): string[] => r.cells.map((c) => `${c.key} ${c.value} ${c.needs_review}`);

describe("HTML character references left in the text", () => {
  it("are decoded as a browser shows them", () => {
    expect(decodeEntities("5800000&nbsp;58&nbsp;二、")).toBe("5800000\u00a058\u00a0二、");
    expect(decodeEntities("&#160;3&#xa0;4 &amp; &lt;表&gt; &ldquo;三安全一稳定&rdquo;")).toBe("\u00a03\u00a04 & <表> “三安全一稳定”");
    const plain = "一、总体情况 58件";
    expect(decodeEntities(plain)).toBe(plain);
  });

  it.each(PAGES)("leave the real page %s read as it is read with its &nbsp; decoded", async (id) => {
    const path = `${REAL}${id}.page.txt`;
    const text = await readFile(path, "utf8");
    // The crawler's single spaces (from &nbsp;) kept as the reference that made them.
    const raw = text.split("\n").map((l, i) => (i < 9 ? l : l.replace(/ /g, "&nbsp;"))).join("\n");
    expect(raw).toContain("&nbsp;");
    const [plain, entities] = [text, raw].map((t) => extractFromBytes(path, Buffer.from(t, "utf8")));
    expect(read(entities)).toEqual(read(plain));
  });
});

describe("Markdown", () => {
  it("table rows are read as tab-separated rows, the header's delimiter row and heading marks dropped", () => {
    const lines = ["## 三、收到和处理政府信息公开申请情况", "| 信息内容 | 本年制发件数 | 本年废止件数 |", "| --- | :---: | ---: |", "| 规章 | 3 |  |", "| 第二十条第（五）项 |", "收到申请58件。"];
    expect(markdownAsText(lines)).toEqual(["三、收到和处理政府信息公开申请情况", "信息内容\t本年制发件数\t本年废止件数", "", "规章\t3\t", "第二十条第（五）项", "收到申请58件。"]);
    const plain = ["一、总体情况", "行政许可 | 0"];
    expect(markdownAsText(plain)).toBe(plain);
  });

  /** A generated page's report as a converter writes it: a line per heading and paragraph, its tables as Markdown or with tab-separated cells. */
  function pageAs(plan: PagePlan, form: "markdown" | "tabs"): string {
    const table = (t: SpanTable): string =>
      t
        .map((row, r) => {
          const cells = row.map((c) => c.text);
          if (form === "tabs") return cells.join("\t");
          return `| ${cells.join(" | ")} |${r === 0 ? `\n|${cells.map(() => " --- ").join("|")}|` : ""}`;
        })
        .join("\n");
    const prose = plan.overview.flatMap((b) => [...(b.heading ? [`${form === "markdown" ? "### " : ""}${b.heading}`] : []), ...b.paragraphs]);
    const m = plan.model;
    const [h2, h3, h4] = plan.tableHeadings.map((h) => `${form === "markdown" ? "## " : ""}${h}`);
    return [`# ${plan.title}`, ...plan.intro, ...prose, h2, table(t2Table(m.t2, "span")), h3, table(t3Table(m.t3, "span")), h4, table(t4Table(m.t4, "span")), `${plan.agency.name} ${plan.published.signed}`].join("\n");
  }

  it("reports of 120 generated pages read as their tab-separated text does: every cell right or flagged, ≥ 99 % exact", () => {
    const outcomes: Scored[] = [];
    for (let i = 0; i < 120; i++) {
      const plan = planPageReport(Rng.forItem(61, i), { index: i, damage: ["totals_zero", "label_typos"] });
      const [md, tabs] = (["markdown", "tabs"] as const).map((form) => extractFromBytes(`${plan.id}.md`, Buffer.from(pageAs(plan, form), "utf8")));
      expect(read(md!), plan.id).toEqual(read(tabs!));
      outcomes.push(...scored(plan.id, plan, md!.cells));
    }
    expect(silentOf(outcomes)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(120 * 190);
    expect(exactShare(outcomes)).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it("tables that print zeros blank, as Markdown and tab-separated text (a row's last empty cells dropped): every cell right or flagged", () => {
    const outcomes: Scored[] = [];
    for (let i = 0; i < 80; i++) {
      const plan = planPageReport(Rng.forItem(67, i), { index: i, damage: ["blank_zeros"], damageRate: 1 });
      for (const form of ["markdown", "tabs"] as const) {
        const record = extractFromBytes(`${plan.id}.md`, Buffer.from(pageAs(plan, form), "utf8"));
        outcomes.push(...scored(`${plan.id} ${form}`, plan, record.cells));
      }
    }
    expect(silentOf(outcomes)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(160 * 190);
    // Measured: 96.8 % (where a row's numbers stand among its blanks is often for the rules alone).
    expect(exactShare(outcomes)).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});

describe("a crawled page folded at a fixed width (a line cut every N characters or display columns, inside labels and digit runs)", () => {
  /** Lines of at most `n` by `measure`, cut wherever the width runs out. */
  function fold(text: string, n: number, measure: (s: string) => number): string {
    return text
      .split("\n")
      .flatMap((line) => {
        const out: string[] = [];
        let cur = "";
        for (const ch of line) {
          if (measure(cur + ch) > n) {
            out.push(cur);
            cur = "";
          }
          cur += ch;
        }
        return [...out, cur];
      })
      .join("\n");
  }

  it.each(PAGES)("leaves the real page %s read as it is read unfolded, at 40 and 76 characters and 80 display columns", async (id) => {
    const path = `${REAL}${id}.page.txt`;
    const text = await readFile(path, "utf8");
    const plain = read(extractFromBytes(path, Buffer.from(text, "utf8")));
    for (const folded of [fold(text, 40, (s) => s.length), fold(text, 76, (s) => s.length), fold(text, 80, displayWidth)]) {
      expect(folded.split("\n").length).toBeGreaterThan(text.split("\n").length + 20);
      expect(read(extractFromBytes(path, Buffer.from(folded, "utf8")))).toEqual(plain);
    }
  });

  it("is told from text whose lines are its own", () => {
    const rows = ["一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5", "（一）予以公开\t3\t0\t0\t0\t0\t0\t3", "本年度收到申请58件，办结58件，较上年增加12件，同比增长26%。"];
    expect(unfolded(Array.from({ length: 12 }, (_, i) => rows[i % 3]!))).toBeNull();
    // Twelve lines of one width and a short last one: a fold, joined back into one line.
    const body = "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000".repeat(8);
    const lines = fold(body, 30, (s) => s.length).split("\n");
    expect(unfolded(lines)).toEqual([body]);
  });
});

