/**
 * A TIFF's page list (its chain of IFDs, TIFF 6.0 §2) checked before utif2 reads it: utif2 follows
 * the chain and the sub-IFD pointers without remembering where it has been (a 14-byte file whose
 * IFD points to itself grew its heap to 5 GiB), and trusts each entry's value count (a count of
 * 4 billion is an array of 4 billion). Here every IFD is visited once, every entry's values must
 * lie inside the file, and each page's declared size is checked against the pixel limit.
 */
import { ReaderError } from "../backend.js";
import { INPUT_LIMITS, LimitError, checkPagePixels, figure } from "../limits.js";

/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD). */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
/** Tags whose values point at more IFDs (SubIFDs, EXIF, GPS, interoperability). */
const IFD_POINTERS = new Set([330, 34665, 34853, 40965]);

const corrupt = (msg: string): ReaderError => new ReaderError("corrupt", `the TIFF image is damaged: ${msg}`);

/** Throws ReaderError (corrupt) or LimitError (too_large); returns the number of top-level pages. */
export function checkTiff(b: Buffer): number {
  if (b.length < 8) throw corrupt(`the file is only ${b.length} bytes long`);
  const le = b[0] === 0x49;
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const visited = new Set<number>();

  const readIfd = (offset: number, depth: number, page: number | null): number => {
    if (depth > 4) throw corrupt("its sub-images are nested more than 4 deep");
    if (visited.has(offset)) throw corrupt(`its list of images loops back to the one at byte ${figure(offset)}`);
    visited.add(offset);
    if (visited.size > INPUT_LIMITS.maxImagePages * 4) throw new LimitError(`the TIFF image has more than ${figure(INPUT_LIMITS.maxImagePages)} pages`);
    if (offset < 8 || offset + 2 > b.length) throw corrupt(`an image directory lies at byte ${figure(offset)}, outside the ${figure(b.length)}-byte file`);
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > b.length && !(end <= b.length && depth > 0)) throw corrupt(`the image directory at byte ${figure(offset)} runs past the end of the file`);
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i++) {
      const e = offset + 2 + i * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const n = u32(e + 4);
      const size = TYPE_SIZE[type];
      if (size === undefined) continue; // unknown types are skipped by readers
      const bytes = size * n;
      const at = bytes <= 4 ? e + 8 : u32(e + 8);
      if (at + bytes > b.length) throw corrupt(`tag ${tag} declares ${figure(n)} values at byte ${figure(at)}, past the end of the file`);
      const value = (): number => (type === 3 ? u16(e + 8) : u32(e + 8));
      if (tag === 256 && n >= 1) width = value();
      if (tag === 257 && n >= 1) height = value();
      if (IFD_POINTERS.has(tag) && (type === 4 || type === 13)) {
        for (let k = 0; k < Math.min(n, 64); k++) readIfd(u32(at + 4 * k), depth + 1, null);
      }
    }
    if (page !== null && (width > 0 || height > 0)) checkPagePixels(`page ${page} of the TIFF image`, width, height);
    return depth === 0 ? u32(end) : 0;
  };

  let next = u32(4);
  let pages = 0;
  if (next === 0) throw corrupt("it has no image directory");
  while (next !== 0) {
    pages += 1;
    if (pages > INPUT_LIMITS.maxImagePages) throw new LimitError(`the TIFF image has more than ${figure(INPUT_LIMITS.maxImagePages)} pages`);
    next = readIfd(next, 0, pages);
  }
  return pages;
}
