// Reports filled from the data (báo cáo định kỳ), replacing the ones communes write by hand:
// the list of report templates, and the rules each one counts by. Pure: the application reads
// the projections (grouping in SQL by these very conditions) and hands the counts back here.
//
// A report is for a month (Vietnam-local, UTC+7) and a unit: a commune, or the province for
// all its communes. A dossier counts for its competent unit (đơn vị giải quyết), the one that
// decides it, as on the province dashboard; both the commune's node and the hub hold those
// dossiers after sync, so the commune and the province read the same figures.
import { monthInstants, figuresAsOf } from './dashboard.js';
import type { Month } from './civil-statistics.js';
import {
  all,
  any,
  endedBeforeAsOf,
  finishedOnEarlierDay,
  isNull,
  late,
  not,
  notNull,
  openAtAsOf,
  statusIn,
  statusIs,
  type Condition,
  type ConditionParams,
} from './dossier-timeliness.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * The templates, in the order the reports page lists them. Adding one is an entry here and
 * its renderer in application/reports.ts (the registry there is keyed by these ids, so the
 * type check asks for it), with its title and summary in the message catalogue.
 */
export const reportTemplates = [
  {
    id: 'procedure-results',
    /** The printed title, as the form reads. */
    titleVi: 'Báo cáo tình hình, kết quả giải quyết thủ tục hành chính',
    basis:
      'Theo mẫu “Tình hình, kết quả giải quyết TTHC” của Thông tư 01/2020/TT-VPCP (biểu ' +
      '06a/VPCP/KSTT); các cột dựng theo mẫu như chúng tôi biết, chưa đối chiếu bản gốc.',
    /** Lists people by name: the read is audited as a read of personal data. */
    personalData: false,
    /** Who reports it for the whole province. */
    provinceReporter: 'office',
  },
  {
    id: 'civil-status',
    titleVi: 'Báo cáo số liệu hộ tịch',
    basis: 'Số liệu thống kê hộ tịch hằng tháng, đếm từ sổ hộ tịch điện tử theo ngày đăng ký.',
    personalData: false,
    provinceReporter: 'justice',
  },
  {
    id: 'overdue-dossiers',
    titleVi: 'Danh sách hồ sơ quá hạn giải quyết',
    basis:
      'Hồ sơ đang giải quyết đã quá ngày hẹn trả kết quả, tại thời điểm lập báo cáo (tháng ' +
      'đã qua: tại cuối tháng); số ngày quá hạn tính theo ngày làm việc.',
    personalData: true,
    provinceReporter: 'office',
  },
  {
    id: 'directive-completion',
    titleVi: 'Báo cáo tình hình thực hiện văn bản chỉ đạo',
    basis:
      'Các văn bản chỉ đạo của tỉnh có hạn hoàn thành trong tháng: tình hình xác nhận, hoàn ' +
      'thành của từng xã tại thời điểm lập báo cáo (tháng đã qua: tại cuối tháng).',
    personalData: false,
    provinceReporter: 'office',
  },
] as const satisfies readonly ReportTemplateInfo[];

export interface ReportTemplateInfo {
  readonly id: string;
  readonly titleVi: string;
  readonly basis: string;
  readonly personalData: boolean;
  /** At the province: the People's Committee's office (TTHC), or the Department of Justice. */
  readonly provinceReporter: 'office' | 'justice';
}

export type ReportTemplateId = (typeof reportTemplates)[number]['id'];
export const reportTemplateIds: readonly ReportTemplateId[] = reportTemplates.map((t) => t.id);

export function isReportTemplateId(id: string): id is ReportTemplateId {
  return (reportTemplateIds as readonly string[]).includes(id);
}

export function reportTemplate(id: ReportTemplateId): ReportTemplateInfo {
  const found = reportTemplates.find((t) => t.id === id);
  if (found === undefined) throw new RangeError(`No report template ${id}`);
  return found;
}

