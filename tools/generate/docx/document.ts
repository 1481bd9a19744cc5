/**
 * A report plan → the parts of a .docx (WordprocessingML): paragraphs for the prose, w:tbl for
 * tables 2–4 with the merges of the span tables — gridSpan for colspan, vMerge restart/continue for
 * rowspan, with a continuation cell in every row a merged cell covers, as Word writes them.
 */
import type { ProseBlock } from "../names.js";
import type { Rng } from "../rng.js";
import type { MarkupPlan } from "../html/plan.js";
import { t2Table, t3Table, t4Table, type SpanTable, type TableStyle } from "../html/span-tables.js";
import { writeZip } from "./zip.js";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface DocxOptions {
  tableStyle: TableStyle;
  /** Cell text in two runs, and long labels in two paragraphs, as typed documents often have. */
  splitRuns: boolean;
}

function run(text: string, bold = false): string {
  return `<w:r>${bold ? "<w:rPr><w:b/></w:rPr>" : ""}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

function paragraph(text: string, bold = false): string {
  return `<w:p>${text === "" ? "" : run(text, bold)}</w:p>`;
}

function cellParagraphs(text: string, o: DocxOptions): string {
  const chars = [...text];
  if (!o.splitRuns || chars.length < 8) return paragraph(text);
  const mid = Math.ceil(chars.length / 2);
  // A long label typed over two lines of its cell; a number never is.
  return chars.length > 14 ? paragraph(chars.slice(0, mid).join("")) + paragraph(chars.slice(mid).join("")) : `<w:p>${run(chars.slice(0, mid).join(""))}${run(chars.slice(mid).join(""))}</w:p>`;
}

export function tableXml(table: SpanTable, o: DocxOptions): string {
  // Grid positions of every cell, with the rows each rowspan covers.
  const covered = new Map<string, { colSpan: number }>();
  const width = Math.max(...table.map((row) => row.reduce((n, c) => n + (c.colSpan ?? 1), 0)));
  const rows = table.map((row, r) => {
    const out: string[] = [];
    let col = 0;
    let i = 0;
    while (i < row.length || covered.has(`${r},${col}`)) {
      const cont = covered.get(`${r},${col}`);
      if (cont) {
        out.push(`<w:tc><w:tcPr>${cont.colSpan > 1 ? `<w:gridSpan w:val="${cont.colSpan}"/>` : ""}<w:vMerge/></w:tcPr><w:p/></w:tc>`);
        col += cont.colSpan;
        continue;
      }
      const cell = row[i++]!;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      for (let k = 1; k < rowSpan; k++) covered.set(`${r + k},${col}`, { colSpan });
      const pr = `${colSpan > 1 ? `<w:gridSpan w:val="${colSpan}"/>` : ""}${rowSpan > 1 ? `<w:vMerge w:val="restart"/>` : ""}`;
      out.push(`<w:tc><w:tcPr><w:tcW w:w="${900 * colSpan}" w:type="dxa"/>${pr}</w:tcPr>${cellParagraphs(cell.text, o)}</w:tc>`);
      col += colSpan;
    }
    return `<w:tr>${out.join("")}</w:tr>`;
  });
  const borders = ["top", "left", "bottom", "right", "insideH", "insideV"].map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join("");
  const grid = Array.from({ length: width }, () => `<w:gridCol w:w="900"/>`).join("");
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows.join("")}</w:tbl>`;
}

const prose = (blocks: readonly ProseBlock[]): string[] => blocks.flatMap((b) => [...(b.heading ? [paragraph(b.heading, true)] : []), ...b.paragraphs.map((p) => paragraph(p))]);

export function documentXml(plan: MarkupPlan, o: DocxOptions): string {
  const m = plan.model;
  const p = plan.parts;
  const body = [
    ...p.title.map((t) => paragraph(t, true)),
    ...p.intro.map((x) => paragraph(x)),
    ...prose(p.overview),
    paragraph(p.tableHeadings[0], true),
    tableXml(t2Table(m.t2, o.tableStyle), o),
    paragraph(p.tableHeadings[1], true),
    tableXml(t3Table(m.t3, o.tableStyle), o),
    paragraph(p.tableHeadings[2], true),
    tableXml(t4Table(m.t4, o.tableStyle), o),
    ...prose(p.closing),
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${body.join("")}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;

/** The .docx package: content types, the package relationship, the document and its (empty) relationships. */
export function docxPackage(documentXmlText: string): Buffer {
  return writeZip([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(RELS) },
    { name: "word/document.xml", data: Buffer.from(documentXmlText) },
    { name: "word/_rels/document.xml.rels", data: Buffer.from(DOC_RELS) },
  ]);
}

export function chooseDocxOptions(rng: Rng): DocxOptions {
  return { tableStyle: rng.chance(0.3) ? "flat" : "span", splitRuns: rng.chance(0.5) };
}
