#!/usr/bin/env node
/**
 * Builds a hostile corpus: files of ≥ 60 kinds that have taken runs down or lost data (corrupt and
 * huge images, TIFF loops, compression bombs, encrypted and malformed PDFs, zip bombs, markup
 * bombs, FIFOs, devices, broken links, odd names, impossible values, formula injection) beside good
 * reports (the corpus's text reports with gold values, under odd names too).
 *
 *   node scripts/hostile-corpus.mjs DIR          # builds DIR/in and DIR/expected.json
 *   node scripts/hostile-corpus.mjs DIR --run    # … and runs one `nianbao extract` over it, printing
 *                                                #     the table of codes, peak RSS and wall time
 *
 * expected.json maps each input's file name to the manifest code it must get (`ok` for a good
 * report). tests/hostile.test.ts runs the same check.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, openSync, ftruncateSync, closeSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync, deflateSync, createDeflate, constants } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// ---- small builders -------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data, badCrc = false) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const t = Buffer.from(type, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(badCrc ? 0xdeadbeef : crc32(Buffer.concat([t, data])));
  return Buffer.concat([len, t, data, crc]);
}
const PNG_SIG = Buffer.from("89504e470d0a1a0a", "hex");
function ihdr(w, h, colorType = 0) {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(w, 0);
  d.writeUInt32BE(h, 4);
  d[8] = 8;
  d[9] = colorType;
  return pngChunk("IHDR", d);
}
function png(w, h, { badCrc = false, cut = false } = {}) {
  const raw = Buffer.alloc((w + 1) * h, 0xff);
  for (let y = 0; y < h; y++) raw[y * (w + 1)] = 0;
  const idat = pngChunk("IDAT", deflateSync(raw), badCrc);
  const whole = Buffer.concat([PNG_SIG, ihdr(w, h), idat, pngChunk("IEND", Buffer.alloc(0))]);
  return cut ? whole.subarray(0, 33 + 20) : whole;
}

function jpegHead({ w = 100, h = 100, sof = true } = {}) {
  const app0 = [0xff, 0xe0, 0, 16, ...Buffer.from("JFIF\0"), 1, 1, 1, 0, 200, 0, 200, 0, 0];
  const sof0 = [0xff, 0xc0, 0, 11, 8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0];
  return Buffer.from([0xff, 0xd8, ...app0, ...(sof ? sof0 : []), ...sos, ...Buffer.alloc(64, 0x55), 0xff, 0xd9]);
}

/** Little-endian TIFF with the given IFDs: each { entries: [[tag, type, count, value]], next }. */
function tiff(ifdAt, build) {
  const b = Buffer.alloc(4096);
  b.write("II*\0", 0, "latin1");
  b.writeUInt32LE(ifdAt, 4);
  build(b);
  return b;
}
function writeIfd(b, at, entries, next) {
  b.writeUInt16LE(entries.length, at);
  entries.forEach(([tag, type, count, value], i) => {
    const e = at + 2 + i * 12;
    b.writeUInt16LE(tag, e);
    b.writeUInt16LE(type, e + 2);
    b.writeUInt32LE(count, e + 4);
    b.writeUInt32LE(value, e + 8);
  });
  b.writeUInt32LE(next, at + 2 + entries.length * 12);
}

/** A minimal PDF from object bodies (1-based), with a correct xref table. */
function pdf(objects, { trailer = "" } = {}) {
  let out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets = [];
  const parts = [];
  let pos = Buffer.byteLength(out, "latin1");
  objects.forEach((body, i) => {
    offsets.push(pos);
    const chunk = Buffer.isBuffer(body) ? Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]) : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(chunk);
    pos += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${pos}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(out, "latin1"), ...parts, Buffer.from(xref, "latin1")]);
}
const CATALOG = "<< /Type /Catalog /Pages 2 0 R >>";
const pages1 = (kids = "3 0 R") => `<< /Type /Pages /Kids [${kids}] /Count 1 >>`;
function streamObj(dict, data) {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);
}

/** Deflates `n` zero bytes without holding them (a bomb of n bytes). */
async function zerosDeflated(n, raw = false) {
  const z = raw ? (await import("node:zlib")).createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const chunks = [];
  z.on("data", (c) => chunks.push(c));
  const done = new Promise((r) => z.on("end", r));
  const block = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < n / block.length; i++) if (!z.write(block)) await new Promise((r) => z.once("drain", r));
  z.end();
  await done;
  return Buffer.concat(chunks);
}

