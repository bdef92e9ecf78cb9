// The working-day calendar of the one-stop desk (lịch làm việc): which days are working days,
// when the office is open, and working-time arithmetic in minutes.
//
// Three layers, each data with its source (DESIGN §3.5):
//   1. the statutory holidays of Labour Code 45/2019/QH14 art. 112 (Bộ luật Lao động, ngày nghỉ
//      lễ, tết) and the compensatory-day rule of art. 111(3) (nghỉ bù), computed for any year,
//      with solar dates and lunar dates on the Vietnamese (UTC+7) calendar;
//   2. the weekly rest days of civil servants (Saturday and Sunday);
//   3. the yearly notices (thông báo nghỉ lễ, tết hằng năm): the actual Tết days, the second day
//      of National Day, days in lieu, extra days off and swapped working days, each naming the
//      document it comes from. See calendar-notices.ts and docs/calendar-notices.md.
//
// A year without a notice still works: the days the law leaves to the yearly decision (the five
// Tết days, the day beside 2/9) are filled with a documented suggestion and every such day is
// marked provisional, so screens can say "not yet confirmed" (hasNoticeFor(year) is false).
//
// All dates are Vietnam local dates (UTC+7, no daylight saving); instants are epoch
// milliseconds. Nothing here reads a clock.
import { julianDayNumber, lunarToSolar, lunarNewYear } from './lunar-calendar.js';

/** A day on the Vietnam (UTC+7) calendar, `YYYY-MM-DD`. */
export type LocalDate = string;
/** An instant, in milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const EPOCH_JDN = 2440588; // Julian day number of 1970-01-01

// ---------------------------------------------------------------------------------------------
// Local dates and times

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a local date, or undefined when it is not a real `YYYY-MM-DD` date. */
export function tryEpochDay(date: string): number | undefined {
  const m = localDatePattern.exec(date);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const n = julianDayNumber({ year, month, day }) - EPOCH_JDN;
  // 2026-02-30 would silently become 2026-03-02: refuse it instead.
  return formatEpochDay(n) === date ? n : undefined;
}

