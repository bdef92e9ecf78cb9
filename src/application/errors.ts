// The one catalogue of errors: a stable code (clients may branch on it), an HTTP status and
// a message in each language (through the typed message catalogue). docs/errors.md is
// generated from it and a test keeps the two equal.
import type { MessageKey } from '../i18n/messages.js';

export const errorCatalogue = {
  validation_failed: { status: 400, message: 'error.validation_failed' },
  invalid_json: { status: 400, message: 'error.invalid_json' },
  empty_body: { status: 400, message: 'error.empty_body' },
  unauthenticated: { status: 401, message: 'error.unauthenticated' },
  login_failed: { status: 401, message: 'error.login_failed' },
  forbidden: { status: 403, message: 'error.forbidden' },
  csrf_invalid: { status: 403, message: 'error.csrf_invalid' },
  not_found: { status: 404, message: 'error.not_found' },
  dossier_not_found: { status: 404, message: 'error.dossier_not_found' },
  civil_record_not_found: { status: 404, message: 'error.civil_record_not_found' },
  tracking_not_found: { status: 404, message: 'error.tracking_not_found' },
  unit_not_found: { status: 404, message: 'error.unit_not_found' },
  directive_not_found: { status: 404, message: 'error.directive_not_found' },
  directive_step_refused: { status: 409, message: 'error.directive_step_refused' },
  attachment_pending: { status: 409, message: 'error.attachment_pending' },
  conflict: { status: 409, message: 'error.conflict' },
  transition_not_allowed: { status: 409, message: 'error.transition_not_allowed' },
  body_too_large: { status: 413, message: 'error.body_too_large' },
  unsupported_media_type: { status: 415, message: 'error.unsupported_media_type' },
  attachment_too_large: { status: 413, message: 'error.attachment_too_large' },
  attachment_type: { status: 415, message: 'error.attachment_type' },
  login_throttled: { status: 429, message: 'error.login_throttled' },
  too_many_requests: { status: 429, message: 'error.too_many_requests' },
  internal: { status: 500, message: 'error.internal' },
  database_unavailable: { status: 503, message: 'error.database_unavailable' },
} as const satisfies Record<string, { status: number; message: MessageKey }>;

export type ErrorCode = keyof typeof errorCatalogue;
export type MessageValues = Readonly<Record<string, string | number>>;

/** One problem with one field of the input, e.g. body.unitCode is unknown. */
export interface FieldProblem {
  /** Dotted path of the field as the client sent it, e.g. `unitCode` or `members.0.name`. */
  readonly field: string;
  /** Stable reason code, e.g. `required`, `too_short`, `unit_unknown`. */
  readonly reason: string;
  readonly message: MessageKey;
  readonly params?: MessageValues;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: MessageValues | undefined;
  readonly fields: readonly FieldProblem[];
  /** Seconds the client should wait before retrying (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    options: {
      params?: MessageValues;
      fields?: readonly FieldProblem[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.params = options.params;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function validationError(fields: readonly FieldProblem[]): AppError {
  return new AppError('validation_failed', { fields });
}
