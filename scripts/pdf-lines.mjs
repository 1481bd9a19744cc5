// Prints the lines the layout stage builds from a PDF (debugging aid): page, line, tokens with display columns.
// Usage: npm run build && node scripts/pdf-lines.mjs file.pdf [page]
import { readFileSync } from "node:fs";
import { pdfToPageModel } from "../dist/ingest/pdf/index.js";
import { positionedToLines } from "../dist/layout/positioned-lines.js";
const model = await pdfToPageModel(readFileSync(process.argv[2]));
const only = process.argv[3] ? Number(process.argv[3]) : null;
for (const l of positionedToLines(model.positioned)) {
  if (only && l.page !== only) continue;
  console.log(`${l.page}:${String(l.line).padStart(3)} ` + l.tokens.map((t) => `[${t.display.start}]${t.text === "" ? "∅" : t.text}`).join(" "));
}
