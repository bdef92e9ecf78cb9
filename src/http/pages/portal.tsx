// The citizen portal: find a procedure (with or without diacritics), read it in plain terms,
// file it online (scans attached, the birth facts typed once), and land on the dossier code
// with the receipt and the fee's VietQR code. No script; every page fits a 360-pixel phone
// and weighs well under 60 KB on a weak link.
import type { CatalogueHit, FeeSummary, FilingView } from '../../application/portal.js';
import type { DataSource, FeeRule, ProcedureVersion } from '../../domain/procedures.js';
import type { ProcessingTime } from '../../domain/processing-time.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { formatNumber } from '../../i18n/messages.js';
import { Card, CsrfField, Field, SelectField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export function timeText(page: PageContext, time: ProcessingTime): string {
  const { t } = page;
  switch (time.unit) {
    case 'same_day':
      return t('time.same_day');
    case 'working_days':
      return t('time.working_days', { value: time.value });
    case 'working_hours':
      return t('time.working_hours', { value: time.value });
    case 'calendar_days':
      return t('time.calendar_days', { value: time.value });
  }
}

function money(page: PageContext, vnd: number): string {
  return page.t('money.vnd', { amount: formatNumber(page.lang, vnd) });
}

function feeText(page: PageContext, fee: FeeSummary): string {
  switch (fee.kind) {
    case 'none':
      return page.t('desk.noFee');
    case 'free_on_time':
      return page.t('portal.feeFreeOnTime');
    case 'amount':
      return money(page, fee.amountVnd);
  }
}

/** The catalogue holds Vietnamese and English names; Thai readers get the English one. */
function nameIn(page: PageContext, vi: string, en: string): string {
  return page.lang === 'vi' || en === '' ? vi : en;
}

function OtherServices({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Card title={t('portal.otherServices')}>
      <ul>
        <li>
          <a href="/track">{t('portal.trackLink')}</a>
        </li>
        <li>
          <a href="/verify">{t('verify.title')}</a>
        </li>
      </ul>
    </Card>
  );
}

export function PortalHomePage({
  page,
  query,
  total,
  hits,
}: {
  page: PageContext;
  query: string;
  total: number;
  hits: readonly CatalogueHit[];
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('portal.title')}>
      <h1>{t('portal.title')}</h1>
      <p>{t('portal.intro')}</p>
      <form method="get" action="/portal" class="card" role="search">
        <label for="q">{t('portal.search')}</label>
        <p class="hint" id="q-hint">
          {t('portal.searchHint')}
        </p>
        <input id="q" name="q" type="search" value={query} aria-describedby="q-hint" />
        <button type="submit">{t('portal.searchButton')}</button>
      </form>
      <h2>{query === '' ? t('portal.allProcedures') : t('portal.results', { count: total })}</h2>
      {total === 0 && <p role="status">{t('portal.noResults')}</p>}
      {total > hits.length && (
        <p class="muted" role="status">
          {t('portal.resultsLimited', { shown: hits.length })}
        </p>
      )}
      <ul class="hits">
        {hits.map((h) => (
          <li>
            <a href={`/portal/procedures/${h.code}`}>{nameIn(page, h.nameVi, h.nameEn)}</a>
            <p class="meta">
              <span>{t(`portal.level.${h.level}`)}</span>
              <span>
                {t('desk.fee')}: {feeText(page, h.fee)}
              </span>
              <span>
                {t('desk.processingTime')}: {timeText(page, h.processingTime)}
              </span>
              <span>{t(`portal.online.${h.online}`)}</span>
            </p>
          </li>
        ))}
      </ul>
      <OtherServices page={page} />
    </Layout>
  );
}

function feeRuleText(page: PageContext, rule: FeeRule): string {
  const { t } = page;
  const amount =
    rule.basis === 'per_copy'
      ? t('portal.perCopy', { amount: money(page, rule.amountVnd) })
      : money(page, rule.amountVnd);
  const when = rule.basis === 'late_registration' ? ` (${t('portal.onlyLate')})` : '';
  return `${nameIn(page, rule.nameVi, rule.nameEn)}: ${amount}${when}`;
}