/** The period of a month's report: its instants, and the moment its figures are taken at. */
export interface ReportPeriod extends ConditionParams {
  readonly month: Month;
  /** First instant after the month. */
  readonly to: string;
}

/** A month not begun has no figures; one that runs is taken now, a past one at its end. */
export function reportPeriod(month: Month, now: string): ReportPeriod | 'future' {
  const { from, to } = monthInstants(month);
  if (from > now) return 'future';
  return { month, from, to, asOf: figuresAsOf(month, now) };
}

// ---------------------------------------------------------------------------------------------
// Tình hình, kết quả giải quyết TTHC: what each column counts, as conditions on one dossier.
//
// The dossiers in the period are those received (not refused at the counter) before the moment
// of the figures and not finished before the period began. Each of them is either carried over
// or newly received, and ends the period either finished (resolved, withdrawn or stopped) or
// still in process — so the columns always balance:
//   carried over + received online + received otherwise
//     = resolved early + on time + late + withdrawn + stopped + in process within time + overdue.

/** Received for processing (tiếp nhận): refusals at the counter never were. */
const received: Condition = all(notNull('received_at'), not(statusIs('refused')));

const inPeriod: Condition = all(
  received,
  { compare: '<', left: { column: 'received_at' }, right: { param: 'asOf' } },
  any(isNull('completed_at'), {
    compare: '>=',
    left: { column: 'completed_at' },
    right: { param: 'from' },
  }),
);
const receivedBeforePeriod: Condition = {
  compare: '<',
  left: { column: 'received_at' },
  right: { param: 'from' },
};
const filedOnline: Condition = {
  compare: '=',
  left: { column: 'channel' },
  right: { text: 'online' },
};
const ended = all(inPeriod, endedBeforeAsOf);
// Finished otherwise than withdrawn or stopped: the result is ready (9) or returned (10).
const resolved = all(ended, not(statusIn('withdrawn', 'stopped')));
const stillOpen = all(inPeriod, openAtAsOf);

export const procedureResultMeasures = {
  /** Từ kỳ trước: received before the period, not finished when it began. */
  carriedOver: all(inPeriod, receivedBeforePeriod),
  /** Mới tiếp nhận trực tuyến. */
  receivedOnline: all(inPeriod, not(receivedBeforePeriod), filedOnline),
  /** Mới tiếp nhận trực tiếp hoặc qua dịch vụ bưu chính công ích. */
  receivedOther: all(inPeriod, not(receivedBeforePeriod), not(filedOnline)),
  /** Đã giải quyết trước hạn: the result was ready on a day before the appointment's. */
  resolvedEarly: all(resolved, not(late), notNull('due_at'), finishedOnEarlierDay),
  /** Đã giải quyết đúng hạn: on the appointment's day, not after its hour. */
  resolvedOnTime: all(resolved, not(late), any(isNull('due_at'), not(finishedOnEarlierDay))),
  /** Đã giải quyết quá hạn. */
  resolvedLate: all(resolved, late),
  /** Đang giải quyết, trong hạn (a dossier whose clock stands still is within time). */
  openWithin: all(stillOpen, not(late)),
  /** Đang giải quyết, quá hạn: the overdue list holds exactly these dossiers. */
  openOverdue: all(stillOpen, late),
  /** Công dân rút hồ sơ. */
  withdrawn: all(ended, statusIs('withdrawn')),
  /** Dừng giải quyết. */
  stopped: all(ended, statusIs('stopped')),
  /** Từ chối tiếp nhận (at the counter or an online filing), in the period. Not in the balance. */
  refused: all(statusIs('refused'), notNull('completed_at'), endedBeforeAsOf, {
    compare: '>=',
    left: { column: 'completed_at' },
    right: { param: 'from' },
  }),
} as const satisfies Readonly<Record<string, Condition>>;

