/**
 * CJK fonts for the PDF renderer: Debian's fonts-noto-cjk collections, read and parsed once per
 * process. pdfkit's own layout shapes every string through fontkit (about 1 ms per line of CJK),
 * which makes 300 reports take minutes; the fonts handed to pdfkit here lay text out glyph by glyph
 * from the cmap instead (CJK report text needs no shaping), with a per-character width cache that
 * the renderer also uses to wrap and align text exactly as pdfkit will draw it.
 */
import { existsSync, readFileSync } from "node:fs";
import PDFDocument from "pdfkit";

export type FontFace = "sans" | "serif" | "sansBold";

const FONT_DIR = "/usr/share/fonts/opentype/noto";
const FACES: Record<FontFace, { file: string; name: string }> = {
  sans: { file: "NotoSansCJK-Regular.ttc", name: "NotoSansCJKsc-Regular" },
  serif: { file: "NotoSerifCJK-Regular.ttc", name: "NotoSerifCJKsc-Regular" },
  sansBold: { file: "NotoSansCJK-Bold.ttc", name: "NotoSansCJKsc-Bold" },
};

/** The parts of a fontkit glyph that pdfkit reads. */
interface GlyphLike {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  glyphForCodePoint(cp: number): GlyphLike;
}

/** A loaded face: the object given to doc.font() and a width function in points. */
export interface LoadedFont {
  face: FontFace;
  /** Pass to `doc.font(font.src)`. A fontkit font whose layout() is unshaped and cached. */
  src: PDFKit.Mixins.PDFFontSource;
  /** Width of `text` in points at `size`, exactly as pdfkit advances it. */
  width(text: string, size: number): number;
  /** Ascent in ems: pdfkit puts the baseline this far below the y it is given. */
  ascent: number;
}

const loaded = new Map<FontFace, LoadedFont>();

/** Throws a clear error naming the Debian package when the collections are not installed. */
export function checkFonts(): void {
  const missing = Object.values(FACES).filter((f) => !existsSync(`${FONT_DIR}/${f.file}`));
  if (missing.length > 0) {
    throw new Error(
      `CJK fonts not found: ${missing.map((f) => `${FONT_DIR}/${f.file}`).join(", ")}. ` +
        "Install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk) to render PDFs.",
    );
  }
}

function parse(face: FontFace): FontkitFont {
  const { file, name } = FACES[face];
  const buffer = readFileSync(`${FONT_DIR}/${file}`);
  // pdfkit parses the collection with its own fontkit; take the parsed face from a probe document
  // rather than importing fontkit, which is only pdfkit's dependency.
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.font(buffer, name);
  const font = (probe as unknown as { _font?: { font?: FontkitFont } })._font?.font;
  if (!font || typeof font.glyphForCodePoint !== "function") throw new Error(`could not load ${name} from ${file}`);
  return font;
}

export function loadFont(face: FontFace): LoadedFont {
  const cached = loaded.get(face);
  if (cached) return cached;
  checkFonts();
  const font = parse(face);
  const glyphs = new Map<number, GlyphLike>();
  const glyph = (cp: number): GlyphLike => {
    let g = glyphs.get(cp);
    if (!g) {
      const fk = font.glyphForCodePoint(cp);
      // codePoints of this character, not of whichever character first asked for the glyph.
      g = { id: fk.id, advanceWidth: fk.advanceWidth, codePoints: [cp] };
      glyphs.set(cp, g);
    }
    return g;
  };
  const scale = 1000 / font.unitsPerEm;
  // pdfkit scales the positions it gets in place, so every call returns fresh position objects.
  const layout = (text: string) => {
    const run = [...text].map((ch) => glyph(ch.codePointAt(0) ?? 0));
    const positions = run.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    return {
      glyphs: run,
      positions,
      get advanceWidth() {
        return positions.reduce((s, p) => s + p.xAdvance, 0);
      },
    };
  };
  const src = Object.create(font as object, { layout: { value: layout } }) as PDFKit.Mixins.PDFFontSource;
  const widths = new Map<number, number>();
  const width = (text: string, size: number): number => {
    let w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      let a = widths.get(cp);
      if (a === undefined) widths.set(cp, (a = glyph(cp).advanceWidth * scale));
      w += a;
    }
    return (w * size) / 1000;
  };
  const out: LoadedFont = { face, src, width, ascent: font.ascent / font.unitsPerEm };
  loaded.set(face, out);
  return out;
}
