/**
 * PDFs for the PDF reader's error tests: encrypted, corrupt, truncated and zero-page files, and a
 * long (500-page) report-like file for limits and timing. Deterministic bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { Rng } from "../rng.js";
import { Canvas } from "./canvas.js";
import { generatePdfReport, planPdfReport } from "./corpus.js";
import { loadFont } from "./fonts.js";
import { drawGrid } from "./grid.js";
import { chooseLayout } from "./layout.js";
import { t3Grid } from "./tables.js";

export interface BadPdfs {
  encrypted: string;
  corrupt: string;
  truncated: string;
  zeroPages: string;
}

const CREATION_DATE = new Date(Date.UTC(2025, 0, 1));

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  return new Promise((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** A minimal valid PDF whose page tree is empty (/Kids [] /Count 0); pdfkit cannot write one. */
export function zeroPagePdf(): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"];
  let out = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** Writes encrypted.pdf (user password), corrupt.pdf, truncated.pdf and zero-pages.pdf into dir. */
export async function makeBadPdfs(dir: string): Promise<BadPdfs> {
  await mkdir(dir, { recursive: true });
  const paths: BadPdfs = {
    encrypted: join(dir, "encrypted.pdf"),
    corrupt: join(dir, "corrupt.pdf"),
    truncated: join(dir, "truncated.pdf"),
    zeroPages: join(dir, "zero-pages.pdf"),
  };
  const doc = new PDFDocument({ userPassword: "nianbao", ownerPassword: "nianbao-owner", info: { CreationDate: CREATION_DATE } });
  const done = collect(doc);
  doc.font(loadFont("sans").src).fontSize(14).text("政府信息公开工作年度报告（加密）", 72, 72, { lineBreak: false });
  doc.end();
  await writeFile(paths.encrypted, await done);

  const rng = new Rng(20240101);
  const noise = Buffer.from(Array.from({ length: 4096 }, () => rng.int(0, 255)));
  await writeFile(paths.corrupt, Buffer.concat([Buffer.from("%PDF-1.7\n", "latin1"), noise]));

  const { pdf } = await generatePdfReport(new Rng(7), { index: 0 });
  await writeFile(paths.truncated, pdf.subarray(0, Math.floor(pdf.length / 2)));

  await writeFile(paths.zeroPages, zeroPagePdf());
  return paths;
}

/** A valid report-like PDF of `pages` pages: a table-3 page repeated (one font subset, so it is small and quick). */
/**
 * A long PDF. "tables" (the worst case for memory): table 3 drawn again on every page, so every
 * page is a dense table. "annex": a report's tables, then page after page of an annex listing the
 * documents disclosed (one line each), as long published reports are.
 */
export async function makeLongPdf(path: string, pages = 500, content: "tables" | "annex" = "tables"): Promise<void> {
  const plan = planPdfReport(new Rng(500), { index: 0, formats: ["2021"] });
  const layout = chooseLayout(new Rng(501), { orientation: "portrait", borders: "grid", tableSize: 8, labelWidth: "wide", forceBreak: { t2: null, t3: null }, repeatHeader: false, cellPadding: 2, margin: 50 });
  const cv = new Canvas(layout, `${plan.model.agency}（长文档）`);
  const ctx = { cv, face: "sans" as const, size: layout.tableSize };
  const rng = new Rng(502);
  for (let p = 0; p < pages; p++) {
    cv.newPage();
    if (content === "tables" || p === 0) {
      cv.text("sansBold", 12, `三、收到和处理政府信息公开申请情况（第${p + 1}页）`, cv.left, cv.y);
      cv.y += 20;
      drawGrid(cv, t3Grid(ctx, plan.model.t3));
    } else {
      cv.text("sansBold", 12, `附件：主动公开文件目录（续${p}）`, cv.left, cv.y);
      cv.y += 22;
      for (let line = 1; cv.y + 16 < cv.bottom; line++) {
        const no = p * 100 + line;
        cv.text("sans", 10.5, `${no}. ${plan.model.agency}关于印发${ANNEX_TOPICS[rng.int(0, ANNEX_TOPICS.length - 1)]}的通知（${plan.model.agency.slice(0, 2)}政发〔${2020 + rng.int(0, 3)}〕${rng.int(1, 120)}号）`, cv.left, cv.y);
        cv.y += 16;
      }
    }
    // A table that ran onto a further page would add pages: stop at the requested count.
    if (cv.page >= pages) break;
  }
  await writeFile(path, await cv.finish());
}

const ANNEX_TOPICS = ["政务公开工作要点", "优化营商环境实施方案", "安全生产专项整治方案", "乡村振兴重点任务", "城市更新行动计划", "生态环境保护考核办法", "民生实事项目清单", "应急预案管理办法"];
