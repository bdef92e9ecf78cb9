// The province dashboard: a month and a scope (the province or one commune) chosen with a GET
// form, then the Decision 766 indicators, the late dossiers, the work per commune and per
// specialist over the month, and the nodes' sync health. Each chart is inline SVG followed by
// the table with the same figures; each table can be downloaded as CSV.
import type { ComponentChildren } from 'preact';
import type { Dashboard, UnitFigures } from '../../application/dashboard.js';
import type { DashboardTable } from '../../application/dashboard-tables.js';
import { bucketLabel } from '../../domain/dashboard.js';
import {
  maxPointsNote,
  serviceIndexGroups,
  serviceIndexSource,
  type IndicatorResult,
} from '../../domain/service-index.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { formatNumber } from '../../i18n/messages.js';
import { BarChart, ColumnChart } from './charts.js';
import { MonthField, SelectField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

export interface DashboardForm {
  readonly month: string;
  readonly unitCode: string;
  readonly by: string;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function Section({
  id,
  title,
  csv,
  children,
}: {
  id: string;
  title: string;
  /** The address of the section's CSV file, with its link text. */
  csv?: { href: string; text: string };
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
      {csv !== undefined && (
        <p>
          <a href={csv.href}>{csv.text}</a>
        </p>
      )}
    </section>
  );
}

export function DashboardPage({
  page,
  form,
  units,
  errors,
  dashboard,
}: {
  page: PageContext;
  /** As asked for: shown back in the form even when it is wrong. */
  form: DashboardForm;
  /** The communes of the province, to choose from. */
  units: readonly { code: string; name: string }[];
  errors: FieldErrors;
  dashboard: Dashboard | null;
}) {
  const { t, lang } = page;
  const n = (value: number) => formatNumber(lang, value);
  const pct = (fraction: number | null) =>
    fraction === null ? '—' : `${formatNumber(lang, round(fraction * 100, 1))}%`;
  const pts = (value: number | null) => (value === null ? '—' : n(round(value, 2)));
  const csvOf =
    (shown: Dashboard): Csv =>
    (table) => {
      const query = new URLSearchParams({
        month: shown.month,
        unitCode: shown.scope.unitCode,
        by: shown.by,
        format: 'csv',
        table,
      });
      return { href: `/admin/dashboard?${query.toString()}`, text: t('dashboard.csv') };
    };
  const label = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
  return (
    <Layout page={page} title={t('dashboard.title')}>
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>
      <ErrorSummary
        page={page}
        errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
      />
      <form method="get" action="/admin/dashboard" class="card">
        <MonthField
          label={t('dashboard.month')}
          hint={t('dashboard.monthHint')}
          errors={errors}
          value={form.month}
        />
        <SelectField
          name="unitCode"
          label={t('dashboard.unit')}
          errors={errors}
          value={form.unitCode}
          options={[
            { value: page.node.provinceCode, label: t('dashboard.wholeProvince') },
            ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
          ]}
        />
        <SelectField
          name="by"
          label={t('dashboard.by')}
          errors={errors}
          value={form.by}
          options={[
            { value: 'week', label: t('dashboard.byWeek') },
            { value: 'day', label: t('dashboard.byDay') },
          ]}
        />
        <button type="submit">{t('dashboard.show')}</button>
      </form>
      {dashboard !== null && (
        <>
          <h2>
            {t('dashboard.heading', {
              month: label(dashboard.month),
              unit: dashboard.scope.unitName,
            })}
          </h2>
          <p class="muted">{t('dashboard.asOf', { at: formatDateTime(lang, dashboard.asOf) })}</p>
          <IndexSection
            page={page}
            dashboard={dashboard}
            pct={pct}
            pts={pts}
            csv={csvOf(dashboard)}
          />
          <LateSection page={page} dashboard={dashboard} csv={csvOf(dashboard)} />
          <WorkloadSection page={page} dashboard={dashboard} csv={csvOf(dashboard)} />
          <NodesSection
            page={page}
            dashboard={dashboard}
            csv={csvOf(dashboard)}
            unitName={(code) => units.find((u) => u.code === code)?.name ?? code}
          />
        </>
      )}
    </Layout>
  );
}

type Csv = (table: DashboardTable) => { href: string; text: string };

function IndicatorCells({
  page,
  i,
  pct,
  pts,
}: {
  page: PageContext;
  i: IndicatorResult;
  pct: (f: number | null) => string;
  pts: (v: number | null) => string;
}) {
  const { t, lang } = page;
  const target = i.target === null ? t('dashboard.noTarget') : pct(i.target);
  switch (i.support) {
    case 'scored':
      return (
        <>
          <td>
            {formatNumber(lang, i.numerator)} / {formatNumber(lang, i.denominator)}
          </td>
          <td>{i.rate === null ? t('dashboard.noData') : pct(i.rate)}</td>
          <td>{target}</td>
          <td>{pts(i.points)}</td>
          <td>{pts(i.maxPoints)}</td>
        </>
      );
    case 'measured':
      return (
        <>
          <td>—</td>
          <td>
            {i.value === null
              ? t('dashboard.noData')
              : t('dashboard.days', { days: formatNumber(lang, round(i.value, 1)) })}
          </td>
          <td>—</td>
          <td>{t('dashboard.notScored')}</td>
          <td>{pts(i.maxPoints)}</td>
        </>
      );
    case 'unsupported':
      return (
        <>
          <td colSpan={2}>
            {t('dashboard.unsupported')}: <span lang="vi">{i.reason}</span>
          </td>
          <td>{i.target === null ? '—' : target}</td>
          <td>—</td>
          <td>{pts(i.maxPoints)}</td>
        </>
      );
  }
}

function IndexSection({
  page,
  dashboard,
  pct,
  pts,
  csv,
}: {
  page: PageContext;
  dashboard: Dashboard;
  pct: (f: number | null) => string;
  pts: (v: number | null) => string;
  csv: Csv;
}) {
  const { t } = page;
  const { index } = dashboard.total;
  const province = dashboard.scope.unitCode.length === 2;
  const rate = (u: UnitFigures, id: string) => {
    const i = u.index.indicators.find((x) => x.id === id);
    return i?.support === 'scored' ? pct(i.rate) : '—';
  };
  const days = (u: UnitFigures) => {
    const i = u.index.indicators.find((x) => x.id === 'processing_days');
    return i?.support === 'measured' && i.value !== null
      ? formatNumber(page.lang, round(i.value, 1))
      : '—';
  };
  const unitRow = (u: UnitFigures, head: ComponentChildren) => (
    <tr>
      <th scope="row">{head}</th>
      <td>{formatNumber(page.lang, u.counts.handled)}</td>
      <td>{formatNumber(page.lang, u.counts.late)}</td>
      <td>{rate(u, 'on_time')}</td>
      <td>{formatNumber(page.lang, u.counts.received)}</td>
      <td>{rate(u, 'online_dossiers')}</td>
      <td>{rate(u, 'reused_data')}</td>
      <td>{rate(u, 'paid_online')}</td>
      <td>{rate(u, 'satisfaction')}</td>
      <td>{days(u)}</td>
      <td>
        {pts(u.index.points)} / {pts(u.index.maxPoints)}
      </td>
    </tr>
  );
  const ranked = [...dashboard.units].sort(
    (a, b) => b.index.points - a.index.points || a.unitCode.localeCompare(b.unitCode),
  );
  return (
    <>
      <Section id="index" title={t('dashboard.indexHeading')} csv={csv('indicators')}>
        <p>
          <strong>
            {t('dashboard.indexSummary', { points: pts(index.points), max: pts(index.maxPoints) })}
          </strong>
        </p>
        <div class="table-wrap" tabindex={0}>
          <table id="indicators">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.indicator')}</th>
                <th scope="col">{t('dashboard.ratio')}</th>
                <th scope="col">{t('dashboard.result')}</th>
                <th scope="col">{t('dashboard.target')}</th>
                <th scope="col">{t('dashboard.points')}</th>
                <th scope="col">{t('dashboard.maxPoints')}</th>
              </tr>
            </thead>
            {serviceIndexGroups.map((group) => (
              <tbody>
                <tr>
                  <th scope="colgroup" colSpan={6} lang="vi">
                    {group.number}. {group.name} ({pts(group.maxPoints)})
                  </th>
                </tr>
                {index.indicators
                  .filter((i) => i.group === group.id)
                  .map((i) => (
                    <tr>
                      <th scope="row" lang="vi">
                        {i.code} {i.name}
                        {i.support !== 'unsupported' && (
                          <>
                            <br />
                            <span class="hint">{i.formula}</span>
                          </>
                        )}
                      </th>
                      <IndicatorCells page={page} i={i} pct={pct} pts={pts} />
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </div>
        <p class="hint" lang="vi">
          {serviceIndexSource} {maxPointsNote}
        </p>
      </Section>
      <Section id="units" title={t('dashboard.unitsHeading')} csv={csv('units')}>
        {dashboard.units.length === 0 ? (
          <p>{t('dashboard.noUnits')}</p>
        ) : (
          <>
            {province && (
              <BarChart
                id="points-chart"
                title={t('dashboard.pointsChart')}
                description={t('dashboard.pointsChartDesc', { max: pts(index.maxPoints) })}
                caption={
                  <>
                    {t('dashboard.pointsChart')}. <a href="#by-unit">{t('dashboard.tableBelow')}</a>
                  </>
                }
                bars={ranked.map((u) => ({
                  label: u.unitName,
                  value: u.index.points,
                  text: `${pts(u.index.points)} / ${pts(u.index.maxPoints)}`,
                }))}
                max={Math.max(...ranked.map((u) => u.index.maxPoints), 1)}
              />
            )}
            <div class="table-wrap" tabindex={0}>
              <table id="by-unit">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.unitColumn')}</th>
                    <th scope="col">{t('dashboard.handled')}</th>
                    <th scope="col">{t('dashboard.lateCount')}</th>
                    <th scope="col">{t('dashboard.onTime')}</th>
                    <th scope="col">{t('dashboard.received')}</th>
                    <th scope="col">{t('dashboard.online')}</th>
                    <th scope="col">{t('dashboard.reused')}</th>
                    <th scope="col">{t('dashboard.paidOnline')}</th>
                    <th scope="col">{t('dashboard.satisfaction')}</th>
                    <th scope="col">{t('dashboard.avgDays')}</th>
                    <th scope="col">{t('dashboard.points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.units.map((u) => unitRow(u, `${u.unitName} (${u.unitCode})`))}
                </tbody>
                {province && <tfoot>{unitRow(dashboard.total, t('dashboard.provinceRow'))}</tfoot>}
              </table>
            </div>
          </>
        )}
      </Section>
    </>
  );
}

function LateSection({
  page,
  dashboard,
  csv,
}: {
  page: PageContext;
  dashboard: Dashboard;
  csv: Csv;
}) {
  const { t, lang } = page;
  const { late } = dashboard;
  return (
    <Section id="late" title={t('dashboard.lateHeading')} csv={csv('late')}>
      {late.total === 0 ? (
        <p>{t('dashboard.lateNone')}</p>
      ) : (
        <>
          <p>{t('dashboard.lateSummary', { count: late.total })}</p>
          {late.rows.length < late.total && (
            <p class="muted">{t('dashboard.lateShown', { shown: late.rows.length })}</p>
          )}
          <div class="table-wrap" tabindex={0}>
            <table id="late-list">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.code')}</th>
                  <th scope="col">{t('dashboard.unitColumn')}</th>
                  <th scope="col">{t('dashboard.procedure')}</th>
                  <th scope="col">{t('dashboard.status')}</th>
                  <th scope="col">{t('dashboard.receivedAt')}</th>
                  <th scope="col">{t('dashboard.dueAt')}</th>
                  <th scope="col">{t('dashboard.daysLate')}</th>
                  <th scope="col">{t('dashboard.assignee')}</th>
                </tr>
              </thead>
              <tbody>
                {late.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.code}</th>
                    <td>{r.unitName}</td>
                    <td lang="vi">{r.procedureName}</td>
                    <td>
                      {t(`dossierStatus.${r.status}`)}
                      {r.completedAt !== null && (
                        <>
                          <br />
                          <span class="hint">
                            {t('dashboard.finishedLate', {
                              at: formatDateTime(lang, r.completedAt),
                            })}
                          </span>
                        </>
                      )}
                    </td>
                    <td>{formatDateTime(lang, r.receivedAt)}</td>
                    <td>{formatDateTime(lang, r.dueAt)}</td>
                    <td>{formatNumber(lang, r.daysLate)}</td>
                    <td>{r.assigneeName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

function WorkloadSection({
  page,
  dashboard,
  csv,
}: {
  page: PageContext;
  dashboard: Dashboard;
  csv: Csv;
}) {
  const { t, lang } = page;
  const n = (value: number) => formatNumber(lang, value);
  const labels = dashboard.buckets.map(bucketLabel);
  const short = dashboard.buckets.map((b) =>
    dashboard.by === 'day' ? b.first.slice(8, 10) : bucketLabel(b),
  );
  const province = dashboard.scope.unitCode.length === 2;
  const perSpecialist = (u: UnitFigures) =>
    u.completedPerSpecialist === null ? '—' : n(round(u.completedPerSpecialist, 1));
  const unitRow = (u: UnitFigures, head: ComponentChildren) => (
    <tr>
      <th scope="row">{head}</th>
      {u.receivedBy.map((v, i) => (
        <td>
          {n(v)} / {n(u.completedBy[i] ?? 0)}
        </td>
      ))}
      <td>
        {n(u.counts.received)} / {n(u.counts.completed)}
      </td>
      <td>{n(u.open)}</td>
      <td>{n(u.specialists)}</td>
      <td>{perSpecialist(u)}</td>
    </tr>
  );
  const withStaff = dashboard.units.filter((u) => u.completedPerSpecialist !== null);
  return (
    <>
      <Section id="workload" title={t('dashboard.workloadHeading')} csv={csv('workload')}>
        <ColumnChart
          id="workload-chart"
          title={t('dashboard.workloadChart', { unit: dashboard.scope.unitName })}
          description={t('dashboard.workloadChartDesc')}
          caption={
            <>
              {t('dashboard.workloadChart', { unit: dashboard.scope.unitName })}.{' '}
              <a href="#by-period">{t('dashboard.tableBelow')}</a>
            </>
          }
          categories={short}
          series={[
            { name: t('dashboard.receivedSeries'), values: dashboard.total.receivedBy },
            { name: t('dashboard.completedSeries'), values: dashboard.total.completedBy },
          ]}
          formatValue={n}
        />
        <p class="muted">{t('dashboard.cellNote')}</p>
        <div class="table-wrap" tabindex={0}>
          <table id="by-period">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.unitColumn')}</th>
                {labels.map((l) => (
                  <th scope="col">{l}</th>
                ))}
                <th scope="col">{t('dashboard.total')}</th>
                <th scope="col">{t('dashboard.open')}</th>
                <th scope="col">{t('dashboard.specialists')}</th>
                <th scope="col">{t('dashboard.perSpecialist')}</th>
              </tr>
            </thead>
            <tbody>{dashboard.units.map((u) => unitRow(u, `${u.unitName} (${u.unitCode})`))}</tbody>
            {province && <tfoot>{unitRow(dashboard.total, t('dashboard.provinceRow'))}</tfoot>}
          </table>
        </div>
        <p>{t('dashboard.staffNote')}</p>
        {province && withStaff.length > 0 && (
          <BarChart
            id="staff-chart"
            title={t('dashboard.perSpecialistChart')}
            description={t('dashboard.perSpecialistChartDesc')}
            caption={
              <>
                {t('dashboard.perSpecialistChart')}.{' '}
                <a href="#by-period">{t('dashboard.tableAbove')}</a>
              </>
            }
            bars={withStaff.map((u) => ({
              label: u.unitName,
              value: u.completedPerSpecialist ?? 0,
              text: perSpecialist(u),
            }))}
            max={Math.max(...withStaff.map((u) => u.completedPerSpecialist ?? 0), 1)}
          />
        )}
      </Section>
      <Section id="officers" title={t('dashboard.officersHeading')} csv={csv('officers')}>
        {dashboard.officers.length === 0 ? (
          <p>{t('dashboard.officersNone')}</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table id="by-officer">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.officer')}</th>
                  <th scope="col">{t('dashboard.unitColumn')}</th>
                  {labels.map((l) => (
                    <th scope="col">{l}</th>
                  ))}
                  <th scope="col">{t('dashboard.completed')}</th>
                  <th scope="col">{t('dashboard.officerOpen')}</th>
                  <th scope="col">{t('dashboard.lateCount')}</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.officers.map((o) => (
                  <tr>
                    <th scope="row">{o.name}</th>
                    <td>{o.unitName}</td>
                    {o.completedBy.map((v) => (
                      <td>{n(v)}</td>
                    ))}
                    <td>{n(o.completed)}</td>
                    <td>{n(o.open)}</td>
                    <td>{n(o.late)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}

function NodesSection({
  page,
  dashboard,
  csv,
  unitName,
}: {
  page: PageContext;
  dashboard: Dashboard;
  csv: Csv;
  unitName: (code: string) => string;
}) {
  const { t, lang } = page;
  const flag = (f: string) =>
    f === 'far_off' ? t('nodes.flag.far_off') : f === 'jumped' ? t('nodes.flag.jumped') : f;
  return (
    <Section id="nodes" title={t('dashboard.nodesHeading')} csv={csv('nodes')}>
      {dashboard.nodes.length === 0 ? (
        <p>{t('dashboard.nodesNone')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table id="node-health">
            <thead>
              <tr>
                <th scope="col">{t('nodes.unit')}</th>
                <th scope="col">{t('nodes.lastSeen')}</th>
                <th scope="col">{t('dashboard.contact')}</th>
                <th scope="col">{t('dashboard.lastPush')}</th>
                <th scope="col">{t('nodes.backlog')}</th>
                <th scope="col">{t('nodes.skew')}</th>
                <th scope="col">{t('nodes.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.nodes.map((node) => (
                <tr>
                  <th scope="row">
                    {unitName(node.unitCode)} ({node.unitCode}){' '}
                    <code title={node.keyId}>{node.keyId.slice(0, 12)}</code>
                  </th>
                  <td>{formatDateTime(lang, node.lastSeenAt)}</td>
                  <td>
                    {node.revokedAt !== null ? (
                      `${t('nodes.revoked')} ${formatDateTime(lang, node.revokedAt)}`
                    ) : node.contact === 'recent' ? (
                      t('dashboard.contact.recent')
                    ) : (
                      <span class="badge late">{t(`dashboard.contact.${node.contact}`)}</span>
                    )}
                  </td>
                  <td>{formatDateTime(lang, node.lastPushAt)}</td>
                  <td>{node.backlog === null ? '—' : formatNumber(lang, node.backlog)}</td>
                  <td>
                    {node.skewMs === null
                      ? '—'
                      : t('nodes.skewSeconds', { seconds: Math.round(node.skewMs / 1000) })}
                  </td>
                  <td>
                    {node.flags.length === 0 ? (
                      '—'
                    ) : (
                      <span class="badge late">{node.flags.map(flag).join(', ')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
