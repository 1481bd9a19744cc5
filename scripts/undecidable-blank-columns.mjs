// How many cells of a generated set of crawled pages no reader could place: table 3 printed with
// blank zeros, where a whole applicant column of numbers could sit in another column that is blank
// in every row. Both tables then satisfy every rule of table 3 (each column balances on its
// own, the row totals are unchanged) and the page's text is the same byte for byte (tags stripped
// without a separator; a blank cell is nothing, or one space that runs of spaces collapse into),
// unless the page's prose states the column's figure (涉及自然人72件). The cells of both columns of
// each such pair are counted in the rows where the column has a number: whatever a reader chooses,
// it must flag them. A lower bound: numbers that could move row by row are not counted.
//
// Usage: node scripts/undecidable-blank-columns.mjs GEN_DIR [OUT_DIR]
//   GEN_DIR: a `nianbao generate --kind page` folder; OUT_DIR (optional): its `nianbao extract`
//   output, to compare with the cells the reader flagged and the false alarms it raised.
import { readFileSync, readdirSync } from "node:fs";

const [gen, out] = process.argv.slice(2);
if (!gen) {
  console.error("usage: node scripts/undecidable-blank-columns.mjs GEN_DIR [OUT_DIR]");
  process.exit(2);
}
const COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"];
/** Figures the page generator's prose can state, by column (tools/generate/page/prose.ts). */
const STATED = { natural_person: /自然人(申请)?\d/, commercial: /法人或其他组织申请\d/ };

const undecidable = new Map(); // stem → Set of keys
let pages = 0;
let blankPages = 0;
for (const name of readdirSync(`${gen}/gold`)) {
  const gold = JSON.parse(readFileSync(`${gen}/gold/${name}`, "utf8"));
  const stem = name.replace(/\.json$/, "");
  pages += 1;
  if (!(gold.generator?.applied ?? []).includes("blank_zeros")) continue;
  blankPages += 1;
  const text = readFileSync(`${gen}/inputs/${gold.applies_to_raw_files[0]}`, "utf8");
  const rows = [...new Set(Object.keys(gold.cells).filter((k) => k.startsWith("t3.")).map((k) => k.split(".").slice(1, -1).join(".")))];
  const value = (r, col) => gold.cells[`t3.${r}.${col}`];
  const blankColumn = (col) => rows.every((r) => value(r, col) === null || value(r, col) === undefined);
  const stated = (col) => STATED[col]?.test(text) ?? false;
  const style = gold.generator?.page ?? {};
  // The row's text as the crawler kept it (tools/generate/page/render.ts): cells glued, a blank cell
  // nothing or a space, runs of spaces collapsed. Spaces it adds around numbers (&nbsp;) move with
  // them; they are left out, so pages with them are counted only where blanks are written as nothing.
  const rowText = (cells) => cells.map((v) => (v === null || v === undefined ? (style.blankAsSpace ? " " : "") : String(v))).join("").replace(/ {2,}/g, " ");
  if (style.blankAsSpace && style.nbsp !== "none") continue;
  const keys = new Set();
  for (const col of COLUMNS) {
    if (blankColumn(col) || stated(col)) continue;
    for (const other of COLUMNS) {
      if (other === col || !blankColumn(other) || stated(other)) continue;
      // The same table with the column's numbers in `other`: every rule of table 3 still holds (each
      // column balances on its own; row totals are unchanged). Is the page's text the same?
      const same = rows.every((r) => {
        const cells = [...COLUMNS, "total"].map((c) => value(r, c));
        const moved = [...COLUMNS, "total"].map((c) => (c === col ? null : c === other ? value(r, col) : value(r, c)));
        return rowText(cells) === rowText(moved);
      });
      if (!same) continue;
      // The rows where the column has a number: there it or `other` holds it, the other nothing.
      for (const r of rows) if (value(r, col) !== null && value(r, col) !== undefined) for (const c of [col, other]) keys.add(`t3.${r}.${c}`);
    }
  }
  if (keys.size > 0) undecidable.set(stem, keys);
}
const cells = [...undecidable.values()].reduce((n, s) => n + s.size, 0);
console.log(`${pages} pages, ${blankPages} with blank zeros; ${undecidable.size} of them have a table-3 column that could sit in another blank column with the same text and every rule holding: ${cells} cells no reader can place`);

if (out) {
  let flagged = 0;
  let falseAlarms = 0;
  let correct = 0;
  let allFalseAlarms = 0;
  for (const f of readdirSync(`${out}/reports`)) {
    if (!f.endsWith(".json")) continue;
    const rec = JSON.parse(readFileSync(`${out}/reports/${f}`, "utf8"));
    const stem = rec.source.path.split("/").pop().replace(/\.page\.txt$|\.txt$/, "");
    const gold = JSON.parse(readFileSync(`${gen}/gold/${stem}.json`, "utf8")).cells;
    const keys = undecidable.get(stem);
    for (const c of rec.cells) {
      if (!(c.key in gold)) continue;
      const right = gold[c.key] === c.value;
      if (right) correct += 1;
      if (right && c.needs_review) allFalseAlarms += 1;
      if (!keys?.has(c.key)) continue;
      if (c.needs_review) flagged += 1;
      if (right && c.needs_review) falseAlarms += 1;
    }
  }
  const pct = (n, d) => ((100 * n) / d).toFixed(2);
  console.log(`the reader flagged ${flagged} of those ${cells} cells; they are ${falseAlarms} of its ${allFalseAlarms} false alarms (${pct(allFalseAlarms, correct)} % of correct cells; ${pct(allFalseAlarms - falseAlarms, correct)} % without them)`);
}
