/**
 * Failures of one input document. An InputError names the file and the problem in words a user can
 * act on; the batch runner records it in the manifest and goes on with the other inputs.
 */
export type InputErrorCode =
  | "empty"
  | "binary"
  | "too_large"
  | "not_a_report"
  | "structured_data"
  | "truncated"
  | "unreadable"
  | "unsupported_format"
  | "encrypted"
  | "corrupt"
  | "needs_ocr"
  | "not_a_file"
  | "broken_link";

export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly code: InputErrorCode,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = "InputError";
  }
}
