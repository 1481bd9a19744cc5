import { readFileSync } from "node:fs";
import { runDocument } from "../dist/pipeline/run-document.js";
const [path, gold] = process.argv.slice(2);
const rec = await runDocument(path);
const g = gold ? JSON.parse(readFileSync(gold, "utf8")).cells : null;
console.log(rec.report, rec.warnings);
let wrong = 0, silent = 0, review = 0;
for (const c of rec.cells) {
  const gv = g ? g[c.key] : undefined;
  const ok = g ? gv === c.value : true;
  if (!ok) wrong++;
  if (!ok && !c.needs_review) silent++;
  if (c.needs_review) review++;
  if (!ok || c.needs_review || process.env.ALL) console.log(ok ? "  " : "XX", c.key, c.value, "gold", gv, c.status, c.flags.join(","), c.confidence, c.needs_review ? "REVIEW" : "");
}
if (g) for (const k of Object.keys(g)) if (!rec.cells.find((c) => c.key === k)) console.log("MISSING KEY", k);
console.log(`cells ${rec.cells.length} wrong ${wrong} silent ${silent} review ${review}`);
console.log(rec.checks.filter((c) => !c.ok).map((c) => `${c.rule} ${c.expected} ${c.actual}`));
