// The server-rendered pages. They work without JavaScript: plain links and forms, errors shown
// beside the field at fault, every form that changes something protected by a CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createAccount,
  createAccountInput,
  listAccounts,
  type AccountView,
} from '../../application/accounts.js';
import { auditQueryInput, listAuditTrail } from '../../application/audit-trail.js';
import { directivesNeedingAttention } from '../../application/directives.js';
import { login, loginInput, logout } from '../../application/auth.js';
import { AppError, errorCatalogue } from '../../application/errors.js';
import { parseInput } from '../../application/validation.js';
import { runUseCase } from '../../application/use-case.js';
import { can } from '../../domain/permissions.js';
import { formatMessage, translator } from '../../i18n/messages.js';
import type { Lang } from '../../i18n/languages.js';
import type { AppOptions } from '../app.js';
import { cookieNames, requestMeta } from '../context.js';
import { AccountsPage, type AccountForm } from '../pages/accounts.js';
import { AuditPage } from '../pages/audit.js';
import { ErrorPage } from '../pages/error-page.js';
import type { FieldErrors } from '../pages/form.js';
import { HomePage } from '../pages/home.js';
import { renderPage, type PageContext } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth } from './page-helpers.js';
import { LoginPage, ResumePage, type Resume } from '../pages/login.js';
import { UnitsPage } from '../pages/units.js';

type PageOptions = Pick<AppOptions, 'services' | 'units' | 'version' | 'secureCookies'>;

/** Only local paths may follow a login, so the form cannot be used to redirect elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

function errorMessage(lang: Lang, error: AppError): string {
  return formatMessage(lang, errorCatalogue[error.code].message, error.params);
}

/** The text fields of a posted form, to carry over a new login (files cannot be). */
function postedFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [k, v] of Object.entries(body as Record<string, unknown>))
    if (typeof v === 'string' && !k.startsWith('_')) fields[k] = v;
  return fields;
}

/** A saved form to send again after logging in: where to, and what the officer had typed. */
function resumeOf(body: Record<string, unknown>): Resume | undefined {
  const to = body['_resume_to'];
  const saved = body['_resume'];
  if (typeof to !== 'string' || typeof saved !== 'string') return undefined;
  if (!/^\/(?![/\\])/.test(to) || to.startsWith('/login')) return undefined;
  try {
    const parsed = JSON.parse(saved) as unknown;
    return { to, fields: postedFields(parsed) };
  } catch {
    return undefined;
  }
}

export function errorPageRenderer(options: PageOptions) {
  return (request: FastifyRequest, error: AppError, reply: FastifyReply): string => {
    // A session that ran out while a form was being filled: log in again here, and what was
    // typed is kept and sent on afterwards (nothing lost but chosen files).
    if (error.code === 'unauthenticated' && request.method === 'POST') {
      const page = pageContext(options, request, reply);
      return renderPage(
        <LoginPage
          page={page}
          username=""
          errors={{}}
          next="/"
          notice={page.t('login.sessionExpired')}
          resume={{ to: request.url, fields: postedFields(request.body) }}
        />,
      );
    }
    const page: PageContext = {
      t: translator(request.lang),
      lang: request.lang,
      auth: request.auth,
      node: options.services.node,
      path: request.url,
      // The error page offers no form but the logout button, which needs no fresh secret here.
      csrf: '',
      version: options.version,
      view: request.view,
    };
    return renderPage(<ErrorPage page={page} message={errorMessage(request.lang, error)} />);
  };
}

