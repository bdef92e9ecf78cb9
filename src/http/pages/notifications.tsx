// What the applicant was told about their dossier (the dossier page's section), the dossier's
// standing with the national portal (the same page, at the hub), and the province
// administrator's page of the portal link: counts by status and the updates in trouble.
import type { NotificationView } from '../../application/notifications.js';
import type { PortalSyncOverview, PortalSyncSummary } from '../../application/portal-sync.js';
import { dossierStatusList, dossierStatuses } from '../../domain/dossier-status.js';
import { portalSyncStatuses } from '../../domain/portal-sync.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { Card } from './form.js';
import { Layout, type PageContext } from './layout.js';

/** "4 — Đang xử lý": a portal status code with its name in the page's language. */
function statusCodeLabel(page: PageContext, code: number): string {
  const status = dossierStatusList.find((s) => dossierStatuses[s] === code);
  return status === undefined ? String(code) : `${code} — ${page.t(`dossierStatus.${status}`)}`;
}

export function NotificationsCard({
  page,
  notifications,
  hasContact,
}: {
  page: PageContext;
  notifications: readonly NotificationView[];
  /** Whether the applicant left a phone number or an email address. */
  hasContact: boolean;
}) {
  const { t, lang } = page;
  return (
    <Card title={t('notifications.title')}>
      {notifications.length === 0 ? (
        <p>{hasContact ? t('notifications.none') : t('notifications.noContact')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('notifications.at')}</th>
                <th scope="col">{t('notifications.channel')}</th>
                <th scope="col">{t('notifications.recipient')}</th>
                <th scope="col">{t('notifications.text')}</th>
                <th scope="col">{t('notifications.status')}</th>
                <th scope="col">{t('notifications.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {notifications.map((n) => (
                <tr>
                  <td>
                    {formatDateTime(lang, n.status === 'pending' ? n.createdAt : n.updatedAt)}
                  </td>
                  <td>{t(`notifyChannel.${n.channel}`)}</td>
                  <td>{n.recipient}</td>
                  <td lang={n.lang}>{n.text}</td>
                  <td>
                    {n.status === 'failed' || n.status === 'undeliverable' ? (
                      <span class="badge late">{t(`notifyStatus.${n.status}`)}</span>
                    ) : (
                      t(`notifyStatus.${n.status}`)
                    )}
                    {n.lastError !== null && n.status !== 'sent' && (
                      <>
                        <br />
                        <small>{n.lastError}</small>
                      </>
                    )}
                  </td>
                  <td>{n.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function PortalSyncCard({
  page,
  summary,
}: {
  page: PageContext;
  summary: PortalSyncSummary;
}) {
  const { t, lang } = page;
  return (
    <Card title={t('portalSync.title')}>
      <dl class="facts">
        <dt>{t('portalSync.lastSent')}</dt>
        <dd>
          {summary.lastSentStatusCode === null
            ? '—'
            : statusCodeLabel(page, summary.lastSentStatusCode)}
        </dd>
        <dt>{t('portalSync.state')}</dt>
        <dd>
          {t(`portalSyncStatus.${summary.state}`)} ({t('notifications.attempts')}:{' '}
          {summary.attempts})
        </dd>
        {summary.lastError !== null && (
          <>
            <dt>{t('portalSync.lastError')}</dt>
            <dd>{summary.lastError}</dd>
          </>
        )}
        <dt>{t('portalSync.updatedAt')}</dt>
        <dd>{formatDateTime(lang, summary.updatedAt)}</dd>
      </dl>
    </Card>
  );
}

export function PortalSyncPage({
  page,
  overview,
}: {
  page: PageContext;
  overview: PortalSyncOverview;
}) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('portalSync.title')}>
      <h1>{t('portalSync.title')}</h1>
      <p>{t('portalSync.intro')}</p>
      <Card title={t('portalSync.counts')}>
        <dl class="facts">
          {portalSyncStatuses.map((s) => (
            <>
              <dt>{t(`portalSyncStatus.${s}`)}</dt>
              <dd id={`portal-${s}`}>{overview.counts[s]}</dd>
            </>
          ))}
        </dl>
      </Card>
      <Card title={t('portalSync.problems')}>
        {overview.problems.length === 0 ? (
          <p>{t('portalSync.noProblems')}</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('portalSync.dossier')}</th>
                  <th scope="col">{t('portalSync.statusCode')}</th>
                  <th scope="col">{t('portalSync.state')}</th>
                  <th scope="col">{t('notifications.attempts')}</th>
                  <th scope="col">{t('portalSync.lastError')}</th>
                  <th scope="col">{t('portalSync.updatedAt')}</th>
                  <th scope="col">{t('portalSync.nextAttempt')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.problems.map((p) => (
                  <tr>
                    <td>{p.dossierCode}</td>
                    <td>{statusCodeLabel(page, p.statusCode)}</td>
                    <td>
                      <span class="badge late">{t(`portalSyncStatus.${p.status}`)}</span>
                    </td>
                    <td>{p.attempts}</td>
                    <td>{p.lastError ?? '—'}</td>
                    <td>{formatDateTime(lang, p.updatedAt)}</td>
                    <td>{formatDateTime(lang, p.nextAttemptAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </Layout>
  );
}
