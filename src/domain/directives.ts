// Directives (văn bản chỉ đạo): the province directs its communes straight, without the old
// district tier. The province issues a directive to chosen communes with a deadline; each commune
// acknowledges it (xác nhận đã nhận), its leader assigns it to an officer (giao xử lý), and the
// commune reports completion (báo cáo kết quả) with its own papers.
//
// Single writer (DESIGN §3.2): the directive itself belongs to the province (its events are in
// the hub's chain and flow down to the communes it names); each commune's response is that
// commune's (its events are in the commune's chain and reach the hub by the normal push). So a
// commune acknowledges and reports while offline, and nothing has to be merged.
//
// Deadlines count working days on the same calendar as dossiers (working-calendar.ts): "N
// working days" is the end of office hours of the N-th working day after the day of issue; a
// deadline given as a date must be a working day. The deadline is fixed when the directive is
// issued (a later calendar notice does not move it), and lateness is judged by the time the
// commune reported (its `occurredAt`), never by when the report reached the province.
import { z } from 'zod';
import type { LocalDate, WorkingCalendar } from './working-calendar.js';
import { addDays, localDateOf } from './working-calendar.js';

export const directiveEventTypes = {
  /** Hub chain: the directive, its targets and deadline. */
  issued: 'directive.issued',
  /** Hub chain: withdrawn by the province (thu hồi); the communes stop working on it. */
  cancelled: 'directive.cancelled',
  /** Commune chain: the commune has received and read it. */
  acknowledged: 'directive.acknowledged',
  /** Commune chain: the leader gives it to an officer of the commune. */
  assigned: 'directive.assigned',
  /** Commune chain: the commune reports the directive done, with its papers. */
  reported: 'directive.reported',
  /** Hub chain: the province accepts a commune's report, or returns it to be done again. */
  reviewed: 'directive.report_reviewed',
} as const;

export const directivePriorities = ['normal', 'urgent'] as const; // thường, khẩn
export type DirectivePriority = (typeof directivePriorities)[number];

/** A paper attached to a directive or to a commune's report, stored by its SHA-256. */
export const directiveAttachment = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(200),
  mediaType: z.string().min(1).max(100),
  size: z.number().int().positive(),
});
export type DirectiveAttachment = z.infer<typeof directiveAttachment>;

/** How the province stated the deadline, kept as stated beside the date it gives. */
export const directiveDeadline = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('working_days'), days: z.number().int().min(1).max(250) }),
  z.strictObject({ kind: z.literal('date'), date: z.iso.date() }),
]);
export type DirectiveDeadline = z.infer<typeof directiveDeadline>;

export const directiveIssuedPayload = z.strictObject({
  /** Số, ký hiệu, e.g. "125/UBND-VP". */
  number: z.string().min(1).max(60),
  title: z.string().min(1).max(300),
  body: z.string().max(20_000),
  priority: z.enum(directivePriorities),
  /** Who signed it off at the province, as the communes see it (they hold no province accounts). */
  issuedByName: z.string().min(1).max(200),
  /** The province issuing it (the hub's unit). */
  provinceCode: z.string(),
  /** The communes it is addressed to (nơi nhận), each once. */
  unitCodes: z.array(z.string()).min(1),
  /** The day of issue, Vietnam time. */
  issuedOn: z.iso.date(),
  deadline: directiveDeadline,
  /** The last day (Vietnam time) and the instant the deadline ends (close of office hours). */
  dueDate: z.iso.date(),
  dueAt: z.string(),
  attachments: z.array(directiveAttachment),
});
export type DirectiveIssued = z.infer<typeof directiveIssuedPayload>;

export const directiveCancelledPayload = z.strictObject({
  /** Repeated so that the event flows to the same communes as the directive. */
  unitCodes: z.array(z.string()).min(1),
  reason: z.string().min(1).max(1000),
});

export const directiveAcknowledgedPayload = z.strictObject({
  directiveId: z.string(),
  unitCode: z.string(),
  byName: z.string(),
});

export const directiveAssignedPayload = z.strictObject({
  directiveId: z.string(),
  unitCode: z.string(),
  assigneeId: z.string(),
  assigneeName: z.string(),
  note: z.string().max(2000),
});

export const directiveReportedPayload = z.strictObject({
  directiveId: z.string(),
  unitCode: z.string(),
  byName: z.string(),
  summary: z.string().min(1).max(20_000),
  attachments: z.array(directiveAttachment),
});

export const reviewVerdicts = ['accepted', 'returned'] as const; // chấp nhận, trả lại
export type ReviewVerdict = (typeof reviewVerdicts)[number];

