// The frame of every page: skip link, header with the unit and navigation, language choice,
// main content, footer. Server-rendered; the pages need no script.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Authenticated } from '../../application/auth.js';
import type { NodeIdentity } from '../../application/services.js';
import { can } from '../../domain/permissions.js';
import { languageNames, languages, type Lang } from '../../i18n/languages.js';
import type { Translator } from '../../i18n/messages.js';
import { css } from './style.js';
import type { SyncStatus } from '../../domain/sync-protocol.js';
import { formatDateTime } from '../../i18n/format-time.js';
import type { ViewMode } from '../context.js';

export interface PageContext {
  readonly t: Translator;
  readonly lang: Lang;
  readonly auth: Authenticated | null;
  readonly node: NodeIdentity;
  /** Path and query of the current page, for the language links. */
  readonly path: string;
  /** Token for forms that change something (logout, create …). */
  readonly csrf: string;
  readonly version: string;
  /** The node's sync state, on commune nodes that sync. */
  readonly sync?: SyncStatus | null;
  /** Large text and high contrast (a class on <html>), or the standard view. */
  readonly view?: ViewMode;
}

function withParam(path: string, key: 'lang' | 'view', value: string): string {
  const [base = '/', query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set(key, value);
  return `${base}?${params.toString()}`;
}

function withLang(path: string, lang: Lang): string {
  return withParam(path, 'lang', lang);
}

function Nav({ page }: { page: PageContext }) {
  const { t, auth, node } = page;
  const here = { unitCode: node.unitCode, provinceCode: node.provinceCode };
  const actor = auth?.actor ?? null;
  return (
    <nav aria-label={t('nav.main')}>
      <ul>
        {auth !== null && (
          <li>
            <a href="/">{t('nav.home')}</a>
          </li>
        )}
        {can(actor, 'dossier.intake', here) && (
          <li>
            <a href="/desk">{t('nav.desk')}</a>
          </li>
        )}
        {can(actor, 'dossier.list', here) && (
          <li>
            <a href="/dossiers">{t('nav.dossiers')}</a>
          </li>
        )}
        {can(actor, 'civil.search', here) ? (
          <li>
            <a href="/civil">{t('nav.civil')}</a>
          </li>
        ) : (
          can(actor, 'civil.statistics', here) && (
            <li>
              <a href="/civil/statistics">{t('civilPage.statistics')}</a>
            </li>
          )
        )}
        {can(actor, 'tracking_book.read', here) && (
          <li>
            <a href="/tracking-book">{t('nav.book')}</a>
          </li>
        )}
        {can(
          actor,
          'report.read',
          node.role === 'province' && actor !== null
            ? { unitCode: actor.unitCode, provinceCode: actor.provinceCode }
            : here,
        ) && (
          <li>
            <a href="/reports">{t('reports.nav')}</a>
          </li>
        )}
        {can(actor, 'directive.read', here) && (
          <li>
            <a href="/directives">{t('nav.directives')}</a>
          </li>
        )}
        {can(actor, 'asset.read', here) && (
          <li>
            <a href="/assets">{t('nav.assets')}</a>
          </li>
        )}
        {can(
          actor,
          'staffing.read',
          actor?.role === 'leader'
            ? { unitCode: actor.unitCode, provinceCode: actor.provinceCode }
            : here,
        ) && (
          <li>
            <a href="/staffing">{t('staffing.nav')}</a>
          </li>
        )}
        <li>
          <a href="/portal">{t('nav.portal')}</a>
        </li>
        <li>
          <a href="/track">{t('nav.track')}</a>
        </li>
        <li>
          <a href="/units">{t('nav.units')}</a>
        </li>
        {can(
          actor,
          'account.list',
          actor?.role === 'leader'
            ? { unitCode: actor.unitCode, provinceCode: actor.provinceCode }
            : here,
        ) && (
          <li>
            <a href="/admin/accounts">{t('nav.accounts')}</a>
          </li>
        )}
        {node.role === 'province' && can(actor, 'node.manage', here) && (
          <li>
            <a href="/admin/nodes">{t('nav.nodes')}</a>
          </li>
        )}
        {node.role === 'province' && can(actor, 'dashboard.read', here) && (
          <li>
            <a href="/admin/dashboard">{t('nav.dashboard')}</a>
          </li>
        )}
        {can(actor, 'audit.read', here) && (
          <li>
            <a href="/admin/audit">{t('nav.audit')}</a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** One line under the navigation: is the hub reachable, what waits, when it last worked. */
function SyncLine({ page, sync }: { page: PageContext; sync: SyncStatus }) {
  const { t, lang } = page;
  const parts = [
    !sync.enrolled ? t('sync.notEnrolled') : sync.online ? t('sync.ok') : t('sync.offline'),
    sync.progress !== null
      ? t('sync.progress', { done: sync.progress.done, total: sync.progress.total })
      : sync.waiting > 0
        ? t('sync.waiting', { count: sync.waiting })
        : null,
    sync.filesWaiting > 0 ? t('sync.filesWaiting', { count: sync.filesWaiting }) : null,
    sync.lastSuccessAt === null
      ? t('sync.never')
      : t('sync.lastSuccess', { at: formatDateTime(lang, sync.lastSuccessAt) }),
  ].filter((p): p is string => p !== null);
  return (
    <p class="sync" role="status" aria-label={t('sync.title')}>
      {parts.join(' · ')}
    </p>
  );
}

export function Layout({
  page,
  title,
  children,
}: {
  page: PageContext;
  title: string;
  children: ComponentChildren;
}) {
  const { t, lang, auth, node } = page;
  return (
    <html lang={lang} class={page.view === 'large' ? 'large' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t('app.name')} — ${node.unitName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('app.skipToContent')}
        </a>
        <header>
          <div class="bar">
            <div class="brand">
              <strong>{t('app.name')}</strong>
              <span>
                {node.role === 'province' ? t('node.province') : t('node.commune')} —{' '}
                {node.unitName}
              </span>
            </div>
            {auth !== null && (
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={page.csrf} />
                <span>
                  {t('nav.signedInAs', {
                    name: auth.displayName,
                    role: t(`role.${auth.actor.role}`),
                  })}{' '}
                </span>
                <button type="submit" class="linklike">
                  {t('nav.logout')}
                </button>
              </form>
            )}
          </div>
          <Nav page={page} />
          {auth !== null && page.sync !== undefined && page.sync !== null && (
            <SyncLine page={page} sync={page.sync} />
          )}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer>
          <p class="langs">
            <span>{t('nav.language')}: </span>
            {languages.map((l, i) => (
              <>
                {i > 0 && ' · '}
                <a
                  href={withLang(page.path, l)}
                  hrefLang={l}
                  lang={l}
                  aria-current={l === lang ? 'true' : undefined}
                >
                  {languageNames[l]}
                </a>
              </>
            ))}
          </p>
          <p>
            <a href={withParam(page.path, 'view', page.view === 'large' ? 'standard' : 'large')}>
              {page.view === 'large' ? t('view.standard') : t('view.large')}
            </a>
          </p>
          <p>
            {t('app.tagline')} · {t('app.version', { version: page.version })}
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(node: preact.VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

/** A list of field errors shown above a form, linked to the fields. */
export function ErrorSummary({
  page,
  errors,
}: {
  page: PageContext;
  errors: readonly { field: string; message: string }[];
}) {
  if (errors.length === 0) return null;
  return (
    <div class="alert" role="alert" id="error-summary">
      <p>{page.t('form.errorSummary', { count: errors.length })}</p>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
