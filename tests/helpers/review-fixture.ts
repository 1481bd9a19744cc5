/**
 * An output folder for the review app tests, made by the real extractor: the bundled corpus, a few
 * generated reports with damage (so that there are values to review) and one report whose agency
 * and prose contain `<script>alert(1)</script>` (the XSS case).
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DAMAGE_KINDS, generateReport, Rng } from "../../tools/generate/index.js";
import { runBatch } from "../../src/pipeline/batch.js";

export const CORPUS = fileURLToPath(new URL("../../corpus/", import.meta.url));
export const XSS = "<script>alert(1)</script>";
export const PANEL_AGENCY = "示例市人民政府";

export interface ReviewFixture {
  root: string;
  inDir: string;
  outDir: string;
  /** Runs the extractor again over the same inputs (a re-extraction). */
  extract(): Promise<void>;
}

export async function makeReviewFixture(count = 10): Promise<ReviewFixture> {
  const root = await mkdtemp(join(tmpdir(), "nianbao-review-"));
  const inDir = join(root, "in");
  const outDir = join(root, "out");
  await mkdir(inDir);
  for (let i = 0; i < count; i++) {
    const r = generateReport(Rng.forItem(7, i), { index: i, formats: ["2021", "2019", "hybrid"], damage: [...DAMAGE_KINDS], damageRate: 0.5 });
    await writeFile(join(inDir, `${r.id}.txt`), r.text);
  }
  // A clean tab-separated report whose agency printed 予以公开 (natural persons) 7 too high: its
  // rules fail, so it has values to review, with the failed rules' numbers.
  const x = generateReport(Rng.forItem(7, 1000), { index: 1000, formats: ["2021"], damage: [], damageRate: 0, style: "tab" });
  const agency = x.gold.agency ?? "";
  const text = x.text
    .replaceAll(agency, `${XSS}${agency}`)
    .replace("一、总体情况", `一、总体情况\n本机关在网页中发现 ${XSS} 与 <img src=x onerror=alert(2)> 字样，特此说明。`)
    .replace(/(（一）予以公开\t)(\d+)/, (_, label: string, n: string) => `${label}${Number(n) + 7}`);
  await writeFile(join(inDir, "xss-report.txt"), text);
  // One agency over three years (for the overview's applications-by-year chart): three clean
  // reports with different values, renamed to one agency and moved to consecutive years.
  for (const [i, year] of [2021, 2022, 2023].entries()) {
    const r = generateReport(Rng.forItem(11, i), { index: 2000 + i, formats: ["2021"], damage: [], damageRate: 0, style: "tab" });
    const panelText = r.text.replaceAll(r.gold.agency ?? "", PANEL_AGENCY).replaceAll(`${r.gold.year}年`, `${year}年`);
    await writeFile(join(inDir, `panel-${year}.txt`), panelText);
  }
  const extract = async (): Promise<void> => {
    const summary = await runBatch([CORPUS, inDir], { outDir });
    if (summary.failed > 0) throw new Error(`fixture extraction failed: ${JSON.stringify(summary.failures)}`);
  };
  await extract();
  return { root, inDir, outDir, extract };
}
