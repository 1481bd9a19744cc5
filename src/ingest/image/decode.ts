/**
 * Page images → grayscale pages with their resolution. PNG is decoded by pngjs, JPEG by jpeg-js
 * (both pure JavaScript, so a damaged file cannot crash the process), TIFF (one or many pages) by
 * utif2 after its page list is checked (tiff-ifds.ts). The resolution comes from the
 * file (PNG pHYs, JPEG JFIF density, TIFF XResolution) and is what turns pixels into points; a
 * file that does not say is taken as 200 dpi, the usual scan.
 */
import { createRequire } from "node:module";
import { rgbaToGray, type Gray } from "../../ocr/index.js";
import { INPUT_LIMITS, checkPagePixels } from "../limits.js";
import { checkTiff } from "./tiff-ifds.js";

export type ImageFormat = "png" | "jpeg" | "tiff";

// The decoders load with the first image, not with the readers (issue 14: a PDF with a text layer never needs them).
const requireHere = createRequire(import.meta.url);
const pngjs = (): typeof import("pngjs") => requireHere("pngjs") as typeof import("pngjs");
const jpegJs = (): typeof import("jpeg-js") => requireHere("jpeg-js") as typeof import("jpeg-js");

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
  // Pure-JavaScript decoders: a damaged file is an exception, never a crash of the process (the
  // native decoder of @napi-rs/canvas died with SIGSEGV on a few hundred corrupt bytes). The size
  // each file declares is checked against the pixel limit before anything is decoded.
  const { width, height } = format === "png" ? pngSize(bytes) : jpegSize(bytes);
  checkPagePixels(`the ${format.toUpperCase()} image`, width, height);
  const dpi = plausible(format === "png" ? pngDpi(bytes) : jpegDpi(bytes));
  return {
    pages: 1,
    async page() {
      const rgba = format === "png" ? decodePng(bytes) : decodeJpeg(bytes);
      return { gray: rgbaToGray(rgba.data, rgba.width, rgba.height), dpi };
    },
  };
}

type Rgba = { width: number; height: number; data: Uint8Array };

function decodePng(bytes: Buffer): Rgba {
  try {
    const png = pngjs().PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  } catch (e) {
    throw new ImageDecodeError(`the PNG image is damaged and cannot be decoded (${reason(e)})`);
  }
}

function decodeJpeg(bytes: Buffer): Rgba {
  try {
    const maxMP = INPUT_LIMITS.maxPagePixels / 1e6;
    // The memory bound covers the decoder's component buffers as well as the RGBA output.
    return jpegJs().decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxMP, maxMemoryUsageInMB: Math.ceil(maxMP * 8) });
  } catch (e) {
    throw new ImageDecodeError(`the JPEG image is damaged and cannot be decoded (${reason(e)})`);
  }
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : typeof e === "string" ? e : "unknown error");

/** PNG IHDR (must be the first chunk, 13 bytes: width, height, …). */
function pngSize(b: Buffer): { width: number; height: number } {
  if (b.length < 33 || b.readUInt32BE(8) !== 13 || b.subarray(12, 16).toString("latin1") !== "IHDR") {
    throw new ImageDecodeError("the PNG image is damaged: it has no image header (IHDR) where the format puts it");
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** JPEG start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC): height then width. */
function jpegSize(b: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 <= b.length) {
    if (b[i] !== 0xff) break;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) break;
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw new ImageDecodeError("the JPEG image is damaged or cut short: no frame header (SOF) before the image data");
}

async function openTiff(bytes: Buffer): Promise<{ pages: number; page: (i: number) => Promise<DecodedPage> }> {
  const UTIF = (await import("utif2")).default;
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  checkTiff(bytes);
  let ifds: ReturnType<typeof UTIF.decode>;
  try {
    // Sub-IFDs (thumbnails) are not pages: keep the IFDs that have image data of their own.
    // Maker notes are camera data, never pages, and their IFDs are not checked: not parsed.
    const decode = UTIF.decode as (b: ArrayBuffer, prm: { parseMN: boolean; debug: boolean }) => ReturnType<typeof UTIF.decode>;
    ifds = decode(buf, { parseMN: false, debug: false }).filter((ifd) => ifd["t256"] && ifd["t257"]);
  } catch (e) {
    throw new ImageDecodeError(`the TIFF image cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  if (ifds.length === 0) throw new ImageDecodeError("the TIFF file has no image");
  return {
    pages: ifds.length,
    async page(i) {
      const ifd = ifds[i]!;
      let rgba: Uint8Array;
      try {
        UTIF.decodeImage(buf, ifd);
        rgba = UTIF.toRGBA8(ifd);
      } catch (e) {
        throw new ImageDecodeError(`page ${i + 1} of the TIFF image is damaged and cannot be decoded (${reason(e)})`);
      }
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
