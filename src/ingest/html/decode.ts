/**
 * HTML bytes → string. Chinese portals serve UTF-8, GBK, GB2312 or GB18030 and do not always
 * declare it truthfully, so the declaration (BOM, then <meta charset>) is checked against the bytes:
 * strict UTF-8 that decodes is UTF-8 whatever the page says (GBK bytes almost never form valid
 * multi-byte UTF-8), otherwise GB18030 (a superset of GBK and GB2312). A declaration the bytes
 * contradict is kept as a warning for the record, not an error.
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true });
const GB18030 = new TextDecoder("gb18030");

export interface DecodedHtml {
  html: string;
  /** The encoding the text was decoded with. */
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030";
  /** The charset the page declared (lower case), null when it declared none. */
  declared: string | null;
  warnings: string[];
}

export class HtmlDecodeError extends Error {}

const GB_FAMILY = new Set(["gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "csgb2312", "windows-936"]);
const UTF8_NAMES = new Set(["utf-8", "utf8", "unicode-1-1-utf-8"]);

/** The charset of <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…"> in the first 4 KiB. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

export function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const declared = declaredCharset(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { html: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le", declared, warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { html: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be", declared, warnings: [] };
  const warnings: string[] = [];
  const known = declared === null || GB_FAMILY.has(declared) || UTF8_NAMES.has(declared);
  if (!known) warnings.push(`the page declares charset ${declared}, which nianbao does not read; decoded from its bytes instead`);
  try {
    let html = UTF8.decode(bytes);
    if (html.charCodeAt(0) === 0xfeff) html = html.slice(1);
    // Pure ASCII decodes under any declaration; only non-ASCII UTF-8 contradicts a GBK declaration.
    if (declared !== null && GB_FAMILY.has(declared) && /[^\x00-\x7f]/.test(html)) {
      warnings.push(`the page declares charset ${declared} but its bytes are UTF-8; decoded as UTF-8`);
    }
    return { html, encoding: "utf-8", declared, warnings };
  } catch {
    const html = GB18030.decode(bytes);
    const bad = (html.match(/\uFFFD/g) ?? []).length;
    // A few broken characters happen in real pages (a truncated save); many mean neither encoding fits.
    if (bad > Math.max(8, html.length * 0.01)) {
      throw new HtmlDecodeError(`the page's bytes are neither UTF-8 nor GBK/GB18030 (${bad} undecodable characters; declared charset: ${declared ?? "none"})`);
    }
    if (declared !== null && UTF8_NAMES.has(declared)) warnings.push(`the page declares charset ${declared} but its bytes are not UTF-8; decoded as GB18030 (GBK)`);
    if (bad > 0) warnings.push(`${bad} undecodable character(s) in the page`);
    return { html, encoding: "gb18030", declared, warnings };
  }
}
