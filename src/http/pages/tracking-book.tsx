import type { TrackingBookRow } from '../../application/tracking-book.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { Layout, type PageContext } from './layout.js';

export function TrackingBookPage({
  page,
  from,
  to,
  rows,
}: {
  page: PageContext;
  from: string;
  to: string;
  rows: readonly TrackingBookRow[];
}) {
  const { t, lang } = page;
  const query = `from=${from}&to=${to}`;
  return (
    <Layout page={page} title={t('book.title')}>
      <h1>{t('book.title')}</h1>
      <form method="get" action="/tracking-book" class="card">
        <label for="from">{t('book.from')}</label>
        <input id="from" name="from" type="date" value={from} required />
        <label for="to">{t('book.to')}</label>
        <input id="to" name="to" type="date" value={to} required />
        <button type="submit">{t('book.show')}</button>
      </form>
      <p>
        {t('book.count', { count: rows.length })}{' '}
        <a href={`/tracking-book.csv?${query}`}>{t('book.csv')}</a> ·{' '}
        <a href={`/tracking-book.pdf?${query}`}>{t('book.pdf')}</a>
      </p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dossiers.code')}</th>
              <th scope="col">{t('dossiers.procedure')}</th>
              <th scope="col">{t('dossiers.applicant')}</th>
              <th scope="col">{t('dossiers.receivedAt')}</th>
              <th scope="col">{t('dossiers.dueAt')}</th>
              <th scope="col">{t('book.returnedAt')}</th>
              <th scope="col">{t('dossiers.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/dossiers/${r.id}`}>{r.code}</a>
                </td>
                <td>{r.procedureName}</td>
                <td>{r.applicantName}</td>
                <td>{formatDateTime(lang, r.receivedAt)}</td>
                <td>{formatDateTime(lang, r.extendedDueAt ?? r.dueAt)}</td>
                <td>{formatDateTime(lang, r.returnedAt)}</td>
                <td>
                  {t(`dossierStatus.${r.status}`)}
                  {r.overdue && (
                    <>
                      {' '}
                      <span class="badge late">{t('dossiers.overdue')}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
