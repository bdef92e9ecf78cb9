// Thrown when the data handed to a renderer cannot be printed (a bank account the VietQR rules
// refuse, an instant without a zone). The boundary validates what people type, so reaching
// this is a bug in the caller; the problems say which field.
import type { VietQrProblem } from '../domain/vietqr.js';

export class DocumentDataError extends Error {
  override readonly name = 'DocumentDataError';

  constructor(
    message: string,
    readonly problems: readonly VietQrProblem[] = [],
  ) {
    super(message);
  }
}
