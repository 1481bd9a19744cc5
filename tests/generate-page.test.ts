/**
 * Generated crawled pages (`generate --kind page`) and blank-zero PDFs (`--blank-zeros`): the gold
 * agrees with the rendered text for every new damage kind — each table row's digit run is the gold's
 * printed cells concatenated, with no line break in the tables; 总计 printed 0 is 0 in the gold;
 * cells printed blank are null; typos, repeated titles and site chrome are in the text where the
 * gold says — the narrative states the tables' true figures, and the same seed gives the same bytes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generatePdfReport, PAGE_DAMAGE_KINDS, planPdfReport, Rng, tablesFor, type ReportVariant } from "../tools/generate/index.js";
import { generatePageCorpus, generatePageReport, PAGE_DAMAGE_RATES, type GeneratedPage } from "../tools/generate/page/index.js";
import { main } from "../tools/cli/index.js";
import { GoldFileSchema } from "../src/model/index.js";

vi.setConfig({ testTimeout: 30_000 });

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-page-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const N = 300;
const pages: GeneratedPage[] = Array.from({ length: N }, (_, i) => generatePageReport(Rng.forItem(11, i), { index: i }));
/** Every optional kind fires on these (blank_zeros and totals_zero take turns). */
const damaged: GeneratedPage[] = Array.from({ length: 60 }, (_, i) => generatePageReport(Rng.forItem(12, i), { index: i, damageRate: 1 }));
const all = [...pages, ...damaged];

const applied = (p: GeneratedPage, kind: string): boolean => (p.gold.generator.applied as string[]).includes(kind);
const body = (p: GeneratedPage): string => p.text.split("\n").slice(9).join("\n");
/** The body without the spaces (&nbsp;) a crawler left between cells. */
const compact = (p: GeneratedPage): string => body(p).replace(/ /g, "");
const tablePart = (p: GeneratedPage): string => {
  const b = body(p);
  return b.slice(b.indexOf("二、主动公开政府信息情况"), b.search(/五、存在/));
};
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What the run check needs of a page: its text and gold (generated, or a real page with its gold). */
interface PageText {
  id: string;
  text: string;
  variant: ReportVariant;
  cells: Record<string, number | null>;
  asPrinted?: Record<string, string> | undefined;
}

const pageText = (p: GeneratedPage): PageText => ({ id: p.id, text: p.text, variant: p.gold.generator.variant, cells: p.gold.cells, asPrinted: p.gold.as_printed });

/** The printed run of a row: each cell's number as printed (null = printed blank = nothing). */
function run(p: PageText, keys: readonly string[]): string {
  return keys
    .map((k) => {
      const v = p.cells[k];
      if (v === null || v === undefined) return "";
      const printed = p.asPrinted?.[k];
      if (printed !== undefined) return esc(printed);
      return (k.endsWith(".change") && v > 0 ? "\\+?" : "") + esc(String(v));
    })
    .join("");
}

/** Table-3 rows in print order with the text that follows each one's run. */
function t3Rows(variant: ReportVariant): { label: string; keys: string[]; next: string }[] {
  const t3 = tablesFor(variant).t3;
  const groups = new Map(t3.groups.map((g) => [g.key, g.label_zh]));
  const cols = t3.columns.map((c) => c.key);
  let outcomeSeen = false;
  const starts = t3.rows.map((r, i) => {
    let s = "";
    if (r.numbering?.startsWith("（") || r.group) {
      if (!outcomeSeen) s += groups.get("outcomes") ?? "";
      outcomeSeen = true;
    }
    if (r.group && t3.rows[i - 1]?.group !== r.group) s += groups.get(r.group) ?? "";
    return s + r.label_zh;
  });
  return t3.rows.map((r, i) => ({ label: r.label_zh, keys: cols.map((c) => `t3.${r.key}.${c}`), next: starts[i + 1] ?? "四、政府信息公开行政复议" }));
}

