// Where the false alarms (right values sent to review) and the wrong values of a generated set come
// from: split by the table damage the generator applied to each report (blank zeros, totals printed
// 0, none) and by format, and, within each, by the reason the value went to review. It tells honest
// doubt (a blank-zero row whose numbers fit every rule one column over, a 2019 table-2 run that no
// rule splits) from a reading that could do better.
//
// Usage: node scripts/false-alarms-by-damage.mjs GEN_DIR OUT_DIR [--reasons N]
//   GEN_DIR: a `nianbao generate` folder (gold/ with each report's generator settings);
//   OUT_DIR: the `nianbao extract` output folder of its inputs (or of their pdftotext conversions).
import { readFileSync, readdirSync } from "node:fs";

const [gen, out, ...rest] = process.argv.slice(2);
if (!gen || !out) {
  console.error("usage: node scripts/false-alarms-by-damage.mjs GEN_DIR OUT_DIR [--reasons N]");
  process.exit(2);
}
const reasonsShown = Number(rest[rest.indexOf("--reasons") + 1] ?? 3) || 3;
/** Flags that say how a value was read, not why it is doubted. */
const HOW_READ = new Set(["digits_normalized", "label_joined", "label_fuzzy", "label_alias"]);
const TABLE_DAMAGE = ["blank_zeros", "totals_zero"];

const groups = new Map();
for (const f of readdirSync(`${out}/reports`)) {
  if (!f.endsWith(".json")) continue;
  const rec = JSON.parse(readFileSync(`${out}/reports/${f}`, "utf8"));
  const stem = rec.source.path.split("/").pop().replace(/\.(pdftotext-layout|pdftotext-raw|page)?\.?(txt|pdf|html|docx|tif|tiff)$/, "");
  const gold = JSON.parse(readFileSync(`${gen}/gold/${stem}.json`, "utf8"));
  const g = gold.generator ?? {};
  const applied = new Set([...(g.applied ?? []), ...Object.values(gold.damage ?? {}).flat()]);
  const damage = TABLE_DAMAGE.filter((d) => applied.has(d)).join("+") || "no table damage";
  const name = `${damage}, ${g.variant ?? gold.format ?? "?"}`;
  const grp = groups.get(name) ?? { docs: 0, cells: 0, correct: 0, falseAlarms: 0, wrong: 0, reasons: new Map() };
  groups.set(name, grp);
  grp.docs += 1;
  for (const c of rec.cells) {
    if (!(c.key in gold.cells)) continue;
    grp.cells += 1;
    if (gold.cells[c.key] !== c.value) {
      grp.wrong += 1;
      continue;
    }
    grp.correct += 1;
    if (!c.needs_review) continue;
    grp.falseAlarms += 1;
    const why = `${c.table} ${c.flags.filter((x) => !HOW_READ.has(x)).sort().join(",") || "(low confidence)"}`;
    grp.reasons.set(why, (grp.reasons.get(why) ?? 0) + 1);
  }
}

const pct = (n, d) => (d === 0 ? "-" : ((100 * n) / d).toFixed(2));
const all = [...groups.values()].reduce((a, g) => ({ docs: a.docs + g.docs, cells: a.cells + g.cells, correct: a.correct + g.correct, fa: a.fa + g.falseAlarms, wrong: a.wrong + g.wrong }), { docs: 0, cells: 0, correct: 0, fa: 0, wrong: 0 });
console.log(`${all.docs} reports, ${all.cells} cells: exact ${pct(all.correct, all.cells)} %, false alarms ${all.fa} = ${pct(all.fa, all.correct)} % of correct cells`);
console.log("");
console.log(`${"damage, format".padEnd(28)} ${"reports".padStart(7)} ${"exact %".padStart(8)} ${"FA %".padStart(7)} ${"FA share".padStart(9)}  main reasons (table, flags: cells)`);
for (const [name, g] of [...groups].sort((a, b) => b[1].falseAlarms - a[1].falseAlarms)) {
  const reasons = [...g.reasons].sort((a, b) => b[1] - a[1]).slice(0, reasonsShown).map(([r, n]) => `${r}: ${n}`).join("; ");
  console.log(`${name.padEnd(28)} ${String(g.docs).padStart(7)} ${pct(g.correct, g.cells).padStart(8)} ${pct(g.falseAlarms, g.correct).padStart(7)} ${pct(g.falseAlarms, all.fa).padStart(8)}%  ${reasons}`);
}
