import { CsrfField, Field, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export function LoginPage({
  page,
  username,
  errors,
  alert,
  notice,
  next,
  resume,
}: {
  page: PageContext;
  username: string;
  errors: FieldErrors;
  alert?: string;
  notice?: string;
  next: string;
  /** A form whose session ran out, to send again once logged in. */
  resume?: Resume;
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
        {resume !== undefined && (
          <>
            <input type="hidden" name="_resume_to" value={resume.to} />
            <input type="hidden" name="_resume" value={JSON.stringify(resume.fields)} />
          </>
        )}
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

export interface Resume {
  readonly to: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * After logging in again: the form that was cut off, ready to send as it was typed. One button,
 * no script (the pages run none); a fresh CSRF token goes with it.
 */
export function ResumePage({ page, resume }: { page: PageContext; resume: Resume }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('login.resumeTitle')}>
      <h1>{t('login.resumeTitle')}</h1>
      <p class="notice" role="status">
        {t('login.resumeIntro')}
      </p>
      <form method="post" action={resume.to} class="card">
        <CsrfField token={page.csrf} />
        {Object.entries(resume.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" autofocus>
          {t('login.resumeSubmit')}
        </button>
      </form>
    </Layout>
  );
}
