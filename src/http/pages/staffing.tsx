// Staffing (nhân sự): a month chooser (GET, so the page can be bookmarked); at the province
// the ranking of its communes by dossiers per officer with the flags, the officers who handled
// dossiers outside their field and the fields a commune has nobody for; at a commune (or one
// commune at the hub) its officers with their field and workload, the administrator's form to
// set a field beside each; and the fields with the sectors they handle.
import type { CommuneStaffing, OfficerWorkload, Staffing } from '../../application/staffing.js';
import type { StaffingData } from '../../domain/staffing.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { formatNumber } from '../../i18n/messages.js';
import { CsrfField, MonthField, SelectField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface StaffingForm {
  readonly month: string;
  readonly unitCode: string;
}

/** A field form that failed: whose, what was chosen, and the message. */
export interface FieldEdit {
  readonly accountId: string;
  readonly value: string;
  readonly error: string;
}

const fieldSelectId = (accountId: string) => `field-${accountId}`;

export function StaffingPage({
  page,
  form,
  units,
  errors,
  staffing,
  data,
  canManage,
  edit,
  notice,
}: {
  page: PageContext;
  form: StaffingForm;
  /** The communes to choose from, at the hub; null at a commune. */
  units: readonly { code: string; name: string }[] | null;
  errors: FieldErrors;
  staffing: Staffing | null;
  data: StaffingData;
  /** The administrator at the hub: a form beside each officer to set their field. */
  canManage: boolean;
  edit?: FieldEdit;
  notice?: string;
}) {
  const { t, lang } = page;
  const summary = [
    ...Object.entries(errors).map(([field, message]) => ({ field, message })),
    ...(edit === undefined ? [] : [{ field: fieldSelectId(edit.accountId), message: edit.error }]),
  ];
  const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
  return (
    <Layout page={page} title={t('staffing.title')}>
      <h1>{t('staffing.title')}</h1>
      <p>{t('staffing.intro')}</p>
      {notice !== undefined && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary page={page} errors={summary} />
      <form method="get" action="/staffing" class="card">
        <MonthField
          label={t('staffing.month')}
          hint={t('dashboard.monthHint')}
          errors={errors}
          value={form.month}
        />
        {units !== null && (
          <SelectField
            name="unitCode"
            label={t('staffing.unit')}
            errors={errors}
            value={form.unitCode}
            options={[
              { value: page.node.provinceCode, label: t('staffing.wholeProvince') },
              ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
            ]}
          />
        )}
        <button type="submit">{t('staffing.show')}</button>
      </form>
      {staffing !== null && (
        <>
          <h2>
            {t('staffing.heading', {
              month: monthLabel(staffing.month),
              unit: staffing.scope.unitName,
            })}
          </h2>
          <p class="muted">{t('staffing.asOf', { at: formatDateTime(lang, staffing.asOf) })}</p>
          {staffing.scope.level === 'province' ? (
            <Province page={page} staffing={staffing} data={data} />
          ) : (
            <Commune
              page={page}
              staffing={staffing}
              data={data}
              canManage={canManage}
              {...(edit === undefined ? {} : { edit })}
            />
          )}
          <Fields page={page} data={data} />
        </>
      )}
    </Layout>
  );
}

const csvHref = (staffing: Staffing) =>
  `/staffing.csv?${new URLSearchParams({ month: staffing.month, unitCode: staffing.scope.unitCode }).toString()}`;

function ratio(page: PageContext, value: number | null): string {
  return value === null ? '—' : formatNumber(page.lang, Math.round(value * 10) / 10);
}

function percent(page: PageContext, share: number | null): string {
  return share === null ? '—' : `${formatNumber(page.lang, Math.round(share * 1000) / 10)} %`;
}

function fieldName(page: PageContext, data: StaffingData, code: string | null): string {
  if (code === null) return page.t('staffing.noField');
  return data.fields.find((f) => f.code === code)?.name[page.lang] ?? code;
}

function sectorName(page: PageContext, data: StaffingData, code: string): string {
  return data.sectors.find((s) => s.sector === code)?.name[page.lang] ?? code;
}

function Flag({ page, commune }: { page: PageContext; commune: CommuneStaffing }) {
  if (commune.flag === null) return <>—</>;
  return (
    <span class={commune.flag === 'low' ? 'badge' : 'badge late'}>
      {page.t(`staffing.flag.${commune.flag}`)}
    </span>
  );
}

function Province({
  page,
  staffing,
  data,
}: {
  page: PageContext;
  staffing: Staffing;
  data: StaffingData;
}) {
  const { t, lang } = page;
  const n = (value: number) => formatNumber(lang, value);
  const outside = staffing.officers.filter((o) => o.mismatch.outside > 0);
  const gaps = staffing.communes.flatMap((c) => c.gaps.map((g) => ({ commune: c, gap: g })));
  const link = (unitCode: string) =>
    `/staffing?${new URLSearchParams({ month: staffing.month, unitCode }).toString()}`;
  return (
    <>
      <p>
        {t('staffing.rankingBasis', {
          high: n(staffing.thresholds.high),
          low: n(staffing.thresholds.low),
          median: ratio(page, staffing.median),
        })}{' '}
        <a href={csvHref(staffing)}>{t('staffing.csv')}</a>
      </p>
      {staffing.communes.length === 0 ? (
        <p>{t('staffing.noCommunes')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>{t('staffing.rankingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staffing.rank')}</th>
                <th scope="col">{t('staffing.commune')}</th>
                <th scope="col">{t('staffing.officers')}</th>
                {data.fields.map((f) => (
                  <th scope="col">
                    <abbr title={f.name[lang]}>{f.short[lang]}</abbr>
                  </th>
                ))}
                <th scope="col">{t('staffing.noField')}</th>
                <th scope="col">{t('staffing.received')}</th>
                <th scope="col">{t('staffing.perOfficer')}</th>
                <th scope="col">{t('staffing.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {staffing.communes.map((c) => (
                <tr>
                  <td>{n(c.rank)}</td>
                  <th scope="row">
                    <a href={link(c.unitCode)}>{c.unitName}</a> ({c.unitCode})
                  </th>
                  <td>{n(c.officers)}</td>
                  {data.fields.map((f) => (
                    <td>{n(c.byField.get(f.code) ?? 0)}</td>
                  ))}
                  <td>{n(c.byField.get(null) ?? 0)}</td>
                  <td>{n(c.received)}</td>
                  <td>{ratio(page, c.perOfficer)}</td>
                  <td>
                    <Flag page={page} commune={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {staffing.quietCommunes > 0 && (
        <p class="muted">{t('staffing.quiet', { count: staffing.quietCommunes })}</p>
      )}
      <h2>{t('staffing.outsideHeading')}</h2>
      <p>{t('staffing.outsideBasis')}</p>
      {outside.length === 0 ? (
        <p>{t('staffing.outsideNone')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffing.officer')}</th>
                <th scope="col">{t('staffing.commune')}</th>
                <th scope="col">{t('staffing.field')}</th>
                <th scope="col">{t('staffing.handled')}</th>
                <th scope="col">{t('staffing.outside')}</th>
                <th scope="col">{t('staffing.outsideShare')}</th>
                <th scope="col">{t('staffing.outsideSectors')}</th>
              </tr>
            </thead>
            <tbody>
              {outside.map((o) => (
                <tr>
                  <th scope="row">{o.name}</th>
                  <td>
                    <a href={link(o.unitCode)}>{o.unitName}</a>
                  </td>
                  <td>{fieldName(page, data, o.field)}</td>
                  <td>{n(o.handled)}</td>
                  <td>{n(o.mismatch.outside)}</td>
                  <td>{percent(page, o.mismatch.share)}</td>
                  <td>
                    {o.mismatch.sectors
                      .map((s) => `${sectorName(page, data, s.sector)}: ${n(s.count)}`)
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('staffing.gapsHeading')}</h2>
      {gaps.length === 0 ? (
        <p>{t('staffing.gapsNone')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffing.commune')}</th>
                <th scope="col">{t('staffing.sector')}</th>
                <th scope="col">{t('staffing.gapFields')}</th>
                <th scope="col">{t('staffing.received')}</th>
              </tr>
            </thead>
            <tbody>
              {gaps.map(({ commune, gap }) => (
                <tr>
                  <th scope="row">
                    <a href={link(commune.unitCode)}>{commune.unitName}</a>
                  </th>
                  <td>{sectorName(page, data, gap.sector)}</td>
                  <td>{gap.fields.map((f) => fieldName(page, data, f)).join(', ')}</td>
                  <td>{n(gap.received)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Commune({
  page,
  staffing,
  data,
  canManage,
  edit,
}: {
  page: PageContext;
  staffing: Staffing;
  data: StaffingData;
  canManage: boolean;
  edit?: FieldEdit;
}) {
  const { t, lang } = page;
  const n = (value: number) => formatNumber(lang, value);
  const commune = staffing.communes[0];
  return (
    <>
      {commune !== undefined && (
        <p>
          {t('staffing.communeSummary', {
            officers: n(commune.officers),
            received: n(commune.received),
            perOfficer: ratio(page, commune.perOfficer),
          })}{' '}
          <a href={csvHref(staffing)}>{t('staffing.csvOfficers')}</a>
        </p>
      )}
      {staffing.officers.length === 0 ? (
        <p>{t('staffing.noOfficers')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>{t('staffing.officersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staffing.officer')}</th>
                <th scope="col">{t('staffing.role')}</th>
                <th scope="col">{t('staffing.field')}</th>
                <th scope="col">{t('staffing.handled')}</th>
                <th scope="col">{t('staffing.receivedBy')}</th>
                <th scope="col">{t('staffing.assigned')}</th>
                <th scope="col">{t('staffing.finished')}</th>
                <th scope="col">{t('staffing.open')}</th>
                <th scope="col">{t('staffing.overdue')}</th>
                <th scope="col">{t('staffing.outside')}</th>
              </tr>
            </thead>
            <tbody>
              {staffing.officers.map((o) => (
                <tr>
                  <th scope="row">
                    {o.name}
                    {!o.active && <span class="hint"> ({t('staffing.inactive')})</span>}
                  </th>
                  <td>{t(`role.${o.role}`)}</td>
                  <td>
                    {canManage ? (
                      <FieldCell
                        page={page}
                        data={data}
                        officer={o}
                        staffing={staffing}
                        {...(edit?.accountId === o.accountId ? { edit } : {})}
                      />
                    ) : (
                      fieldName(page, data, o.field)
                    )}
                  </td>
                  <td>{n(o.handled)}</td>
                  <td>{n(o.received)}</td>
                  <td>{n(o.assigned)}</td>
                  <td>{n(o.finished)}</td>
                  <td>{n(o.open)}</td>
                  <td>{n(o.overdue)}</td>
                  <td>
                    {o.mismatch.outside === 0 ? (
                      n(0)
                    ) : (
                      <span class="badge late">
                        {t('staffing.outsideCell', {
                          count: n(o.mismatch.outside),
                          share: percent(page, o.mismatch.share),
                          sectors: o.mismatch.sectors
                            .map((s) => sectorName(page, data, s.sector))
                            .join(', '),
                        })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {commune !== undefined && commune.gaps.length > 0 && (
        <>
          <h2>{t('staffing.gapsHeading')}</h2>
          <ul>
            {commune.gaps.map((g) => (
              <li>
                {t('staffing.gapLine', {
                  sector: sectorName(page, data, g.sector),
                  count: n(g.received),
                  fields: g.fields.map((f) => fieldName(page, data, f)).join(', '),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The administrator's form for one officer's field, with its error when it failed. */
function FieldCell({
  page,
  data,
  officer,
  staffing,
  edit,
}: {
  page: PageContext;
  data: StaffingData;
  officer: OfficerWorkload;
  staffing: Staffing;
  edit?: FieldEdit;
}) {
  const { t, lang } = page;
  const id = fieldSelectId(officer.accountId);
  const chosen = edit?.value ?? officer.field ?? '';
  return (
    <form method="post" action={`/staffing/officers/${officer.accountId}/field`}>
      <CsrfField token={page.csrf} />
      <input type="hidden" name="month" value={staffing.month} />
      <input type="hidden" name="unitCode" value={staffing.scope.unitCode} />
      {edit !== undefined && (
        <p class="error" id={`${id}-error`}>
          {edit.error}
        </p>
      )}
      <select
        id={id}
        name="field"
        aria-label={t('staffing.fieldOf', { name: officer.name })}
        aria-invalid={edit !== undefined ? 'true' : undefined}
        aria-describedby={edit !== undefined ? `${id}-error` : undefined}
      >
        <option value="" selected={chosen === ''}>
          {t('staffing.noField')}
        </option>
        {data.fields.map((f) => (
          <option value={f.code} selected={chosen === f.code}>
            {f.short[lang]}
          </option>
        ))}
        {chosen !== '' && !data.fields.some((f) => f.code === chosen) && (
          <option value={chosen} selected>
            {chosen}
          </option>
        )}
      </select>{' '}
      <button type="submit" class="secondary">
        {t('staffing.save')}
      </button>
    </form>
  );
}

/** The fields, the sectors each handles, and their office since 2025 (informative). */
function Fields({ page, data }: { page: PageContext; data: StaffingData }) {
  const { t, lang } = page;
  return (
    <>
      <h2>{t('staffing.fieldsHeading')}</h2>
      <p class="muted">{t('staffing.fieldsBasis')}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('staffing.field')}</th>
              <th scope="col">{t('staffing.fieldSectors')}</th>
              <th scope="col">{t('staffing.office2025')}</th>
            </tr>
          </thead>
          <tbody>
            {data.fields.map((f) => {
              const sectors = data.sectors.filter((s) => s.fields.includes(f.code));
              const office = data.offices2025.find((o) => o.code === f.office2025);
              return (
                <tr>
                  <th scope="row">{f.name[lang]}</th>
                  <td>
                    {f.receivesAll
                      ? t('staffing.receivesAll')
                      : sectors.length === 0
                        ? '—'
                        : sectors
                            .map(
                              (s) =>
                                `${s.name[lang]}${s.confirmed ? '' : ` (${t('staffing.unconfirmed')})`}`,
                            )
                            .join(', ')}
                  </td>
                  <td>
                    {office?.name[lang] ?? f.office2025}
                    {office !== undefined && !office.confirmed && ` (${t('staffing.unconfirmed')})`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
