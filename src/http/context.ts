// What every request carries once the hooks have run: the caller and the language.
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Authenticated } from '../application/auth.js';
import type { RequestMeta } from '../application/services.js';
import { defaultLang, isLang, type Lang } from '../i18n/languages.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    lang: Lang;
    /** Session token from the cookie, kept to end the session at logout. */
    sessionToken: string | null;
    /** Large text and high contrast, or the standard view (remembered per browser). */
    view: ViewMode;
  }
}

export const cookieNames = {
  session: 'motcua_session',
  lang: 'motcua_lang',
  view: 'motcua_view',
} as const;

export const viewModes = ['standard', 'large'] as const;
export type ViewMode = (typeof viewModes)[number];

export function isViewMode(value: unknown): value is ViewMode {
  return typeof value === 'string' && (viewModes as readonly string[]).includes(value);
}

/** The page's view: ?view= (a link in every footer, remembered in a cookie), then the cookie. */
export function chooseView(request: FastifyRequest): ViewMode {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.['view'];
  if (isViewMode(fromQuery)) return fromQuery;
  const fromCookie = request.cookies[cookieNames.view];
  return isViewMode(fromCookie) ? fromCookie : 'standard';
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, lang: request.lang };
}

/** True for the JSON API and machine endpoints, whose errors are JSON rather than a page. */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (
    path.startsWith('/api/') ||
    path.startsWith('/sync/') ||
    path === '/healthz' ||
    path === '/openapi.json'
  );
}

/**
 * The language of the response. Pages: ?lang=, then the remembered choice, then Vietnamese
 * (the first language, whatever the browser says). The JSON API also honours Accept-Language.
 */
export function chooseLang(request: FastifyRequest): Lang {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['lang'];
  if (isLang(fromQuery)) return fromQuery;
  const fromCookie = request.cookies[cookieNames.lang];
  if (isLang(fromCookie)) return fromCookie;
  if (isApiRequest(request)) {
    const first = request.headers['accept-language']
      ?.split(',')[0]
      ?.trim()
      .slice(0, 2)
      .toLowerCase();
    if (isLang(first)) return first;
  }
  return defaultLang;
}