/** A ZIP archive of [name, data, { method, declared }] (stored or deflated). */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data, opts = {}] of entries) {
    const method = opts.method ?? 8;
    const body = opts.compressed ?? (method === 8 ? deflateRawSync(data) : data);
    const size = opts.declared ?? data.length;
    const n = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(opts.crc ?? crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(opts.crc ?? crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, body);
    centrals.push(central, n);
    offset += local.length + n.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const docxParts = (documentXml) => [
  ["[Content_Types].xml", Buffer.from(CONTENT_TYPES)],
  ["_rels/.rels", Buffer.from(RELS)],
  ["word/document.xml", Buffer.from(documentXml)],
];
const WORD_DOC = (body) => `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

async function encryptedPdf() {
  const PDFDocument = (await import("pdfkit")).default;
  const doc = new PDFDocument({ userPassword: "secret", ownerPassword: "owner" });
  const chunks = [];
  doc.on("data", (c) => chunks.push(c));
  const done = new Promise((r) => doc.on("end", r));
  doc.text("Annual report 2021");
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function plainPdf(text) {
  const PDFDocument = (await import("pdfkit")).default;
  const doc = new PDFDocument();
  const chunks = [];
  doc.on("data", (c) => chunks.push(c));
  const done = new Promise((r) => doc.on("end", r));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

// ---- the corpus -----------------------------------------------------------------------------

/**
 * Builds DIR/in and returns { expected: { name: code }, good: { name: goldFile } }.
 * Codes: the manifest error code, or "ok" for a record, "skipped_entry" never.
 */
export async function buildHostileCorpus(dir) {
  rmSync(dir, { recursive: true, force: true });
  const inDir = join(dir, "in");
  mkdirSync(inDir, { recursive: true });
  const expected = {};
  const good = {};
  const put = (name, data, code) => {
    writeFileSync(join(inDir, name), data);
    expected[name] = code;
  };

  // Good reports: the corpus's text reports (gold values in corpus-gold/).
  const seedName = "000_10edc68f72ccfcee";
  const seed = readFileSync(join(ROOT, "corpus", `${seedName}.txt`), "utf8");
  for (const f of readdirSync(join(ROOT, "corpus", "generated"))) {
    put(`good-${f}`, readFileSync(join(ROOT, "corpus", "generated", f)), "ok");
    good[`good-${f}`] = join(ROOT, "corpus-gold", f.replace(/\.txt$/, ".json"));
  }
  const seedGold = join(ROOT, "corpus-gold", `${seedName}.json`);
  // Odd names, each a good report (trailing blank lines make each copy distinct content).
  const oddNames = [
    "good-seed.txt",
    "报告 (1) [副本] ;rm -rf ~.txt",
    "-dash-first.txt",
    "=cmd|' -C calc'!A0.txt",
    "name\nwith newline.txt",
    "quote\"and'apostrophe.txt",
    `${"很长的文件名".repeat(13)}.txt`,
    "e\u0301-decomposed-é.txt",
    "a report named .pdf",
    "tab\tin name.txt",
    "$(whoami) `id`.txt",
  ];
  oddNames.forEach((n, i) => {
    put(n, seed + "\n".repeat(i + 1), "ok");
    good[n] = seedGold;
  });
  // Impossible values and formula injection: read, flagged, written; checked apart by the test.
  put("values-negative-and-huge.txt", seed.replace("行政许可\t0", "行政许可\t-5").replace("行政处罚\t0", "行政处罚\t100000000000000000000"), "ok");
  // The agency as printed on the first line and in the opening sentence, starting with "=".
  const genFirst = readdirSync(join(ROOT, "corpus", "generated")).sort()[0];
  const gen = readFileSync(join(ROOT, "corpus", "generated", genFirst), "utf8");
  const agency = gen.split("\n")[0].trim();
  const injected = gen.replace(`${agency}\n`, `=${agency}\n`).replace(/本报告由[^根按]+/, `本报告由=${agency}`);
  put("agency-formula.txt", injected + "\n\n", "ok");

  // Text.
  put("empty.txt", "", "empty");
  put("blank.txt", " \n\t\n  \r\n", "empty");
  put("bom-only.txt", "\ufeff", "empty");
  put("binary-noise.txt", Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)), "binary");
  put("nul-bytes.txt", Buffer.concat([Buffer.from(seed.slice(0, 2000)), Buffer.alloc(64), Buffer.from(seed.slice(2000))]), "binary");
  put("novel.txt", "第一章\n\n那是一个晴朗的早晨，他走在去学校的路上。\n".repeat(200), "not_a_report");
  // Cut off inside table 3: what was read is kept, as a partial record.
  put("cut-in-table3.txt", seed.slice(0, seed.indexOf("(四) 无法提")), "ok");
  put("json.txt", JSON.stringify({ agency: "x", cells: [1, 2, 3] }), "structured_data");
  put("one-long-line.txt", "1234567890 ".repeat(2_000), "not_a_report");
  put("gzip.gz", Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), deflateRawSync(Buffer.from(seed))]), "binary");
  put("elf-binary", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 0)]), "binary");
  {
    const fd = openSync(join(inDir, "sparse-50MiB.txt"), "w");
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    expected["sparse-50MiB.txt"] = "too_large";
  }

  // PNG.
  put("png-garbage.png", Buffer.concat([PNG_SIG, Buffer.alloc(300, 0x41)]), "corrupt");
  put("png-signature-only.png", PNG_SIG, "corrupt");
  put("png-cut-after-ihdr.png", png(200, 200, { cut: true }), "corrupt");
  put("png-bad-crc.png", png(50, 50, { badCrc: true }), "corrupt");
  put("png-30000x30000.png", Buffer.concat([PNG_SIG, ihdr(30000, 30000), pngChunk("IDAT", deflateSync(Buffer.alloc(1000)))]), "too_large");
  put("png-zero-size.png", Buffer.concat([PNG_SIG, ihdr(0, 0), pngChunk("IEND", Buffer.alloc(0))]), "corrupt");
  put("png-4e9-wide.png", Buffer.concat([PNG_SIG, ihdr(0xffffffff, 1), pngChunk("IEND", Buffer.alloc(0))]), "too_large");
  put("png-no-idat.png", Buffer.concat([PNG_SIG, ihdr(100, 100), pngChunk("IEND", Buffer.alloc(0))]), "corrupt");
  put("png-bad-colortype.png", Buffer.concat([PNG_SIG, ihdr(10, 10, 9), pngChunk("IEND", Buffer.alloc(0))]), "corrupt");
  put("png-blank-page.png", png(400, 300), "not_a_report");

  // JPEG.
  put("jpeg-6-bytes.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "corrupt");
  put("jpeg-no-frame-header.jpg", jpegHead({ sof: false }), "corrupt");
  put("jpeg-65535-square.jpg", jpegHead({ w: 65535, h: 65535 }), "too_large");
  put("jpeg-zero-size.jpg", jpegHead({ w: 0, h: 0 }), "corrupt");
  put("jpeg-garbage-scan.jpg", jpegHead({ w: 100, h: 100 }), "corrupt");
  put("jpeg-soi-then-noise.jpg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 31) % 256))]), "corrupt");

  // TIFF.
  put("tiff-self-loop.tif", Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0]), "corrupt");
  put("tiff-two-ifd-loop.tif", tiff(8, (b) => {
    writeIfd(b, 8, [[256, 3, 1, 10], [257, 3, 1, 10]], 100);
    writeIfd(b, 100, [[256, 3, 1, 10], [257, 3, 1, 10]], 8);
  }), "corrupt");
  put("tiff-30000x30000.tif", tiff(8, (b) => writeIfd(b, 8, [[256, 4, 1, 30000], [257, 4, 1, 30000], [258, 3, 1, 8], [273, 4, 1, 200], [279, 4, 1, 100]], 0)).subarray(0, 1024), "too_large");
  put("tiff-header-only.tif", Buffer.from("II*\0", "latin1"), "corrupt");
  put("tiff-ifd-outside.tif", tiff(1_000_000, () => {}).subarray(0, 64), "corrupt");
  put("tiff-4e9-values.tif", tiff(8, (b) => writeIfd(b, 8, [[256, 3, 1, 10], [257, 3, 1, 10], [273, 4, 0xfffffff0, 200]], 0)), "corrupt");
  put("tiff-subifd-loop.tif", tiff(8, (b) => writeIfd(b, 8, [[256, 3, 1, 10], [257, 3, 1, 10], [330, 4, 1, 8]], 0)), "corrupt");
  put("tiff-no-ifd.tif", tiff(0, () => {}).subarray(0, 16), "corrupt");
  put("tiff-big-endian-loop.tif", Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 8]), "corrupt");

  // PDF.
  put("pdf-header-only.pdf", "%PDF-1.7\n", "corrupt");
  put("pdf-garbage.pdf", Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131) % 256))]), "corrupt");
  put("pdf-encrypted.pdf", await encryptedPdf(), "encrypted");
  const plain = await plainPdf("This is not an annual report. Just one line of English text.");
  put("pdf-not-a-report.pdf", plain, "not_a_report");
  put("pdf-cut-in-half.pdf", plain.subarray(0, Math.floor(plain.length / 2)), "corrupt");
  put("pdf-no-pages.pdf", pdf([CATALOG, "<< /Type /Pages /Kids [] /Count 0 >>"]), "empty");
  put("pdf-flate-bomb.pdf", pdf([CATALOG, pages1(), "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", streamObj("/Filter /FlateDecode", await zerosDeflated(300 * 1024 * 1024))]), "too_large");
  put("pdf-page-1e9-pt.pdf", pdf([CATALOG, pages1(), "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000000000 1000000000] >>"]), "too_large");
  put("pdf-image-100000-square.pdf", pdf([CATALOG, pages1(), "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>", streamObj("/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", deflateSync(Buffer.alloc(10))), streamObj("", Buffer.from("q 595 0 0 842 0 0 cm /Im1 Do Q"))]), "too_large");
  put("pdf-page-tree-loop.pdf", pdf([CATALOG, "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]), "corrupt");
  put("pdf-deep-arrays.pdf", pdf([CATALOG, pages1(), `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /X ${"[".repeat(100_000)}${"]".repeat(100_000)} >>`]), "corrupt");
  put("pdf-junk-then-html.pdf", Buffer.from("%PDF-1.4\n<html><body><table><tr><td>1</td></tr></table></body></html>"), "corrupt");
  put("pdf-zero-pt-page.pdf", pdf([CATALOG, pages1(), "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] >>"]), "not_a_report");

  // ZIP / DOCX.
  put("docx-zip-bomb.docx", zip([...docxParts(WORD_DOC("")).slice(0, 2), ["word/document.xml", Buffer.alloc(0), { compressed: await zerosDeflated(300 * 1024 * 1024, true), declared: 1000, crc: 0 }]]), "too_large");
  const goodDocx = zip(docxParts(WORD_DOC("<w:p><w:r><w:t>这不是年度报告。</w:t></w:r></w:p>")));
  put("docx-not-a-report.docx", goodDocx, "not_a_report");
  put("docx-cut.docx", goodDocx.subarray(0, Math.floor(goodDocx.length * 0.6)), "corrupt");
  put("zip-xlsx.docx", zip([["[Content_Types].xml", Buffer.from(CONTENT_TYPES)], ["xl/workbook.xml", Buffer.from("<workbook/>")]]), "corrupt");
  put("zip-20000-entries.docx", zip([...docxParts(WORD_DOC("")), ...Array.from({ length: 20000 }, (_, i) => [`x/${i}`, Buffer.alloc(0), { method: 0 }])]), "too_large");
  put("docx-broken-xml.docx", zip(docxParts("<w:document><w:body><w:p>unclosed")), "corrupt");

  // HTML.
  put("html-1M-cells.html", `<html><body><table>${"<tr>" + "<td>1</td>".repeat(1000) + "</tr>"}`.repeat(1) + ("<tr>" + "<td>1</td>".repeat(1000) + "</tr>").repeat(1000) + "</table></body></html>", "too_large");
  put("html-nested-5k.html", `<html><body>${"<div>".repeat(5_000)}x${"</div>".repeat(5_000)}</body></html>`, "not_a_report");
  put("html-no-report.html", "<!DOCTYPE html><html><head><meta charset=utf-8><title>新闻</title></head><body><p>今日天气晴。</p><table><tr><td>a</td><td>b</td></tr></table></body></html>", "not_a_report");
  put("html-script-only.html", "<html><head><script>while(true){}</script></head><body></body></html>", "not_a_report");

  // File-system entries that are not regular files (not readable as root's chmod 000 would be).
  const special = (name, make, code) => {
    make(join(inDir, name));
    expected[name] = code;
  };
  special("a-fifo", (p) => execFileSync("mkfifo", [p]), "not_a_file");
  special("link-to-dev-zero", (p) => symlinkSync("/dev/zero", p), "not_a_file");
  special("link-to-dev-null", (p) => symlinkSync("/dev/null", p), "not_a_file");
  special("link-to-dev-urandom", (p) => symlinkSync("/dev/urandom", p), "not_a_file");
  special("link-dangling", (p) => symlinkSync(join(inDir, "does-not-exist"), p), "broken_link");
  special("link-self", (p) => symlinkSync(p, p), "broken_link");
  special("link-loop-a", (p) => {
    symlinkSync(join(inDir, "link-loop-b"), p);
    symlinkSync(p, join(inDir, "link-loop-b"));
  }, "broken_link");
  expected["link-loop-b"] = "broken_link";
  // A folder linking back to its parent: walked once, adds no input.
  mkdirSync(join(inDir, "sub"));
  symlinkSync(inDir, join(inDir, "sub", "up"));

  writeFileSync(join(dir, "expected.json"), JSON.stringify({ expected, good }, null, 1));
  return { inDir, expected, good };
}

/** Runs one extract over DIR/in; returns { status, signal, ms, peakRssKiB, manifest }. */
export function runHostileExtract(dir, { jobs = 2, timeout = 120 } = {}) {
  const out = join(dir, "out");
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const args = ["-v", process.execPath, join(ROOT, "bin", "nianbao.js"), "extract", join(dir, "in"), "--out", out, "--jobs", String(jobs), "--timeout", String(timeout), "--quiet"];
  const r = spawnSync("/usr/bin/time", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Math.round(performance.now() - t0);
  const peak = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const exit = Number(/Exit status: (\d+)/.exec(r.stderr)?.[1] ?? r.status);
  const signal = /Command terminated by signal (\d+)/.exec(r.stderr)?.[1] ?? null;
  const manifest = existsSync(join(out, "manifest.jsonl"))
    ? readFileSync(join(out, "manifest.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : [];
  return { status: exit, signal, ms, peakRssKiB: peak, manifest, stderr: r.stderr, stdout: r.stdout, out };
}

/** The table of codes: code → count, and the inputs whose code differs from the expected one. */
export function codeTable(expected, manifest, inDir) {
  const byName = new Map(manifest.map((e) => [e.path.slice(inDir.length + 1), e]));
  const counts = new Map();
  const wrong = [];
  for (const [name, want] of Object.entries(expected)) {
    const e = byName.get(name);
    const got = !e ? "(not in manifest)" : e.status === "ok" ? "ok" : (e.error?.code ?? e.status);
    counts.set(got, (counts.get(got) ?? 0) + 1);
    if (got !== want) wrong.push({ name, want, got, message: e?.error?.message ?? null });
  }
  return { counts: [...counts.entries()].sort((a, b) => b[1] - a[1]), wrong, byName };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? "hostile");
  const { expected, inDir } = await buildHostileCorpus(dir);
  const kinds = Object.keys(expected).length;
  console.log(`${kinds} inputs in ${inDir}`);
  if (process.argv.includes("--run")) {
    const r = runHostileExtract(dir);
    const t = codeTable(expected, r.manifest, inDir);
    console.log(`exit ${r.status}, signal ${r.signal ?? "none"}, ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(r.peakRssKiB / 1024).toFixed(0)} MiB`);
    console.log("| code | inputs |\n|---|---|");
    for (const [code, n] of t.counts) console.log(`| ${code} | ${n} |`);
    for (const w of t.wrong) console.log(`UNEXPECTED ${JSON.stringify(w.name)}: wanted ${w.want}, got ${w.got}: ${w.message}`);
    for (const e of r.manifest) if (e.error) console.log(`  ${e.error.code.padEnd(14)} ${e.error.message.slice(0, 160).replace(/\n/g, "\\n")}`);
  }
}