export function registerPages(app: FastifyInstance, options: PageOptions): void {
  const { services, units } = options;

  app.get('/login', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (request.auth !== null) return reply.redirect(safeNext(query['next']), 303);
    const page = pageContext(options, request, reply);
    return html(
      reply,
      renderPage(
        <LoginPage
          page={page}
          username=""
          errors={{}}
          next={safeNext(query['next'])}
          {...(query['loggedOut'] === '1' ? { notice: page.t('login.loggedOut') } : {})}
        />,
      ),
    );
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body['next']);
    const username = typeof body['username'] === 'string' ? body['username'] : '';
    const resume = resumeOf(body);
    const page = pageContext(options, request, reply);
    try {
      const input = parseInput(loginInput, {
        username: body['username'],
        password: body['password'],
      });
      const result = await login(services, requestMeta(request), input);
      void reply.setCookie(cookieNames.session, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        expires: new Date(result.expiresAt),
      });
      if (resume !== undefined)
        return await html(reply, renderPage(<ResumePage page={page} resume={resume} />));
      return await reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (error.retryAfterSeconds !== undefined)
        void reply.header('retry-after', String(error.retryAfterSeconds));
      const errors =
        error.code === 'validation_failed' ? fieldErrors(request.lang, error.fields) : {};
      const alert =
        error.code === 'validation_failed' ? undefined : errorMessage(request.lang, error);
      return html(
        reply,
        renderPage(
          <LoginPage
            page={page}
            username={username}
            errors={errors}
            next={next}
            {...(alert === undefined ? {} : { alert })}
            {...(resume === undefined ? {} : { resume })}
          />,
        ),
        error.status,
      );
    }
  });

  app.post('/logout', async (request, reply) => {
    if (request.sessionToken !== null)
      await logout(
        services,
        requestMeta(request),
        request.sessionToken,
        request.auth?.actor ?? null,
      );
    void reply.clearCookie(cookieNames.session, { path: '/' });
    return reply.redirect('/login?loggedOut=1', 303);
  });

  app.get('/', async (request, reply) => {
    if (request.auth === null) return reply.redirect('/login', 303);
    const auth = request.auth;
    const unitName = units.unit(auth.actor.unitCode)?.name ?? auth.actor.unitCode;
    const node = services.node;
    // At a commune, its officers see the province's directives that wait for them.
    const directives =
      node.role === 'commune' && can(auth.actor, 'directive.read', node)
        ? await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            directivesNeedingAttention(uc),
          )
        : null;
    return html(
      reply,
      renderPage(
        <HomePage
          page={pageContext(options, request, reply)}
          auth={auth}
          unitName={unitName}
          communesInProvince={units.communesOf(auth.actor.provinceCode).length}
          directives={directives}
        />,
      ),
    );
  });

  app.get('/units', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query['q'] === 'string' ? query['q'].trim().slice(0, 100) : '';
    const results =
      q === ''
        ? null
        : units.search(q, { limit: 50 }).map(({ unit }) => ({
            code: unit.code,
            name: unit.name,
            type: unit.type,
            provinceName: unit.kind === 'province' ? unit.name : unit.provinceName,
          }));
    return html(
      reply,
      renderPage(
        <UnitsPage page={pageContext(options, request, reply)} query={q} results={results} />,
      ),
    );
  });

  const emptyForm: AccountForm = {
    username: '',
    displayName: '',
    role: 'receiving_officer',
    unitCode: services.node.unitCode,
    field: '',
  };

  async function accountsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form: AccountForm; errors: FieldErrors; notice?: string; status: number },
  ): Promise<FastifyReply> {
    const auth = requireAuth(request);
    const accounts: AccountView[] = await runUseCase(
      services,
      auth.actor,
      requestMeta(request),
      (uc) => listAccounts(uc, {}),
    );
    const canCreate = can(auth.actor, 'account.create', {
      unitCode: auth.actor.unitCode,
      provinceCode: auth.actor.provinceCode,
    });
    return html(
      reply,
      renderPage(
        <AccountsPage
          page={pageContext(options, request, reply)}
          accounts={accounts}
          unitName={(code) => units.unit(code)?.name ?? ''}
          canCreate={canCreate}
          form={state.form}
          errors={state.errors}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
          {...(services.staffing === undefined
            ? {}
            : {
                fields: new Map(
                  services.staffing.fields.map((f) => [f.code, f.name[request.lang]] as const),
                ),
              })}
        />,
      ),
      state.status,
    );
  }

  app.get('/admin/accounts', async (request, reply) =>
    accountsPage(request, reply, { form: emptyForm, errors: {}, status: 200 }),
  );

  app.post('/admin/accounts', async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
    const form: AccountForm = {
      username: text('username'),
      displayName: text('displayName'),
      role: text('role'),
      unitCode: text('unitCode'),
      field: text('field'),
    };
    try {
      const { field, ...fields } = form;
      const input = parseInput(createAccountInput, {
        ...fields,
        ...(field.trim() === '' ? {} : { field }),
        password: body['password'],
      });
      const created = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        createAccount(uc, input),
      );
      const t = translator(request.lang);
      return await accountsPage(request, reply, {
        form: emptyForm,
        errors: {},
        notice: t('accounts.created', { username: created.username }),
        status: 201,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return accountsPage(request, reply, {
          form,
          errors: fieldErrors(request.lang, error.fields),
          status: 400,
        });
      throw error;
    }
  });

  app.get('/admin/audit', async (request, reply) => {
    const auth = requireAuth(request);
    const raw = request.query as Record<string, unknown>;
    const query = parseInput(auditQueryInput, { limit: raw['limit'], before: raw['before'] }, [
      'query',
    ]);
    const entries = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      listAuditTrail(uc, {
        limit: query.limit,
        ...(query.before === undefined ? {} : { before: query.before }),
      }),
    );
    const last = entries.at(-1);
    return html(
      reply,
      renderPage(
        <AuditPage
          page={pageContext(options, request, reply)}
          entries={entries}
          nextBefore={entries.length === query.limit && last !== undefined ? last.id : null}
        />,
      ),
    );
  });
}
