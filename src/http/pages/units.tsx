import { Layout, type PageContext } from './layout.js';

export interface UnitRow {
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly provinceName: string;
}

export function UnitsPage({
  page,
  query,
  results,
}: {
  page: PageContext;
  query: string;
  results: readonly UnitRow[] | null;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('units.title')}>
      <h1>{t('units.title')}</h1>
      <p>{t('units.intro')}</p>
      <form method="get" action="/units" class="card" role="search">
        <label for="q">{t('units.query')}</label>
        <input id="q" name="q" type="search" value={query} />
        <button type="submit">{t('units.search')}</button>
      </form>
      {results !== null &&
        (results.length === 0 ? (
          <p role="status">{t('units.noResults', { query })}</p>
        ) : (
          <>
            <p role="status">{t('units.resultCount', { count: results.length })}</p>
            <div class="table-wrap" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('units.code')}</th>
                    <th scope="col">{t('units.name')}</th>
                    <th scope="col">{t('units.type')}</th>
                    <th scope="col">{t('units.province')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((u) => (
                    <tr>
                      <td>{u.code}</td>
                      <td>{u.name}</td>
                      <td>{u.type}</td>
                      <td>{u.provinceName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ))}
    </Layout>
  );
}
