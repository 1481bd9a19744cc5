/** Display width of text: how many columns a fixed-width screen gives it. */

/** Display width: wide and full-width characters (CJK, full-width forms, curly quotes) take two columns. */
export function displayWidth(s: string): number {
  return displayWidthOf(s, 0, s.length);
}

/**
 * displayWidth(s.slice(from, to)), counted in place: code point by code point as `for … of` walks a
 * string (a surrogate pair is one character, a lone surrogate one of its own).
 */
export function displayWidthOf(s: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; ) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    i++;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ||
      // Curly quotes are East Asian "ambiguous": Chinese fonts set them wide (危及“三安全一稳定”).
      c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
    w += wide ? 2 : 1;
  }
  return w;
}
