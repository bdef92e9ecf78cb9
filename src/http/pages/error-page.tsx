import { Layout, type PageContext } from './layout.js';

export function ErrorPage({ page, message }: { page: PageContext; message: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('error.pageTitle')}>
      <h1>{t('error.pageTitle')}</h1>
      <p class="alert" role="alert">
        {message}
      </p>
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </Layout>
  );
}
