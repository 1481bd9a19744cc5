/**
 * nianbao.xlsx for small runs, written directly (issue 14: the fixed cost of a run): the same
 * parts with the same XML as exceljs's streaming writer makes them with the options xlsx.ts uses
 * (no styles, no shared strings, a frozen header row, fitted widths), zipped in memory with
 * node:zlib. exceljs and its zip library took ~0.2 s of CPU to load and ~0.1 s to write one
 * report's workbook; this takes a few milliseconds. Larger runs keep exceljs (it streams, and
 * switches to ZIP64 when needed); tests/xlsx-direct.test.ts checks that both give the same parts.
 */
import { createRequire } from "node:module";
import { crc32, deflateRawSync } from "node:zlib";
import { writeFile } from "node:fs/promises";

export type SheetValue = string | number | boolean | null;

export interface DirectSheet {
  name: string;
  /** Column widths, in sheet column order. */
  widths: readonly number[];
  /** Header row (column names). */
  header: readonly string[];
  /** Data rows, already typed; each as long as the header. */
  rows: Iterable<readonly SheetValue[]>;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;

/** exceljs's utils.xmlEncode: the five XML specials escaped, control characters XML cannot hold dropped. */
export function xmlEncode(text: string): string {
  const m = XML_SPECIAL.exec(text);
  if (!m) return text;
  let out = "";
  let last = 0;
  for (let i = m.index; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let esc: string;
    if (c === 34) esc = "&quot;";
    else if (c === 38) esc = "&amp;";
    else if (c === 39) esc = "&apos;";
    else if (c === 60) esc = "&lt;";
    else if (c === 62) esc = "&gt;";
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) esc = "";
    else continue;
    if (last !== i) out += text.substring(last, i);
    last = i + 1;
    out += esc;
  }
  return last !== text.length ? out + text.substring(last) : out;
}

/** 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const SHEET_OPEN =
  `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
const SHEET_CLOSE =
  '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/></worksheet>';

/** One worksheet part, as exceljs's WorksheetWriter writes it (rows with no value at all are left out, their numbers kept). */
export function sheetXml(sheet: DirectSheet): string {
  const n = sheet.header.length;
  const letters = Array.from({ length: n }, (_, i) => columnLetters(i + 1));
  const parts: string[] = [SHEET_OPEN, "<cols>"];
  // Adjacent columns of the same width share one <col> (exceljs's Column.toModel).
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sheet.widths[j + 1] === sheet.widths[i]) j++;
    parts.push(`<col min="${i + 1}" max="${j + 1}" width="${sheet.widths[i]}" customWidth="1"/>`);
    i = j + 1;
  }
  parts.push("</cols><sheetData>");
  const spans = ` spans="1:${n}" x14ac:dyDescent="0.25">`;
  const row = (r: number, values: readonly SheetValue[]): void => {
    let xml = "";
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? null;
      if (v === null) continue;
      const ref = `${letters[i]}${r}`;
      if (typeof v === "number") xml += `<c r="${ref}"><v>${xmlEncode(String(v))}</v></c>`;
      else if (typeof v === "boolean") xml += `<c r="${ref}" t="b"><v>${v ? "1" : "0"}</v></c>`;
      else xml += `<c r="${ref}" t="str"><v>${xmlEncode(v)}</v></c>`;
    }
    if (xml !== "") parts.push(`<row r="${r}"${spans}${xml}</row>`);
  };
  row(1, sheet.header);
  let r = 1;
  for (const values of sheet.rows) row(++r, values);
  parts.push(SHEET_CLOSE);
  return parts.join("");
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/** exceljs's theme part (the same text it writes), from the package's own module. */
function themeXml(): string {
  return createRequire(import.meta.url)("exceljs/lib/xlsx/xml/theme1.js") as string;
}

/** The workbook's parts in exceljs's order, sheets given as their XML. */
export function workbookParts(names: readonly string[], sheets: readonly string[], created: Date): [string, string][] {
  const when = created.toISOString().replace(/[.]\d{3}/, "");
  const count = names.length;
  return [
    ["xl/theme/theme1.xml", themeXml()],
    [
      "_rels/.rels",
      `${XML_HEAD}\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    ],
    ...sheets.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    [
      "[Content_Types].xml",
      `${XML_HEAD}\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${WORKSHEET_TYPE}"/>`).join("") +
        `<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    ],
    [
      "docProps/app.xml",
      `${XML_HEAD}\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${count}</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="${count}" baseType="lpstr">` +
        names.map((n) => `<vt:lpstr>${xmlEncode(n)}</vt:lpstr>`).join("") +
        `</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`,
    ],
    [
      "docProps/core.xml",
      `${XML_HEAD}\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>nianbao</dc:creator><cp:lastModifiedBy>ExcelJS</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      "xl/styles.xml",
      `${XML_HEAD}\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main"><fonts x14ac:knownFonts="1" count="1"><font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/><extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext><ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${XML_HEAD}\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${REL}/theme" Target="theme/theme1.xml"/>` +
        names.map((_, i) => `<Relationship Id="rId${i + 3}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
        "</Relationships>",
    ],
    [
      "xl/workbook.xml",
      `${XML_HEAD}\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><sheets>` +
        names.map((n, i) => `<sheet sheetId="${i + 1}" name="${xmlEncode(n)}" state="visible" r:id="rId${i + 3}"/>`).join("") +
        '</sheets><calcPr calcId="171027"/></workbook>',
    ],
  ];
}

/** A ZIP archive (deflated entries, sizes in the local headers) of the given parts. */
export function zipParts(parts: readonly [string, string][], when: Date): Buffer {
  const dosTime = (when.getHours() << 11) | (when.getMinutes() << 5) | Math.floor(when.getSeconds() / 2);
  const dosDate = ((when.getFullYear() - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text, "utf8");
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const nameBytes = Buffer.from(name, "utf8");
    if (data.length > 0xfffffffe || offset > 0xfffffffe) throw new Error(`nianbao.xlsx: part ${name} is too large for the direct writer`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(dosTime, 12);
    entry.writeUInt16LE(dosDate, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    chunks.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** Writes the workbook of these sheets to `path` (a new file; the caller renames it into place). */
export async function writeDirectXlsx(path: string, sheets: readonly DirectSheet[]): Promise<void> {
  const when = new Date();
  const parts = workbookParts(
    sheets.map((s) => s.name),
    sheets.map(sheetXml),
    when,
  );
  await writeFile(path, zipParts(parts, when));
}
