// Public tracking by dossier code and the applicant's ID number, with the rating form once the
// result has been returned. Plain language, no account, no script.
import type { TrackingView } from '../../application/dossiers.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { isMessageKey } from '../../i18n/messages.js';
import { Card, CsrfField, Field, type FieldErrors } from './form.js';
import { Layout, type PageContext } from './layout.js';

export function TrackPage({
  page,
  code,
  citizenId,
  errors,
  alert,
  result,
  notice,
}: {
  page: PageContext;
  code: string;
  citizenId: string;
  errors: FieldErrors;
  alert?: string;
  result: TrackingView | null;
  notice?: string;
}) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('track.title')}>
      <h1>{t('track.title')}</h1>
      <p>{t('track.intro')}</p>
      <form method="post" action="/track" class="card">
        <CsrfField token={page.csrf} />
        <Field
          name="code"
          label={t('track.code')}
          errors={errors}
          value={code}
          required
          autocomplete="off"
        />
        <Field
          name="citizenId"
          label={t('track.citizenId')}
          errors={errors}
          value={citizenId}
          required
          inputmode="numeric"
          autocomplete="off"
        />
        <button type="submit">{t('track.submit')}</button>
      </form>
      {alert !== undefined && (
        <p class="alert" role="alert">
          {alert}
        </p>
      )}
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {result !== null && (
        <Card title={t('track.result', { code: result.code, procedure: result.procedureName })}>
          <dl class="facts">
            <dt>{t('dossiers.status')}</dt>
            <dd>
              {t(`dossierStatus.${result.status}`)}
              {result.overdue && (
                <>
                  {' '}
                  <span class="badge late">{t('dossiers.overdue')}</span>
                </>
              )}
            </dd>
            <dt>{t('dossiers.receivedAt')}</dt>
            <dd>{formatDateTime(lang, result.receivedAt)}</dd>
            <dt>{t('dossiers.dueAt')}</dt>
            <dd>{formatDateTime(lang, result.dueAt)}</dd>
            {result.extendedDueAt !== null && (
              <>
                <dt>{t('dossier.extendedDueAt')}</dt>
                <dd>{formatDateTime(lang, result.extendedDueAt)}</dd>
              </>
            )}
            {result.returnedAt !== null && (
              <>
                <dt>{t('book.returnedAt')}</dt>
                <dd>{formatDateTime(lang, result.returnedAt)}</dd>
              </>
            )}
            {result.assistedBy !== null && (
              <>
                <dt>{t('portal.assistedByLabel')}</dt>
                <dd>{result.assistedBy}</dd>
              </>
            )}
          </dl>
          <h3>{t('dossier.timeline')}</h3>
          <ol>
            {result.steps.map((s) => {
              const key = `dossierEvent.${s.type.replace(/^dossier\./, '')}`;
              return (
                <li>
                  {formatDateTime(lang, s.at)} —{' '}
                  {isMessageKey(key) ? t(key as 'dossierEvent.received') : s.type}
                </li>
              );
            })}
          </ol>
          {result.canRate && (
            <form method="post" action="/track/rating">
              <CsrfField token={page.csrf} />
              <input type="hidden" name="code" value={code} />
              <input type="hidden" name="citizenId" value={citizenId} />
              <fieldset>
                <legend>{t('track.rate')}</legend>
                {(['satisfied', 'neutral', 'dissatisfied'] as const).map((r) => (
                  <label class="inline">
                    <input type="radio" name="rating" value={r} required /> {t(`rating.${r}`)}
                  </label>
                ))}
              </fieldset>
              <label for="comment">{t('track.comment')}</label>
              <textarea id="comment" name="comment" />
              <button type="submit">{t('track.rateSubmit')}</button>
            </form>
          )}
          {result.rating !== null && (
            <p>
              {t('dossier.rating')}: {t(`rating.${result.rating}`)}
            </p>
          )}
        </Card>
      )}
    </Layout>
  );
}
