import { CsrfField, Field, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export function LoginPage({
  page,
  username,
  errors,
  alert,
  notice,
  next,
}: {
  page: PageContext;
  username: string;
  errors: FieldErrors;
  alert?: string;
  notice?: string;
  next: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro', { unit: page.node.unitName })}</p>
      {notice !== undefined && <p class="notice">{notice}</p>}
      {alert !== undefined && (
        <p class="alert" role="alert">
          {alert}
        </p>
      )}
      <ErrorSummary
        page={page}
        errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
      />
      <form method="post" action="/login" class="card">
        <CsrfField token={page.csrf} />
        <input type="hidden" name="next" value={next} />
        <Field
          name="username"
          label={t('login.username')}
          errors={errors}
          value={username}
          required
          autocomplete="username"
        />
        <Field
          name="password"
          label={t('login.password')}
          errors={errors}
          type="password"
          required
          autocomplete="current-password"
        />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}
