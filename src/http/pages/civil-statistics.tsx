// The month's civil-status figures: a month picker (GET, so the page can be bookmarked), the
// table of births, deaths and marriages per unit with the total, and the CSV and PDF exports.
import type { CivilStatistics } from '../../application/civil-statistics.js';
import type { RegistrationFigures } from '../../domain/civil-statistics.js';
import { formatNumber } from '../../i18n/messages.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';
import { MonthField, SelectField, type FieldErrors } from './form.js';

function RegistrationCells({ page, r }: { page: PageContext; r: RegistrationFigures }) {
  const n = (value: number) => formatNumber(page.lang, value);
  return (
    <>
      <td>{n(r.total)}</td>
      <td>{n(r.male)}</td>
      <td>{n(r.female)}</td>
      <td>{n(r.onTime)}</td>
      <td>{n(r.late)}</td>
    </>
  );
}

export function CivilStatisticsPage({
  page,
  month,
  unitCode,
  units,
  errors,
  statistics,
}: {
  page: PageContext;
  /** The month as asked for (shown back in the form even when it is wrong). */
  month: string;
  unitCode: string;
  /** The communes to choose from, at the hub; null at a commune. */
  units: readonly { code: string; name: string }[] | null;
  errors: FieldErrors;
  statistics: CivilStatistics | null;
}) {
  const { t, lang } = page;
  const query = new URLSearchParams({
    month: statistics?.month ?? month,
    ...(unitCode === '' ? {} : { unitCode }),
  }).toString();
  const subColumns = ['total', 'male', 'female', 'onTime', 'late'] as const;
  const label = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
  return (
    <Layout page={page} title={t('civilStats.title')}>
      <h1>{t('civilStats.title')}</h1>
      <ErrorSummary
        page={page}
        errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
      />
      <form method="get" action="/civil/statistics" class="card">
        <MonthField
          label={t('civilStats.month')}
          hint={t('civilStats.monthHint')}
          errors={errors}
          value={month}
        />
        {units !== null && (
          <SelectField
            name="unitCode"
            label={t('civilStats.unit')}
            errors={errors}
            value={unitCode}
            options={[
              { value: '', label: t('civilStats.allUnits') },
              ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
            ]}
          />
        )}
        <button type="submit">{t('civilStats.show')}</button>
      </form>
      {statistics !== null && (
        <>
          <h2>
            {t('civilStats.heading', {
              month: label(statistics.month),
              unit: statistics.scope.unitName,
            })}
          </h2>
          <p>
            {t('civilStats.basis')}{' '}
            <a href={`/civil/statistics.csv?${query}`}>{t('civilStats.csv')}</a> ·{' '}
            <a href={`/civil/statistics.pdf?${query}`}>{t('civilStats.pdf')}</a>
          </p>
          {statistics.units.length === 0 ? (
            <p>{t('civilStats.none')}</p>
          ) : (
            <div class="table-wrap" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {t('civilStats.unitColumn')}
                    </th>
                    <th scope="colgroup" colSpan={5}>
                      {t('civilStats.births')}
                    </th>
                    <th scope="colgroup" colSpan={5}>
                      {t('civilStats.deaths')}
                    </th>
                    <th scope="col" rowSpan={2}>
                      {t('civilStats.marriages')}
                    </th>
                  </tr>
                  <tr>
                    {[...subColumns, ...subColumns].map((c) => (
                      <th scope="col">{t(`civilStats.${c}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {statistics.units.map((u) => (
                    <tr>
                      <th scope="row">
                        {u.unitName} ({u.unitCode})
                      </th>
                      <RegistrationCells page={page} r={u.figures.births} />
                      <RegistrationCells page={page} r={u.figures.deaths} />
                      <td>{formatNumber(lang, u.figures.marriages)}</td>
                    </tr>
                  ))}
                </tbody>
                {statistics.scope.unitCode.length !== 5 && (
                  <tfoot>
                    <tr>
                      <th scope="row">{t('civilStats.totalRow')}</th>
                      <RegistrationCells page={page} r={statistics.total.births} />
                      <RegistrationCells page={page} r={statistics.total.deaths} />
                      <td>{formatNumber(lang, statistics.total.marriages)}</td>
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
          )}
        </>
      )}
    </Layout>
  );
}
