/**
 * Table 2's blocks when a caption is misprinted (第二十条第五)项, as OCR and typos give it) and the
 * table prints zeros blank: a row printed with no cell at all beside rows whose blank cells show a
 * mark. The block before the misprinted caption must end at that block's first row label, and a
 * block's numbers are not dealt to its rows in order when that would give a row the numbers on
 * another row's line. Generated 2019-format reports, layout and tab text, rows re-printed at random.
 */
import { describe, expect, it } from "vitest";
import { extractFromBytes } from "../src/pipeline/run-document.js";
import { generateReport } from "../tools/generate/index.js";
import { Rng } from "../tools/generate/rng.js";

/** Rows of blocks （一） and （五） of the 2019 table 2, with their keys' prefix. */
const ROWS: readonly [string, string][] = [
  ["规章", "t2.rules"],
  ["规范性文件", "t2.normative_docs"],
  ["行政许可", "t2.licensing"],
  ["其他对外管理服务事项", "t2.other_services"],
];
const COLUMNS: Record<string, readonly string[]> = {
  "t2.rules": ["new_made", "new_published", "total_published"],
  "t2.normative_docs": ["new_made", "new_published", "total_published"],
  "t2.licensing": ["prev_count", "change", "decisions"],
  "t2.other_services": ["prev_count", "change", "decisions"],
};
const MISPRINTED = ["第二十条第五)项", "第二十条第（五项", "第二十条笫（五）项", "第二十条第(五项"];
const MARKS = ["/", "-", "－", "—"];

/**
 * One report's text with its rows of blocks （一） and （五） printed again: each row either without
 * any cell (its values blank) or with some of its cells as a blank mark; the gold follows.
 */
function reprinted(rng: Rng, text: string, gold: Record<string, number | null>): { text: string; omittedBeforeFilled: boolean } {
  let out = text.replace("第二十条第（五）项", rng.pick(MISPRINTED));
  const omitted: boolean[] = [];
  for (const [label, prefix] of ROWS) {
    const line = new RegExp(`^([ \\t]*)${label}([ \\t]+)(\\S.*)$`, "m");
    const m = line.exec(out);
    if (!m) throw new Error(`no line for ${label}`);
    const omit = rng.chance(0.35);
    omitted.push(omit);
    const keys = COLUMNS[prefix]!.map((c) => `${prefix}.${c}`);
    let rest = "";
    if (omit) for (const k of keys) gold[k] = null;
    else {
      // Each value keeps its place: a blank mark padded to the number's width.
      let n = 0;
      rest = m[3]!.replace(/\S+/g, (tok) => {
        const k = keys[n++];
        if (!k || !rng.chance(0.4)) return tok;
        gold[k] = null;
        return rng.pick(MARKS).padEnd(tok.length, " ");
      });
    }
    out = out.replace(line, omit ? `${m[1]}${label}` : `${m[1]}${label}${m[2]}${rest}`);
  }
  // The trap: a row printed without cells before one printed with its marks, in one block's range.
  const omittedBeforeFilled = omitted.some((o, i) => o && i < ROWS.length - 1 && !omitted[i + 1]);
  return { text: out, omittedBeforeFilled };
}

describe("table 2 with a misprinted block caption and rows printed without cells", () => {
  it("every cell equals the gold or is flagged (120 generated reports)", () => {
    const silent: string[] = [];
    let traps = 0;
    let cells = 0;
    let exact = 0;
    for (let i = 0; i < 120; i++) {
      const rng = new Rng(7700 + i);
      const report = generateReport(rng, { index: i, formats: ["2019"], damage: [], damageRate: 0, style: rng.pick(["layout", "tab"] as const) });
      const gold = { ...report.gold.cells };
      const { text, omittedBeforeFilled } = reprinted(rng, report.text, gold);
      if (omittedBeforeFilled) traps++;
      const record = extractFromBytes(`${report.id}.txt`, Buffer.from(text));
      for (const cell of record.cells.filter((c) => c.table === "t2")) {
        cells++;
        if (cell.value === gold[cell.key]) exact++;
        else if (!cell.needs_review) silent.push(`${report.id} ${cell.key}: got ${cell.value}, gold ${gold[cell.key]}`);
      }
    }
    expect(traps).toBeGreaterThan(30);
    expect(silent).toEqual([]);
    expect(exact / cells).toBeGreaterThan(0.95);
  });
});
