// What every page handler does the same way: the page context, an HTML answer that is never
// cached, field errors in the user's language, and the signed-in check.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../application/errors.js';
import type { Lang } from '../../i18n/languages.js';
import { formatMessage, translator } from '../../i18n/messages.js';
import type { AppOptions } from '../app.js';
import type { FieldErrors } from '../pages/form.js';
import type { PageContext } from '../pages/layout.js';

export type PageOptions = Pick<AppOptions, 'services' | 'version' | 'syncStatus'>;

export function pageContext(
  options: PageOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): PageContext {
  return {
    t: translator(request.lang),
    lang: request.lang,
    auth: request.auth,
    node: options.services.node,
    path: request.url,
    csrf: reply.generateCsrf(),
    version: options.version,
    sync: options.syncStatus?.() ?? null,
    view: request.view,
  };
}

export function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);
}

/** The first problem of each field, as the message shown under it. */
export function fieldErrors(lang: Lang, problems: readonly FieldProblem[]): FieldErrors {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= formatMessage(lang, p.message, p.params);
  return out;
}

export function requireAuth(request: FastifyRequest): NonNullable<FastifyRequest['auth']> {
  if (request.auth === null) throw new AppError('unauthenticated');
  return request.auth;
}
