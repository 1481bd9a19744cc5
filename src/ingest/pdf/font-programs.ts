/**
 * Reading a text layer needs no font programs. Text comes from each font's ToUnicode map and its
 * positions from the widths in the font dictionary (/W, /Widths); the embedded program (FontFile,
 * FontFile2, FontFile3) only draws the glyphs. pdfjs nevertheless parses, repairs and re-compiles
 * every embedded program for the browser: on this project's PDFs that was two thirds of the time
 * spent reading a text layer (TrueType sanitizing on the real reports, CFF re-compiling on the
 * generated ones), paid again for every document.
 *
 * So a document opened only to be read is handed to pdfjs with the FontFile keys of its font
 * descriptors renamed in place (same length: the cross-reference offsets stay valid). pdfjs then
 * treats the fonts as not embedded and keeps the ToUnicode maps and widths. This is done only when
 * the file shows at least as many ToUnicode maps as font programs: a font without one would need
 * its program's cmap to yield Unicode. Keys inside compressed object streams are not reached and
 * keep their programs (slower, still correct). The caller re-reads with the programs when a page's
 * text comes out garbled anyway.
 */

const FONT_FILE = Buffer.from("/FontFile");
const HIDDEN = Buffer.from("/FontFilX");
const TO_UNICODE = Buffer.from("/ToUnicode");

function count(bytes: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Is the byte after a name a delimiter (so "/FontFile" is the key, or "/FontFile2"/"3")? */
function endsName(bytes: Buffer, at: number): boolean {
  const c = bytes[at];
  return c === undefined || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2f || c === 0x3c || c === 0x5b;
}

/**
 * A copy of the PDF whose font programs pdfjs will not see, or null when hiding them could change
 * the text (fewer ToUnicode maps than programs) or there is none to hide.
 */
export function hideFontPrograms(pdf: Uint8Array): Uint8Array | null {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const programs: number[] = [];
  for (let at = bytes.indexOf(FONT_FILE); at >= 0; at = bytes.indexOf(FONT_FILE, at + FONT_FILE.length)) {
    const next = at + FONT_FILE.length;
    const suffix = bytes[next] === 0x32 || bytes[next] === 0x33 ? 1 : 0; // FontFile2, FontFile3
    if (endsName(bytes, next + suffix)) programs.push(at);
  }
  if (programs.length === 0 || count(bytes, TO_UNICODE) < programs.length) return null;
  const copy = new Uint8Array(pdf);
  for (const at of programs) copy.set(HIDDEN, at);
  return copy;
}
