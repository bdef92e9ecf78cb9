// One error handler for the whole app. Known errors (AppError, and the framework's own
// body-parsing and CSRF errors, translated here) answer with their catalogue code, status and
// message in the caller's language, naming each field at fault. Anything else is logged
// and answered with a generic 500 that leaks nothing.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalogue } from '../application/errors.js';
import type { Lang } from '../i18n/languages.js';
import { formatMessage } from '../i18n/messages.js';
import { isApiRequest } from './context.js';

function hasCode(error: unknown): error is FastifyError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** The catalogue error for a framework error, or null when it is not one we expect. */
export function fromFrameworkError(
  error: unknown,
  request: FastifyRequest,
  bodyLimit: number,
): AppError | null {
  if (error instanceof AppError) return error;
  if (!hasCode(error)) return null;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', {
        fields: [{ field: 'body', reason: 'invalid_json', message: 'field.invalid_format' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('empty_body', {
        fields: [{ field: 'body', reason: 'required', message: 'field.required' }],
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      if (isAttachmentUpload(request))
        return new AppError('attachment_too_large', {
          fields: [{ field: 'file', reason: 'too_large', message: 'field.attachment_too_large' }],
        });
      return new AppError('body_too_large', {
        params: { limit: bodyLimit },
        fields: [
          {
            field: 'body',
            reason: 'too_large',
            message: 'field.too_big',
            params: { max: bodyLimit },
          },
        ],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      if (isAttachmentUpload(request))
        return new AppError('attachment_type', {
          fields: [{ field: 'file', reason: 'type', message: 'field.attachment_type' }],
        });
      return unsupportedMediaType(request);
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return new AppError('csrf_invalid', {
        fields: [{ field: '_csrf', reason: 'csrf_invalid', message: 'field.invalid' }],
      });
    // Two requests raced for the same unique value (a username, a dossier code): the loser
    // is told the data changed, and its transaction has been rolled back.
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case '23505':
      return new AppError('conflict');
    default:
      return null;
  }
}

function isAttachmentUpload(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/v1/attachments');
}

export function unsupportedMediaType(request: FastifyRequest): AppError {
  const contentType = request.headers['content-type'] ?? '';
  return new AppError('unsupported_media_type', {
    params: { contentType: contentType.slice(0, 100) },
    fields: [{ field: 'content-type', reason: 'unsupported', message: 'field.invalid_format' }],
  });
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly { field: string; reason: string; message: string }[];
  };
}

export function errorBody(error: AppError, lang: Lang): ErrorBody {
  const fields = error.fields.map((f) => ({
    field: f.field,
    reason: f.reason,
    message: formatMessage(lang, f.message, f.params),
  }));
  return {
    error: {
      code: error.code,
      message: formatMessage(lang, errorCatalogue[error.code].message, error.params),
      ...(fields.length > 0 ? { fields } : {}),
    },
  };
}

export type ErrorPageRenderer = (
  request: FastifyRequest,
  error: AppError,
  reply: FastifyReply,
) => string;

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  page: ErrorPageRenderer,
): FastifyReply {
  if (error.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(error.retryAfterSeconds));
  void reply.code(error.status);
  if (isApiRequest(request))
    return reply.type('application/json; charset=utf-8').send(errorBody(error, request.lang));
  if (error.code === 'unauthenticated' && request.method === 'GET')
    return reply.code(303).redirect(`/login?next=${encodeURIComponent(request.url)}`);
  return reply.type('text/html; charset=utf-8').send(page(request, error, reply));
}

export function installErrorHandling(
  app: FastifyInstance,
  bodyLimit: number,
  page: ErrorPageRenderer,
): void {
  app.setErrorHandler((error, request, reply) => {
    const known = fromFrameworkError(error, request, bodyLimit);
    if (known !== null) {
      if (known.status >= 500) request.log.error({ err: error }, known.code);
      return sendError(request, reply, known, page);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, new AppError('internal'), page);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new AppError('not_found'), page),
  );
}
