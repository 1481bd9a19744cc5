/**
 * Table 3's row labels split by a space (a label typed or wrapped in two pieces). A piece that is
 * also a piece of a heading that is never a row (（五）不予处理, （三）不予公开) is left out of the
 * table's text, where a vertical heading's pieces fall between a wrapped label's; but one that
 * continues the piece before it on its line into a row label is the label's (（六）其他 处理).
 */
import { describe, expect, it } from "vitest";
import { linesToItems } from "../src/layout/items.js";
import { stringToPageModel } from "../src/ingest/text/index.js";
import { matchTable3 } from "../src/match/table3.js";
import { tableVariants } from "../src/pipeline/tables.js";
import { TEMPLATES } from "../src/templates/index.js";

const T3 = tableVariants(TEMPLATES).find((t) => t.id === "t3")!.variants;

describe("a table-3 row label split by a space", () => {
  it.each(T3.map((v) => [v.template] as const))("is found wherever it is split (%s)", (template) => {
    const table = T3.find((v) => v.template === template)!.table;
    const missed: string[] = [];
    for (const [r, row] of table.rows.entries()) {
      const label = row.label_zh;
      for (let at = 1; at < label.length; at++) {
        if (/^\d+$/.test(label.slice(0, at))) continue; // `3 .其他`: a number, then a label
        // The table's rows, each with its numbers; row r's label split at `at`.
        const lines = table.rows.map((other, i) => {
          const text = i === r ? `${label.slice(0, at)} ${label.slice(at)}` : other.label_zh;
          return `${text}    ${[i + 1, 0, 0, 0, 0, 0, i + 1].join("   ")}`;
        });
        const items = linesToItems(stringToPageModel(lines.join("\n")).lines);
        const matched = matchTable3(items, T3, template);
        if (matched.template !== template || !matched.labels[row.key]) missed.push(`${label.slice(0, at)}|${label.slice(at)}`);
      }
    }
    expect(missed).toEqual([]);
  });
});
