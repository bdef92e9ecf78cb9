import type { AuditEntryView } from '../../application/audit-trail.js';
import { isMessageKey } from '../../i18n/messages.js';
import { Layout, type PageContext } from './layout.js';

export function AuditPage({
  page,
  entries,
  nextBefore,
}: {
  page: PageContext;
  entries: readonly AuditEntryView[];
  nextBefore: number | null;
}) {
  const { t } = page;
  const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key as never) : fallback);
  const time = new Intl.DateTimeFormat(
    page.lang === 'vi' ? 'vi-VN' : page.lang === 'th' ? 'th-TH' : 'en-GB',
    {
      dateStyle: 'short',
      timeStyle: 'medium',
      timeZone: 'Asia/Ho_Chi_Minh',
    },
  );
  return (
    <Layout page={page} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {entries.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.kind')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
                  </td>
                  <td>{e.actorName ?? e.actorId ?? t('audit.system')}</td>
                  <td>{label(`audit.kind.${e.kind}`, e.kind)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.subjectType} {e.subjectId ?? ''}
                  </td>
                  <td>{label(`audit.outcome.${e.outcome}`, e.outcome)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null && (
        <p>
          <a href={`/admin/audit?before=${nextBefore}`}>{t('audit.older')}</a>
        </p>
      )}
    </Layout>
  );
}
