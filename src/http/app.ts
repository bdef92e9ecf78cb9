// The web application of a node, built in a factory so that tests drive it in-process
// (`app.inject`) and only `motcua serve` calls listen.
import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import { AppError } from '../application/errors.js';
import { attachmentLimits } from '../domain/attachments.js';
import { civilApiRoutes } from './routes/civil-api.js';
import { directiveApiRoutes } from './routes/directives-api.js';
import { dossierApiRoutes, registerAttachmentRoute } from './routes/dossiers-api.js';
import { registerCivilStatisticsPages } from './routes/civil-statistics-pages.js';
import { registerAssetPages } from './routes/assets-pages.js';
import { registerCivilPages } from './routes/civil-pages.js';
import { registerDeskPages } from './routes/desk-pages.js';
import { registerNodePages } from './routes/nodes-pages.js';
import { registerPortalSyncPages } from './routes/portal-sync-pages.js';
import { registerDashboardPages } from './routes/dashboard-pages.js';
import { registerDirectivePages } from './routes/directive-pages.js';
import { registerStaffingPages } from './routes/staffing-pages.js';
import { registerPortalPages } from './routes/portal-pages.js';
import { registerReportPages } from './routes/reports-pages.js';
import { registerSyncRoutes } from './routes/sync-api.js';
import { nodeApiRoutes } from './routes/nodes-api.js';
import type { SyncStatus } from '../domain/sync-protocol.js';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { authenticateBearer, authenticateSession } from '../application/auth.js';
import type { Services } from '../application/services.js';
import type { AdminUnitIndex } from '../domain/admin-units.js';
import { isLang } from '../i18n/languages.js';
import { chooseLang, chooseView, cookieNames, isApiRequest, isViewMode } from './context.js';
import { installErrorHandling } from './errors.js';
import { openApiDocument, registerJsonRoute } from './json-route.js';
import { css } from './pages/style.js';
import { apiRoutes } from './routes/api.js';
import { errorPageRenderer, registerPages } from './routes/pages.js';

export interface AppOptions {
  readonly services: Services;
  readonly units: AdminUnitIndex;
  readonly version: string;
  readonly bodyLimit: number;
  readonly secureCookies: boolean;
  /** Signs the CSRF cookie; at least 32 characters. */
  readonly cookieSecret: string;
  readonly logger: FastifyServerOptions['logger'];
  /** Public tracking lookups allowed per client address and minute (default 20). */
  readonly trackLookupsPerMinute?: number;
  /** The node's sync state, shown on officers' pages (commune nodes that sync). */
  readonly syncStatus?: () => SyncStatus;
}

const oneYearSeconds = 365 * 24 * 3600;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Officers' browsers reach a commune node directly on the LAN; behind a proxy, set it up there.
    trustProxy: false,
  });

  app.decorateRequest('auth', null);
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('view', 'standard');

  await app.register(fastifyCookie, { secret: options.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: options.bodyLimit });
  // The intake form sends scans with the form itself (no script needed); files are held in
  // memory up to the attachment limit and stored inside the intake's transaction.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: attachmentLimits.maxBytes, files: 30, fields: 200, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  // Only routes that ask for it are limited (public tracking); the counter is never throttled.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('too_many_requests', {
        params: { seconds: Math.ceil(context.ttl / 1000) },
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  // Only JSON and form bodies are accepted; anything else is answered 415.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.secureCookies,
    },
  });
  const styleHash = createHash('sha256').update(css).digest('base64');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [`'sha256-${styleHash}'`],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Pages are plain HTTP on an office LAN; HSTS belongs to whoever terminates HTTPS.
    strictTransportSecurity: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    request.lang = chooseLang(request);
    const query = request.query as Record<string, unknown>;
    if (request.method === 'GET' && isLang(query['lang']) && !isApiRequest(request))
      void reply.setCookie(cookieNames.lang, query['lang'], {
        path: '/',
        maxAge: oneYearSeconds,
        sameSite: 'lax',
        httpOnly: true,
        secure: options.secureCookies,
      });
    request.view = chooseView(request);
    if (request.method === 'GET' && isViewMode(query['view']) && !isApiRequest(request))
      void reply.setCookie(cookieNames.view, query['view'], {
        path: '/',
        maxAge: oneYearSeconds,
        sameSite: 'lax',
        httpOnly: true,
        secure: options.secureCookies,
      });
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ') === true) {
      request.auth = await authenticateBearer(services, authorization.slice(7).trim());
      return;
    }
    const token = request.cookies[cookieNames.session];
    if (token !== undefined && token !== '') {
      request.sessionToken = token;
      request.auth = await authenticateSession(services, token);
    }
  });

  // Every form that changes something carries a CSRF token. The JSON API is exempt because it
  // accepts only application/json, which a cross-site form cannot send; bearer calls have no cookie.
  app.addHook('preHandler', (request, reply, done) => {
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (changes && !isApiRequest(request)) {
      app.csrfProtection(request, reply, done);
      return;
    }
    done();
  });

  const page = errorPageRenderer(options);
  installErrorHandling(app, options.bodyLimit, page);

  const routes = [
    ...apiRoutes({
      units: options.units,
      version: options.version,
      secureCookies: options.secureCookies,
    }),
    ...dossierApiRoutes(options.trackLookupsPerMinute ?? 20),
    ...civilApiRoutes(),
    ...directiveApiRoutes(services.node.role),
    ...(services.node.role === 'province' ? nodeApiRoutes() : []),
  ];
  for (const route of routes) registerJsonRoute(app, services, route);
  const openapi = openApiDocument(routes, { title: 'Một Cửa API', version: options.version });
  app.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(openapi),
  );

  await registerAttachmentRoute(app, services);
  if (services.node.role === 'province') await registerSyncRoutes(app, services);
  registerPages(app, options);
  registerDeskPages(app, options);
  registerCivilPages(app, options);
  registerCivilStatisticsPages(app, options);
  registerAssetPages(app, options);
  registerDirectivePages(app, options);
  if (services.staffing !== undefined) registerStaffingPages(app, options);
  registerPortalPages(app, options);
  registerReportPages(app, options);
  if (services.node.role === 'province') registerNodePages(app, options);
  if (services.node.role === 'province') registerPortalSyncPages(app, options);
  if (services.node.role === 'province') registerDashboardPages(app, options);
  return app;
}
