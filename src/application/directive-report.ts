// The report template "directive completion" (tình hình thực hiện văn bản chỉ đạo): for the
// directives due in the month, where each commune stood at the report's moment (the month's end,
// or now while it runs) — a summary per commune and the detail per directive. Read from the
// same projection at the commune and at the hub, so a commune's figures are the province's once
// synced (the hub holds every commune's answers; a commune its own).
import { standingAt, type DirectiveProgress } from '../domain/directives.js';
import type { PlainMessageKey } from '../i18n/messages.js';
import type { Cell, ReportColumn } from '../documents/report-sheet.js';
import { responseOf } from './directives.js';
import type { ReportContext, ReportRenderer } from './reports.js';

export interface DirectiveReportRow {
  readonly directiveId: string;
  readonly number: string;
  readonly title: string;
  readonly dueAt: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly acknowledgedAt: string | null;
  readonly reportedAt: string | null;
  readonly progress: DirectiveProgress;
  readonly unacknowledged: boolean;
}

/** Every (directive due in the month, commune of the scope) pair, with its standing. */
export async function directiveReportRows(context: ReportContext): Promise<DirectiveReportRow[]> {
  const { uc, period } = context;
  const { services } = uc;
  const [first, last] = [`${period.month}-01`, nextMonthFirst(period.month)];
  const rows = await uc.tx.db
    .selectFrom('directive_targets as t')
    .innerJoin('directives as d', 'd.id', 't.directive_id')
    .select([
      'd.id',
      'd.number',
      'd.title',
      'd.due_at',
      'd.cancelled_at',
      't.unit_code',
      't.acknowledged_at',
      't.assignee_id',
      't.reported_at',
      't.reviewed_at',
      't.review_verdict',
      't.review_report_at',
    ])
    .where('t.unit_code', 'in', context.unitCodes)
    .where('d.due_date', '>=', first)
    .where('d.due_date', '<', last)
    .where('d.issued_at', '<', period.asOf)
    .orderBy('d.due_at')
    .orderBy('d.number')
    .orderBy('t.unit_code')
    .execute();
  const calendar = await services.desk.calendar(uc.tx.db, services.node.provinceCode);
  return rows.map((r) => {
    const standing = standingAt(
      { dueAt: r.due_at, cancelledAt: r.cancelled_at },
      responseOf(r),
      period.asOf,
      calendar,
    );
    const seen = (at: string | null) => (at !== null && at < period.asOf ? at : null);
    return {
      directiveId: r.id,
      number: r.number,
      title: r.title,
      dueAt: r.due_at,
      unitCode: r.unit_code,
      unitName: services.units.unit(r.unit_code)?.name ?? r.unit_code,
      acknowledgedAt: seen(r.acknowledged_at),
      reportedAt: seen(r.reported_at),
      progress: standing.progress,
      unacknowledged: standing.unacknowledged,
    };
  });
}

/** "2026-11" → "2026-12-01"; "2026-12" → "2027-01-01". */
function nextMonthFirst(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The summary's counts, in column order. */
const measures = [
  ['reports.directives.addressed', () => true],
  ['reports.directives.acknowledged', (r) => !r.unacknowledged],
  ['reports.directives.doneOnTime', (r) => r.progress === 'done_on_time'],
  ['reports.directives.doneLate', (r) => r.progress === 'done_late'],
  ['reports.directives.overdue', (r) => r.progress === 'overdue'],
  [
    'reports.directives.inProgress',
    (r) =>
      r.progress === 'in_progress' || r.progress === 'unacknowledged' || r.progress === 'returned',
  ],
  ['reports.directives.cancelled', (r) => r.progress === 'cancelled'],
] as const satisfies readonly (readonly [PlainMessageKey, (r: DirectiveReportRow) => boolean])[];

export function summaryCounts(rows: readonly DirectiveReportRow[]): number[] {
  return measures.map(([, counts]) => rows.filter(counts).length);
}

export const directiveCompletionRenderer: ReportRenderer = {
  async render(context) {
    const rows = await directiveReportRows(context);
    const byUnit = new Map<string, DirectiveReportRow[]>();
    for (const r of rows) byUnit.set(r.unitCode, [...(byUnit.get(r.unitCode) ?? []), r]);
    const units = [...byUnit.values()].sort((a, b) =>
      (a[0]?.unitName ?? '').localeCompare(b[0]?.unitName ?? '', 'vi'),
    );
    const unitColumn: ReportColumn[] = context.province
      ? [{ label: 'reports.unitColumn', kind: 'text', weight: 1.6 }]
      : [];
    return {
      sections: [
        {
          id: 'directive-summary',
          heading: 'reports.directives.summaryHeading',
          columns: [
            { label: 'reports.unitColumn', kind: 'text', weight: 2.2 },
            ...measures.map(([label]): ReportColumn => ({ label, kind: 'count' })),
          ],
          rows: units.map((list): Cell[] => [
            `${list[0]?.unitName ?? ''} (${list[0]?.unitCode ?? ''})`,
            ...summaryCounts(list),
          ]),
          ...(context.province && rows.length > 0 ? { total: [null, ...summaryCounts(rows)] } : {}),
          empty: 'reports.directives.none',
        },
        {
          id: 'directive-detail',
          heading: 'reports.directives.detailHeading',
          columns: [
            ...unitColumn,
            { label: 'reports.directives.number', kind: 'text', weight: 1.2 },
            { label: 'reports.directives.title', kind: 'text', weight: 3 },
            { label: 'reports.directives.due', kind: 'instant', weight: 1.2 },
            { label: 'reports.directives.acknowledgedAt', kind: 'instant', weight: 1.2 },
            { label: 'reports.directives.reportedAt', kind: 'instant', weight: 1.2 },
            { label: 'reports.directives.standing', kind: 'label', weight: 1.3 },
          ],
          rows: rows
            .slice(0, context.limit)
            .map((r): Cell[] => [
              ...(context.province ? [`${r.unitName} (${r.unitCode})`] : []),
              r.number,
              r.title,
              r.dueAt,
              r.acknowledgedAt,
              r.reportedAt,
              `directive.progress.${r.progress}`,
            ]),
          empty: 'reports.directives.none',
          count: rows.length,
        },
      ],
      notes: ['reports.directives.note'],
    };
  },
};
