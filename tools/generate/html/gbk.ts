/**
 * A GBK encoder for generated pages. Node decodes GBK/GB18030 but cannot encode it, so the table is
 * built once by decoding every two-byte GBK sequence; a character outside it (none in our reports)
 * is written as an HTML character reference, which is valid in a page of any encoding.
 */
let table: Map<string, number> | null = null;

function gbkTable(): Map<string, number> {
  if (table) return table;
  const dec = new TextDecoder("gb18030");
  const map = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== "\uFFFD" && !map.has(ch)) map.set(ch, (lead << 8) | trail);
    }
  }
  return (table = map);
}

export function encodeGbk(text: string): Buffer {
  const map = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = map.get(ch);
    if (code === undefined) {
      for (const b of Buffer.from(`&#${cp};`, "ascii")) out.push(b);
      continue;
    }
    out.push(code >> 8, code & 0xff);
  }
  return Buffer.from(out);
}