/** Checks every row run of tables 2–4 against the gold; returns the number of table-3 rows checked. */
function checkRuns(p: PageText): number {
  // The runs are checked across lines: a crawler may keep the HTML's line break after a row.
  const b = p.text.split("\n").slice(9).join("");
  const text = b.replace(/ /g, "");
  const tables = b.slice(b.indexOf("二、主动公开政府信息情况"), b.search(/五、存在/)).replace(/ /g, "");
  let checked = 0;
  for (const row of t3Rows(p.variant)) {
    // A label printed with a typo (label_typos) is not searched for.
    if (!tables.includes(row.label) || !text.includes(row.next)) continue;
    expect(text, `${p.id} ${row.label}`).toMatch(new RegExp(esc(row.label) + run(p, row.keys) + esc(row.next)));
    checked++;
  }
  const t4 = Object.keys(p.cells).filter((k) => k.startsWith("t4."));
  expect(text, `${p.id} t4`).toMatch(new RegExp(`结果尚未审结总计${run(p, t4)}五、`));
  for (const r of tablesFor(p.variant).t2.rows) {
    const keys = (r.columns ?? []).map((c) => `t2.${r.key}.${c}`);
    const label = [r.label_zh, ...r.aliases].find((a) => tables.includes(a));
    if (label === undefined) {
      // A row the page does not print (fj-pingtan-htp_2024 has no 规章 row): null in the gold.
      expect(keys.map((k) => p.cells[k]), `${p.id} ${r.key}`).toEqual(keys.map(() => null));
      continue;
    }
    expect(text, `${p.id} ${r.key}`).toMatch(new RegExp(`${esc(label)}${run(p, keys)}[\\u4e00-\\u9fff]`));
  }
  return checked;
}

describe("generate --kind page: the text", () => {
  it("has the crawler's header block, then the body on one line (a few kept line breaks at most, none in the tables), or a line per heading, paragraph and table row", () => {
    let rowLines = 0;
    for (const p of all) {
      const lines = p.text.split("\n");
      expect(lines.slice(0, 9).map((l) => l.split(":")[0])).toEqual(["标题", "发布时间", "文号", "发布机构", "栏目", "原文链接", "本地目录", "页面链接与图片详见 links.tsv(同目录)", "==================== 正文 ===================="]);
      expect(tablePart(p).replace(/\n/g, "").length).toBeGreaterThan(500);
      if (p.gold.generator.page.rowBreaks) {
        // Each table-3 row on a line of its own, ending with its glued run (after its group's label, if first).
        const t3Lines = new Set(tablePart(p).split("\n").map((l) => l.replace(/ /g, "")));
        for (const row of t3Rows(p.gold.generator.variant)) {
          const line = [...t3Lines].find((l) => l.includes(row.label));
          if (line === undefined) continue; // printed with a typo (label_typos)
          expect(line, `${p.id} ${row.label}`).toMatch(new RegExp(`${esc(row.label)}${run(pageText(p), row.keys)}$`));
          rowLines++;
        }
        continue;
      }
      expect(lines.length - 10).toBe(p.gold.generator.page.lineBreaks);
      expect(tablePart(p)).not.toContain("\n");
    }
    expect(rowLines).toBeGreaterThan(N * 0.05 * 20);
    expect(pages.filter((p) => !p.gold.generator.page.rowBreaks && p.gold.generator.page.lineBreaks === 0).length / N).toBeGreaterThan(0.6);
    const rowBroken = pages.filter((p) => p.gold.generator.page.rowBreaks).length / N;
    expect(rowBroken).toBeGreaterThan(0.07);
    expect(rowBroken).toBeLessThan(0.25);
  });

  it("glues each table row into one run: the gold's printed cells concatenated, ending where the next label starts", () => {
    let checked = 0;
    for (const p of all) checked += checkRuns(pageText(p));
    expect(checked).toBeGreaterThan(all.length * 20);
  });

  it("reads like the real crawled pages: the same header keys, and the same check holds on them with their gold", () => {
    const real = new URL("../../shared/real/", import.meta.url);
    const ids = ["fj-pingtan-htp_2024", "fj-pingtan-jtj_2024", "fj-pingtan-scj_2020"];
    if (!existsSync(new URL(`${ids[0]}.page.txt`, real))) return;
    const keys = (t: string) => t.split("\n").slice(0, 9).map((l) => l.split(":")[0]);
    for (const id of ids) {
      const text = readFileSync(new URL(`${id}.page.txt`, real), "utf8");
      const gold = JSON.parse(readFileSync(new URL(`${id}.json`, real), "utf8")) as { format: ReportVariant; cells: Record<string, number | null>; as_printed?: Record<string, string> };
      expect(keys(text), id).toEqual(keys(pages[0]!.text));
      expect(text.split("\n").length, id).toBe(10);
      expect(checkRuns({ id, text, variant: gold.format, cells: gold.cells, asPrinted: gold.as_printed }), id).toBeGreaterThan(20);
    }
  });

  it("spaces some cells as &nbsp; did, on about a third of the pages", () => {
    const spaced = pages.filter((p) => / /.test(tablePart(p)));
    expect(spaced.length / N).toBeGreaterThan(0.25);
    expect(spaced.length / N).toBeLessThan(0.7);
    expect(pages.some((p) => /(\d )(\d )(\d )\d/.test(tablePart(p)))).toBe(true);
  });
});

