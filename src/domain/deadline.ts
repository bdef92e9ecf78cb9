// The deadline of a dossier (thời hạn giải quyết, ngày hẹn trả kết quả): one function that takes
// the procedure's processing time, when the complete dossier was received, the periods the
// clock stood still, the working calendar and the time of the question, and answers when the
// dossier is due, how much working time is left and whether it is late.
//
// The rules, decided here (docs/calendar-notices.md repeats them for operators):
//
// * Clock start. The clock starts when the complete dossier is received (kể từ ngày nhận đủ
//   hồ sơ hợp lệ), at that minute when the office is open. A receipt before opening, during
//   the lunch break or after closing, or on a day off, starts the clock at the next opening
//   (07:30 the same or next working day, 13:30 after lunch): the office cannot work on the
//   dossier before then. That is also what the reference implementation does (domain-notes
//   §1.5); no other cut-off is applied to working-day procedures (the NĐ 61/2018 rule for
//   paper dossiers after 15:00 is unverified, §9.3).
//
// * Working days and working hours count office time, to the minute. N working days are N
//   full office days of working time (N × 450 minutes with 07:30–11:30 and 13:30–17:00), so a
//   dossier received Monday 09:00 with 3 working days is due Thursday 09:00, and one received
//   Monday 07:30 is due Wednesday 17:00. Working hours: N × 60 minutes. Why: the appointment on
//   the receipt (phiếu hẹn) and the national portal's on-time figures are to the minute, the
//   reference implementation counts in working hours, and one arithmetic then serves hours and
//   days. The alternative reading of civil-law counting (the first day is not counted and the
//   period ends at the close of the last day, BLDS 2015 art. 147–148, [M] not verified) gives
//   the office up to one more day; it is not what is implemented.
//
// * Calendar days (ngày): the due date is the start date plus N days, at closing time; a due
//   date on a day off moves to the next working day, at closing time.
//
// * Same day (trong ngày) and the 15:00 rule: received on a working day at or before the
//   cut-off (15:00:00, a parameter of the office hours) → due at closing time that day; after
//   it, or on a day off → due at closing time of the next working day. After a pause the rule
//   applies again to the moment the clock resumes (the dossier is complete again then); the
//   due date never comes earlier than without the pause.
//
// * Pauses (chờ bổ sung): intervals [from, to), `to` null while the supplement is still
//   awaited (it then ends at the time of the question). Office time inside a pause does not
//   count, so the due date moves on by the paused office time; days off inside a pause move
//   nothing. For calendar days the due date moves by the number of calendar days between the
//   request date and the resubmission date, as the reference implementation does. A pause that
//   begins after the due date does not move it: the dossier was already late.
//
// * Overdue compares the completion time, or `now` while the dossier is open, with the due
//   date. While a pause is open the dossier is not overdue, unless it was already overdue when
//   the pause began.
import type { ProcessingTime } from './processing-time.js';
import {
  addDays,
  epochDay,
  localDateOf,
  localInstant,
  localTimeOfDayMs,
  yearOf,
  type EpochMs,
  type WorkingCalendar,
} from './working-calendar.js';

/** A period during which the clock stood still (supplement awaited); ISO-8601 instants. */
export interface DeadlinePause {
  readonly from: string;
  /** Null while the supplement is still awaited. */
  readonly to: string | null;
}

export interface DeadlineInput {
  /** From the procedure version in force when the dossier was received. */
  readonly processingTime: ProcessingTime;
  /** When the complete, valid dossier was received (ISO-8601, e.g. `2026-04-22T02:00:00.000Z`). */
  readonly receivedAt: string;
  readonly pauses?: readonly DeadlinePause[];
  readonly calendar: WorkingCalendar;
  /** The time of the question; pass it in, nothing here reads a clock. */
  readonly now: string;
  /** When the result was ready; overdue and remaining are then measured at that time. */
  readonly completedAt?: string | null;
}