export function ProcedurePage({
  page,
  procedure: p,
  communes,
}: {
  page: PageContext;
  procedure: ProcedureVersion;
  /** Communes of the province, among which an online filing chooses. */
  communes: number;
}) {
  const { t } = page;
  const name = nameIn(page, p.nameVi, p.nameEn);
  const exemptions = [...new Set(p.fees.flatMap((f) => f.exemptions))];
  const sources = (s: readonly DataSource[]) => s.map((x) => t(`dataSource.${x}`)).join('; ');
  return (
    <Layout page={page} title={name}>
      <p>
        <a href="/portal">{t('portal.back')}</a>
      </p>
      <h1>{name}</h1>
      <p class="muted">
        {t('portal.procedureCode', { code: p.code })} · {t(`portal.level.${p.level}`)} ·{' '}
        {nameIn(page, p.sector.nameVi, p.sector.nameEn)}
        {page.lang !== 'vi' && (
          <>
            <br />
            {t('portal.officialName', { name: p.nameVi })}
          </>
        )}
      </p>
      {p.channels.online === 'none' ? (
        <p class="notice">{t('portal.notOnline')}</p>
      ) : (
        <p>
          <a class="button" href={`/portal/procedures/${p.code}/file`}>
            {t('portal.fileOnline')}
          </a>
        </p>
      )}
      <Card title={t('portal.papers')}>
        <p class="hint">{t('portal.papersIntro')}</p>
        <ol>
          {p.components.map((c) => (
            <li>
              {nameIn(page, c.nameVi, c.nameEn)}{' '}
              <span class="muted">({c.required ? t('form.required') : t('portal.ifApplies')})</span>
              {c.reusableFromData.length > 0 && (
                <p class="valid">
                  {t('portal.fromData', { sources: sources(c.reusableFromData) })}
                </p>
              )}
            </li>
          ))}
        </ol>
      </Card>
      <Card title={t('desk.fee')}>
        {p.fees.length === 0 ? (
          <p>{t('desk.noFee')}</p>
        ) : (
          <ul>
            {p.fees.map((f) => (
              <li>{feeRuleText(page, f)}</li>
            ))}
          </ul>
        )}
        {exemptions.length > 0 && (
          <p>
            {t('portal.exempt', {
              who: exemptions.map((e) => t(`exemption.${e}`)).join('; '),
            })}
          </p>
        )}
      </Card>
      <Card title={t('desk.processingTime')}>
        <p>{timeText(page, p.processingTime)}</p>
        <p class="hint">{t('portal.timeNote')}</p>
        <p>
          {t('portal.result')}: {p.resultNameVi}
        </p>
      </Card>
      <Card title={t('portal.where')}>
        <p>
          {p.level === 'province'
            ? t('portal.where.province')
            : p.nonTerritorial
              ? t('portal.where.nonTerritorial')
              : t('portal.where.commune')}
        </p>
        <ul>
          {p.channels.inPerson && <li>{t('channel.in_person')}</li>}
          {p.channels.online !== 'none' && (
            <li>
              {t(`portal.online.${p.channels.online}`)}:{' '}
              {p.level === 'province'
                ? t('portal.where.onlineProvince')
                : t('portal.where.online', { count: communes })}
            </li>
          )}
          {p.channels.postal && <li>{t('channel.postal')}</li>}
        </ul>
      </Card>
      {p.legalBasis.length > 0 && (
        <details class="card">
          <summary>{t('portal.legalBasis')}</summary>
          <ul>
            {p.legalBasis.map((b) => (
              <li>{b}</li>
            ))}
          </ul>
        </details>
      )}
      <OtherServices page={page} />
    </Layout>
  );
}

export interface FilingFormValues {
  readonly [field: string]: string | undefined;
}

export type FilingMode =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'citizen'; readonly name: string }
  | { readonly kind: 'volunteer'; readonly name: string };

