/**
 * Bytes → string for text inputs: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030
 * (a superset of GBK and GB2312, common for files saved on Chinese Windows machines).
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true });
const GB18030 = new TextDecoder("gb18030");

export type DecodeResult = { text: string; encoding: string } | { error: "binary" };

export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  if (looksBinary(bytes)) return { error: "binary" };
  try {
    const text = UTF8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: "utf-8" };
  } catch {
    const text = GB18030.decode(bytes);
    // Undecodable bytes become U+FFFD; many of them mean this was never text.
    const bad = (text.match(/\uFFFD/g) ?? []).length;
    if (bad > Math.max(8, text.length * 0.01)) return { error: "binary" };
    return { text, encoding: "gb18030" };
  }
}

/** NUL bytes or many C0 control characters in the first 64 KiB: not a text file. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n * 0.02;
}