describe("generate --kind page: damage kinds and gold", () => {
  it("records flatten on every cell and fires the optional kinds at their rates", () => {
    for (const p of pages) {
      expect(GoldFileSchema.safeParse(p.gold).success).toBe(true);
      expect(Object.keys(p.gold.cells).every((k) => p.gold.damage[k]?.includes("flatten"))).toBe(true);
      expect(applied(p, "flatten")).toBe(true);
    }
    for (const [kind, rate] of Object.entries(PAGE_DAMAGE_RATES)) {
      const share = pages.filter((p) => applied(p, kind)).length / N;
      expect(share, kind).toBeGreaterThan(rate * 0.5);
      expect(share, kind).toBeLessThan(rate * 1.6);
    }
    for (const kind of PAGE_DAMAGE_KINDS) expect(damaged.some((p) => applied(p, kind)), kind).toBe(true);
    const formats = new Set(pages.map((p) => p.gold.generator.variant));
    expect([...formats].sort()).toEqual(["2019", "2021", "hybrid"]);
  });

  it("totals_zero: every 总计 in scope is 0 in the gold while its row's parts are not", () => {
    const hit = all.filter((p) => applied(p, "totals_zero"));
    expect(hit.length).toBeGreaterThan(10);
    let rows = 0;
    for (const p of hit) {
      const marked = Object.entries(p.gold.damage).filter(([, kinds]) => kinds.includes("totals_zero")).map(([k]) => k);
      for (const key of marked.filter((k) => k.endsWith(".total"))) {
        expect(p.gold.cells[key], key).toBe(0);
        const prefix = key.slice(0, -".total".length);
        const parts = Object.entries(p.gold.cells).filter(([k]) => k.startsWith(`${prefix}.`) && k.split(".").length === key.split(".").length && k !== key);
        expect(parts.reduce((s, [, v]) => s + (v ?? 0), 0), key).toBeGreaterThan(0);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(10);
  });

  it("blank_zeros: no 0 is printed, so none is in the gold; some outcome rows print no 总计 although they have numbers", () => {
    const hit = all.filter((p) => applied(p, "blank_zeros"));
    expect(hit.length).toBeGreaterThan(10);
    let hiddenTotals = 0;
    for (const p of hit) {
      expect(Object.values(p.gold.cells).filter((v) => v === 0)).toEqual([]);
      for (const row of tablesFor(p.gold.generator.variant).t3.rows) {
        const parts = Object.entries(p.gold.cells).filter(([k]) => k.startsWith(`t3.${row.key}.`) && !k.endsWith(".total"));
        if (parts.some(([, v]) => v !== null) && p.gold.cells[`t3.${row.key}.total`] === null) hiddenTotals++;
      }
    }
    expect(hiddenTotals).toBeGreaterThan(5);
  });

  it("label_typos, repeated_title and site_chrome are in the text exactly where the gold says", () => {
    const typo = /先行有效件数|钩稽|行政法复议|其他法律行政止公开|件数规章[\d\s]*规范性文件/;
    const chrome = /当前位置|附件下载|打印本页|【字体：大 中 小】|分享到/;
    for (const p of all) {
      const b = body(p);
      const title = p.text.split("\n")[0]!.slice("标题: ".length);
      // Across the line breaks a crawler may have kept after a row (件数 / 规章).
      expect(typo.test(b.replace(/\n/g, "")), `${p.id} typo`).toBe(applied(p, "label_typos"));
      expect(chrome.test(b), `${p.id} chrome`).toBe(applied(p, "site_chrome"));
      if (applied(p, "repeated_title")) expect(b.startsWith(title) || b.includes(` ${title}`) || b.includes(`\n${title}`), `${p.id} title`).toBe(true);
      if (!applied(p, "repeated_title") && !applied(p, "site_chrome")) expect(b.includes(title), `${p.id} no title`).toBe(false);
    }
  });

  it("the narrative states the tables' true figures (also where a 总计 is printed 0), on about two pages in three", () => {
    let stated = 0;
    let byApplicant = 0;
    let docs = 0;
    for (const p of pages) {
      const b = body(p);
      const cell = (k: string): number => p.gold.cells[k] ?? 0;
      const received = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"].reduce((s, c) => s + cell(`t3.new_received.${c}`), 0);
      const m = /(?:收到|受理)政府信息公开申请(\d+)件/.exec(b);
      if (m) {
        stated++;
        expect(Number(m[1]), p.id).toBe(received);
      }
      const natural = /(?:涉及自然人|其中自然人申请)(\d+)件/.exec(b);
      if (natural) {
        byApplicant++;
        expect(Number(natural[1]), p.id).toBe(cell("t3.new_received.natural_person"));
      }
      const inForce = /现行有效行政规范性文件(\d+)件，动态更新本年度制发的规范性文件(\d+)件/.exec(b);
      if (inForce) {
        docs++;
        expect([Number(inForce[1]), Number(inForce[2])], p.id).toEqual([cell("t2.normative_docs.in_force"), cell("t2.normative_docs.issued")]);
      }
    }
    expect(stated / N).toBeGreaterThan(0.5);
    expect(stated / N).toBeLessThan(0.8);
    expect(byApplicant).toBeGreaterThan(20);
    expect(docs).toBeGreaterThan(5);
  });
});

describe("generate --kind page: corpus", () => {
  it("writes the same bytes for the same seed, other bytes for another seed", async () => {
    const a = await generatePageCorpus({ outDir: join(dir, "a"), count: 8, seed: 5 });
    await generatePageCorpus({ outDir: join(dir, "b"), count: 8, seed: 5 });
    await generatePageCorpus({ outDir: join(dir, "c"), count: 8, seed: 6 });
    expect(a.inputs.every((f) => f.endsWith(".page.txt"))).toBe(true);
    for (const sub of ["inputs", "gold"]) {
      const names = await readdir(join(dir, "a", sub));
      expect(names).toEqual(await readdir(join(dir, "b", sub)));
      for (const n of names) expect(await readFile(join(dir, "a", sub, n), "utf8")).toBe(await readFile(join(dir, "b", sub, n), "utf8"));
    }
    expect(await readdir(join(dir, "c", "inputs"))).not.toEqual(await readdir(join(dir, "a", "inputs")));
  });

  it("takes a list of kinds and rejects unknown ones", async () => {
    const only = Array.from({ length: 30 }, (_, i) => generatePageReport(Rng.forItem(3, i), { index: i, damage: ["site_chrome"], damageRate: 1 }));
    for (const p of only) expect(p.gold.generator.applied).toEqual(["flatten", "site_chrome"]);
    await expect(generatePageCorpus({ outDir: join(dir, "x"), count: 1, seed: 1, damage: ["lost_cells" as never] })).rejects.toThrow(/lost_cells/);
  });
});

describe("nianbao generate --kind page (command line)", () => {
  const cli = (...args: string[]) => main(["node", "nianbao", "generate", ...args]);

  it("writes pages and gold files; text and page damage kinds and --blank-zeros only where they apply", async () => {
    const out = join(dir, "cli");
    expect(await cli("--kind", "page", "--out", out, "--count", "3", "--seed", "2", "--formats", "2019", "--damage", "totals_zero", "--damage-rate", "1")).toBe(0);
    const names = await readdir(join(out, "gold"));
    expect(names.length).toBe(3);
    for (const name of names) {
      const gold = JSON.parse(await readFile(join(out, "gold", name), "utf8"));
      expect(gold.format).toBe("2019");
      expect(gold.generator.applied).toEqual(["flatten", "totals_zero"]);
    }
    await expect(cli("--kind", "page", "--out", out, "--count", "1", "--seed", "2", "--damage", "lost_cells")).rejects.toThrow(/--damage lost_cells does not apply to --kind page/);
    await expect(cli("--out", out, "--count", "1", "--seed", "2", "--damage", "flatten")).rejects.toThrow(/--damage flatten does not apply to --kind text/);
    await expect(cli("--kind", "page", "--out", out, "--count", "1", "--seed", "2", "--blank-zeros", "1")).rejects.toThrow(/--blank-zeros applies to --kind pdf and scan/);
  });
});

describe("generate --kind pdf --blank-zeros", () => {
  it("prints every zero blank and 总计 only in some rows; the gold is null exactly where the PDF prints nothing", () => {
    let hidden = 0;
    for (let i = 0; i < 12; i++) {
      const plan = planPdfReport(Rng.forItem(21, i), { index: i, blankZeros: 1 });
      const printed = [...plan.model.t2.blocks.flatMap((b) => b.rows.flatMap((r) => r.cells)), ...plan.model.t3.rows.flatMap((r) => r.cells), ...plan.model.t4.cells];
      for (const c of printed) {
        expect(c.text, c.key).not.toBe("0");
        expect(c.text === "", c.key).toBe(plan.cells[c.key] === null);
      }
      hidden += plan.model.t3.rows.filter((r) => r.cells.at(-1)?.text === "" && r.cells.some((c) => c.text !== "")).length;
      // Everything but the blank cells is the report of the default run.
      const plain = planPdfReport(Rng.forItem(21, i), { index: i });
      expect(plain.parts).toEqual(plan.parts);
      for (const [k, v] of Object.entries(plain.cells)) if (plan.cells[k] !== null) expect(plan.cells[k], k).toBe(v);
    }
    expect(hidden).toBeGreaterThan(3);
  });

  it("pdftotext -layout prints fewer numbers on a row with blank cells, as many as the gold has values", async () => {
    const layout = { labelWidth: "wide", orientation: "landscape" } as const;
    const shown = (cells: Record<string, number | null>) => Object.entries(cells).filter(([k, v]) => k.startsWith("t3.new_received.") && v !== null).length;
    // The first report whose row 一 prints some numbers and some blanks.
    const i = Array.from({ length: 40 }, (_, j) => j).find((j) => {
      const n = shown(planPdfReport(Rng.forItem(21, j), { index: j, blankZeros: 1, layout }).cells);
      return n >= 2 && n < 7;
    })!;
    const report = await generatePdfReport(Rng.forItem(21, i), { index: i, blankZeros: 1, layout });
    const path = join(dir, "blank.pdf");
    await writeFile(path, report.pdf);
    const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], { encoding: "utf8" });
    const line = text.split("\n").find((l) => l.includes("本年新收政府信息公开申请数量"))!;
    const values = Object.entries(report.gold.cells).filter(([k, v]) => k.startsWith("t3.new_received.") && v !== null);
    expect(line.match(/\d+/g)?.length ?? 0).toBe(values.length);
    expect(values.length).toBeLessThan(7);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(report.gold.generator.applied).toContain("blank_zeros");
  });
});
