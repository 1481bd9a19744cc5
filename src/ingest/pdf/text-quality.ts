/**
 * Is a page's text layer usable? None at all means an image-only (scanned) page; a layer made of
 * replacement characters, private-use glyphs or control characters means fonts without a usable
 * ToUnicode map: the text would be garbage, so the page is reported instead of read.
 */
import type { TextToken } from "../../model/index.js";

/** Share of unreadable characters above which a text layer is garbage. */
const MAX_BAD_SHARE = 0.3;

export interface TextLayerProblem {
  kind: "none" | "garbled";
  message: string;
}

export function textLayerProblem(tokens: readonly TextToken[]): TextLayerProblem | null {
  const text = tokens.map((t) => t.text).join("");
  if (text.length === 0) return { kind: "none", message: "no text layer (an image-only page)" };
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || c < 0x20) bad++;
  }
  if (bad / text.length > MAX_BAD_SHARE) {
    return { kind: "garbled", message: `a garbled text layer (${Math.round((bad / text.length) * 100)} % unreadable characters)` };
  }
  return null;
}
