// The work queues (soonest due first, overdue flagged) and the dossier page: its facts, its
// timeline, its documents, and the steps this officer may take now, each a small form.
import type { DossierView, OfficerAction, QueueItem } from '../../application/dossiers.js';
import type { DossierState } from '../../domain/dossiers.js';
import { formatDate, formatDateTime } from '../../i18n/format-time.js';
import { isMessageKey } from '../../i18n/messages.js';
import { money } from './desk.js';
import { NotificationsCard, PortalSyncCard } from './notifications.js';
import { Card, CsrfField } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export type QueueFilter = 'open' | 'mine' | 'approval' | 'all';

export function QueuePage({
  page,
  items,
  filter,
  filters,
}: {
  page: PageContext;
  items: readonly QueueItem[];
  filter: QueueFilter;
  filters: readonly QueueFilter[];
}) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('dossiers.title')}>
      <h1>{t('dossiers.title')}</h1>
      <ul class="tabs">
        {filters.map((f) => (
          <li>
            <a href={`/dossiers?filter=${f}`} aria-current={f === filter ? 'page' : undefined}>
              {t(`dossiers.filter.${f}`)}
            </a>
          </li>
        ))}
      </ul>
      {items.length === 0 ? (
        <p>{t('dossiers.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dossiers.code')}</th>
                <th scope="col">{t('dossiers.procedure')}</th>
                <th scope="col">{t('dossiers.applicant')}</th>
                <th scope="col">{t('dossiers.status')}</th>
                <th scope="col">{t('dossiers.dueAt')}</th>
                <th scope="col">{t('dossiers.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr>
                  <td>
                    <a href={`/dossiers/${d.id}`}>{d.code}</a>
                  </td>
                  <td>{d.procedureName}</td>
                  <td>{d.applicantName}</td>
                  <td>
                    {t(`dossierStatus.${d.status}`)}
                    {d.pendingApproval && (
                      <>
                        {' '}
                        <span class="badge info">{t('dossiers.awaitingApproval')}</span>
                      </>
                    )}
                    {d.transferPending && (
                      <>
                        {' '}
                        <span class="badge info">{t('dossiers.awaitingTransfer')}</span>
                      </>
                    )}
                  </td>
                  <td>
                    {formatDateTime(lang, d.extendedDueAt ?? d.dueAt)}
                    {d.overdue && (
                      <>
                        {' '}
                        <span class="badge late">{t('dossiers.overdue')}</span>
                      </>
                    )}
                  </td>
                  <td>{d.assigneeName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The documents a dossier has, by the steps it went through. */
export function documentsOf(
  state: DossierState,
  timelineTypes: readonly string[],
): ('01' | '02' | '03' | '04' | '05' | '06')[] {
  const docs: ('01' | '02' | '03' | '04' | '05' | '06')[] = [];
  if (state.receivedAt !== null && state.status !== 'refused') docs.push('01');
  if (timelineTypes.includes('dossier.supplement_requested')) docs.push('02');
  if (state.status === 'refused') docs.push('03');
  if (state.extendedDueAt !== null) docs.push('04');
  if (state.status === 'stopped') docs.push('05');
  docs.push('06');
  return docs;
}

export interface SpecialistOption {
  readonly id: string;
  readonly name: string;
}

function ActionForm({
  page,
  dossierId,
  action,
  specialists,
}: {
  page: PageContext;
  dossierId: string;
  action: OfficerAction;
  specialists: readonly SpecialistOption[];
}) {
  const { t } = page;
  const id = (name: string) => `${action}-${name}`;
  const reason = (
    <div>
      <label for={id('reason')}>{t('dossier.reason')}</label>
      <textarea id={id('reason')} name="reason" required />
    </div>
  );
  let fields = null;
  switch (action) {
    case 'refuse':
    case 'send_back':
    case 'stop':
    case 'withdraw':
      fields = reason;
      break;
    case 'assign':
      fields = (
        <div>
          <label for={id('assigneeId')}>{t('dossier.assignee')}</label>
          <select id={id('assigneeId')} name="assigneeId">
            {specialists.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
      );
      break;
    case 'request_supplement':
      fields = (
        <>
          {reason}
          <label for={id('missing')}>{t('dossier.missing')}</label>
          <textarea id={id('missing')} name="missing" required />
        </>
      );
      break;
    case 'request_payment':
      fields = (
        <>
          {reason}
          <label for={id('amountVnd')}>{t('dossier.amount')}</label>
          <input id={id('amountVnd')} name="amountVnd" inputMode="numeric" required />
        </>
      );
      break;
    case 'record_payment':
      fields = (
        <>
          <label for={id('method')}>{t('desk.payment')}</label>
          <select id={id('method')} name="method">
            <option value="cash">{t('desk.paymentCash')}</option>
            <option value="bank_transfer">{t('desk.paymentTransfer')}</option>
          </select>
          <label for={id('reference')}>{t('desk.paymentReference')}</label>
          <input id={id('reference')} name="reference" required />
        </>
      );
      break;
    case 'return_result':
      fields = (
        <>
          <label for={id('recipientName')}>{t('dossier.recipientName')}</label>
          <input id={id('recipientName')} name="recipientName" required />
          <label for={id('recipientCitizenId')}>
            {t('dossier.recipientCitizenId')} ({t('form.optional')})
          </label>
          <input id={id('recipientCitizenId')} name="recipientCitizenId" inputMode="numeric" />
          <label for={id('relationship')}>{t('dossier.relationship')}</label>
          <input id={id('relationship')} name="relationship" required />
          <label for={id('delivery')}>{t('desk.resultDelivery')}</label>
          <select id={id('delivery')} name="delivery">
            {(['receiving_unit', 'competent_unit', 'post', 'electronic'] as const).map((d) => (
              <option value={d}>{t(`delivery.${d}`)}</option>
            ))}
          </select>
        </>
      );
      break;
    case 'extend':
      fields = (
        <>
          {reason}
          <label for={id('newDueDate')}>{t('dossier.newDueDate')}</label>
          <input id={id('newDueDate')} name="newDueDate" type="date" required />
        </>
      );
      break;
    default:
      fields = null;
  }
  return (
    <form method="post" action={`/dossiers/${dossierId}/${action.replaceAll('_', '-')}`}>
      <CsrfField token={page.csrf} />
      {fields}
      <button
        type="submit"
        class={
          action === 'refuse' || action === 'stop' || action === 'withdraw'
            ? 'secondary cap'
            : 'cap'
        }
      >
        {t(`dossierAction.${action}`)}
      </button>
    </form>
  );
}

function eventLabel(page: PageContext, type: string): string {
  const key = `dossierEvent.${type.replace(/^dossier\./, '')}`;
  return isMessageKey(key) ? page.t(key as 'dossierEvent.received') : type;
}

function detailOf(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const p = payload as Record<string, unknown>;
  const parts = [p['reason'], p['assigneeName'], p['note'], p['recipientName']].filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
  if (Array.isArray(p['missing'])) parts.push((p['missing'] as unknown[]).map(String).join('; '));
  return parts.join(' — ');
}

export function DossierPage({
  page,
  view,
  actions,
  specialists,
  notice,
  errors,
  unitName,
  civil,
}: {
  page: PageContext;
  view: DossierView;
  actions: readonly OfficerAction[];
  specialists: readonly SpecialistOption[];
  notice?: string;
  errors: readonly { field: string; message: string }[];
  unitName: (code: string) => string;
  /** The civil-status record of the dossier, or the registration to make from it. */
  civil?: { readonly href: string; readonly label: string };
}) {
  const { t, lang } = page;
  const d = view.dossier;
  const docs = documentsOf(
    d,
    view.timeline.map((e) => e.type),
  );
  return (
    <Layout page={page} title={t('dossier.title', { code: d.code })}>
      <h1>{t('dossier.title', { code: d.code })}</h1>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary page={page} errors={errors} />
      {civil !== undefined && (
        <p class="actions">
          <a class="button" href={civil.href}>
            {civil.label}
          </a>
        </p>
      )}
      {view.possibleDuplicates.length > 0 && (
        <p class="alert" role="alert">
          {t('dossier.possibleDuplicate', { codes: view.possibleDuplicates.join(', ') })}
        </p>
      )}
      <Card title={t('dossier.details')}>
        <dl class="facts">
          <dt>{t('dossiers.procedure')}</dt>
          <dd>
            {d.procedureCode} — {d.procedureName}
          </dd>
          <dt>{t('dossiers.status')}</dt>
          <dd>
            {t(`dossierStatus.${d.status}`)}
            {view.overdue && (
              <>
                {' '}
                <span class="badge late">{t('dossiers.overdue')}</span>
              </>
            )}
            {d.pendingApproval && (
              <>
                {' '}
                <span class="badge info">{t('dossiers.awaitingApproval')}</span>
              </>
            )}
          </dd>
          {d.transferPending && (
            <>
              <dt>{t('desk.competentUnit')}</dt>
              <dd>
                {t('dossier.transferPending', {
                  unit: unitName(d.transferTo ?? d.competentUnitCode),
                })}
              </dd>
            </>
          )}
          <dt>{t('dossiers.applicant')}</dt>
          <dd>
            {d.applicant.fullName} — {d.applicant.citizenId}
            {d.applicant.phone !== null && ` — ${d.applicant.phone}`}
          </dd>
          <dt>{t('dossier.channel')}</dt>
          <dd>{t(`channel.${d.channel}`)}</dd>
          {d.assistedBy !== null && (
            <>
              <dt>{t('portal.assistedByLabel')}</dt>
              <dd>
                {d.assistedBy}
                {d.assistance?.consent !== undefined &&
                  ` — ${t(`consent.${d.assistance.consent}`)}`}
              </dd>
            </>
          )}
          <dt>{t('dossiers.receivedAt')}</dt>
          <dd>{formatDateTime(lang, d.receivedAt ?? d.submittedAt)}</dd>
          <dt>{t('dossiers.dueAt')}</dt>
          <dd>{formatDateTime(lang, d.dueAt)}</dd>
          {d.extendedDueAt !== null && (
            <>
              <dt>{t('dossier.extendedDueAt')}</dt>
              <dd>{formatDateTime(lang, d.extendedDueAt)}</dd>
            </>
          )}
          <dt>{t('dossiers.assignee')}</dt>
          <dd>{d.assigneeName ?? '—'}</dd>
          <dt>{t('desk.fee')}</dt>
          <dd>
            {d.fee.totalVnd === 0 ? t('desk.noFee') : money(page, d.fee.totalVnd)}
            {d.payments.length > 0 &&
              ` — ${t('dossier.payments')}: ${d.payments.map((p) => `${money(page, p.amountVnd)} (${p.reference}, ${formatDate(lang, p.paidAt)})`).join('; ')}`}
          </dd>
          <dt>{t('desk.resultDelivery')}</dt>
          <dd>{t(`delivery.${d.resultDelivery}`)}</dd>
          {d.rating !== null && (
            <>
              <dt>{t('dossier.rating')}</dt>
              <dd>{t(`rating.${d.rating}`)}</dd>
            </>
          )}
        </dl>
      </Card>
      <Card title={t('desk.components')}>
        <ul>
          {d.components.map((c) => (
            <li>
              {c.name}:{' '}
              {c.provided
                ? t('desk.componentProvided')
                : c.reusedFromData
                  ? t('desk.componentReused')
                  : '—'}
              {c.attachments.map((h, i) => (
                <>
                  {' '}
                  <a href={`/attachments/${h}`}>
                    [{t('desk.attachments')} {i + 1}]
                  </a>
                </>
              ))}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('dossier.documents')}>
        <ul>
          {docs.map((n) => (
            <li>
              <a href={`/dossiers/${d.id}/documents/${n}.pdf`}>
                {n} — {t(`doc.${n}`)}
              </a>
            </li>
          ))}
        </ul>
      </Card>
      <section class="card actions">
        <h2>{t('dossier.actions')}</h2>
        {actions.length === 0 ? (
          <p>{t('dossier.noActions')}</p>
        ) : (
          actions.map((a) => (
            <ActionForm page={page} dossierId={d.id} action={a} specialists={specialists} />
          ))
        )}
      </section>
      {view.notifications !== undefined && (
        <NotificationsCard
          page={page}
          notifications={view.notifications}
          hasContact={d.applicant.phone !== null || d.applicant.email !== null}
        />
      )}
      {view.portalSync !== undefined && view.portalSync !== null && (
        <PortalSyncCard page={page} summary={view.portalSync} />
      )}
      <Card title={t('dossier.timeline')}>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dossier.at')}</th>
                <th scope="col">{t('dossier.step')}</th>
                <th scope="col">{t('dossier.by')}</th>
                <th scope="col">{t('dossier.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {view.timeline.map((e) => (
                <tr>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>{eventLabel(page, e.type)}</td>
                  <td>{e.actorName ?? '—'}</td>
                  <td>{detailOf(e.payload)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </Layout>
  );
}
