/**
 * The real scraped texts as other archives hold them: a crawler that decoded &nbsp; to U+00A0 or
 * left it as the entity, kept a line break before each numbered label, or saved CR LF line ends and a
 * BOM; site chrome around the body; conversions whose page numbers are printed 第 N 页 共 M 页 or
 * — N —, without form feeds, with their indentation stripped. Every cell equals the hand-checked
 * gold or is flagged.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const PAGES = ["fj-pingtan-htp_2024", "fj-pingtan-jtj_2024", "fj-pingtan-scj_2020"].map((s) => `${s}.page.txt`);
const CONVERSIONS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"].flatMap((s) => [`${s}.pdftotext-layout.txt`, `${s}.pdftotext-raw.txt`]);

/** The page's body (after the crawler's header) changed by `f`. */
const inBody = (f: (body: string) => string) => (text: string): string => {
  const at = text.indexOf("\n", text.indexOf("正文")) + 1;
  return text.slice(0, at) + f(text.slice(at));
};
const PAGE_NUMBER = /^(\s*)-\s*(\d+)\s*-\s*$/gm;

const PAGE_VARIANTS: Record<string, (text: string) => string> = {
  "&nbsp; as U+00A0": inBody((b) => b.replace(/ /g, "\u00a0")),
  "&nbsp; left as the entity": inBody((b) => b.replace(/ /g, "&nbsp;")),
  "a line break before each numbered label": inBody((b) => b.replace(/(?=[（(][一二三四五六七八九十]{1,3}[）)])|(?=[一二三四五六七八九]、)/g, "\n")),
  "CR LF and a BOM": (t) => `\ufeff${t.replace(/\n/g, "\r\n")}`,
  "site chrome": inBody((b) => `【字体：大 中 小】 打印本页 关闭窗口\n${b.replace("三、收到和处理政府信息公开申请情况", "分享到：三、收到和处理政府信息公开申请情况")}\n附件下载：\n扫一扫在手机打开当前页\n`),
};
const CONVERSION_VARIANTS: Record<string, (text: string) => string> = {
  "page numbers 第 N 页 共 M 页": (t) => t.replace(PAGE_NUMBER, "$1第 $2 页 共 9 页"),
  "page numbers — N —": (t) => t.replace(PAGE_NUMBER, "$1— $2 —"),
  "no form feeds": (t) => t.replace(/\f/g, ""),
  "indentation stripped": (t) => t.replace(/^[ \t]+/gm, ""),
  "CR LF and a BOM": (t) => `\ufeff${t.replace(/\n/g, "\r\n")}`,
};

const cases = [
  ...PAGES.flatMap((file) => Object.keys(PAGE_VARIANTS).map((variant) => [file, variant, PAGE_VARIANTS[variant]!] as const)),
  // (Reading-order text has no indentation to strip.)
  ...CONVERSIONS.flatMap((file) => Object.keys(CONVERSION_VARIANTS).filter((v) => file.includes("layout") || v !== "indentation stripped").map((variant) => [file, variant, CONVERSION_VARIANTS[variant]!] as const)),
];

describe("real scraped text as other archives hold it", () => {
  it.each(cases)("%s, %s: every cell equals the gold or is flagged", async (file, _variant, change) => {
    const original = await readFile(`${REAL}${file}`, "utf8");
    const text = change(original);
    expect(text).not.toBe(original);
    const gold = JSON.parse(await readFile(`${REAL}${file.split(".")[0]}.json`, "utf8")) as { cells: Record<string, number | null> };
    const record = extractFromBytes(file, Buffer.from(text));
    const scored = record.cells.filter((c) => c.key in gold.cells);
    expect(scored.length).toBeGreaterThan(150);
    expect(scored.filter((c) => c.value !== gold.cells[c.key] && !c.needs_review).map((c) => `${c.key}: got ${c.value}, gold ${gold.cells[c.key]}`)).toEqual([]);
  });
});
