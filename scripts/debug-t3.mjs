// Prints how table 3 of a text file was matched: each unit's template rows and alternatives.
import { readFileSync } from "node:fs";
import { stringToPageModel } from "../dist/ingest/text/index.js";
import { findSections, sectionRange } from "../dist/match/regions.js";
import { linesToItems } from "../dist/layout/items.js";
import { matchTable3 } from "../dist/match/table3.js";
import { TEMPLATES } from "../dist/templates/index.js";
const model = stringToPageModel(readFileSync(process.argv[2], "utf8"));
const secs = findSections(model.lines, TEMPLATES[0]);
const [a, b] = sectionRange(secs, "requests", model.lines.length);
const items = linesToItems(model.lines.slice(a, b));
const m = matchTable3(items, TEMPLATES.map((t) => ({ template: t.id, table: t.tables.find((x) => x.id === "t3") })));
console.log(m.template, m.warnings, m.unmapped);
for (const u of m.units) console.log(u.rows.join(","), u.flags.join(","), u.alternatives.length, JSON.stringify(u.alternatives[0].map((r) => r.map((c) => (c.unknown ? "?" : c.value)))));
