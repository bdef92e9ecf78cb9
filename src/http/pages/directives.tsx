// Directives (văn bản chỉ đạo): the list, the province's form to issue one, and one directive
// with where each commune stands (at the hub) or with the commune's own steps (at a commune).
import type {
  DirectiveDetail,
  DirectiveListItem,
  DirectiveSummary,
  TargetView,
} from '../../application/directives.js';
import type { DirectiveAttachment, DirectiveProgress } from '../../domain/directives.js';
import { formatDate, formatDateTime } from '../../i18n/format-time.js';
import { formatNumber } from '../../i18n/messages.js';
import { CsrfField, Field, SelectField, TextArea, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

function Errors({ page, errors }: { page: PageContext; errors: FieldErrors }) {
  return (
    <ErrorSummary
      page={page}
      errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
    />
  );
}

function FieldError({ errors, name }: { errors: FieldErrors; name: string }) {
  const error = errors[name];
  return error === undefined ? null : (
    <p class="error" id={`${name}-error`}>
      {error}
    </p>
  );
}

/** The three file inputs of a directive's or a report's papers. */
function PaperInputs({ page, errors }: { page: PageContext; errors: FieldErrors }) {
  return (
    <>
      {[0, 1, 2].map((i) => (
        <div>
          <label for={`attachments.${i}`}>{page.t('directive.file', { n: i + 1 })}</label>
          <FieldError errors={errors} name={`attachments.${i}`} />
          <input
            id={`attachments.${i}`}
            name={`attachments.${i}`}
            type="file"
            accept="application/pdf,image/jpeg,image/png"
          />
        </div>
      ))}
    </>
  );
}

function Progress({ page, progress }: { page: PageContext; progress: DirectiveProgress }) {
  const late = progress === 'overdue' || progress === 'done_late';
  return (
    <span class={late ? 'badge late' : 'badge info'}>
      {page.t(`directive.progress.${progress}`)}
    </span>
  );
}

function deadlineText(page: PageContext, d: DirectiveSummary): string {
  const date = formatDate(page.lang, d.dueDate);
  return d.deadline.kind === 'working_days'
    ? page.t('directive.deadlineDays', { date, days: d.deadline.days })
    : date;
}

function DaysLeft({ page, target }: { page: PageContext; target: TargetView }) {
  const { t } = page;
  const done = target.reportedAt !== null;
  if (done || target.standing.progress === 'cancelled') return <>—</>;
  if (target.daysLeft < 0)
    return <strong>{t('directive.daysLate', { days: -target.daysLeft })}</strong>;
  if (target.daysLeft === 0) return <strong>{t('directive.lastDay')}</strong>;
  const text = t('directive.daysLeft', { days: target.daysLeft });
  return target.standing.dueSoon ? <strong>{text}</strong> : <>{text}</>;
}

function Attachments({
  page,
  directiveId,
  attachments,
}: {
  page: PageContext;
  directiveId: string;
  attachments: readonly DirectiveAttachment[];
}) {
  if (attachments.length === 0) return <p class="muted">{page.t('directive.noAttachments')}</p>;
  return (
    <ul>
      {attachments.map((a) => (
        <li>
          <a href={`/directives/${directiveId}/attachments/${a.hash}`}>{a.name}</a>{' '}
          <span class="muted">({formatNumber(page.lang, Math.ceil(a.size / 1024))} KB)</span>
        </li>
      ))}
    </ul>
  );
}

export function DirectiveListPage({
  page,
  items,
  show,
  hub,
  canIssue,
  notice,
}: {
  page: PageContext;
  items: readonly DirectiveListItem[];
  show: 'open' | 'all';
  hub: boolean;
  canIssue: boolean;
  notice?: string;
}) {
  const { t, lang } = page;
  const n = (v: number) => formatNumber(lang, v);
  return (
    <Layout page={page} title={t('directive.title')}>
      <h1>{t('directive.title')}</h1>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p class="muted">{hub ? t('directive.introHub') : t('directive.introCommune')}</p>
      {canIssue && (
        <p>
          <a class="button" href="/directives/new">
            {t('directive.issue')}
          </a>
        </p>
      )}
      <ul class="tabs">
        {(['open', 'all'] as const).map((s) => (
          <li>
            <a href={`/directives?show=${s}`} aria-current={s === show ? 'page' : undefined}>
              {t(`directive.show.${s}`)}
            </a>
          </li>
        ))}
      </ul>
      {items.length === 0 ? (
        <p>{t('directive.none')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="muted">{t('directive.listCaption', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directive.number')}</th>
                <th scope="col">{t('directive.titleField')}</th>
                <th scope="col">{t('directive.issuedAt')}</th>
                <th scope="col">{t('directive.deadline')}</th>
                {hub ? (
                  <>
                    <th scope="col">{t('directive.acknowledgedCount')}</th>
                    <th scope="col">{t('directive.doneCount')}</th>
                    <th scope="col">{t('directive.overdueCount')}</th>
                  </>
                ) : (
                  <>
                    <th scope="col">{t('directive.progressColumn')}</th>
                    <th scope="col">{t('directive.timeLeft')}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map(({ directive: d, tally, own }) => (
                <tr>
                  <td>
                    <a href={`/directives/${d.id}`}>{d.number}</a>
                    {d.priority === 'urgent' && (
                      <>
                        {' '}
                        <span class="badge late">{t('directive.priority.urgent')}</span>
                      </>
                    )}
                  </td>
                  <td>
                    {d.title}
                    {d.cancelledAt !== null && (
                      <>
                        {' '}
                        <span class="badge info">{t('directive.progress.cancelled')}</span>
                      </>
                    )}
                  </td>
                  <td>{formatDate(lang, d.issuedAt)}</td>
                  <td>{deadlineText(page, d)}</td>
                  {hub ? (
                    <>
                      <td>
                        {n(tally.acknowledged)}/{n(tally.targets)}
                      </td>
                      <td>
                        {n(tally.done)}/{n(tally.targets)}
                        {tally.doneLate > 0 &&
                          ` (${t('directive.ofWhichLate', { count: tally.doneLate })})`}
                      </td>
                      <td>
                        {tally.overdue > 0 ? <strong>{n(tally.overdue)}</strong> : n(tally.overdue)}
                      </td>
                    </>
                  ) : (
                    <>
                      <td>
                        {own !== null && <Progress page={page} progress={own.standing.progress} />}
                      </td>
                      <td>{own !== null && <DaysLeft page={page} target={own} />}</td>
                    </>
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

export interface IssueFormValues {
  readonly number: string;
  readonly title: string;
  readonly body: string;
  readonly priority: string;
  readonly signerName: string;
  readonly deadlineKind: string;
  readonly deadlineDays: string;
  readonly deadlineDate: string;
  readonly unitCodes: readonly string[];
}

export function IssueDirectivePage({
  page,
  values,
  errors,
  communes,
  today,
  filesLost,
}: {
  page: PageContext;
  values: IssueFormValues;
  errors: FieldErrors;
  communes: readonly { code: string; name: string }[];
  today: string;
  filesLost: boolean;
}) {
  const { t } = page;
  const chosen = new Set(values.unitCodes);
  const targetsError = errors['unitCodes'];
  return (
    <Layout page={page} title={t('directive.issue')}>
      <h1>{t('directive.issue')}</h1>
      <Errors page={page} errors={errors} />
      {filesLost && <p class="alert">{t('directive.filesLost')}</p>}
      <form method="post" action="/directives" enctype="multipart/form-data" class="card">
        <CsrfField token={page.csrf} />
        <Field
          name="number"
          label={t('directive.number')}
          hint={t('directive.numberHint')}
          errors={errors}
          value={values.number}
          required
        />
        <Field
          name="title"
          label={t('directive.titleField')}
          errors={errors}
          value={values.title}
          required
        />
        <TextArea
          name="body"
          label={t('directive.body')}
          errors={errors}
          value={values.body}
          rows={8}
        />
        <Field
          name="signerName"
          label={t('directive.signerName')}
          hint={t('directive.signerHint')}
          errors={errors}
          value={values.signerName}
        />
        <SelectField
          name="priority"
          label={t('directive.priorityField')}
          errors={errors}
          value={values.priority}
          options={[
            { value: 'normal', label: t('directive.priority.normal') },
            { value: 'urgent', label: t('directive.priority.urgent') },
          ]}
        />
        <fieldset>
          <legend>{t('directive.deadline')}</legend>
          <p class="hint">{t('directive.deadlineHint')}</p>
          <label class="inline">
            <input
              type="radio"
              name="deadlineKind"
              value="working_days"
              checked={values.deadlineKind !== 'date'}
            />
            {t('directive.deadlineKind.working_days')}
          </label>
          <Field
            name="deadlineDays"
            label={t('directive.deadlineDaysField')}
            errors={errors}
            value={values.deadlineDays}
            inputmode="numeric"
            pattern="[0-9]{1,3}"
          />
          <label class="inline">
            <input
              type="radio"
              name="deadlineKind"
              value="date"
              checked={values.deadlineKind === 'date'}
            />
            {t('directive.deadlineKind.date')}
          </label>
          <Field
            name="deadlineDate"
            label={t('directive.deadlineDateField')}
            type="date"
            min={today}
            errors={errors}
            value={values.deadlineDate}
          />
        </fieldset>
        <fieldset aria-describedby={targetsError === undefined ? undefined : 'unitCodes-error'}>
          <legend id="unitCodes">{t('directive.targets')}</legend>
          <FieldError errors={errors} name="unitCodes" />
          <label class="inline">
            <input type="checkbox" name="allCommunes" value="on" />
            {t('directive.allCommunes', { count: communes.length })}
          </label>
          <div>
            {communes.map((c) => (
              <label class="inline">
                <input
                  type="checkbox"
                  name="unitCodes"
                  value={c.code}
                  checked={chosen.has(c.code)}
                />
                {c.name}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('directive.attachments')}</legend>
          <p class="hint">{t('directive.attachmentsHint')}</p>
          <PaperInputs page={page} errors={errors} />
        </fieldset>
        <div>
          <button type="submit">{t('directive.issueSubmit')}</button>
        </div>
      </form>
    </Layout>
  );
}

function ReviewLine({ page, target }: { page: PageContext; target: TargetView }) {
  const review = target.review;
  if (review === null || !review.current) return null;
  return (
    <p class={review.verdict === 'accepted' ? 'muted' : 'alert'}>
      {page.t('directive.reviewedBy', {
        verdict: page.t(`directive.verdict.${review.verdict}`),
        name: review.byName,
        date: formatDateTime(page.lang, review.at),
      })}
      {review.comment !== '' && (
        <>
          <br />
          <span class="pre">{review.comment}</span>
        </>
      )}
    </p>
  );
}

function TargetTable({
  page,
  detail,
  filter,
  canReview,
}: {
  page: PageContext;
  detail: DirectiveDetail;
  filter: string;
  canReview: boolean;
}) {
  const { t, lang } = page;
  const d = detail.directive;
  const rows = detail.targets.filter((row) =>
    filter === 'unacknowledged'
      ? row.standing.unacknowledged && row.reportedAt === null
      : filter === 'late'
        ? row.standing.late
        : filter === 'done'
          ? row.reportedAt !== null
          : true,
  );
  const filters = ['all', 'unacknowledged', 'late', 'done'] as const;
  return (
    <section class="card">
      <h2>{t('directive.communes')}</h2>
      <p>
        {t('directive.tally', {
          targets: detail.tally.targets,
          acknowledged: detail.tally.acknowledged,
          done: detail.tally.done,
          late: detail.tally.doneLate + detail.tally.overdue,
        })}
      </p>
      <ul class="tabs">
        {filters.map((f) => (
          <li>
            <a
              href={`/directives/${d.id}?filter=${f}`}
              aria-current={f === filter ? 'page' : undefined}
            >
              {t(`directive.filter.${f}`)}
            </a>
          </li>
        ))}
      </ul>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('directive.commune')}</th>
              <th scope="col">{t('directive.progressColumn')}</th>
              <th scope="col">{t('directive.delivered')}</th>
              <th scope="col">{t('directive.acknowledged')}</th>
              <th scope="col">{t('directive.assignee')}</th>
              <th scope="col">{t('directive.reported')}</th>
              <th scope="col">{t('directive.timeLeft')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row">{row.unitName}</th>
                <td>
                  <Progress page={page} progress={row.standing.progress} />
                </td>
                <td>
                  {row.deliveredAt === null
                    ? t('directive.notDelivered')
                    : formatDateTime(lang, row.deliveredAt)}
                </td>
                <td>
                  {row.acknowledgedAt === null ? (
                    <strong>{t('directive.notAcknowledged')}</strong>
                  ) : (
                    <>
                      {formatDateTime(lang, row.acknowledgedAt)}
                      <br />
                      <span class="muted">{row.acknowledgedByName}</span>
                    </>
                  )}
                </td>
                <td>{row.assigneeName ?? '—'}</td>
                <td>
                  {row.reportedAt === null ? (
                    '—'
                  ) : (
                    <details>
                      <summary>{formatDateTime(lang, row.reportedAt)}</summary>
                      <p class="muted">{row.reportedByName}</p>
                      <p class="pre">{row.reportSummary}</p>
                      <Attachments
                        page={page}
                        directiveId={d.id}
                        attachments={row.reportAttachments}
                      />
                      <ReviewLine page={page} target={row} />
                    </details>
                  )}
                  {canReview &&
                    row.reportStands &&
                    row.review?.current !== true &&
                    d.cancelledAt === null && (
                      <p>
                        <a href={`/directives/${d.id}/review/${row.unitCode}`}>
                          {t('directive.review')}
                        </a>
                      </p>
                    )}
                </td>
                <td>
                  <DaysLeft page={page} target={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface CommuneActions {
  readonly canAcknowledge: boolean;
  readonly canAssign: boolean;
  readonly canReport: boolean;
  readonly officers: readonly { id: string; displayName: string }[];
}

function OwnSteps({
  page,
  detail,
  actions,
  errors,
  values,
}: {
  page: PageContext;
  detail: DirectiveDetail;
  actions: CommuneActions;
  errors: FieldErrors;
  values: Readonly<Record<string, string>>;
}) {
  const { t, lang } = page;
  const d = detail.directive;
  const own = detail.targets[0];
  if (own === undefined) return null;
  return (
    <section class="card">
      <h2>{t('directive.ownTitle')}</h2>
      <dl class="facts">
        <dt>{t('directive.progressColumn')}</dt>
        <dd>
          <Progress page={page} progress={own.standing.progress} />
        </dd>
        <dt>{t('directive.timeLeft')}</dt>
        <dd>
          <DaysLeft page={page} target={own} />
        </dd>
        <dt>{t('directive.acknowledged')}</dt>
        <dd>
          {own.acknowledgedAt === null
            ? t('directive.notAcknowledged')
            : `${formatDateTime(lang, own.acknowledgedAt)} — ${own.acknowledgedByName ?? ''}`}
        </dd>
        <dt>{t('directive.assignee')}</dt>
        <dd>
          {own.assigneeName ?? '—'}
          {own.assignNote !== null && own.assignNote !== '' && (
            <span class="muted"> — {own.assignNote}</span>
          )}
        </dd>
        <dt>{t('directive.reported')}</dt>
        <dd>
          {own.reportedAt === null
            ? '—'
            : `${formatDateTime(lang, own.reportedAt)} — ${own.reportedByName ?? ''}`}
        </dd>
      </dl>
      {own.reportSummary !== null && (
        <>
          <p class="pre">{own.reportSummary}</p>
          <Attachments page={page} directiveId={d.id} attachments={own.reportAttachments} />
          <ReviewLine page={page} target={own} />
        </>
      )}
      <div class="actions" id="step">
        {actions.canAcknowledge && (
          <form method="post" action={`/directives/${d.id}/acknowledge`}>
            <CsrfField token={page.csrf} />
            <p>{t('directive.acknowledgeHint')}</p>
            <div>
              <button type="submit">{t('directive.acknowledge')}</button>
            </div>
          </form>
        )}
        {actions.canAssign && (
          <form method="post" action={`/directives/${d.id}/assign`}>
            <CsrfField token={page.csrf} />
            <SelectField
              name="assigneeId"
              label={t('directive.assignTo')}
              errors={errors}
              value={values['assigneeId'] ?? own.assigneeId ?? ''}
              options={[
                { value: '', label: t('directive.chooseOfficer') },
                ...actions.officers.map((o) => ({ value: o.id, label: o.displayName })),
              ]}
            />
            <TextArea
              name="note"
              label={t('directive.assignNote')}
              errors={errors}
              value={values['note'] ?? ''}
              rows={2}
            />
            <div>
              <button type="submit">{t('directive.assign')}</button>
            </div>
          </form>
        )}
        {actions.canReport && (
          <form method="post" action={`/directives/${d.id}/report`} enctype="multipart/form-data">
            <CsrfField token={page.csrf} />
            <TextArea
              name="summary"
              label={t('directive.reportSummary')}
              errors={errors}
              value={values['summary'] ?? ''}
              rows={6}
              required
            />
            <PaperInputs page={page} errors={errors} />
            <div>
              <button type="submit">{t('directive.report')}</button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}

export function DirectivePage({
  page,
  detail,
  hub,
  filter,
  canCancel,
  canReview,
  actions,
  errors,
  values,
  notice,
}: {
  page: PageContext;
  detail: DirectiveDetail;
  hub: boolean;
  filter: string;
  canCancel: boolean;
  canReview: boolean;
  actions: CommuneActions | null;
  errors: FieldErrors;
  values: Readonly<Record<string, string>>;
  notice?: string;
}) {
  const { t, lang } = page;
  const d = detail.directive;
  return (
    <Layout page={page} title={`${d.number} — ${d.title}`}>
      <p>
        <a href="/directives">{t('directive.back')}</a>
      </p>
      <h1>
        {d.number} — {d.title}
      </h1>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <Errors page={page} errors={errors} />
      {d.cancelledAt !== null && (
        <p class="alert">
          {t('directive.cancelledOn', { date: formatDateTime(lang, d.cancelledAt) })}{' '}
          {d.cancelReason}
        </p>
      )}
      <section class="card">
        <dl class="facts">
          <dt>{t('directive.priorityField')}</dt>
          <dd>{t(`directive.priority.${d.priority}`)}</dd>
          <dt>{t('directive.issuedAt')}</dt>
          <dd>
            {formatDateTime(lang, d.issuedAt)} — {d.issuedByName}
          </dd>
          <dt>{t('directive.deadline')}</dt>
          <dd>{deadlineText(page, d)}</dd>
        </dl>
        {d.body !== '' && <p class="pre">{d.body}</p>}
        <p>
          <a href={`/directives/${d.id}/letter.pdf`}>{t('directive.letter')}</a>
        </p>
        <h2>{t('directive.attachments')}</h2>
        <Attachments page={page} directiveId={d.id} attachments={detail.attachments} />
      </section>
      {hub && <TargetTable page={page} detail={detail} filter={filter} canReview={canReview} />}
      {!hub && actions !== null && (
        <OwnSteps page={page} detail={detail} actions={actions} errors={errors} values={values} />
      )}
      {hub && canCancel && d.cancelledAt === null && (
        <section class="card actions" id="step">
          <form method="post" action={`/directives/${d.id}/cancel`}>
            <CsrfField token={page.csrf} />
            <TextArea
              name="reason"
              label={t('directive.cancelReason')}
              errors={errors}
              value={values['reason'] ?? ''}
              rows={2}
              required
            />
            <div>
              <button type="submit" class="secondary">
                {t('directive.cancel')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** The province reads one commune's report and accepts it or returns it. */
export function ReviewPage({
  page,
  detail,
  target,
  errors,
  values,
}: {
  page: PageContext;
  detail: DirectiveDetail;
  target: TargetView;
  errors: FieldErrors;
  values: Readonly<Record<string, string>>;
}) {
  const { t, lang } = page;
  const d = detail.directive;
  const title = `${t('directive.review')} — ${target.unitName}`;
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={`/directives/${d.id}`}>
          {d.number} — {d.title}
        </a>
      </p>
      <h1>{title}</h1>
      <Errors page={page} errors={errors} />
      <section class="card">
        <dl class="facts">
          <dt>{t('directive.progressColumn')}</dt>
          <dd>
            <Progress page={page} progress={target.standing.progress} />
          </dd>
          <dt>{t('directive.reported')}</dt>
          <dd>
            {formatDateTime(lang, target.reportedAt)} — {target.reportedByName ?? ''}
          </dd>
        </dl>
        <p class="pre">{target.reportSummary}</p>
        <Attachments page={page} directiveId={d.id} attachments={target.reportAttachments} />
      </section>
      <form
        method="post"
        action={`/directives/${d.id}/review/${target.unitCode}`}
        class="card"
        id="step"
      >
        <CsrfField token={page.csrf} />
        <SelectField
          name="verdict"
          label={t('directive.verdict')}
          errors={errors}
          value={values['verdict'] ?? 'accepted'}
          options={[
            { value: 'accepted', label: t('directive.verdict.accepted') },
            { value: 'returned', label: t('directive.verdict.returned') },
          ]}
        />
        <TextArea
          name="comment"
          label={t('directive.reviewComment')}
          errors={errors}
          value={values['comment'] ?? ''}
          rows={3}
        />
        <div>
          <button type="submit">{t('directive.reviewSubmit')}</button>
        </div>
      </form>
    </Layout>
  );
}
