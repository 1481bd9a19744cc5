// Which flags send correct values to review? Usage: node scripts/false-alarms.mjs GEN_DIR OUT_DIR
import { readFileSync, readdirSync } from "node:fs";
const [gen, out] = process.argv.slice(2);
const counts = {};
const docs = {};
for (const f of readdirSync(`${out}/reports`)) {
  const rec = JSON.parse(readFileSync(`${out}/reports/${f}`, "utf8"));
  const stem = rec.source.path.split("/").pop().replace(/\.(pdftotext-layout|pdftotext-raw|page)?\.?(txt|pdf)$/, "");
  const gold = JSON.parse(readFileSync(`${gen}/gold/${stem}.json`, "utf8")).cells;
  for (const c of rec.cells) {
    if (!c.needs_review || gold[c.key] !== c.value) continue;
    const k = c.flags.filter((x) => !["digits_normalized", "label_joined", "label_fuzzy", "label_alias"].includes(x)).join(",") || `conf<${c.confidence}`;
    counts[k] = (counts[k] ?? 0) + 1;
    docs[k] = docs[k] ?? stem;
  }
}
for (const [k, n] of Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(n, k, docs[k]);