export type ProcedureResultMeasure = keyof typeof procedureResultMeasures;
export const procedureResultMeasureNames = Object.keys(
  procedureResultMeasures,
) as ProcedureResultMeasure[];
export type ProcedureResultCounts = Readonly<Record<ProcedureResultMeasure, number>>;

/** The overdue list: the dossiers still in process past their appointment. */
export const overdueAtAsOf: Condition = procedureResultMeasures.openOverdue;

export const noResults: ProcedureResultCounts = Object.fromEntries(
  procedureResultMeasureNames.map((m) => [m, 0]),
) as Record<ProcedureResultMeasure, number>;

export function addResults(
  a: ProcedureResultCounts,
  b: ProcedureResultCounts,
): ProcedureResultCounts {
  return Object.fromEntries(procedureResultMeasureNames.map((m) => [m, a[m] + b[m]])) as Record<
    ProcedureResultMeasure,
    number
  >;
}

/** Tổng số hồ sơ nhận giải quyết: carried over and newly received. */
export const totalToHandle = (c: ProcedureResultCounts): number =>
  c.carriedOver + c.receivedOnline + c.receivedOther;
/** Đã giải quyết, tổng số. */
export const totalResolved = (c: ProcedureResultCounts): number =>
  c.resolvedEarly + c.resolvedOnTime + c.resolvedLate;
/** Đang giải quyết, tổng số. */
export const totalOpen = (c: ProcedureResultCounts): number => c.openWithin + c.openOverdue;

/** Whether the columns balance (they always should; a test keeps it so). */
export const balances = (c: ProcedureResultCounts): boolean =>
  totalToHandle(c) === totalResolved(c) + c.withdrawn + c.stopped + totalOpen(c);

/** One group of the database's GROUP BY: a unit's dossiers of one procedure. */
export interface ProcedureResultGroup {
  readonly unitCode: string;
  readonly procedureCode: string;
  readonly counts: ProcedureResultCounts;
}

/** A row of the report: a unit or a sector (lĩnh vực) with its counts. */
export interface ResultRow {
  readonly code: string;
  readonly name: string;
  readonly counts: ProcedureResultCounts;
}

/**
 * The groups summed into rows by `keyOf` (a unit, or a procedure's sector), rows with nothing
 * counted left out, ordered by `order`.
 */
export function resultRows(
  groups: readonly ProcedureResultGroup[],
  keyOf: (group: ProcedureResultGroup) => { code: string; name: string },
  order: (a: ResultRow, b: ResultRow) => number,
): ResultRow[] {
  const rows = new Map<string, ResultRow>();
  for (const group of groups) {
    const key = keyOf(group);
    const row = rows.get(key.code);
    rows.set(key.code, {
      ...key,
      counts: addResults(row?.counts ?? noResults, group.counts),
    });
  }
  return [...rows.values()]
    .filter((r) => procedureResultMeasureNames.some((m) => r.counts[m] > 0))
    .sort(order);
}

export const totalResults = (rows: readonly { readonly counts: ProcedureResultCounts }[]) =>
  rows.reduce((sum, r) => addResults(sum, r.counts), noResults);

// ---------------------------------------------------------------------------------------------
// Hồ sơ quá hạn

/**
 * Working days a dossier is overdue at `asOf`, on the province's working calendar: office
 * time since the appointment, in working days, a begun working day counting as one (a dossier
 * due Friday at 17:00 is not a working day late on Saturday, and one working day late on
 * Monday morning).
 */
export function workingDaysOverdue(
  calendar: Pick<WorkingCalendar, 'workingMinutesBetween' | 'minutesPerWorkingDay'>,
  dueAt: string,
  asOf: string,
): number {
  const minutes = calendar.workingMinutesBetween(Date.parse(dueAt), Date.parse(asOf));
  return minutes <= 0 ? 0 : Math.ceil(minutes / calendar.minutesPerWorkingDay);
}
