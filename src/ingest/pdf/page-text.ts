/**
 * A page's text layer → tokens with boxes in the project's convention (top-left origin, points).
 * pdfjs gives each text run a transform in PDF space (origin bottom-left, y up); the viewport
 * converts it (PDF Reference 8.3.2.3: default user space; pdfjs' viewport flips y).
 */
import type { TextToken } from "../../model/index.js";
import type { PDFDocumentProxy } from "./document.js";

type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy["getPage"]>>;

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export async function pageTokens(page: PDFPageProxy, pageNo: number): Promise<TextToken[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const tokens: TextToken[] = [];
  for (const raw of content.items) {
    if (!("str" in raw)) continue;
    const item = raw as TextItemLike;
    const text = horizontalForms(item.str.trim());
    // WPS writes runs of spaces as one item with an absurd width: skip whitespace items.
    if (!text) continue;
    const [a, b, , d, e, f] = item.transform as [number, number, number, number, number, number];
    const fontSize = Math.hypot(a, b) || Math.abs(d) || item.height;
    const [x, baseline] = viewport.convertToViewportPoint(e, f) as [number, number];
    // Leading spaces shift the visible text right; trailing ones widen the box only.
    const lead = item.str.length - item.str.trimStart().length;
    const perChar = item.str.length > 0 ? item.width / item.str.length : 0;
    const x0 = x + lead * perChar;
    const width = Math.max(perChar * text.length, 0.1);
    tokens.push({
      text,
      page: pageNo,
      line: 0,
      column: 0,
      bbox: { x: x0, y: baseline - fontSize * 0.88, width, height: fontSize },
      source: "pdf-text",
    });
  }
  return tokens;
}

/**
 * Vertical text (三、本年度办理结果 set upright in a narrow cell) maps to the vertical presentation
 * forms (︑ U+FE11 for 、) when pdfjs reads it without the font program, to the ordinary ones with
 * it: keep the ordinary ones either way (their NFKC forms).
 */
function horizontalForms(text: string): string {
  return /[\uFE10-\uFE19\uFE30-\uFE4F]/.test(text) ? text.replace(/[\uFE10-\uFE19\uFE30-\uFE4F]/g, (c) => c.normalize("NFKC")) : text;
}
