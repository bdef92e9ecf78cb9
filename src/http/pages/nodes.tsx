// The province administrator's page of commune nodes: each node's sync health, a form that
// issues a one-time enrolment token (shown once, with the command that uses it), and revocation.
import type { IssuedToken, NodeView } from '../../application/sync-hub.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { Card, CsrfField, Field, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface TokenForm {
  readonly unitCode: string;
  readonly hours: string;
}

/** A revocation that failed validation: which node, and the reason as typed. */
export interface RevokeForm {
  readonly keyId: string;
  readonly reason: string;
  readonly error: string;
}

export function NodesPage({
  page,
  nodes,
  unitName,
  form,
  errors,
  issued,
  revoke,
  notice,
}: {
  page: PageContext;
  nodes: readonly NodeView[];
  unitName: (code: string) => string;
  form: TokenForm;
  errors: FieldErrors;
  issued?: IssuedToken;
  revoke?: RevokeForm;
  notice?: string;
}) {
  const { t, lang } = page;
  const summary = [
    ...Object.entries(errors).map(([field, message]) => ({ field, message })),
    ...(revoke === undefined ? [] : [{ field: `reason-${revoke.keyId}`, message: revoke.error }]),
  ];
  return (
    <Layout page={page} title={t('nodes.title')}>
      <h1>{t('nodes.title')}</h1>
      <p>{t('nodes.intro')}</p>
      <p>
        <a href="/admin/portal-sync">{t('portalSync.title')}</a>
      </p>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {issued !== undefined && (
        <div class="notice" role="status">
          <p>
            {t('nodes.tokenIssued', {
              unit: `${issued.unitCode} ${unitName(issued.unitCode)}`,
              at: formatDateTime(lang, issued.expiresAt),
            })}
          </p>
          <p>
            <code class="token">{issued.token}</code>
          </p>
          <p>{t('nodes.tokenOnce')}</p>
          <p>{t('nodes.enrolCommand')}</p>
          <pre>
            {`motcua serve --role commune --unit ${issued.unitCode} --hub-url ${page.node.publicUrl} --enrolment-token ${issued.token}`}
          </pre>
        </div>
      )}
      <ErrorSummary page={page} errors={summary} />
      <Card title={t('nodes.issueToken')}>
        <form method="post" action="/admin/nodes/tokens">
          <CsrfField token={page.csrf} />
          <Field
            name="unitCode"
            label={t('nodes.tokenUnit')}
            errors={errors}
            value={form.unitCode}
            required
            inputmode="numeric"
            autocomplete="off"
          />
          <Field
            name="hours"
            label={t('nodes.tokenHours')}
            errors={errors}
            value={form.hours}
            inputmode="numeric"
            autocomplete="off"
          />
          <button type="submit">{t('nodes.issueToken')}</button>
        </form>
      </Card>
      {nodes.length === 0 ? (
        <p>{t('nodes.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('nodes.unit')}</th>
                <th scope="col">{t('nodes.key')}</th>
                <th scope="col">{t('nodes.enrolledAt')}</th>
                <th scope="col">{t('nodes.lastSeen')}</th>
                <th scope="col">{t('nodes.backlog')}</th>
                <th scope="col">{t('nodes.held')}</th>
                <th scope="col">{t('nodes.skew')}</th>
                <th scope="col">{t('nodes.flags')}</th>
                <th scope="col">{t('nodes.status')}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => {
                const error = revoke?.keyId === n.keyId ? revoke.error : undefined;
                const fieldId = `reason-${n.keyId}`;
                return (
                  <tr>
                    <td>
                      {n.unitCode} {unitName(n.unitCode)}
                    </td>
                    <td>
                      <code title={n.keyId}>{n.keyId.slice(0, 12)}</code>
                    </td>
                    <td>{formatDateTime(lang, n.enrolledAt)}</td>
                    <td>{formatDateTime(lang, n.lastSeenAt)}</td>
                    <td>{n.backlog ?? '—'}</td>
                    <td>{n.held}</td>
                    <td>
                      {n.skewMs === null
                        ? '—'
                        : t('nodes.skewSeconds', { seconds: Math.round(n.skewMs / 1000) })}
                    </td>
                    <td>
                      {n.flags
                        .map((f) =>
                          f === 'far_off'
                            ? t('nodes.flag.far_off')
                            : f === 'jumped'
                              ? t('nodes.flag.jumped')
                              : f,
                        )
                        .join(', ')}
                    </td>
                    <td>
                      {n.revokedAt !== null ? (
                        `${t('nodes.revoked')} ${formatDateTime(lang, n.revokedAt)}`
                      ) : (
                        <form method="post" action={`/admin/nodes/${n.keyId}/revoke`}>
                          <CsrfField token={page.csrf} />
                          <label for={fieldId}>{t('nodes.revokeReason')}</label>
                          {error !== undefined && (
                            <p class="error" id={`${fieldId}-error`}>
                              {error}
                            </p>
                          )}
                          <input
                            id={fieldId}
                            name="reason"
                            value={revoke?.keyId === n.keyId ? revoke.reason : ''}
                            autocomplete="off"
                            aria-invalid={error !== undefined ? 'true' : undefined}
                            aria-describedby={error !== undefined ? `${fieldId}-error` : undefined}
                          />
                          <button type="submit">{t('nodes.revoke')}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
