// Pre-2019 reports: generate N per style (statistics table, flattened table, narrative only), read
// them, and print per style the share of stated indicators found with the right value, the wrong or
// missing ones not sent to review (silent), and whether every value taken from a sentence is flagged.
// Usage: node scripts/eval-legacy.mjs [count per style] [seed]   (after npm run build)
import { generateLegacyReport, LEGACY_STYLES } from "../dist-dev/tools/generate/legacy/index.js";
import { Rng } from "../dist-dev/tools/generate/rng.js";
import { extractDocument } from "../dist/pipeline/run-document.js";

const count = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 1);
console.log("style       reports  indicators  found%   silent  failed  from_text cells  unflagged");
for (const [s, style] of LEGACY_STYLES.entries()) {
  const t = { reports: 0, cells: 0, found: 0, silent: 0, failed: 0, textCells: 0, unflagged: 0 };
  for (let i = 0; i < count; i++) {
    const g = generateLegacyReport(Rng.forItem(seed * 1000 + s, i), { index: i, style });
    t.reports++;
    let rec;
    try {
      rec = await extractDocument(`${g.id}.txt`, Buffer.from(g.text));
    } catch {
      t.failed++;
      t.cells += Object.keys(g.gold.cells).length;
      t.silent += Object.keys(g.gold.cells).length;
      continue;
    }
    const by = new Map(rec.cells.map((c) => [c.key, c]));
    for (const [k, v] of Object.entries(g.gold.cells)) {
      t.cells++;
      const c = by.get(k);
      if (c && c.value === v) t.found++;
      else if (!c?.needs_review) t.silent++;
    }
    // A value from a sentence is one whose source line is prose, not a line of the statistics table.
    for (const c of rec.cells) {
      if (!c.flags.includes("from_text")) continue;
      t.textCells++;
      if (!c.needs_review) t.unflagged++;
    }
    if (style === "narrative") t.unflagged += rec.cells.filter((c) => !c.flags.includes("from_text")).length;
  }
  console.log(`${style.padEnd(10)} ${String(t.reports).padStart(8)} ${String(t.cells).padStart(11)} ${(100 * t.found / t.cells).toFixed(2).padStart(7)} ${String(t.silent).padStart(8)} ${String(t.failed).padStart(7)} ${String(t.textCells).padStart(16)} ${String(t.unflagged).padStart(10)}`);
}
