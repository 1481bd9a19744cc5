/**
 * pdfjs reports a malformed file by throwing while it reads a page ("Pages tree contains circular
 * reference", a stack overflow on arrays nested 100,000 deep, "Cannot read properties of
 * undefined"), and its worker layer re-wraps such errors as UnknownErrorException, so their type
 * says nothing. Anything pdfjs throws that is not one of the reader's own errors, an I/O error or
 * the OCR engine's, is the file's damage: `corrupt`, with pdfjs's words in brackets.
 */
import { ReaderError } from "../backend.js";
import { LimitError } from "../limits.js";

export function pdfDamage(e: unknown): ReaderError | null {
  if (!(e instanceof Error) || e instanceof ReaderError || e instanceof LimitError) return null;
  if ((e as NodeJS.ErrnoException).code !== undefined && /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException).code))) return null;
  if (e.message.startsWith("OCR engine") || e.message.includes("CMaps are missing")) return null;
  return new ReaderError("corrupt", `the PDF is damaged or malformed and cannot be read (${e.message || e.name})`);
}
