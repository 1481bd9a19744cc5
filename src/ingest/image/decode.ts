/**
 * Page images → grayscale pages with their resolution. PNG and JPEG are decoded by @napi-rs/canvas
 * (the copy pdfjs-dist resolves), TIFF (one or many pages) by utif2. The resolution comes from the
 * file (PNG pHYs, JPEG JFIF density, TIFF XResolution) and is what turns pixels into points; a
 * file that does not say is taken as 200 dpi, the usual scan.
 */
import { rgbaToGray, type Gray } from "../_internal/raster.js";

export type ImageFormat = "png" | "jpeg" | "tiff";

/** Resolution assumed when the file does not state one (dots per inch). */
export const DEFAULT_DPI = 200;
/** Stated resolutions outside this range are placeholders (72 dpi screenshots, 1 dpi junk): ignored. */
const PLAUSIBLE_DPI: [number, number] = [100, 1200];

export function imageFormat(b: Buffer): ImageFormat | null {
  const head = b.subarray(0, 4).toString("latin1");
  if (head === "\x89PNG") return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (head === "II*\x00" || head === "MM\x00*") return "tiff";
  return null;
}

export interface DecodedPage {
  gray: Gray;
  dpi: number;
}

export class ImageDecodeError extends Error {}

/** Number of pages, and a function that decodes one (0-based), so a long TIFF is never held whole. */
export async function openImage(bytes: Buffer): Promise<{ pages: number; page: (i: number) => Promise<DecodedPage> }> {
  const format = imageFormat(bytes);
  if (format === "tiff") return openTiff(bytes);
  if (!format) throw new ImageDecodeError("not a PNG, JPEG or TIFF image");
  const { loadImage, createCanvas } = await import("@napi-rs/canvas");
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(bytes);
  } catch (e) {
    throw new ImageDecodeError(`the ${format.toUpperCase()} image cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  const dpi = plausible(format === "png" ? pngDpi(bytes) : jpegDpi(bytes));
  return {
    pages: 1,
    async page() {
      const canvas = createCanvas(img.width, img.height);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, img.width, img.height);
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      return { gray: rgbaToGray(data, img.width, img.height), dpi };
    },
  };
}

async function openTiff(bytes: Buffer): Promise<{ pages: number; page: (i: number) => Promise<DecodedPage> }> {
  const UTIF = (await import("utif2")).default;
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: ReturnType<typeof UTIF.decode>;
  try {
    // Sub-IFDs (thumbnails) are not pages: keep the IFDs that have image data of their own.
    ifds = UTIF.decode(buf).filter((ifd) => ifd["t256"] && ifd["t257"]);
  } catch (e) {
    throw new ImageDecodeError(`the TIFF image cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  if (ifds.length === 0) throw new ImageDecodeError("the TIFF file has no image");
  return {
    pages: ifds.length,
    async page(i) {
      const ifd = ifds[i]!;
      UTIF.decodeImage(buf, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      const w = Number(ifd.width);
      const h = Number(ifd.height);
      const res = ifd["t282"] as number[] | undefined;
      const unit = (ifd["t296"] as number[] | undefined)?.[0] ?? 2;
      const raw = res?.[0];
      const dpi = plausible(raw === undefined ? null : unit === 3 ? raw * 2.54 : raw);
      // Free the decoded pixels held on the IFD once copied.
      const gray = rgbaToGray(rgba, w, h);
      delete (ifd as Record<string, unknown>)["data"];
      return { gray, dpi };
    },
  };
}

function plausible(dpi: number | null): number {
  return dpi !== null && dpi >= PLAUSIBLE_DPI[0] && dpi <= PLAUSIBLE_DPI[1] ? Math.round(dpi) : DEFAULT_DPI;
}

/** PNG pHYs chunk: pixels per metre (unit 1). */
function pngDpi(b: Buffer): number | null {
  let i = 8;
  while (i + 8 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.subarray(i + 4, i + 8).toString("latin1");
    if (type === "pHYs" && len >= 9 && b[i + 16] === 1) return (b.readUInt32BE(i + 8) * 0.0254);
    if (type === "IDAT" || type === "IEND") break;
    i += 12 + len;
  }
  return null;
}

/** JPEG JFIF APP0: density with units 1 (dpi) or 2 (dots per cm). */
function jpegDpi(b: Buffer): number | null {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    if (marker === 0xe0 && b.subarray(i + 4, i + 9).toString("latin1") === "JFIF\x00") {
      const unit = b[i + 11];
      const x = b.readUInt16BE(i + 12);
      if (unit === 1) return x;
      if (unit === 2) return x * 2.54;
      return null;
    }
    if (marker === 0xda) break;
    i += 2 + len;
  }
  return null;
}