export const directiveReviewedPayload = z.strictObject({
  /** The one commune, so that the event flows to it. */
  unitCodes: z.tuple([z.string()]),
  directiveId: z.string(),
  verdict: z.enum(reviewVerdicts),
  comment: z.string().max(2000),
  byName: z.string(),
  /** The report reviewed (its time at the commune): a later report is not covered by this. */
  reportedAt: z.string(),
});

/** A commune's response as both sides project it. */
export interface DirectiveResponse {
  readonly acknowledgedAt: string | null;
  readonly assigneeId: string | null;
  /** The latest report (a report made again after a return replaces the earlier one). */
  readonly reportedAt: string | null;
  /** The province's verdict on the report of `reviewedReportAt`, if any. */
  readonly review?: {
    readonly verdict: ReviewVerdict;
    /** Which report it was about: the report's own time. */
    readonly reportAt: string;
    /** When the province reviewed it. */
    readonly at: string;
  } | null;
}

/** The report stands: made, and not returned by the province (or made again since). */
export function reportStands(response: DirectiveResponse): boolean {
  if (response.reportedAt === null) return false;
  const review = response.review ?? null;
  return !(
    review !== null &&
    review.verdict === 'returned' &&
    review.reportAt === response.reportedAt
  );
}

export interface DirectiveState {
  readonly dueAt: string;
  readonly cancelledAt: string | null;
}

export type DirectiveStep = 'acknowledge' | 'assign' | 'report';

/** Why the province may not review a commune's report now, or undefined when it may. */
export function reviewRefusal(
  directive: DirectiveState,
  response: DirectiveResponse,
): 'cancelled' | 'not_reported' | 'already_reviewed' | undefined {
  if (directive.cancelledAt !== null) return 'cancelled';
  if (response.reportedAt === null) return 'not_reported';
  const review = response.review ?? null;
  if (review !== null && review.reportAt === response.reportedAt) return 'already_reviewed';
  return undefined;
}

/** Why a commune may not take a step now (a message key suffix), or undefined when it may. */
export type DirectiveRefusal =
  | 'cancelled'
  | 'already_acknowledged'
  | 'not_acknowledged'
  | 'already_reported'
  | 'not_reported'
  | 'already_reviewed';

/**
 * The commune's steps, in order: acknowledge once; assign (and re-assign) after acknowledging
 * and before reporting; report once, after acknowledging — again if the province returned the
 * report. Nothing after the province withdrew the directive.
 */
export function directiveStepRefusal(
  directive: DirectiveState,
  response: DirectiveResponse,
  step: DirectiveStep,
): DirectiveRefusal | undefined {
  if (directive.cancelledAt !== null) return 'cancelled';
  // A report the province returned is to be made again: the steps open once more.
  if (reportStands(response)) return 'already_reported';
  switch (step) {
    case 'acknowledge':
      return response.acknowledgedAt !== null ? 'already_acknowledged' : undefined;
    case 'assign':
    case 'report':
      return response.acknowledgedAt === null ? 'not_acknowledged' : undefined;
  }
}

/** Where a commune stands on a directive, as the province's table shows it. */
export type DirectiveProgress =
  | 'cancelled'
  | 'done_on_time' // hoàn thành đúng hạn
  | 'done_late' // hoàn thành quá hạn
  | 'overdue' // quá hạn, chưa hoàn thành
  | 'in_progress' // đang thực hiện (đã xác nhận)
  | 'returned' // tỉnh trả lại báo cáo, chờ báo cáo lại
  | 'unacknowledged'; // chưa xác nhận

export interface DirectiveStanding {
  readonly progress: DirectiveProgress;
  /** Not yet acknowledged (whatever else). */
  readonly unacknowledged: boolean;
  /** Late: reported after the deadline, or not reported and the deadline has passed. */
  readonly late: boolean;
  /** Not done and at most `dueSoonDays` working days left (0: the last day). */
  readonly dueSoon: boolean;
  /** The province accepted the report that stands. */
  readonly accepted: boolean;
}

/** Working days left that count as "due soon" on the pages. */
export const dueSoonDays = 2;

/**
 * Where a commune stands at `now`. Lateness compares the commune's own report time with the
 * deadline: a report made on time while offline is on time, however late it reached the hub.
 */
export function directiveStanding(
  directive: DirectiveState,
  response: DirectiveResponse,
  now: string,
  calendar: WorkingCalendar,
): DirectiveStanding {
  return standingWithDaysLeft(directive, response, now, () =>
    workingDaysLeft(directive.dueAt, now, calendar),
  );
}

/**
 * `directiveStanding` with the working days left to the deadline given (asked only when the
 * work is open): the same for every commune of a directive, so a table counts them once.
 */
