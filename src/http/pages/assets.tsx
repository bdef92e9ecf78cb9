// Public assets (tài sản công): a unit's register with the forms to add an asset and to report
// a facility need; one asset's page with its edit form and versions; one need's page with the
// form that settles it; and, at the hub, the province's overview of empty or deteriorating
// assets beside the communes that lack facilities. Every form posts with its CSRF token and
// works without script; a refused form comes back with what was typed and the errors.
import type {
  AssetDetail,
  AssetOverview,
  AssetRegister,
  AssetView,
  FacilityNeedView,
  NeedWithCandidates,
} from '../../application/assets.js';
import {
  assetConditions,
  assetKinds,
  assetUses,
  facilityNeedKinds,
  needResolutions,
  servingKinds,
} from '../../domain/assets.js';
import { formatDate, formatDateTime } from '../../i18n/format-time.js';
import { formatNumber } from '../../i18n/messages.js';
import { Card, CsrfField, Field, SelectField, TextArea, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface AssetFormValues {
  readonly name: string;
  readonly kind: string;
  readonly address: string;
  readonly formerUnit: string;
  readonly landArea: string;
  readonly floorArea: string;
  readonly condition: string;
  readonly use: string;
  readonly vacantSince: string;
  readonly notes: string;
  readonly version?: string;
}

export const emptyAssetForm: AssetFormValues = {
  name: '',
  kind: 'headquarters',
  address: '',
  formerUnit: '',
  landArea: '',
  floorArea: '',
  condition: 'good',
  use: 'main_office',
  vacantSince: '',
  notes: '',
};

export interface NeedFormValues {
  readonly needKind: string;
  readonly areaNeeded: string;
  readonly explanation: string;
}

export const emptyNeedForm: NeedFormValues = {
  needKind: 'headquarters',
  areaNeeded: '',
  explanation: '',
};

export interface ResolveFormValues {
  readonly resolution: string;
  readonly note: string;
}

export const emptyResolveForm: ResolveFormValues = { resolution: 'asset_assigned', note: '' };

/** An area as the form shows it back: the figure, with a comma in Vietnamese. */
export function areaFormValue(m2: number | null, lang: PageContext['lang']): string {
  if (m2 === null) return '';
  return lang === 'vi' ? String(m2).replace('.', ',') : String(m2);
}

/** The edit form filled from the asset's current version. */
export function assetFormOf(a: AssetView, lang: PageContext['lang']): AssetFormValues {
  return {
    name: a.name,
    kind: a.kind,
    address: a.address,
    formerUnit: a.formerUnit,
    landArea: areaFormValue(a.landAreaM2, lang),
    floorArea: areaFormValue(a.floorAreaM2, lang),
    condition: a.condition,
    use: a.use,
    vacantSince: a.vacantSince ?? '',
    notes: a.notes,
    version: String(a.version),
  };
}

const summaryOf = (errors: FieldErrors) =>
  Object.entries(errors).map(([field, message]) => ({ field, message }));

function Notice({ text }: { text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

function Area({ page, m2 }: { page: PageContext; m2: number | null }) {
  if (m2 === null) return <>—</>;
  return <>{`${formatNumber(page.lang, m2)} m²`}</>;
}

/** "14 months (428 days)" or, under a month, "12 days". */
export function vacancyText(page: PageContext, vacancy: AssetView['vacancy']): string {
  if (vacancy === null) return '';
  return vacancy.months > 0
    ? page.t('assets.vacantFor', { months: vacancy.months, days: vacancy.days })
    : page.t('assets.vacantForDays', { days: vacancy.days });
}

function UseCell({ page, asset }: { page: PageContext; asset: AssetView }) {
  const { t } = page;
  return (
    <>
      {t(`assets.use.${asset.use}`)}
      {asset.vacantSince !== null && (
        <>
          <br />
          <span class="hint">
            {t('assets.since', { date: formatDate(page.lang, asset.vacantSince) })}
            {asset.vacancy !== null && ` — ${vacancyText(page, asset.vacancy)}`}
          </span>
        </>
      )}
    </>
  );
}

function ConditionCell({ page, asset }: { page: PageContext; asset: AssetView }) {
  const label = page.t(`assets.condition.${asset.condition}`);
  return asset.condition === 'good' ? <>{label}</> : <span class="badge late">{label}</span>;
}

function AssetTable({
  page,
  assets,
  showUnit,
}: {
  page: PageContext;
  assets: readonly AssetView[];
  showUnit: boolean;
}) {
  const { t } = page;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            {showUnit && <th scope="col">{t('assets.unit')}</th>}
            <th scope="col">{t('assets.name')}</th>
            <th scope="col">{t('assets.kind')}</th>
            <th scope="col">{t('assets.address')}</th>
            <th scope="col">{t('assets.formerUnit')}</th>
            <th scope="col">{t('assets.landArea')}</th>
            <th scope="col">{t('assets.floorArea')}</th>
            <th scope="col">{t('assets.condition')}</th>
            <th scope="col">{t('assets.use')}</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr id={`asset-${a.id}`}>
              {showUnit && (
                <td>
                  {a.unitName} ({a.unitCode})
                </td>
              )}
              <th scope="row">
                <a href={`/assets/${a.id}`}>{a.name}</a>
              </th>
              <td>{t(`assets.kind.${a.kind}`)}</td>
              <td>{a.address}</td>
              <td>{a.formerUnit === '' ? '—' : a.formerUnit}</td>
              <td>
                <Area page={page} m2={a.landAreaM2} />
              </td>
              <td>
                <Area page={page} m2={a.floorAreaM2} />
              </td>
              <td>
                <ConditionCell page={page} asset={a} />
              </td>
              <td>
                <UseCell page={page} asset={a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssetFields({
  page,
  values,
  errors,
}: {
  page: PageContext;
  values: AssetFormValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  return (
    <>
      <Field name="name" label={t('assets.name')} errors={errors} value={values.name} required />
      <SelectField
        name="kind"
        label={t('assets.kind')}
        errors={errors}
        value={values.kind}
        options={assetKinds.map((k) => ({ value: k, label: t(`assets.kind.${k}`) }))}
      />
      <Field
        name="address"
        label={t('assets.address')}
        errors={errors}
        value={values.address}
        required
      />
      <Field
        name="formerUnit"
        label={`${t('assets.formerUnit')} (${t('form.optional')})`}
        hint={t('assets.formerUnitHint')}
        errors={errors}
        value={values.formerUnit}
      />
      <Field
        name="landArea"
        label={`${t('assets.landArea')} (${t('form.optional')})`}
        hint={t('assets.areaHint')}
        errors={errors}
        value={values.landArea}
        inputmode="text"
      />
      <Field
        name="floorArea"
        label={`${t('assets.floorArea')} (${t('form.optional')})`}
        hint={t('assets.areaHint')}
        errors={errors}
        value={values.floorArea}
        inputmode="text"
      />
      <SelectField
        name="condition"
        label={t('assets.condition')}
        errors={errors}
        value={values.condition}
        options={assetConditions.map((c) => ({ value: c, label: t(`assets.condition.${c}`) }))}
      />
      <SelectField
        name="use"
        label={t('assets.use')}
        errors={errors}
        value={values.use}
        options={assetUses.map((u) => ({ value: u, label: t(`assets.use.${u}`) }))}
      />
      <Field
        name="vacantSince"
        type="date"
        label={t('assets.vacantSince')}
        hint={t('assets.vacantSinceHint')}
        errors={errors}
        value={values.vacantSince}
        min="2000-01-01"
      />
      <TextArea
        name="notes"
        label={`${t('assets.notes')} (${t('form.optional')})`}
        errors={errors}
        value={values.notes}
      />
    </>
  );
}

function NeedTable({
  page,
  needs,
  showUnit,
}: {
  page: PageContext;
  needs: readonly FacilityNeedView[];
  showUnit: boolean;
}) {
  const { t, lang } = page;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            {showUnit && <th scope="col">{t('assets.unit')}</th>}
            <th scope="col">{t('assets.needKind')}</th>
            <th scope="col">{t('assets.areaNeeded')}</th>
            <th scope="col">{t('assets.explanation')}</th>
            <th scope="col">{t('assets.reportedOn')}</th>
            <th scope="col">{t('assets.needStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {needs.map((n) => (
            <tr id={`need-${n.id}`}>
              {showUnit && (
                <td>
                  {n.unitName} ({n.unitCode})
                </td>
              )}
              <th scope="row">
                <a href={`/assets/needs/${n.id}`}>{t(`assets.needKind.${n.kind}`)}</a>
              </th>
              <td>
                <Area page={page} m2={n.areaNeededM2} />
              </td>
              <td>{n.explanation}</td>
              <td>{formatDate(lang, n.reportedOn)}</td>
              <td>
                {n.status === 'open' || n.resolution === null ? (
                  <span class="badge late">{t('assets.needOpen')}</span>
                ) : (
                  <>
                    {t(`assets.resolution.${n.resolution}`)} ({formatDate(lang, n.resolvedOn)})
                    <br />
                    <span class="hint">{n.resolutionNote}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ── The register ────────────────────────────────────────────────────────────────────────────

export function AssetRegisterPage({
  page,
  register,
  units,
  unitCode,
  unitErrors,
  assetForm,
  assetErrors,
  needForm,
  needErrors,
  notice,
}: {
  page: PageContext;
  /** Null when the unit asked for could not be read (its error is in unitErrors). */
  register: AssetRegister | null;
  /** The units to choose from, at the hub; null at a commune. */
  units: readonly { code: string; name: string }[] | null;
  unitCode: string;
  unitErrors: FieldErrors;
  assetForm: AssetFormValues;
  assetErrors: FieldErrors;
  needForm: NeedFormValues;
  needErrors: FieldErrors;
  notice?: string;
}) {
  const { t } = page;
  const csvQuery = unitCode === '' ? '' : `?unitCode=${encodeURIComponent(unitCode)}`;
  return (
    <Layout page={page} title={t('assets.title')}>
      <h1>{t('assets.title')}</h1>
      <p>{t('assets.intro')}</p>
      <Notice text={notice} />
      <ErrorSummary
        page={page}
        errors={summaryOf({ ...unitErrors, ...assetErrors, ...needErrors })}
      />
      {units !== null && (
        <form method="get" action="/assets" class="card">
          <SelectField
            name="unitCode"
            label={t('assets.unit')}
            errors={unitErrors}
            value={unitCode}
            options={[
              { value: '', label: page.node.unitName },
              ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
            ]}
          />
          <button type="submit">{t('assets.show')}</button>{' '}
          <a href="/assets/overview">{t('assets.overviewLink')}</a>
        </form>
      )}
      {register !== null && (
        <>
          <section class="card" aria-labelledby="register-heading">
            <h2 id="register-heading">
              {t('assets.registerHeading', { unit: register.scope.unitName })}
            </h2>
            {register.assets.length === 0 ? (
              <p>{t('assets.none')}</p>
            ) : (
              <AssetTable page={page} assets={register.assets} showUnit={false} />
            )}
            <p>
              <a href={`/assets.csv${csvQuery}`}>{t('assets.csv')}</a>
            </p>
          </section>
          {register.canManage && (
            <Card title={t('assets.add')}>
              <form method="post" action="/assets" id="asset-form">
                <CsrfField token={page.csrf} />
                <AssetFields page={page} values={assetForm} errors={assetErrors} />
                <button type="submit">{t('assets.add')}</button>
              </form>
            </Card>
          )}
          {(register.canReportNeeds || register.needs.length > 0) && (
            <section class="card" aria-labelledby="needs-heading">
              <h2 id="needs-heading">{t('assets.needsHeading')}</h2>
              <p>{t('assets.needsIntro')}</p>
              {register.needs.length === 0 ? (
                <p>{t('assets.needsNone')}</p>
              ) : (
                <NeedTable page={page} needs={register.needs} showUnit={false} />
              )}
            </section>
          )}
          {register.canReportNeeds && (
            <Card title={t('assets.report')}>
              <form method="post" action="/assets/needs" id="need-form">
                <CsrfField token={page.csrf} />
                <SelectField
                  name="needKind"
                  label={t('assets.needKind')}
                  errors={needErrors}
                  value={needForm.needKind}
                  options={facilityNeedKinds.map((k) => ({
                    value: k,
                    label: t(`assets.needKind.${k}`),
                  }))}
                />
                <Field
                  name="areaNeeded"
                  label={t('assets.areaNeeded')}
                  hint={t('assets.areaHint')}
                  errors={needErrors}
                  value={needForm.areaNeeded}
                  required
                />
                <TextArea
                  name="explanation"
                  label={t('assets.explanation')}
                  hint={t('assets.explanationHint')}
                  errors={needErrors}
                  value={needForm.explanation}
                  required
                />
                <button type="submit">{t('assets.report')}</button>
              </form>
            </Card>
          )}
        </>
      )}
    </Layout>
  );
}

// ── One asset ───────────────────────────────────────────────────────────────────────────────

export function AssetPage({
  page,
  detail,
  form,
  errors,
  notice,
}: {
  page: PageContext;
  detail: AssetDetail;
  form: AssetFormValues;
  errors: FieldErrors;
  notice?: string;
}) {
  const { t, lang } = page;
  const a = detail.asset;
  return (
    <Layout page={page} title={a.name}>
      <p>
        <a href={a.unitCode === page.node.unitCode ? '/assets' : `/assets?unitCode=${a.unitCode}`}>
          {t('assets.back')}
        </a>
      </p>
      <h1>{a.name}</h1>
      <Notice text={notice} />
      <dl class="facts">
        <dt>{t('assets.unit')}</dt>
        <dd>
          {a.unitName} ({a.unitCode})
        </dd>
        <dt>{t('assets.kind')}</dt>
        <dd>{t(`assets.kind.${a.kind}`)}</dd>
        <dt>{t('assets.address')}</dt>
        <dd>{a.address}</dd>
        <dt>{t('assets.formerUnit')}</dt>
        <dd>{a.formerUnit === '' ? '—' : a.formerUnit}</dd>
        <dt>{t('assets.landArea')}</dt>
        <dd>
          <Area page={page} m2={a.landAreaM2} />
        </dd>
        <dt>{t('assets.floorArea')}</dt>
        <dd>
          <Area page={page} m2={a.floorAreaM2} />
        </dd>
        <dt>{t('assets.condition')}</dt>
        <dd>
          <ConditionCell page={page} asset={a} />
        </dd>
        <dt>{t('assets.use')}</dt>
        <dd>
          <UseCell page={page} asset={a} />
        </dd>
        <dt>{t('assets.notes')}</dt>
        <dd>{a.notes === '' ? '—' : a.notes}</dd>
      </dl>
      {detail.canManage && (
        <Card title={t('assets.edit')}>
          <ErrorSummary page={page} errors={summaryOf(errors)} />
          {(['version', 'asset'] as const).map(
            (field) =>
              errors[field] !== undefined && (
                <p class="error" id={field}>
                  {errors[field]}
                </p>
              ),
          )}
          <form method="post" action={`/assets/${a.id}`} id="asset-form">
            <CsrfField token={page.csrf} />
            <input type="hidden" name="version" value={form.version ?? String(a.version)} />
            <AssetFields page={page} values={form} errors={errors} />
            <button type="submit">{t('assets.save')}</button>
          </form>
        </Card>
      )}
      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('assets.history')}</h2>
        <ol>
          {detail.history.map((h) => (
            <li>
              {t('assets.historyEntry', {
                version: h.version,
                at: formatDateTime(lang, h.at),
                by: h.by ?? '—',
              })}
              {h.changed.length > 0 &&
                ` — ${t('assets.changed')}: ${h.changed.map((f) => t(`assets.field.${f}`)).join(', ')}`}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

// ── One facility need ───────────────────────────────────────────────────────────────────────

export function NeedPage({
  page,
  need,
  canManage,
  form,
  errors,
}: {
  page: PageContext;
  need: FacilityNeedView;
  canManage: boolean;
  form: ResolveFormValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const title = t('assets.needTitle', { kind: t(`assets.needKind.${need.kind}`) });
  return (
    <Layout page={page} title={title}>
      <p>
        <a href="/assets">{t('assets.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary page={page} errors={summaryOf(errors)} />
      <NeedTable page={page} needs={[need]} showUnit={true} />
      {canManage && need.status === 'open' && (
        <Card title={t('assets.resolve')}>
          <form method="post" action={`/assets/needs/${need.id}/resolve`}>
            <CsrfField token={page.csrf} />
            <SelectField
              name="resolution"
              label={t('assets.resolution')}
              errors={errors}
              value={form.resolution}
              options={needResolutions.map((r) => ({
                value: r,
                label: t(`assets.resolution.${r}`),
              }))}
            />
            <TextArea
              name="note"
              label={t('assets.resolutionNote')}
              errors={errors}
              value={form.note}
              required
            />
            <button type="submit">{t('assets.resolve')}</button>
          </form>
        </Card>
      )}
    </Layout>
  );
}

// ── The province's overview ────────────────────────────────────────────────────────────────

export interface OverviewFormValues {
  readonly unitCode: string;
  readonly condition: string;
  readonly use: string;
}

function CandidateList({ page, need }: { page: PageContext; need: NeedWithCandidates }) {
  const { t } = page;
  if (need.candidates.length === 0) return <>{t('assets.noCandidates')}</>;
  return (
    <ul>
      {need.candidates.map((c) => (
        <li>
          <a href={`/assets/${c.id}`}>{c.name}</a> — {c.unitName},{' '}
          <Area page={page} m2={c.floorAreaM2} />, {t(`assets.use.${c.use}`)}
          {c.vacancy !== null && `, ${vacancyText(page, c.vacancy)}`}
        </li>
      ))}
    </ul>
  );
}

export function AssetOverviewPage({
  page,
  units,
  form,
  errors,
  overview,
}: {
  page: PageContext;
  units: readonly { code: string; name: string }[];
  form: OverviewFormValues;
  errors: FieldErrors;
  overview: AssetOverview | null;
}) {
  const { t, lang } = page;
  const query = new URLSearchParams(
    Object.entries(form).filter(([, v]) => v !== '') as [string, string][],
  ).toString();
  const csv = (table: string) =>
    `/assets/overview.csv?${query === '' ? '' : `${query}&`}table=${table}`;
  return (
    <Layout page={page} title={t('assets.overviewTitle')}>
      <h1>{t('assets.overviewTitle')}</h1>
      <p>{t('assets.overviewIntro')}</p>
      <ErrorSummary page={page} errors={summaryOf(errors)} />
      <form method="get" action="/assets/overview" class="card">
        <SelectField
          name="unitCode"
          label={t('assets.unit')}
          errors={errors}
          value={form.unitCode}
          options={[
            { value: '', label: t('assets.allUnits') },
            {
              value: page.node.provinceCode,
              label: `${page.node.unitName} (${page.node.provinceCode})`,
            },
            ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
          ]}
        />
        <SelectField
          name="condition"
          label={t('assets.condition')}
          errors={errors}
          value={form.condition}
          options={[
            { value: '', label: t('assets.any') },
            ...assetConditions.map((c) => ({ value: c, label: t(`assets.condition.${c}`) })),
          ]}
        />
        <SelectField
          name="use"
          label={t('assets.use')}
          errors={errors}
          value={form.use}
          options={[
            { value: '', label: t('assets.any') },
            ...assetUses.map((u) => ({ value: u, label: t(`assets.use.${u}`) })),
          ]}
        />
        <button type="submit">{t('assets.show')}</button>
      </form>
      {overview !== null && (
        <>
          <section class="card" aria-labelledby="attention-heading">
            <h2 id="attention-heading">{t('assets.attentionHeading')}</h2>
            <p>
              {t('assets.attentionCount', { count: overview.assets.length })}{' '}
              {t('assets.asOf', { date: formatDate(lang, overview.today) })}
            </p>
            {overview.assets.length > 0 && (
              <AssetTable page={page} assets={overview.assets} showUnit={true} />
            )}
            <p>
              <a href={csv('assets')}>{t('assets.csv')}</a>
            </p>
          </section>
          <section class="card" aria-labelledby="lacking-heading">
            <h2 id="lacking-heading">{t('assets.lackingHeading')}</h2>
            <p class="hint">{t('assets.matchRule')}</p>
            {overview.needs.length === 0 ? (
              <p>{t('assets.needsNone')}</p>
            ) : (
              <div class="table-wrap" tabindex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('assets.unit')}</th>
                      <th scope="col">{t('assets.needKind')}</th>
                      <th scope="col">{t('assets.areaNeeded')}</th>
                      <th scope="col">{t('assets.explanation')}</th>
                      <th scope="col">{t('assets.reportedOn')}</th>
                      <th scope="col">{t('assets.candidates')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.needs.map((n) => (
                      <tr id={`need-${n.id}`}>
                        <th scope="row">
                          {n.unitName} ({n.unitCode})
                        </th>
                        <td>
                          {t(`assets.needKind.${n.kind}`)}
                          <br />
                          <span class="hint">
                            {t('assets.servedBy', {
                              kinds: servingKinds[n.kind]
                                .map((k) => t(`assets.kind.${k}`))
                                .join(', '),
                            })}
                          </span>
                        </td>
                        <td>
                          <Area page={page} m2={n.areaNeededM2} />
                        </td>
                        <td>{n.explanation}</td>
                        <td>{formatDate(lang, n.reportedOn)}</td>
                        <td>
                          <CandidateList page={page} need={n} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p>
              <a href={csv('needs')}>{t('assets.csvNeeds')}</a>
            </p>
          </section>
        </>
      )}
    </Layout>
  );
}