export function FilingFormPage({
  page,
  procedure: p,
  units,
  deliveries,
  values,
  errors,
  mode,
  birthFacts,
  filesLost,
  today,
}: {
  page: PageContext;
  procedure: ProcedureVersion;
  units: readonly { code: string; name: string }[];
  deliveries: readonly ('receiving_unit' | 'competent_unit' | 'post' | 'electronic')[];
  values: FilingFormValues;
  errors: FieldErrors;
  mode: FilingMode;
  /** The birth registration's facts are typed here (the interactive e-form). */
  birthFacts: boolean;
  /** Files were chosen before the errors: the browser does not keep them. */
  filesLost: boolean;
  today: string;
}) {
  const { t } = page;
  const v = (k: string) => values[k] ?? '';
  const checked = (k: string) => values[k] === 'on';
  const name = nameIn(page, p.nameVi, p.nameEn);
  const exemptions = [...new Set(p.fees.flatMap((f) => f.exemptions))].filter(
    (e) => e !== 'on_time_registration' && e !== 'online_filing',
  );
  const summary = Object.entries(errors).map(([field, message]) => ({ field, message }));
  const action = `/portal/procedures/${p.code}/file`;
  return (
    <Layout page={page} title={t('portal.fileTitle', { name })}>
      <p>
        <a href={`/portal/procedures/${p.code}`}>{t('portal.backToProcedure')}</a>
      </p>
      <h1>{t('portal.fileTitle', { name })}</h1>
      <p>{t('portal.fileIntro')}</p>
      {mode.kind === 'citizen' && (
        <p class="notice">{t('portal.asCitizen', { name: mode.name })}</p>
      )}
      <ErrorSummary page={page} errors={summary} />
      {filesLost && (
        <p class="alert" role="alert">
          {t('portal.filesAgain')}
        </p>
      )}
      <form method="post" action={action} enctype="multipart/form-data">
        <CsrfField token={page.csrf} />
        {mode.kind === 'volunteer' && (
          <Card title={t('portal.assisted')}>
            <p>{t('portal.assistedIntro', { name: mode.name })}</p>
            {errors['assistance.consent'] !== undefined && (
              <p class="error" id="assistance.consent-error">
                {errors['assistance.consent']}
              </p>
            )}
            <label class="inline">
              <input
                type="checkbox"
                id="assistance.consent"
                name="assistance.consent"
                required
                checked={checked('assistance.consent')}
                aria-invalid={errors['assistance.consent'] !== undefined ? 'true' : undefined}
              />{' '}
              {t('portal.consent')}
            </label>
            <fieldset>
              <legend>{t('portal.consentMethod')}</legend>
              <label class="inline">
                <input
                  type="radio"
                  name="assistance.method"
                  value="in_person_id_shown"
                  checked
                  required
                />{' '}
                {t('consent.in_person_id_shown')}
              </label>
            </fieldset>
          </Card>
        )}
        <Card title={mode.kind === 'volunteer' ? t('portal.citizen') : t('desk.applicant')}>
          <Field
            name="applicant.fullName"
            label={t('desk.fullName')}
            errors={errors}
            value={v('applicant.fullName')}
            required
            autocomplete={mode.kind === 'volunteer' ? 'off' : 'name'}
          />
          <Field
            name="applicant.citizenId"
            label={t('desk.citizenId')}
            errors={errors}
            value={v('applicant.citizenId')}
            required
            inputmode="numeric"
            pattern="[0-9]{12}"
            autocomplete="off"
            hint={t('portal.citizenIdHint')}
          />
          <Field
            name="applicant.dateOfBirth"
            label={t('desk.dateOfBirth')}
            type="date"
            errors={errors}
            value={v('applicant.dateOfBirth')}
            max={today}
          />
          <Field
            name="applicant.phone"
            label={t('desk.phone')}
            type="tel"
            errors={errors}
            value={v('applicant.phone')}
            autocomplete={mode.kind === 'volunteer' ? 'off' : 'tel'}
            hint={t('portal.phoneHint')}
          />
          <Field
            name="applicant.address"
            label={t('desk.address')}
            errors={errors}
            value={v('applicant.address')}
          />
        </Card>
        {birthFacts && <BirthFacts page={page} values={values} errors={errors} today={today} />}
        <Card title={t('desk.components')}>
          <p class="hint">{t('portal.filesHint')}</p>
          {errors['components'] !== undefined && (
            <p class="error" id="components">
              {errors['components']}
            </p>
          )}
          {p.components.map((c, i) => {
            const file = `components.${i}.file`;
            const reused = `components.${i}.reusedFromData`;
            const eForm = birthFacts && c.code === 'to_khai';
            return (
              <fieldset>
                <legend>
                  {nameIn(page, c.nameVi, c.nameEn)}{' '}
                  <span class="muted">
                    ({c.required ? t('form.required') : t('portal.ifApplies')})
                  </span>
                </legend>
                {eForm ? (
                  <p class="valid">{t('portal.eForm')}</p>
                ) : (
                  <>
                    {c.reusableFromData.length > 0 && (
                      <label class="inline">
                        <input
                          type="checkbox"
                          id={reused}
                          name={reused}
                          checked={checked(reused)}
                        />{' '}
                        {t('portal.useData')}
                      </label>
                    )}
                    {errors[reused] !== undefined && <p class="error">{errors[reused]}</p>}
                    <label for={file}>{t('desk.componentFile')}</label>
                    {errors[file] !== undefined && (
                      <p class="error" id={`${file}-error`}>
                        {errors[file]}
                      </p>
                    )}
                    <input
                      type="file"
                      id={file}
                      name={file}
                      accept="application/pdf,image/jpeg,image/png"
                      aria-invalid={errors[file] !== undefined ? 'true' : undefined}
                      aria-describedby={errors[file] !== undefined ? `${file}-error` : undefined}
                    />
                  </>
                )}
              </fieldset>
            );
          })}
        </Card>
        <Card title={t('portal.whereTitle')}>
          {errors['procedureCode'] !== undefined && (
            <p class="error" id="procedureCode">
              {errors['procedureCode']}
            </p>
          )}
          <SelectField
            name="competentUnitCode"
            label={t('portal.competentUnit')}
            errors={errors}
            value={v('competentUnitCode')}
            options={[
              ...(units.length > 1 ? [{ value: '', label: t('portal.chooseUnit') }] : []),
              ...units.map((u) => ({ value: u.code, label: u.name })),
            ]}
          />
          <p class="hint">{t('portal.competentHint')}</p>
          <SelectField
            name="resultDelivery"
            label={t('desk.resultDelivery')}
            errors={errors}
            value={v('resultDelivery')}
            options={deliveries.map((d) => ({ value: d, label: t(`delivery.${d}`) }))}
          />
        </Card>
        <Card title={t('desk.fee')}>
          {exemptions.length > 0 && (
            <fieldset>
              <legend>{t('desk.exemptions')}</legend>
              <p class="hint">{t('portal.exemptionsHint')}</p>
              {exemptions.map((e) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={`exemption-${e}`}
                    checked={checked(`exemption-${e}`)}
                  />{' '}
                  {t(`exemption.${e}`)}
                </label>
              ))}
            </fieldset>
          )}
          {p.fees.some((f) => f.basis === 'per_copy') && (
            <Field
              name="copies"
              label={t('desk.copies')}
              errors={errors}
              value={v('copies') || '0'}
              inputmode="numeric"
              pattern="[0-9]{1,2}"
            />
          )}
          <p class="hint">{t('portal.feeHint')}</p>
        </Card>
        <button type="submit">{t('portal.submit')}</button>
      </form>
    </Layout>
  );
}

