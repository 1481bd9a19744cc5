// Splits false alarms (right values sent to review) into those from one document's own reading and
// those from the batch's cross-year/panel checks. Usage: node scripts/false-alarms-by-source.mjs GEN_DIR OUT_DIR
import { readFileSync, readdirSync } from "node:fs";
const [gen, out] = process.argv.slice(2);
const PANEL = new Set(["carryover_break", "in_force_break", "year_outlier", "year_conflict", "agency_year_duplicate"]);
let correct = 0, own = 0, panel = 0;
for (const f of readdirSync(`${out}/reports`)) {
  const rec = JSON.parse(readFileSync(`${out}/reports/${f}`, "utf8"));
  const stem = rec.source.path.split("/").pop().replace(/\.(pdftotext-layout|pdftotext-raw|page)?\.?(txt|pdf|html|docx|tif|tiff)$/, "");
  const gold = JSON.parse(readFileSync(`${gen}/gold/${stem}.json`, "utf8")).cells;
  for (const c of rec.cells) {
    if (!(c.key in gold) || gold[c.key] !== c.value) continue;
    correct++;
    if (!c.needs_review) continue;
    const reviewFlags = c.flags.filter((x) => !["digits_normalized", "label_joined", "label_fuzzy", "label_alias", "blank_cell", "row_by_order", "cell_lost", "inferred_from_rule", "digits_split", "reading_order_rebuilt", "format_year_mismatch"].includes(x));
    if (reviewFlags.length > 0 && reviewFlags.every((x) => PANEL.has(x))) panel++;
    else own++;
  }
}
const pct = (n) => ((100 * n) / correct).toFixed(2);
console.log(`correct cells ${correct}; false alarms from the document's own reading ${own} (${pct(own)} %), from cross-year checks only ${panel} (${pct(panel)} %)`);
