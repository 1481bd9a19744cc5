// Prints how table 3 of a text file was matched, as the pipeline matches it: each unit's template
// rows, flags, number of alternatives and first alternative. Usage: node scripts/debug-t3.mjs FILE
import { readFileSync } from "node:fs";
import { stringToPageModel } from "../dist/ingest/text/index.js";
import { findSections, sectionRange, templateSections } from "../dist/match/regions.js";
import { linesToItems } from "../dist/layout/items.js";
import { matchTable3 } from "../dist/match/table3.js";
import { TEMPLATES } from "../dist/templates/index.js";
const model = stringToPageModel(readFileSync(process.argv[2], "utf8"));
const secs = findSections(model.lines, templateSections(TEMPLATES));
const [a, b] = sectionRange(secs, "requests", model.lines.length);
const items = linesToItems(model.lines.slice(a, b), { separatorsLost: model.separatorsLost === true });
const m = matchTable3(items, TEMPLATES.map((t) => ({ template: t.id, table: t.tables.find((x) => x.id === "t3") })));
console.log(m.template, m.warnings, m.unmapped, JSON.stringify(m.hints));
const show = (alt) => JSON.stringify(alt.map((r) => r.map((c) => (c.unknown ? "?" : c.value))));
for (const u of m.units) console.log(u.rows.join(","), u.flags.join(","), u.alternatives.length, u.alternatives.slice(0, 4).map(show).join(" "));