/** The birth's facts, named as on the registration form (facts.child.…) under `civil.`. */
function BirthFacts({
  page,
  values,
  errors,
  today,
}: {
  page: PageContext;
  values: FilingFormValues;
  errors: FieldErrors;
  today: string;
}) {
  const { t } = page;
  const v = (k: string) => values[`civil.${k}`] ?? '';
  const f = (k: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={`civil.${k}`} label={label} errors={errors} value={v(k)} {...extra} />
  );
  return (
    <Card title={t('portal.birthFacts')}>
      <fieldset>
        <legend>{t('civilPage.child')}</legend>
        {f('facts.child.fullName', t('civilPage.fullName'), { required: true })}
        <SelectField
          name="civil.facts.child.sex"
          label={t('civilPage.sex')}
          errors={errors}
          value={v('facts.child.sex')}
          options={[
            { value: 'female', label: t('civilPage.female') },
            { value: 'male', label: t('civilPage.male') },
          ]}
        />
        {f('facts.child.dateOfBirth', t('civilPage.dateOfBirth'), {
          type: 'date',
          required: true,
          max: today,
        })}
        {f('facts.child.placeOfBirth', t('civilPage.placeOfBirth'), { required: true })}
        {f('facts.child.hometown', t('civilPage.hometown'))}
        {f('facts.child.ethnicity', t('civilPage.ethnicity'), {
          value: v('facts.child.ethnicity') || 'Kinh',
        })}
        {f('facts.child.nationality', t('civilPage.nationality'), {
          value: v('facts.child.nationality') || 'Việt Nam',
        })}
        <SelectField
          name="civil.facts.evidence"
          label={t('civilPage.evidence')}
          errors={errors}
          value={v('facts.evidence')}
          options={(['birth_notice', 'witness_statement', 'abandonment_record'] as const).map(
            (e) => ({ value: e, label: t(`civilEvidence.${e}`) }),
          )}
        />
      </fieldset>
      {(['mother', 'father'] as const).map((parent) => (
        <fieldset>
          <legend>{t(`civilPage.${parent}`)}</legend>
          <p class="hint">{t('civilPage.parentHint')}</p>
          {f(`facts.${parent}.fullName`, t('civilPage.fullName'))}
          {f(`facts.${parent}.birthYear`, t('civilPage.birthYear'), {
            inputmode: 'numeric',
            pattern: '[0-9]{4}',
          })}
          {f(`facts.${parent}.citizenId`, t('civilPage.citizenId'), {
            inputmode: 'numeric',
            pattern: '[0-9]{12}',
            autocomplete: 'off',
          })}
          {f(`facts.${parent}.residence`, t('civilPage.residence'))}
        </fieldset>
      ))}
      {f('declarant.relationship', t('portal.relationship'), { required: true })}
    </Card>
  );
}

