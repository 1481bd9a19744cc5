/**
 * A .docx (a ZIP archive) checked before mammoth unpacks it: mammoth (through JSZip) inflates
 * every entry it reads whole, whatever sizes the archive declares — a 1 MB zip bomb took 2.2 GiB.
 * The central directory (APPNOTE 4.3.12) gives the entries; their number is capped, and each
 * entry's data is inflated as a stream and counted (inflate-budget.ts) against one budget for the
 * whole archive, so the sizes an archive declares are never trusted.
 */
import { INPUT_LIMITS, LimitError, figure, mebibytes } from "../limits.js";
import { inflatedSize } from "../inflate-budget.js";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Throws LimitError when the archive holds too many entries or inflates past the budget; a damaged archive is left to mammoth. */
export async function checkZipBudget(b: Buffer): Promise<void> {
  const eocd = findEocd(b);
  if (eocd < 0) return;
  const entries = b.readUInt16LE(eocd + 10);
  if (entries > INPUT_LIMITS.maxZipEntries) throw new LimitError(`the archive has ${figure(entries)} entries, over the ${figure(INPUT_LIMITS.maxZipEntries)} limit for a Word file`);
  let p = b.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries && p + 46 <= b.length && b.readUInt32LE(p) === CENTRAL; i++) {
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const stored = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > b.length || b.readUInt32LE(local) !== LOCAL) continue;
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, Math.min(b.length, start + compressed));
    const budget = INPUT_LIMITS.maxZipInflatedBytes - total;
    total += method === 8 ? await inflatedSize(data, budget, true) : method === 0 ? Math.min(stored, data.length) : 0;
    if (total > INPUT_LIMITS.maxZipInflatedBytes) {
      throw new LimitError(`the archive's entries unpack to more than ${mebibytes(INPUT_LIMITS.maxZipInflatedBytes)} (a ${mebibytes(b.length)} file: a compression bomb)`);
    }
  }
}

/** End of central directory: the last signature within the final 64 KiB (its comment may follow it). */
function findEocd(b: Buffer): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) if (b.readUInt32LE(i) === EOCD) return i;
  return -1;
}