export function epochDay(date: LocalDate): number {
  const n = tryEpochDay(date);
  if (n === undefined) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

export function formatEpochDay(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatEpochDay(epochDay(date) + days);
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay counts. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export function weekdayOf(date: LocalDate): Weekday {
  return ((((epochDay(date) + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday
}

/** The local date on which an instant falls in Vietnam. */
export function localDateOf(instant: EpochMs): LocalDate {
  return formatEpochDay(Math.floor((instant + VIETNAM_UTC_OFFSET_MS) / DAY_MS));
}

/** Milliseconds since local midnight of an instant. */
export function localTimeOfDayMs(instant: EpochMs): number {
  const local = instant + VIETNAM_UTC_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** The instant at `minutes` after local midnight of `date`. */
export function localInstant(date: LocalDate, minutes: number): EpochMs {
  return epochDay(date) * DAY_MS + minutes * MINUTE_MS - VIETNAM_UTC_OFFSET_MS;
}

/** `HH:MM` (00:00 … 24:00) as minutes after midnight, or undefined. */
export function parseClockTime(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

export function formatClockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Statutory rules

/** Holidays of Labour Code art. 112(1), and the day added from 2026. */
export const holidayRuleIds = [
  'new_year', // Tết Dương lịch
  'lunar_new_year', // Tết Âm lịch (Tết Nguyên đán)
  'hung_kings', // Giỗ Tổ Hùng Vương
  'victory_day', // Ngày Chiến thắng (30/4)
  'labour_day', // Ngày Quốc tế lao động
  'national_day', // Quốc khánh (2/9)
  'national_day_second', // the day before or after 2/9 (ngày liền kề)
  'culture_day', // Ngày Văn hóa Việt Nam (24/11)
] as const;
export type HolidayRuleId = (typeof holidayRuleIds)[number];

export type HolidayDate =
  | { readonly calendar: 'solar'; readonly month: number; readonly day: number }
  /** Vietnamese lunar calendar, UTC+7, never the leap month. */
  | { readonly calendar: 'lunar'; readonly month: number; readonly day: number }
  /** Days the Prime Minister fixes each year (art. 112(3)): taken from the yearly notice. */
  | { readonly calendar: 'notice'; readonly days: number };

export interface HolidayRule {
  readonly id: HolidayRuleId;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly date: HolidayDate;
  /** Art. 111(3): a holiday on a weekly rest day gives a day off on the next working day. */
  readonly compensated: boolean;
  /** First day the rule applies, when it is newer than the calendars we serve. */
  readonly effectiveFrom?: LocalDate;
  /**
   * `unconfirmed`: reported but not read in a primary text. The rule applies (see 24/11 below)
   * and the days it gives say so; a yearly notice confirms it or drops it for its year.
   */
  readonly status: 'in_force' | 'unconfirmed';
  readonly source: string;
  readonly note?: string;
}

const LABOUR_CODE = 'Bộ luật Lao động 45/2019/QH14, Điều 112 khoản 1';

export const statutoryHolidays: readonly HolidayRule[] = [
  {
    id: 'new_year',
    nameVi: 'Tết Dương lịch',
    nameEn: "New Year's Day",
    date: { calendar: 'solar', month: 1, day: 1 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm a`,
  },
  {
    id: 'lunar_new_year',
    nameVi: 'Tết Âm lịch',
    nameEn: 'Lunar New Year (Tết)',
    date: { calendar: 'notice', days: 5 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm b; khoản 3 (Thủ tướng quyết định cụ thể)`,
    note:
      'The five days come from the yearly notice. Without one, the suggestion is the two days ' +
      'before mùng 1 and mùng 1–3 (the pattern of 2025–2026, and of 2023–2024 as recalled), ' +
      'marked provisional.',
  },
  {
    id: 'victory_day',
    nameVi: 'Ngày Chiến thắng',
    nameEn: 'Reunification Day',
    date: { calendar: 'solar', month: 4, day: 30 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm c`,
  },
  {
    id: 'labour_day',
    nameVi: 'Ngày Quốc tế lao động',
    nameEn: 'International Labour Day',
    date: { calendar: 'solar', month: 5, day: 1 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm d`,
  },
  {
    id: 'national_day',
    nameVi: 'Quốc khánh',
    nameEn: 'National Day',
    date: { calendar: 'solar', month: 9, day: 2 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm đ`,
  },
  {
    id: 'national_day_second',
    nameVi: 'Quốc khánh (ngày liền kề)',
    nameEn: 'National Day, adjacent day',
    date: { calendar: 'notice', days: 1 },
    compensated: true,
    effectiveFrom: '2021-01-01',
    status: 'in_force',
    source: `${LABOUR_CODE} điểm đ; khoản 3`,
    note:
      '1/9 or 3/9, from the yearly notice. Without one, the suggestion joins 2/9 to the ' +
      'weekend when it can (Mon → 3/9, Thu → 3/9, Sun → 3/9, otherwise 1/9), marked provisional.',
  },
  {
    id: 'hung_kings',
    nameVi: 'Giỗ Tổ Hùng Vương',
    nameEn: 'Hùng Kings Commemoration',
    date: { calendar: 'lunar', month: 3, day: 10 },
    compensated: true,
    status: 'in_force',
    source: `${LABOUR_CODE} điểm e`,
  },
  {
    // Decision (domain-notes §5.1, §9.5): applied from 2026 but marked unconfirmed. It was
    // reported by several outlets and a government site, yet the primary text was not read.
    // Applying it keeps deadlines off a day the offices are reported closed, which is the
    // mistake that makes officers look late (DESIGN §1); a notice confirms or drops it.
    id: 'culture_day',
    nameVi: 'Ngày Văn hóa Việt Nam',
    nameEn: 'Vietnam Culture Day',
    date: { calendar: 'solar', month: 11, day: 24 },
    // One source argues art. 111(3) does not reach a day outside art. 112(1); until the text is
    // read, a notice names a day in lieu explicitly if one is given.
    compensated: false,
    effectiveFrom: '2026-07-01',
    status: 'unconfirmed',
    source:
      'Nghị quyết 28/2026/QH16 Điều 2 (hiệu lực 01/7/2026) as cited by secondary sources; ' +
      'NQ 80-NQ/TW (07/01/2026); NQ 30/NQ-CP',
    note: 'Unconfirmed: primary text not read (domain-notes §5.1, §9.5).',
  },
];

/** Weekly rest days of civil servants (40-hour week). */
export const weeklyRestDays = {
  days: [6, 0] as readonly Weekday[],
  // [M] from memory, not re-read: the decision that set the 40-hour week for civil servants.
  source: 'Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ): nghỉ thứ Bảy và Chủ nhật',
} as const;

const COMPENSATION_SOURCE = 'Bộ luật Lao động 45/2019/QH14, Điều 111 khoản 3 (nghỉ bù)';
const SUGGESTION_SOURCE = 'Computed suggestion, pending the yearly notice';

/**
 * The suggested five Tết days when no notice fixes them: the two days before mùng 1 and
 * mùng 1–3. With the art. 111(3) compensation for those on a weekend, this reproduces the
 * official breaks of 2025 and 2026 (and, as recalled but not re-checked, 2023 and 2024).
 */
export function suggestedTetDays(year: number): LocalDate[] {
  const { month, day } = lunarNewYear(year);
  const first = epochDay(`${year}-${pad(month)}-${pad(day)}`);
  return [-2, -1, 0, 1, 2].map((d) => formatEpochDay(first + d));
}

/** The suggested day beside 2/9 when no notice fixes it: the one that joins a weekend. */
export function suggestedNationalDaySecond(year: number): LocalDate {
  const nationalDay = `${year}-09-02`;
  const after = [1, 4, 0].includes(weekdayOf(nationalDay)); // Mon, Thu, Sun → 3/9
  return after ? `${year}-09-03` : `${year}-09-01`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Yearly notices (parsed and validated by calendar-notices.ts)

export interface NoticeDocument {
  /** Document number as written, e.g. `TB 9441/TB-BNV`; entries refer to it by this text. */
  readonly number: string;
  readonly issuer?: string | undefined;
  /** Date of the document. */
  readonly date?: LocalDate | undefined;
  readonly subject?: string | undefined;
  readonly url?: string | undefined;
}

export interface NoticeDayOff {
  readonly date: LocalDate;
  /**
   * `holiday`: a day of a holiday the notice fixes (rule `lunar_new_year` or
   * `national_day_second`); `in_lieu`: the compensatory day for a holiday of `rule` (replaces
   * the computed one for that rule and year); `extra`: an extra day off decided that year.
   */
  readonly kind: 'holiday' | 'in_lieu' | 'extra';
  readonly rule?: HolidayRuleId | undefined;
  readonly source: string;
  readonly note?: string | undefined;
}

/** A working day given off in exchange for a weekend day worked (hoán đổi ngày làm việc). */
export interface NoticeSwap {
  readonly dayOff: LocalDate;
  readonly workday: LocalDate;
  readonly source: string;
  readonly note?: string | undefined;
}

/** Confirms or drops an unconfirmed statutory rule for the notice's year. */
export interface NoticeRuleDecision {
  readonly rule: HolidayRuleId;
  readonly action: 'confirm' | 'drop';
  readonly source: string;
  readonly note?: string | undefined;
}

/** One year's notice: everything the yearly documents decide about days off. */
export interface CalendarNotice {
  readonly year: number;
  readonly title: string;
  readonly documents: readonly NoticeDocument[];
  readonly daysOff: readonly NoticeDayOff[];
  readonly swaps: readonly NoticeSwap[];
  readonly rules: readonly NoticeRuleDecision[];
  readonly note?: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Office hours

/** A stretch of office time within a day, in minutes after local midnight, `from` < `to`. */
export interface OfficeSession {
  readonly from: number;
  readonly to: number;
}

export interface OfficeHours {
  /** Ascending, not overlapping. */
  readonly sessions: readonly OfficeSession[];
  /** The 15:00 rule for same-day procedures: received after this (minutes), next working day. */
  readonly sameDayCutoff: number;
  readonly source?: string | undefined;
}

/** 07:30–11:30 and 13:30–17:00, same-day cut-off 15:00. Provinces may set their own. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  sessions: [
    { from: 7 * 60 + 30, to: 11 * 60 + 30 },
    { from: 13 * 60 + 30, to: 17 * 60 },
  ],
  sameDayCutoff: 15 * 60,
};

/** Why office hours are unusable, or undefined when they are fine. */
export function officeHoursProblem(hours: OfficeHours): string | undefined {
  if (hours.sessions.length === 0) return 'needs at least one session';
  let previousEnd = 0;
  for (const [i, s] of hours.sessions.entries()) {
    if (!Number.isInteger(s.from) || !Number.isInteger(s.to) || s.from < 0 || s.to > 1440)
      return `session ${i} is not within the day`;
    if (s.from >= s.to) return `session ${i} ends before it starts`;
    if (s.from < previousEnd) return `session ${i} overlaps the one before`;
    previousEnd = s.to;
  }
  if (
    !Number.isInteger(hours.sameDayCutoff) ||
    hours.sameDayCutoff < 0 ||
    hours.sameDayCutoff > 1440
  )
    return 'the same-day cut-off is not within the day';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The calendar

export type DayReasonKind =
  | 'weekend' // ngày nghỉ hằng tuần
  | 'holiday' // ngày nghỉ lễ, tết
  | 'in_lieu' // nghỉ bù
  | 'swapped_off' // nghỉ do hoán đổi
  | 'swapped_in' // làm bù (a weekend day worked)
  | 'extra'; // extra day off by notice

export interface DayReason {
  readonly kind: DayReasonKind;
  /** The holiday the day belongs to (holiday and in_lieu). */
  readonly rule?: HolidayRuleId;
  readonly source: string;
  /** Computed while the year's notice does not fix it yet. */
  readonly provisional: boolean;
  /** From a rule that awaits confirmation (24/11). */
  readonly unconfirmed: boolean;
}

export interface CalendarDay {
  readonly date: LocalDate;
  readonly working: boolean;
  /** Empty for an ordinary weekday. */
  readonly reasons: readonly DayReason[];
}

export interface WorkingCalendar {
  readonly officeHours: OfficeHours;
  /** Length of a full working day, in minutes (450 with the default hours). */
  readonly minutesPerWorkingDay: number;
  /** Whether a notice for that year is loaded; without one, Tết and 2/9's second day are suggestions. */
  hasNoticeFor(year: number): boolean;
  /** The notice used for a year, if any. */
  noticeFor(year: number): CalendarNotice | undefined;
  describeDay(date: LocalDate): CalendarDay;
  /** Every day of the year that is not an ordinary weekday or an ordinary weekend day. */
  specialDays(year: number): readonly CalendarDay[];
  isWorkingDay(date: LocalDate): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** `date` itself when it is a working day, else the next one. */
  workingDayOnOrAfter(date: LocalDate): LocalDate;
  /** True when the instant falls in an office session of a working day. */
  isWithinOfficeHours(instant: EpochMs): boolean;
  /** The instant itself when the office is open then, else the next opening. */
  nextOpening(instant: EpochMs): EpochMs;
  /** The end of the last session of a working day. */
  closingTime(date: LocalDate): EpochMs;
  /** Office intervals [from, to) from `instant` on, the first one clipped; endless. */
  officeIntervals(instant: EpochMs): Generator<readonly [EpochMs, EpochMs]>;
  /** Office time between two instants, in minutes (negative when `to` is before `from`). */
  workingMinutesBetween(from: EpochMs, to: EpochMs): number;
  /** The instant after `minutes` of office time from `instant` (which need not be in hours). */
  addWorkingMinutes(instant: EpochMs, minutes: number): EpochMs;
}

export interface WorkingCalendarOptions {
  readonly rules?: readonly HolidayRule[];
  readonly notices?: readonly CalendarNotice[];
  readonly officeHours?: OfficeHours;
}

interface YearTable {
  readonly days: ReadonlyMap<LocalDate, readonly DayReason[]>;
}

/** Far enough for any processing time; a loop that passes it has a bug or absurd input. */
const MAX_SEARCH_DAYS = 366 * 50;

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const rules = options.rules ?? statutoryHolidays;
  const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
  const problem = officeHoursProblem(officeHours);
  if (problem !== undefined) throw new RangeError(`Office hours: ${problem}`);
  const notices = new Map<number, CalendarNotice>();
  for (const notice of options.notices ?? []) {
    if (notices.has(notice.year)) throw new RangeError(`Two notices for ${notice.year}`);
    notices.set(notice.year, notice);
  }
  const minutesPerWorkingDay = officeHours.sessions.reduce((sum, s) => sum + s.to - s.from, 0);
  const years = new Map<number, YearTable>();

  const tableFor = (year: number): YearTable => {
    let table = years.get(year);
    if (table === undefined) {
      table = buildYear(year, rules, notices.get(year));
      years.set(year, table);
    }
    return table;
  };

  const isWorkingDay = (date: LocalDate): boolean => {
    // A day off of any kind wins over a swap that would make it worked: a holiday is never
    // worked by accident of a badly placed swap.
    const reasons = tableFor(yearOf(date)).days.get(date) ?? [];
    if (reasons.some((r) => r.kind !== 'swapped_in')) return false;
    if (reasons.length > 0) return true;
    return !weeklyRestDays.days.includes(weekdayOf(date));
  };

  const describeDay = (date: LocalDate): CalendarDay => {
    const reasons = [...(tableFor(yearOf(date)).days.get(date) ?? [])];
    if (
      weeklyRestDays.days.includes(weekdayOf(date)) &&
      !reasons.some((r) => r.kind === 'swapped_in')
    )
      reasons.unshift({
        kind: 'weekend',
        source: weeklyRestDays.source,
        provisional: false,
        unconfirmed: false,
      });
    return { date, working: isWorkingDay(date), reasons };
  };

  const workingDayOnOrAfter = (date: LocalDate): LocalDate => {
    let day = epochDay(date);
    for (let i = 0; i < MAX_SEARCH_DAYS; i += 1, day += 1) {
      const d = formatEpochDay(day);
      if (isWorkingDay(d)) return d;
    }
    throw new RangeError(`No working day within ${MAX_SEARCH_DAYS} days of ${date}`);
  };

  const sessionsOn = (date: LocalDate): (readonly [EpochMs, EpochMs])[] =>
    isWorkingDay(date)
      ? officeHours.sessions.map(
          (s) => [localInstant(date, s.from), localInstant(date, s.to)] as const,
        )
      : [];

  function* officeIntervals(instant: EpochMs): Generator<readonly [EpochMs, EpochMs]> {
    let day = epochDay(localDateOf(instant));
    for (let i = 0; i < MAX_SEARCH_DAYS; i += 1, day += 1) {
      for (const [from, to] of sessionsOn(formatEpochDay(day))) {
        if (to <= instant) continue;
        yield [Math.max(from, instant), to];
      }
    }
    throw new RangeError(`No office time within ${MAX_SEARCH_DAYS} days of ${instant}`);
  }

  const workingMsBetween = (from: EpochMs, to: EpochMs): number => {
    if (to < from) return -workingMsBetween(to, from);
    let total = 0;
    for (const [a, b] of officeIntervals(from)) {
      if (a >= to) break;
      total += Math.min(b, to) - a;
    }
    return total;
  };

  return {
    officeHours,
    minutesPerWorkingDay,
    hasNoticeFor: (year) => notices.has(year),
    noticeFor: (year) => notices.get(year),
    describeDay: (date) => describeDay(formatEpochDay(epochDay(date))),
    specialDays(year) {
      return [...tableFor(year).days.keys()].sort().map(describeDay);
    },
    isWorkingDay: (date) => isWorkingDay(formatEpochDay(epochDay(date))),
    nextWorkingDay: (date) => workingDayOnOrAfter(addDays(date, 1)),
    workingDayOnOrAfter: (date) => workingDayOnOrAfter(formatEpochDay(epochDay(date))),
    isWithinOfficeHours(instant) {
      return sessionsOn(localDateOf(instant)).some(([a, b]) => a <= instant && instant < b);
    },
    nextOpening(instant) {
      const first = officeIntervals(instant).next();
      // officeIntervals never finishes: it yields or throws.
      if (first.done === true) throw new Error('unreachable');
      return first.value[0];
    },
    closingTime(date) {
      const last = officeHours.sessions[officeHours.sessions.length - 1];
      if (last === undefined) throw new Error('unreachable: office hours have a session');
      return localInstant(date, last.to);
    },
    officeIntervals,
    workingMinutesBetween: (from, to) => workingMsBetween(from, to) / MINUTE_MS,
    addWorkingMinutes(instant, minutes) {
      if (!(minutes >= 0)) throw new RangeError(`Cannot add ${minutes} working minutes`);
      let left = minutes * MINUTE_MS;
      if (left === 0) return instant;
      for (const [a, b] of officeIntervals(instant)) {
        if (left <= b - a) return a + left;
        left -= b - a;
      }
      throw new Error('unreachable: officeIntervals is endless');
    },
  };
}

/** The days of one year that differ from an ordinary weekday or weekend day, with why. */
function buildYear(
  year: number,
  rules: readonly HolidayRule[],
  notice: CalendarNotice | undefined,
): YearTable {
  const days = new Map<LocalDate, DayReason[]>();
  const add = (date: LocalDate, reason: DayReason): void => {
    const list = days.get(date);
    if (list === undefined) days.set(date, [reason]);
    else list.push(reason);
  };
  const decision = (rule: HolidayRuleId) => notice?.rules.find((r) => r.rule === rule);
  const noticeDays = (kind: NoticeDayOff['kind'], rule?: HolidayRuleId) =>
    (notice?.daysOff ?? []).filter((d) => d.kind === kind && d.rule === rule);

  interface Holiday {
    readonly date: LocalDate;
    readonly rule: HolidayRule;
    readonly reason: DayReason;
    /** Fixed by the notice: its compensation, if any, is the notice's business too. */
    readonly fromNotice: boolean;
  }
  const holidays: Holiday[] = [];
  for (const rule of rules) {
    const ruling = decision(rule.id);
    if (ruling?.action === 'drop') continue;
    const unconfirmed = rule.status === 'unconfirmed' && ruling?.action !== 'confirm';
    const base = { kind: 'holiday' as const, rule: rule.id, unconfirmed };
    const push = (
      date: LocalDate | undefined,
      source: string,
      provisional: boolean,
      fromNotice: boolean,
    ) => {
      if (date === undefined) return;
      if (rule.effectiveFrom !== undefined && date < rule.effectiveFrom) return;
      holidays.push({ date, rule, fromNotice, reason: { ...base, source, provisional } });
    };
    const source = ruling?.action === 'confirm' ? `${rule.source}; ${ruling.source}` : rule.source;
    switch (rule.date.calendar) {
      case 'solar':
        push(`${year}-${pad(rule.date.month)}-${pad(rule.date.day)}`, source, false, false);
        break;
      case 'lunar': {
        const solar = lunarToSolar({
          year,
          month: rule.date.month,
          day: rule.date.day,
          leap: false,
        });
        push(solar && `${solar.year}-${pad(solar.month)}-${pad(solar.day)}`, source, false, false);
        break;
      }
      case 'notice': {
        const fixed = noticeDays('holiday', rule.id);
        if (fixed.length > 0) {
          for (const d of fixed) push(d.date, d.source, false, true);
        } else {
          const suggested =
            rule.id === 'lunar_new_year'
              ? suggestedTetDays(year)
              : rule.id === 'national_day_second'
                ? [suggestedNationalDaySecond(year)]
                : [];
          for (const d of suggested) push(d, `${SUGGESTION_SOURCE}; ${rule.source}`, true, false);
        }
        break;
      }
    }
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const h of holidays) add(h.date, h.reason);

  // Art. 111(3): each holiday on a weekly rest day gives the next working day off, skipping
  // other holidays and days already given in lieu. A notice that names the days in lieu of a
  // holiday replaces this computation for that holiday.
  const taken = new Set(holidays.map((h) => h.date));
  for (const d of notice?.daysOff ?? []) taken.add(d.date);
  for (const s of notice?.swaps ?? []) taken.add(s.dayOff);
  for (const h of holidays) {
    if (!h.rule.compensated || h.fromNotice) continue;
    if (!weeklyRestDays.days.includes(weekdayOf(h.date))) continue;
    if (noticeDays('in_lieu', h.rule.id).length > 0) continue;
    let day = addDays(h.date, 1);
    while (weeklyRestDays.days.includes(weekdayOf(day)) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    add(day, {
      kind: 'in_lieu',
      rule: h.rule.id,
      source: COMPENSATION_SOURCE,
      provisional: h.reason.provisional,
      unconfirmed: h.reason.unconfirmed,
    });
  }

  for (const d of notice?.daysOff ?? []) {
    if (d.kind === 'holiday') continue; // placed above with its rule
    add(d.date, {
      kind: d.kind,
      ...(d.rule === undefined ? {} : { rule: d.rule }),
      source: d.source,
      provisional: false,
      unconfirmed: false,
    });
  }
  for (const s of notice?.swaps ?? []) {
    const reason = { source: s.source, provisional: false, unconfirmed: false };
    add(s.dayOff, { kind: 'swapped_off', ...reason });
    add(s.workday, { kind: 'swapped_in', ...reason });
  }
  return { days };
}