export function FiledPage({
  page,
  view,
  token,
  unitName,
  qrSvg,
}: {
  page: PageContext;
  view: FilingView;
  token: string;
  unitName: string;
  /** The fee's VietQR code as inline SVG, when a transfer is due. */
  qrSvg: string | null;
}) {
  const { t, lang } = page;
  const d = view.dossier;
  const base = `/portal/filed/${encodeURIComponent(d.code)}`;
  return (
    <Layout page={page} title={t('portal.filedTitle')}>
      <h1>{t('portal.filedTitle')}</h1>
      <p class="valid" role="status">
        {t('portal.filed')} <strong>{d.code}</strong>
      </p>
      <Card>
        <dl class="facts">
          <dt>{t('dossiers.procedure')}</dt>
          <dd>{d.procedureName}</dd>
          <dt>{t('dossiers.status')}</dt>
          <dd>{t(`dossierStatus.${d.status}`)}</dd>
          <dt>{t('portal.competentUnit')}</dt>
          <dd>{unitName}</dd>
          <dt>{t('portal.filedAt')}</dt>
          <dd>{formatDateTime(lang, d.submittedAt)}</dd>
          {d.assistedBy !== null && (
            <>
              <dt>{t('portal.assistedByLabel')}</dt>
              <dd>{d.assistedBy}</dd>
            </>
          )}
        </dl>
        <p>{t('portal.filedNext', { unit: unitName })}</p>
        <p>
          <a class="button" href={`${base}/receipt.pdf?k=${token}`}>
            {t('portal.receipt')}
          </a>
        </p>
        <p>
          <a href={`/track?code=${encodeURIComponent(d.code)}`}>{t('portal.trackLink')}</a>
        </p>
      </Card>
      <Card title={t('desk.fee')}>
        {d.fee.totalVnd === 0 ? (
          <p>{t('portal.noFeeDue')}</p>
        ) : view.payment === null ? (
          <p>
            {money(page, d.fee.totalVnd)}. {t('portal.payAtDesk')}
          </p>
        ) : (
          <>
            <p>
              <strong>
                {t('portal.payTitle', { amount: money(page, view.payment.amountVnd) })}
              </strong>
            </p>
            <p>{t('portal.payHint')}</p>
            {qrSvg !== null && (
              <div
                class="qr"
                role="img"
                aria-label={t('portal.qrLabel')}
                dangerouslySetInnerHTML={{ __html: qrSvg }}
              />
            )}
            <dl class="facts">
              <dt>{t('portal.bank')}</dt>
              <dd>{view.payment.bankName}</dd>
              <dt>{t('portal.account')}</dt>
              <dd>
                {view.payment.accountNumber} — {view.payment.accountName}
              </dd>
              <dt>{t('portal.transferNote')}</dt>
              <dd>{d.code}</dd>
            </dl>
          </>
        )}
      </Card>
    </Layout>
  );
}
