// The reports (báo cáo định kỳ): the list of templates with the month and unit chooser, and one
// template's report — its tables with their grouped headings, how the figures are counted,
// where each commune's data stands at the province, and the CSV and PDF downloads. GET forms
// only (bookmarkable, no script): each template's button sends the chooser to its own page.
import type { ReportChoices } from '../../application/reports.js';
import type { DossierStatus } from '../../domain/dossier-status.js';
import { reportTemplates, type ReportTemplateId } from '../../domain/reports.js';
import type {
  Cell,
  ReportColumn,
  ReportSection,
  ReportSheet,
} from '../../documents/report-sheet.js';
import { formatDateTime } from '../../i18n/format-time.js';
import { formatNumber, type PlainMessageKey } from '../../i18n/messages.js';
import { MonthField, type FieldErrors } from './form.js';
import { ErrorSummary, Layout, type PageContext } from './layout.js';

/** The chooser as asked for: shown back even when it is wrong. */
export interface ReportForm {
  readonly month: string;
  readonly unit: string;
}

const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
const dayLabel = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

function Chooser({
  page,
  form,
  choices,
  errors,
  actions,
}: {
  page: PageContext;
  form: ReportForm;
  choices: ReportChoices;
  errors: FieldErrors;
  /** The buttons: one per template on the list, one on a template's page. */
  actions: readonly { id: ReportTemplateId; label: string }[];
}) {
  const { t } = page;
  const unitError = errors['unit'];
  const units = choices.units;
  const options =
    units === null
      ? []
      : units.map((u) => ({
          value: u.code,
          label: u.code.length === 5 ? `${u.name} (${u.code})` : t('reports.wholeProvince'),
        }));
  // A unit typed into the address that is not on the list is shown back, with its error.
  const asked = form.unit !== '' && !options.some((o) => o.value === form.unit);
  return (
    <form method="get" action={`/reports/${actions[0]?.id ?? ''}`} class="card">
      <MonthField
        label={t('reports.month')}
        hint={t('reports.monthHint')}
        errors={errors}
        value={form.month}
      />
      {units === null ? (
        <p>
          {t('reports.unit')}:{' '}
          <strong id="unit">
            {choices.defaultUnitName} ({choices.defaultUnit})
          </strong>
        </p>
      ) : (
        <label for="unit">{t('reports.unit')}</label>
      )}
      {unitError !== undefined && (
        <p class="error" id="unit-error">
          {unitError}
        </p>
      )}
      {units !== null && (
        <select
          id="unit"
          name="unit"
          aria-invalid={unitError !== undefined ? 'true' : undefined}
          aria-describedby={unitError !== undefined ? 'unit-error' : undefined}
        >
          {[...(asked ? [{ value: form.unit, label: form.unit }] : []), ...options].map((o) => (
            <option
              value={o.value}
              selected={o.value === (form.unit === '' ? choices.defaultUnit : form.unit)}
            >
              {o.label}
            </option>
          ))}
        </select>
      )}
      <p>
        {actions.map((a) => (
          <>
            <button type="submit" formaction={`/reports/${a.id}`}>
              {a.label}
            </button>{' '}
          </>
        ))}
      </p>
    </form>
  );
}