export interface Deadline {
  /** When the clock started (the receipt, or the next opening after it). ISO-8601 UTC. */
  readonly startsAt: string;
  /** Due date and time (ISO-8601 UTC); while a pause is open it moves on with the pause. */
  readonly dueAt: string;
  /**
   * Working time left at `now` (or at completion): office minutes outside pauses until the due
   * date, negative once overdue (office minutes since it). `workingDays` is the whole number of
   * full working days in it, rounded toward zero.
   */
  readonly remaining: { readonly workingMinutes: number; readonly workingDays: number };
  readonly overdue: boolean;
  /** A pause is open at `now` (or at completion): the clock stands still. */
  readonly paused: boolean;
  /** Office minutes between the start and the due date that fell inside pauses. */
  readonly pausedMinutes: number;
  /** Some year from start to due date has no notice: Tết or 2/9's second day are suggestions. */
  readonly provisional: boolean;
}

const MINUTE_MS = 60_000;
const isoInstantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: string, field: string): EpochMs {
  const ms = isoInstantPattern.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${field} is not an ISO-8601 instant: ${value}`);
  return ms;
}

interface Interval {
  readonly from: EpochMs;
  readonly to: EpochMs;
}

/** Pauses as sorted, merged intervals from `start` on; an open pause ends at `reference`. */
function normalisePauses(
  pauses: readonly DeadlinePause[],
  start: EpochMs,
  reference: EpochMs,
): { intervals: Interval[]; open: Interval | undefined } {
  const raw: Interval[] = [];
  let open: Interval | undefined;
  for (const [i, p] of pauses.entries()) {
    const from = parseInstant(p.from, `pauses[${i}].from`);
    const to = p.to === null ? Math.max(reference, from) : parseInstant(p.to, `pauses[${i}].to`);
    if (to < from) throw new RangeError(`pauses[${i}] ends before it begins`);
    const clipped = { from: Math.max(from, start), to };
    if (p.to === null && from <= reference) open = clipped;
    if (clipped.to > clipped.from) raw.push(clipped);
  }
  raw.sort((a, b) => a.from - b.from);
  const intervals: Interval[] = [];
  for (const p of raw) {
    const last = intervals[intervals.length - 1];
    if (last !== undefined && p.from <= last.to)
      intervals[intervals.length - 1] = { from: last.from, to: Math.max(last.to, p.to) };
    else intervals.push(p);
  }
  return { intervals, open };
}

/** Office time (ms) inside the pauses, between `from` and `to`. */
function pausedOfficeMs(
  calendar: WorkingCalendar,
  pauses: readonly Interval[],
  from: EpochMs,
  to: EpochMs,
): number {
  let total = 0;
  for (const p of pauses) {
    const a = Math.max(p.from, from);
    const b = Math.min(p.to, to);
    if (b > a) total += calendar.workingMinutesBetween(a, b) * MINUTE_MS;
  }
  return total;
}

/** Runs the clock from `start` over office time outside pauses until `budget` ms are used. */
function runClock(
  calendar: WorkingCalendar,
  start: EpochMs,
  budget: number,
  pauses: readonly Interval[],
): EpochMs {
  if (budget <= 0) return start;
  let left = budget;
  let p = 0;
  for (const [a, b] of calendar.officeIntervals(start)) {
    let cursor = a;
    while (cursor < b) {
      while (p < pauses.length && (pauses[p]?.to ?? Infinity) <= cursor) p += 1;
      const pause = pauses[p];
      if (pause !== undefined && pause.from <= cursor) {
        cursor = Math.min(pause.to, b); // the clock stands still
        continue;
      }
      const segmentEnd = pause === undefined ? b : Math.min(pause.from, b);
      if (left <= segmentEnd - cursor) return cursor + left;
      left -= segmentEnd - cursor;
      cursor = segmentEnd;
    }
  }
  throw new Error('unreachable: officeIntervals is endless');
}

/** The due instant for a processing time, from the clock start, with the given pauses. */
function dueFor(
  calendar: WorkingCalendar,
  time: ProcessingTime,
  start: EpochMs,
  pauses: readonly Interval[],
): EpochMs {
  switch (time.unit) {
    case 'working_days':
      return runClock(
        calendar,
        start,
        Math.round(time.value * calendar.minutesPerWorkingDay) * MINUTE_MS,
        pauses,
      );
    case 'working_hours':
      return runClock(calendar, start, Math.round(time.value * 60) * MINUTE_MS, pauses);
    case 'same_day': {
      const closing = calendar.closingTime(localDateOf(start));
      const lastResume = pauses.reduce<EpochMs | null>(
        (latest, p) => (latest === null || p.to > latest ? p.to : latest),
        null,
      );
      if (lastResume === null) return closing;
      // A same-day dossier whose clock stood still (a supplement, the fee) is complete again
      // when the clock resumes: the 15:00 rule applies to that moment, so a fee paid at 09:30
      // still gets the result the same day, and one paid at 16:00 the next working day.
      const resumed = calendar.closingTime(localDateOf(clockStart(calendar, time, lastResume)));
      return Math.max(closing, resumed);
    }
    case 'calendar_days': {
      let dueDate = calendar.workingDayOnOrAfter(addDays(localDateOf(start), time.value));
      for (const p of pauses) {
        if (p.from >= calendar.closingTime(dueDate)) break; // began after the due date
        const days = epochDay(localDateOf(p.to)) - epochDay(localDateOf(p.from));
        if (days > 0) dueDate = calendar.workingDayOnOrAfter(addDays(dueDate, days));
      }
      return calendar.closingTime(dueDate);
    }
  }
}

/** When the clock starts: the next opening, and for same-day procedures the 15:00 rule. */
function clockStart(calendar: WorkingCalendar, time: ProcessingTime, received: EpochMs): EpochMs {
  if (time.unit !== 'same_day') return calendar.nextOpening(received);
  const day = localDateOf(received);
  const inTime = localTimeOfDayMs(received) <= calendar.officeHours.sameDayCutoff * MINUTE_MS;
  if (calendar.isWorkingDay(day) && inTime) return calendar.nextOpening(received);
  return calendar.nextOpening(localInstant(calendar.nextWorkingDay(day), 0));
}

function checkProcessingTime(time: ProcessingTime): void {
  const ok =
    time.unit === 'same_day' ||
    (Number.isFinite(time.value) &&
      time.value >= 0 &&
      (time.unit !== 'calendar_days' || Number.isInteger(time.value)));
  if (!ok) throw new RangeError(`Bad processing time: ${time.value} ${time.unit}`);
}

/** The due date, time left and lateness of a dossier. See the rules at the top of this file. */
export function computeDeadline(input: DeadlineInput): Deadline {
  const { calendar, processingTime } = input;
  checkProcessingTime(processingTime);
  const received = parseInstant(input.receivedAt, 'receivedAt');
  const now = parseInstant(input.now, 'now');
  const reference =
    input.completedAt === undefined || input.completedAt === null
      ? now
      : parseInstant(input.completedAt, 'completedAt');

  const start = clockStart(calendar, processingTime, received);
  const { intervals, open } = normalisePauses(input.pauses ?? [], start, reference);
  const due = dueFor(calendar, processingTime, start, intervals);

  let overdue: boolean;
  if (open === undefined) {
    overdue = reference > due;
  } else {
    // Was it already late when the clock stopped? Then the open pause changes nothing.
    const closed = normalisePauses(
      (input.pauses ?? []).filter((p) => p.to !== null),
      start,
      reference,
    ).intervals;
    overdue = dueFor(calendar, processingTime, start, closed) < open.from;
  }

  const countFrom = Math.max(reference, start);
  const remainingMs = overdue
    ? -calendar.workingMinutesBetween(due, reference) * MINUTE_MS
    : Math.max(
        0,
        calendar.workingMinutesBetween(countFrom, due) * MINUTE_MS -
          pausedOfficeMs(calendar, intervals, countFrom, due),
      );
  const workingMinutes = Math.trunc(remainingMs / MINUTE_MS) + 0; // + 0 turns -0 into 0
  const firstYear = yearOf(localDateOf(start));
  const lastYear = yearOf(localDateOf(Math.max(due, start)));
  let provisional = false;
  for (let year = firstYear; year <= lastYear; year += 1)
    if (!calendar.hasNoticeFor(year)) provisional = true;

  return {
    startsAt: new Date(start).toISOString(),
    dueAt: new Date(due).toISOString(),
    remaining: {
      workingMinutes,
      workingDays: Math.trunc(workingMinutes / calendar.minutesPerWorkingDay) + 0,
    },
    overdue,
    paused: open !== undefined,
    pausedMinutes: Math.floor(pausedOfficeMs(calendar, intervals, start, due) / MINUTE_MS),
    provisional,
  };
}
