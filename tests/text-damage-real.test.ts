/**
 * The real text conversions and crawled pages (../shared/real, read in place) under damage the
 * world does to them:
 * - printed with blank cells for zeros (a common way to print these tables): every cell equals the
 *   gold (its zeros now blank) or is flagged — a number that lost its column's trace is never
 *   placed silently;
 * - cut, lines dropped or doubled, digits spaced apart, at random: never a failure other than a
 *   named input error, and every record a valid record.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Rng } from "../tools/generate/rng.js";
import { GoldFileSchema, ReportRecordSchema } from "../src/model/index.js";
import { InputError } from "../src/pipeline/errors.js";
import { extractFromBytes } from "../src/pipeline/run-document.js";

const REAL = fileURLToPath(new URL("../../shared/real/", import.meta.url));
const PDF_IDS = ["js-huaian-hongze-qu_2023", "js-huaian-hongze-qu_2024", "js-huaian-shi_2024"];
const PAGE_IDS = ["fj-pingtan-htp_2024", "fj-pingtan-jtj_2024", "fj-pingtan-scj_2020"];

/** Zeros printed blank: reading order loses the line, layout keeps the spaces. */
const BLANKERS = {
  "pdftotext-raw": (text: string) => text.split("\n").filter((l) => l.trim() !== "0").join("\n"),
  "pdftotext-layout": (text: string) => text.replace(/(?<=\s)0(?=\s|$)/gm, " "),
} as const;

async function goldOf(id: string): Promise<Record<string, number | null>> {
  return GoldFileSchema.parse(JSON.parse(await readFile(`${REAL}${id}.json`, "utf8"))).cells;
}

describe.each(PDF_IDS.flatMap((id) => Object.keys(BLANKERS).map((kind) => [id, kind as keyof typeof BLANKERS] as const)))(
  "%s (%s) printed with blank cells for zeros",
  (id, kind) => {
    it("every cell equals the gold or is flagged for review", async () => {
      const text = BLANKERS[kind](await readFile(`${REAL}${id}.${kind}.txt`, "utf8"));
      const record = extractFromBytes(`${id}.blank.txt`, Buffer.from(text));
      const gold = await goldOf(id);
      const byKey = new Map(record.cells.map((c) => [c.key, c]));
      const silent: string[] = [];
      for (const [key, printed] of Object.entries(gold)) {
        const want = printed === 0 ? null : printed;
        const cell = byKey.get(key);
        expect(cell, key).toBeDefined();
        if (cell!.value !== want && !cell!.needs_review) silent.push(`${key}: got ${cell!.value}, gold ${want}`);
      }
      expect(silent).toEqual([]);
    });
  },
);

type Damage = (lines: string[], rng: Rng) => string[];
const DAMAGES: Record<string, Damage> = {
  cut: (lines, rng) => lines.slice(0, rng.int(1, lines.length)),
  drop_lines: (lines, rng) => lines.filter(() => !rng.chance(0.08)),
  double_lines: (lines, rng) => lines.flatMap((l) => (rng.chance(0.05) ? [l, l] : [l])),
  spaced_digits: (lines, rng) => lines.map((l) => l.replace(/\d/g, (d) => (rng.chance(0.15) ? `${d} ` : d))),
  cut_inside_line: (lines, rng) => {
    const text = lines.join("\n");
    return text.slice(0, rng.int(1, text.length)).split("\n");
  },
};

describe("random damage never ends in an unnamed failure", () => {
  const sources = [
    ...PDF_IDS.flatMap((id) => ["pdftotext-raw", "pdftotext-layout"].map((k) => `${id}.${k}.txt`)),
    ...PAGE_IDS.map((id) => `${id}.page.txt`),
  ];
  it.each(Object.keys(DAMAGES))("%s: a valid record or a named input error, for 10 variants of every source", async (name) => {
    const damage = DAMAGES[name]!;
    const outcomes = new Map<string, number>();
    for (const file of sources) {
      const lines = (await readFile(`${REAL}${file}`, "utf8")).split("\n");
      for (let k = 0; k < 10; k++) {
        const text = damage(lines, Rng.forItem(k, file.length)).join("\n");
        let outcome: string;
        try {
          const record = extractFromBytes(`${file}#${k}`, Buffer.from(text));
          ReportRecordSchema.parse(record);
          outcome = record.status ?? "complete";
        } catch (e) {
          if (!(e instanceof InputError)) throw new Error(`${file} (${name} #${k}): ${(e as Error).stack}`);
          expect(e.message.startsWith(`${file}#${k}: `)).toBe(true);
          outcome = e.code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    // The damage is real: not every variant reads as a complete report.
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(sources.length * 10);
  }, 60_000);
});