export function ReportsIndexPage({
  page,
  form,
  choices,
}: {
  page: PageContext;
  form: ReportForm;
  choices: ReportChoices;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('reports.title')}>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <Chooser
        page={page}
        form={form}
        choices={choices}
        errors={{}}
        actions={reportTemplates.map((tpl) => ({
          id: tpl.id,
          label: t(`reports.template.${tpl.id}.title`),
        }))}
      />
      <h2>{t('reports.templates')}</h2>
      <dl>
        {reportTemplates.map((tpl) => (
          <>
            <dt>{t(`reports.template.${tpl.id}.title`)}</dt>
            <dd>{t(`reports.template.${tpl.id}.summary`)}</dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}

function cellText(page: PageContext, cell: Cell, column: ReportColumn): string {
  if (cell === null) return '—';
  switch (column.kind) {
    case 'count':
      return typeof cell === 'number' ? formatNumber(page.lang, cell) : cell;
    case 'instant':
      return formatDateTime(page.lang, String(cell));
    case 'status':
      return page.t(`dossierStatus.${cell as DossierStatus}`);
    case 'label':
      return page.t(String(cell) as PlainMessageKey);
    case 'text':
      return String(cell);
  }
}

/** The header: grouped columns under one heading, the others spanning both rows. */
function SectionHead({ page, columns }: { page: PageContext; columns: readonly ReportColumn[] }) {
  const { t } = page;
  const grouped = columns.some((c) => c.group !== undefined);
  const first: { label: string; span: number; group: boolean }[] = [];
  for (const c of columns) {
    const last = first.at(-1);
    if (c.group !== undefined && last?.group === true && last.label === t(c.group)) last.span++;
    else
      first.push(
        c.group === undefined
          ? { label: t(c.label), span: 1, group: false }
          : { label: t(c.group), span: 1, group: true },
      );
  }
  return (
    <thead>
      <tr>
        {first.map((h) =>
          h.group ? (
            <th scope="colgroup" colSpan={h.span}>
              {h.label}
            </th>
          ) : (
            <th scope="col" rowSpan={grouped ? 2 : undefined}>
              {h.label}
            </th>
          ),
        )}
      </tr>
      {grouped && (
        <tr>
          {columns
            .filter((c) => c.group !== undefined)
            .map((c) => (
              <th scope="col">{t(c.label)}</th>
            ))}
        </tr>
      )}
    </thead>
  );
}

function Row({
  page,
  columns,
  cells,
  label,
}: {
  page: PageContext;
  columns: readonly ReportColumn[];
  cells: readonly Cell[];
  label?: string;
}) {
  return (
    <tr>
      {columns.map((column, i) => {
        const text =
          i === 0 && label !== undefined ? label : cellText(page, cells[i] ?? null, column);
        return i === 0 ? <th scope="row">{text}</th> : <td>{text}</td>;
      })}
    </tr>
  );
}

function Section({
  page,
  section,
  csv,
  max,
}: {
  page: PageContext;
  section: ReportSection;
  csv: string;
  max: number;
}) {
  const { t } = page;
  return (
    <section class="card" aria-labelledby={`${section.id}-heading`}>
      <h2 id={`${section.id}-heading`}>{t(section.heading)}</h2>
      {section.rows.length === 0 && section.total === undefined ? (
        <p>{t(section.empty)}</p>
      ) : (
        <>
          {section.rows.length === 0 && <p>{t(section.empty)}</p>}
          <div class="table-wrap" tabindex={0}>
            <table id={section.id}>
              <SectionHead page={page} columns={section.columns} />
              <tbody>
                {section.rows.map((cells) => (
                  <Row page={page} columns={section.columns} cells={cells} />
                ))}
              </tbody>
              {section.total !== undefined && (
                <tfoot>
                  <Row
                    page={page}
                    columns={section.columns}
                    cells={section.total}
                    label={t('reports.totalRow')}
                  />
                </tfoot>
              )}
            </table>
          </div>
          {section.count !== undefined && section.count > section.rows.length && (
            <p>{t('reports.shown', { shown: section.rows.length, total: section.count, max })}</p>
          )}
        </>
      )}
      <p>
        <a href={csv}>{t('reports.csv')}</a>
      </p>
    </section>
  );
}

export function ReportPage({
  page,
  template,
  form,
  choices,
  errors,
  sheet,
  exportLimit,
}: {
  page: PageContext;
  template: ReportTemplateId;
  form: ReportForm;
  choices: ReportChoices;
  errors: FieldErrors;
  sheet: ReportSheet | null;
  exportLimit: number;
}) {
  const { t, lang } = page;
  const info = reportTemplates.find((tpl) => tpl.id === template);
  const title = t(`reports.template.${template}.title`);
  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      month: sheet?.month ?? form.month,
      unit: sheet?.scope.unitCode ?? form.unit,
      ...extra,
    }).toString();
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={`/reports?${query()}`}>{t('reports.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary
        page={page}
        errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
      />
      <Chooser
        page={page}
        form={form}
        choices={choices}
        errors={errors}
        actions={[{ id: template, label: t('reports.show') }]}
      />
      {sheet !== null && (
        <>
          <h2>
            {t('reports.heading', { month: monthLabel(sheet.month), unit: sheet.scope.unitName })}
          </h2>
          <p>
            {sheet.running
              ? t('reports.periodRunning', {
                  from: dayLabel(sheet.firstDay),
                  asOf: formatDateTime(lang, sheet.asOf),
                })
              : t('reports.period', {
                  from: dayLabel(sheet.firstDay),
                  to: dayLabel(sheet.lastDay),
                })}
          </p>
          {info !== undefined && (
            <p>
              {t('reports.basis')} <span lang="vi">{info.basis}</span>
            </p>
          )}
          {info?.personalData === true && <p class="notice">{t('reports.personalData')}</p>}
          <p>
            <a href={`/reports/${template}.pdf?${query()}`}>{t('reports.pdf')}</a>
          </p>
          {sheet.sections.map((section) => (
            <Section
              page={page}
              section={section}
              csv={`/reports/${template}.csv?${query({ section: section.id })}`}
              max={exportLimit}
            />
          ))}
          {sheet.notes.length > 0 && (
            <ul>
              {sheet.notes.map((note) => (
                <li>{t(note)}</li>
              ))}
            </ul>
          )}
          {sheet.sources !== null && (
            <section class="card" aria-labelledby="sources-heading">
              <h2 id="sources-heading">{t('reports.sourcesHeading')}</h2>
              <p>{t('reports.sourcesIntro')}</p>
              <div class="table-wrap" tabindex={0}>
                <table id="sources">
                  <thead>
                    <tr>
                      <th scope="col">{t('reports.unitColumn')}</th>
                      <th scope="col">{t('reports.lastPush')}</th>
                      <th scope="col">{t('reports.lastSeen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sheet.sources.map((s) => (
                      <tr>
                        <th scope="row">
                          {s.unitName} ({s.unitCode})
                        </th>
                        <td>{formatDateTime(lang, s.lastPushAt)}</td>
                        <td>{formatDateTime(lang, s.lastSeenAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
