import type { AccountView } from '../../application/accounts.js';
import { roles } from '../../domain/roles.js';
import { Card, CsrfField, Field, SelectField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface AccountForm {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly unitCode: string;
  /** The officer's field (staffing), '' for none. */
  readonly field: string;
}

export function AccountsPage({
  page,
  accounts,
  unitName,
  canCreate,
  form,
  errors,
  notice,
  fields,
}: {
  page: PageContext;
  accounts: readonly AccountView[];
  unitName: (code: string) => string;
  canCreate: boolean;
  /** Officers' fields (code → name in the page's language); none: no field column or choice. */
  fields?: ReadonlyMap<string, string>;
  form: AccountForm;
  errors: FieldErrors;
  notice?: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('accounts.title')}>
      <h1>{t('accounts.title')}</h1>
      <p>{t('accounts.intro')}</p>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {canCreate && (
        <Card title={t('accounts.create')}>
          <ErrorSummary
            page={page}
            errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
          />
          <form method="post" action="/admin/accounts">
            <CsrfField token={page.csrf} />
            <Field
              name="username"
              label={t('accounts.username')}
              errors={errors}
              value={form.username}
              required
              autocomplete="off"
            />
            <Field
              name="displayName"
              label={t('accounts.displayName')}
              errors={errors}
              value={form.displayName}
              required
              autocomplete="off"
            />
            <SelectField
              name="role"
              label={t('accounts.role')}
              errors={errors}
              value={form.role}
              options={roles
                .filter((r) => r !== 'service')
                .map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
            <Field
              name="unitCode"
              label={t('accounts.unit')}
              errors={errors}
              value={form.unitCode}
              required
              inputmode="numeric"
            />
            {fields !== undefined && (
              <SelectField
                name="field"
                label={t('staffing.accountField')}
                errors={errors}
                value={form.field}
                options={[
                  { value: '', label: t('staffing.noField') },
                  ...[...fields].map(([value, label]) => ({ value, label })),
                ]}
              />
            )}
            <Field
              name="password"
              label={t('accounts.password')}
              errors={errors}
              type="password"
              required
              autocomplete="new-password"
            />
            <button type="submit">{t('accounts.create')}</button>
          </form>
        </Card>
      )}
      {accounts.length === 0 ? (
        <p>{t('accounts.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.username')}</th>
                <th scope="col">{t('accounts.displayName')}</th>
                <th scope="col">{t('accounts.role')}</th>
                <th scope="col">{t('accounts.unit')}</th>
                {fields !== undefined && <th scope="col">{t('staffing.field')}</th>}
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr>
                  <td>{a.username}</td>
                  <td>{a.displayName}</td>
                  <td>{t(`role.${a.role}`)}</td>
                  <td>
                    {a.unitCode} {unitName(a.unitCode)}
                  </td>
                  {fields !== undefined && (
                    <td>{a.field === null ? '' : (fields.get(a.field) ?? a.field)}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