export function standingWithDaysLeft(
  directive: DirectiveState,
  response: DirectiveResponse,
  now: string,
  daysLeft: () => number,
): DirectiveStanding {
  const unacknowledged = response.acknowledgedAt === null;
  const review = response.review ?? null;
  if (response.reportedAt !== null && reportStands(response)) {
    const late = response.reportedAt > directive.dueAt;
    const accepted = review?.verdict === 'accepted' && review.reportAt === response.reportedAt;
    return {
      progress: late ? 'done_late' : 'done_on_time',
      unacknowledged,
      late,
      dueSoon: false,
      accepted,
    };
  }
  const open = { unacknowledged, accepted: false };
  if (directive.cancelledAt !== null)
    return { ...open, progress: 'cancelled', late: false, dueSoon: false };
  if (now > directive.dueAt) return { ...open, progress: 'overdue', late: true, dueSoon: false };
  const left = daysLeft();
  return {
    ...open,
    progress: unacknowledged
      ? 'unacknowledged'
      : response.reportedAt !== null
        ? 'returned'
        : 'in_progress',
    late: false,
    dueSoon: left <= dueSoonDays,
  };
}

/**
 * Whole working days after today (Vietnam time) up to and including the due date; 0 on the
 * due date itself, negative once it has passed (working days since).
 */
export function workingDaysLeft(dueAt: string, now: string, calendar: WorkingCalendar): number {
  const today = localDateOf(Date.parse(now));
  const dueDate = localDateOf(Date.parse(dueAt));
  if (dueDate === today) return 0;
  const forward = dueDate > today;
  const [from, to] = forward ? [today, dueDate] : [dueDate, today];
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1))
    if (calendar.isWorkingDay(day)) count += 1;
  return forward ? count : -count;
}

export type DeadlineProblem =
  /** The date is before the day of issue, or the day of issue itself. */
  | { readonly kind: 'not_after_issue' }
  /** The date is not a working day; the next one is suggested. */
  | { readonly kind: 'not_working_day'; readonly next: LocalDate }
  /** More than a year ahead: almost certainly a typing mistake. */
  | { readonly kind: 'too_far' };

/** The last day a directive allows, or why the stated deadline cannot be one. */
export function directiveDueDate(
  deadline: DirectiveDeadline,
  issuedOn: LocalDate,
  calendar: WorkingCalendar,
): { ok: true; dueDate: LocalDate; dueAt: string } | { ok: false; problem: DeadlineProblem } {
  let dueDate: LocalDate;
  if (deadline.kind === 'working_days') {
    dueDate = issuedOn;
    for (let i = 0; i < deadline.days; i += 1) dueDate = calendar.nextWorkingDay(dueDate);
  } else {
    dueDate = deadline.date;
    if (dueDate <= issuedOn) return { ok: false, problem: { kind: 'not_after_issue' } };
    if (dueDate > addDays(issuedOn, 366)) return { ok: false, problem: { kind: 'too_far' } };
    if (!calendar.isWorkingDay(dueDate))
      return {
        ok: false,
        problem: { kind: 'not_working_day', next: calendar.nextWorkingDay(dueDate) },
      };
  }
  return { ok: true, dueDate, dueAt: new Date(calendar.closingTime(dueDate)).toISOString() };
}

/** Counts for one directive across its communes, for the list pages and the report. */
export interface DirectiveTally {
  readonly targets: number;
  readonly acknowledged: number;
  readonly done: number;
  readonly doneLate: number;
  readonly overdue: number;
}

export function tallyStandings(standings: readonly DirectiveStanding[]): DirectiveTally {
  return {
    targets: standings.length,
    acknowledged: standings.filter((s) => !s.unacknowledged).length,
    done: standings.filter((s) => s.progress === 'done_on_time' || s.progress === 'done_late')
      .length,
    doneLate: standings.filter((s) => s.progress === 'done_late').length,
    overdue: standings.filter((s) => s.progress === 'overdue').length,
  };
}

/**
 * Where a commune stood at `asOf` (a report's moment: the month's end, or now): what the
 * commune and the province had done by then counts, what came later does not.
 */
export function standingAt(
  directive: DirectiveState,
  response: DirectiveResponse,
  asOf: string,
  calendar: WorkingCalendar,
): DirectiveStanding {
  const by = (at: string | null) => (at !== null && at < asOf ? at : null);
  const review = response.review ?? null;
  return directiveStanding(
    { dueAt: directive.dueAt, cancelledAt: by(directive.cancelledAt) },
    {
      acknowledgedAt: by(response.acknowledgedAt),
      assigneeId: response.assigneeId,
      reportedAt: by(response.reportedAt),
      // The projection keeps the latest review; one made after the moment does not count.
      review: review !== null && review.at < asOf ? review : null,
    },
    asOf,
    calendar,
  );
}
