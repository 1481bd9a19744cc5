/**
 * Generated PDF reports: poppler (pdftotext, pdfinfo) reads the labels and numbers the gold file
 * describes, so the fonts embed correctly independently of our own reader; generation is
 * deterministic; layouts vary; the bad PDFs are bad in the intended way.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { generatePdfCorpus, generatePdfReport, makeBadPdfs, makeLongPdf, planPdfReport, Rng, type PdfGold } from "../tools/generate/index.js";
import { footerText } from "../tools/generate/text.js";
import { GoldFileSchema } from "../src/model/index.js";

vi.setConfig({ testTimeout: 30_000 });

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nianbao-pdf-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function toText(pdf: Buffer, name: string): Promise<string> {
  const path = join(dir, `${name}.pdf`);
  await writeFile(path, pdf);
  return execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
}

function pageCount(path: string): number {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

const NUM = /[+-]?\d+(?:\.\d+)?/g;
const num = (s: string) => Number(s.replace(/^\+/, ""));

describe("PDF reports read by poppler", () => {
  it("print every label and the gold numbers on their rows (wide landscape layout, nothing blank)", async () => {
    const rng = Rng.forItem(11, 0);
    const plan = planPdfReport(Rng.forItem(11, 0), { index: 0, formats: ["2021"], layout: { orientation: "landscape", labelWidth: "wide", tableSize: 7, blankCells: false, labelDamage: false } });
    const report = await generatePdfReport(rng, { index: 0, formats: ["2021"], layout: { orientation: "landscape", labelWidth: "wide", tableSize: 7, blankCells: false, labelDamage: false } });
    const text = await toText(report.pdf, "exact");
    const lines = text.split("\n");
    const { gold } = report;
    expect(text).toContain(plan.model.agency);
    expect(text).toContain(`${gold.year}年政府信息公开工作年度报告`);
    for (const h of ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "申请人情况", "法人或其他组织", "自然人", "总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]) {
      expect(text, h).toContain(h);
    }
    for (const block of plan.model.t2.blocks) expect(text).toContain(block.caption);

    // Table 3: a label on one line has its seven numbers after it on that line.
    let checked = 0;
    for (const row of plan.model.t3.rows) {
      expect(text.replace(/\s/g, ""), row.label).toContain(row.label.slice(0, 12));
      const line = lines.find((l) => l.includes(row.label));
      if (!line) continue;
      const after = line.slice(line.indexOf(row.label) + row.label.length);
      expect(after.match(NUM)?.map(num), row.key).toEqual(row.cells.map((c) => gold.cells[c.key]));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    // Table 2: each row's values after its label.
    for (const row of plan.model.t2.blocks.flatMap((b) => b.rows)) {
      const line = lines.find((l) => l.trimStart().startsWith(row.label));
      expect(line, row.label).toBeDefined();
      const after = (line ?? "").slice((line ?? "").indexOf(row.label) + row.label.length);
      expect(after.match(NUM)?.map(num), row.key).toEqual(row.cells.map((c) => gold.cells[c.key]));
    }
    // Table 4: one line of 15 numbers.
    const t4 = plan.model.t4.cells.map((c) => gold.cells[c.key]);
    expect(lines.some((l) => /^\s*[\d\s]+$/.test(l) && l.match(NUM)?.map(num).join(",") === t4.join(","))).toBe(true);
  });

  it("varied layouts: every gold number is printed, footers on every page, gold files valid", async () => {
    const out = join(dir, "corpus");
    const { inputs, golds } = await generatePdfCorpus({ outDir: out, count: 4, seed: 2024 });
    expect(inputs).toHaveLength(4);
    for (const [i, input] of inputs.entries()) {
      const gold = JSON.parse(await readFile(golds[i] ?? "", "utf8")) as PdfGold;
      expect(GoldFileSchema.safeParse(gold).success).toBe(true);
      expect(gold.applies_to_raw_files).toEqual([input.split("/").pop()]);
      expect(gold.generator.style).toBe("pdf");
      const text = execFileSync("pdftotext", ["-layout", input, "-"], { encoding: "utf8" });
      expect(text).toContain(gold.agency);
      // Multiset: each gold value at least as often among the printed numbers (prose adds more).
      const printed = new Map<number, number>();
      for (const t of text.match(NUM) ?? []) printed.set(num(t), (printed.get(num(t)) ?? 0) + 1);
      const wanted = new Map<number, number>();
      for (const v of Object.values(gold.cells)) if (v !== null) wanted.set(v, (wanted.get(v) ?? 0) + 1);
      for (const [v, n] of wanted) expect(printed.get(v) ?? 0, `${input}: ${v}`).toBeGreaterThanOrEqual(n);
      const pages = pageCount(input);
      expect(pages).toBe(gold.generator.layout.pages);
      // pdftotext -layout drops the narrow spaces of `- 3 -` (as in the real PDFs' text).
      const squeezed = text.replace(/ +/g, "");
      for (let p = 1; p <= pages; p++) expect(squeezed).toContain(footerText(gold.generator.layout.footer.style, p).replace(/ +/g, ""));
    }
    expect((await readdir(join(out, "gold"))).length).toBe(4);
  });

  it("a forced split with a repeated header puts table 3 on two pages with its header twice", async () => {
    const layout = { orientation: "portrait", forceBreak: { t2: null, t3: 6 }, repeatHeader: true, tablesOnNewPage: true, tableSize: 8 } as const;
    const report = await generatePdfReport(Rng.forItem(3, 1), { index: 1, layout });
    const { tablePages } = report.gold.generator.layout;
    expect(tablePages.t3.length).toBe(2);
    const text = await toText(report.pdf, "split");
    const t3Pages = text.split("\f").filter((_, i) => tablePages.t3.includes(i + 1));
    for (const page of t3Pages) expect(page).toContain("申请人情况");
  });
});

describe("PDF generation", () => {
  it("is deterministic for a seed", async () => {
    const a = await generatePdfReport(Rng.forItem(42, 3), { index: 3 });
    const b = await generatePdfReport(Rng.forItem(42, 3), { index: 3 });
    expect(a.pdf.equals(b.pdf)).toBe(true);
    expect(a.gold).toEqual(b.gold);
  });

  it("varies layouts across seeds", () => {
    const layouts = Array.from({ length: 60 }, (_, i) => planPdfReport(Rng.forItem(9, i), { index: i }).layout);
    expect(new Set(layouts.map((l) => l.borders))).toEqual(new Set(["grid", "none", "rules"]));
    expect(new Set(layouts.map((l) => l.orientation))).toEqual(new Set(["portrait", "landscape"]));
    expect(new Set(layouts.map((l) => l.outcomeVertical))).toEqual(new Set([true, false]));
    expect(new Set(layouts.map((l) => l.tableFont)).size).toBe(2);
    expect(layouts.some((l) => l.forceBreak.t3 !== null)).toBe(true);
  });
});

describe("bad PDFs for the reader's error tests", () => {
  it("are encrypted, corrupt, truncated and empty as named; the long one has the pages asked for", async () => {
    const bad = await makeBadPdfs(join(dir, "bad"));
    const open = async (path: string) => getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
    await expect(open(bad.encrypted)).rejects.toMatchObject({ name: "PasswordException" });
    await expect(open(bad.corrupt)).rejects.toMatchObject({ name: "InvalidPDFException" });
    await expect(open(bad.truncated)).rejects.toMatchObject({ name: "InvalidPDFException" });
    expect((await open(bad.zeroPages)).numPages).toBe(0);
    expect(spawnSync("pdfinfo", [bad.encrypted], { encoding: "utf8" }).stderr).toMatch(/password/i);

    const long = join(dir, "long.pdf");
    await makeLongPdf(long, 60);
    expect(pageCount(long)).toBe(60);
    expect(execFileSync("pdftotext", ["-f", "60", "-l", "60", "-layout", long, "-"], { encoding: "utf8" })).toContain("第60页");
  });
});
