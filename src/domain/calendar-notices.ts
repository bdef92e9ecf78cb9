// Parsing and checking the calendar data a province edits: the yearly notices (thông báo nghỉ
// lễ, tết) and the office hours, in the JSON format of docs/calendar-notices.md. Pure: the
// caller reads the file (storage/calendar-data.ts) or receives it (application/calendar.ts).
//
// A bad file gets every problem at once, each naming its place the way a person finds it:
// `daysOff.3.date` is the fourth entry of daysOff (indexes count from 0, as in the JSON API).
// Entries are checked one by one, so a broken entry does not hide the problems of the others.
import { z } from 'zod';
import { lunarNewYear } from './lunar-calendar.js';
import {
  DEFAULT_OFFICE_HOURS,
  epochDay,
  formatClockTime,
  holidayRuleIds,
  officeHoursProblem,
  parseClockTime,
  statutoryHolidays,
  tryEpochDay,
  weekdayOf,
  weeklyRestDays,
  yearOf,
  type CalendarNotice,
  type HolidayRuleId,
  type NoticeDayOff,
  type NoticeDocument,
  type NoticeRuleDecision,
  type NoticeSwap,
  type OfficeHours,
} from './working-calendar.js';

/** The event that publishes one year's notice; the hub owns the calendar (DESIGN §3.2). */
export const calendarEventTypes = {
  noticePublished: 'calendar.notice_published',
} as const;
export const CALENDAR_NOTICE_ENTITY = 'calendar_notice';

/** The version of the file format of docs/calendar-notices.md. */
export const CALENDAR_FORMAT_VERSION = 1;

/** Years a notice may be for: within the lunar algorithm's range, and no older than the system. */
export const NOTICE_YEARS = { min: 2000, max: 2199 } as const;

/** One problem in calendar data. */
export interface CalendarDataIssue {
  /** Dotted path from the top of the document, e.g. `daysOff.3.date`; '' for the whole document. */
  readonly path: string;
  /** Stable code, e.g. `required`, `date_format`, `not_a_weekend`, `unknown_source`. */
  readonly reason: string;
  /** In English, for the operator reading a log or a test. */
  readonly message: string;
}

export type CalendarParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly CalendarDataIssue[] };

/** What the shipped data file holds: office hours, and the notices shipped with the code. */
export interface CalendarData {
  readonly officeHours: {
    readonly default: OfficeHours;
    /** Overrides by 2-digit province code. */
    readonly provinces: Readonly<Record<string, OfficeHours>>;
  };
  readonly notices: readonly CalendarNotice[];
}

// ---------------------------------------------------------------------------------------------
// Schemas of single entries

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim() === s && s.length > 0, {
      error: 'must not be empty or start or end with a space',
      params: { reason: 'blank_or_padded' },
    });

const localDate = z.string().refine((s) => tryEpochDay(s) !== undefined, {
  error: 'must be a real date written YYYY-MM-DD',
  params: { reason: 'date_format' },
});

const clockTime = z.string().refine((s) => parseClockTime(s) !== undefined, {
  error: 'must be a time written HH:MM (00:00–24:00)',
  params: { reason: 'time_format' },
});

const ruleId = z.enum(holidayRuleIds);

const documentEntry = z.strictObject({
  number: text(100),
  issuer: text(200).optional(),
  date: localDate.optional(),
  subject: text(500).optional(),
  url: z.url().max(500).optional(),
});

const dayOffEntry = z.strictObject({
  date: localDate,
  kind: z.enum(['holiday', 'in_lieu', 'extra']),
  rule: ruleId.optional(),
  source: text(100),
  note: text(500).optional(),
});

const swapEntry = z.strictObject({
  dayOff: localDate,
  workday: localDate,
  source: text(100),
  note: text(500).optional(),
});

const ruleEntry = z.strictObject({
  rule: ruleId,
  action: z.enum(['confirm', 'drop']),
  source: text(100),
  note: text(500).optional(),
});

const entryList = z.array(z.unknown()).max(400);

const noticeShape = z.strictObject({
  year: z.number().int().min(NOTICE_YEARS.min).max(NOTICE_YEARS.max),
  title: text(300),
  note: text(1000).optional(),
  documents: z.array(z.unknown()).min(1).max(50),
  daysOff: entryList.default([]),
  swaps: entryList.default([]),
  rules: entryList.default([]),
});

const officeHoursEntry = z.strictObject({
  sessions: z
    .array(z.strictObject({ from: clockTime, to: clockTime }))
    .min(1)
    .max(6),
  sameDayCutoff: clockTime.default(formatClockTime(DEFAULT_OFFICE_HOURS.sameDayCutoff)),
  source: text(300).optional(),
  note: text(1000).optional(),
});

const dataShape = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(CALENDAR_FORMAT_VERSION),
  description: z.string().optional(),
  officeHours: z.strictObject({
    default: z.unknown(),
    provinces: z.record(z.string(), z.unknown()).default({}),
  }),
  notices: z.array(z.unknown()).max(300),
});

// ---------------------------------------------------------------------------------------------
// Issues

type Path = readonly PropertyKey[];
const join = (path: Path): string => path.map(String).join('.');

function issuesFrom(error: z.ZodError, prefix: Path): CalendarDataIssue[] {
  return error.issues.flatMap((issue): CalendarDataIssue[] => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          path: join([...path, key]),
          reason: 'not_allowed',
          message: 'is not a field of this format',
        }));
      case 'invalid_type':
        return [
          issue.input === undefined
            ? { path: join(path), reason: 'required', message: 'is required' }
            : { path: join(path), reason: 'invalid_type', message: `must be ${issue.expected}` },
        ];
      case 'invalid_value':
        return [
          {
            path: join(path),
            reason: 'invalid_option',
            message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          },
        ];
      case 'custom': {
        const reason: unknown = issue.params?.['reason'];
        return [
          {
            path: join(path),
            reason: typeof reason === 'string' ? reason : 'invalid',
            message: issue.message,
          },
        ];
      }
      case 'too_small':
      case 'too_big':
        return [{ path: join(path), reason: issue.code, message: issue.message }];
      default:
        return [{ path: join(path), reason: 'invalid', message: issue.message }];
    }
  });
}

function parseEntry<S extends z.ZodType>(
  schema: S,
  input: unknown,
  path: Path,
  issues: CalendarDataIssue[],
): z.output<S> | undefined {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  issues.push(...issuesFrom(result.error, path));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Notices

const byNoticeRules: readonly HolidayRuleId[] = statutoryHolidays
  .filter((r) => r.date.calendar === 'notice')
  .map((r) => r.id);
const pendingRules: readonly HolidayRuleId[] = statutoryHolidays
  .filter((r) => r.status === 'unconfirmed')
  .map((r) => r.id);
const isWeekend = (date: string) => weeklyRestDays.days.includes(weekdayOf(date));
/** How far from mùng 1 a Tết day may be: the longest breaks so far ran 9 days. */
const TET_WINDOW_DAYS = 10;

/** Checks one year's notice, as imported by a province or shipped in the data file. */
export function parseCalendarNotice(
  input: unknown,
  prefix: Path = [],
): CalendarParseResult<CalendarNotice> {
  const issues: CalendarDataIssue[] = [];
  const top = parseEntry(noticeShape, input, prefix, issues);
  if (top === undefined) return { ok: false, issues };
  const at = (...path: PropertyKey[]) => join([...prefix, ...path]);
  const problem = (path: string, reason: string, message: string) =>
    issues.push({ path, reason, message });

  const documents: NoticeDocument[] = [];
  top.documents.forEach((raw, i) => {
    const d = parseEntry(documentEntry, raw, [...prefix, 'documents', i], issues);
    if (d === undefined) return;
    if (documents.some((other) => other.number === d.number))
      problem(at('documents', i, 'number'), 'duplicate_document', 'names a document listed before');
    documents.push(d);
  });
  const numbers = new Set(documents.map((d) => d.number));
  const checkSource = (source: string, path: string) => {
    if (!numbers.has(source))
      problem(
        path,
        'unknown_source',
        `must be the number of one of the documents (${[...numbers].join('; ')})`,
      );
  };

  const seenDates = new Map<string, string>();
  const checkDate = (date: string, path: string) => {
    if (yearOf(date) !== top.year) problem(path, 'outside_year', `must be a date of ${top.year}`);
    const first = seenDates.get(date);
    if (first !== undefined) problem(path, 'duplicate_date', `is already used at ${first}`);
    else seenDates.set(date, path);
  };

  const daysOff: NoticeDayOff[] = [];
  let tetDays = 0;
  let secondDays = 0;
  top.daysOff.forEach((raw, i) => {
    const d = parseEntry(dayOffEntry, raw, [...prefix, 'daysOff', i], issues);
    if (d === undefined) return;
    checkDate(d.date, at('daysOff', i, 'date'));
    checkSource(d.source, at('daysOff', i, 'source'));
    if (d.kind === 'extra' && d.rule !== undefined)
      problem(at('daysOff', i, 'rule'), 'not_allowed', 'an extra day off belongs to no holiday');
    if (d.kind !== 'extra' && d.rule === undefined)
      problem(at('daysOff', i, 'rule'), 'required', `a ${d.kind} day names its holiday`);
    if (d.kind === 'holiday' && d.rule !== undefined && !byNoticeRules.includes(d.rule))
      problem(
        at('daysOff', i, 'rule'),
        'rule_not_by_notice',
        `the date of ${d.rule} is fixed by law; only ${byNoticeRules.join(', ')} are set by notice`,
      );
    if (d.kind === 'holiday' && d.rule === 'lunar_new_year') {
      tetDays += 1;
      const tet = lunarNewYear(top.year);
      const first = epochDay(
        `${top.year}-${String(tet.month).padStart(2, '0')}-${String(tet.day).padStart(2, '0')}`,
      );
      if (Math.abs(epochDay(d.date) - first) > TET_WINDOW_DAYS)
        problem(
          at('daysOff', i, 'date'),
          'far_from_tet',
          `is more than ${TET_WINDOW_DAYS} days from mùng 1 Tết`,
        );
      if (tetDays > 5)
        problem(at('daysOff', i), 'too_many', 'Tết has five statutory days (art. 112(1)(b))');
    }
    if (d.kind === 'holiday' && d.rule === 'national_day_second') {
      secondDays += 1;
      if (d.date !== `${top.year}-09-01` && d.date !== `${top.year}-09-03`)
        problem(
          at('daysOff', i, 'date'),
          'not_adjacent',
          'the second National Day day is 1/9 or 3/9',
        );
      if (secondDays > 1)
        problem(at('daysOff', i), 'too_many', 'National Day has one adjacent day (art. 112(1)(đ))');
    }
    daysOff.push(d);
  });

  const swaps: NoticeSwap[] = [];
  top.swaps.forEach((raw, i) => {
    const s = parseEntry(swapEntry, raw, [...prefix, 'swaps', i], issues);
    if (s === undefined) return;
    checkDate(s.dayOff, at('swaps', i, 'dayOff'));
    checkDate(s.workday, at('swaps', i, 'workday'));
    checkSource(s.source, at('swaps', i, 'source'));
    if (isWeekend(s.dayOff))
      problem(
        at('swaps', i, 'dayOff'),
        'not_a_weekday',
        'the day given off must be a Monday to Friday',
      );
    if (!isWeekend(s.workday))
      problem(
        at('swaps', i, 'workday'),
        'not_a_weekend',
        'the day worked instead must be a Saturday or Sunday',
      );
    swaps.push(s);
  });

  const rules: NoticeRuleDecision[] = [];
  top.rules.forEach((raw, i) => {
    const r = parseEntry(ruleEntry, raw, [...prefix, 'rules', i], issues);
    if (r === undefined) return;
    checkSource(r.source, at('rules', i, 'source'));
    if (!pendingRules.includes(r.rule))
      problem(
        at('rules', i, 'rule'),
        'rule_not_pending',
        `only a rule awaiting confirmation (${pendingRules.join(', ')}) can be confirmed or dropped`,
      );
    if (rules.some((other) => other.rule === r.rule))
      problem(at('rules', i, 'rule'), 'duplicate_rule', 'is decided by an entry before');
    rules.push(r);
  });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      year: top.year,
      title: top.title,
      ...(top.note === undefined ? {} : { note: top.note }),
      documents,
      daysOff,
      swaps,
      rules,
    },
  };
}

/** Parses the text of a notice file (one year). */
export function parseCalendarNoticeJson(text: string): CalendarParseResult<CalendarNotice> {
  const json = parseJson(text);
  return json.ok ? parseCalendarNotice(json.value) : json;
}

// ---------------------------------------------------------------------------------------------
// The data file

function parseOfficeHours(
  input: unknown,
  path: Path,
  issues: CalendarDataIssue[],
): OfficeHours | undefined {
  const raw = parseEntry(officeHoursEntry, input, path, issues);
  if (raw === undefined) return undefined;
  const minutes = (t: string) => parseClockTime(t) ?? 0; // checked by the schema
  const hours: OfficeHours = {
    sessions: raw.sessions.map((s) => ({ from: minutes(s.from), to: minutes(s.to) })),
    sameDayCutoff: minutes(raw.sameDayCutoff),
    ...(raw.source === undefined ? {} : { source: raw.source }),
  };
  const problem = officeHoursProblem(hours);
  if (problem !== undefined) {
    issues.push({
      path: join([...path, 'sessions']),
      reason: 'invalid_sessions',
      message: problem,
    });
    return undefined;
  }
  return hours;
}

/** Checks the whole data file: office hours (default and per province) and the notices. */
export function parseCalendarData(input: unknown): CalendarParseResult<CalendarData> {
  const issues: CalendarDataIssue[] = [];
  const top = parseEntry(dataShape, input, [], issues);
  if (top === undefined) return { ok: false, issues };
  const defaultHours = parseOfficeHours(
    top.officeHours.default,
    ['officeHours', 'default'],
    issues,
  );
  const provinces: Record<string, OfficeHours> = {};
  for (const [code, raw] of Object.entries(top.officeHours.provinces)) {
    if (!/^\d{2}$/.test(code)) {
      issues.push({
        path: join(['officeHours', 'provinces', code]),
        reason: 'province_code_format',
        message: 'must be a 2-digit province code',
      });
      continue;
    }
    const hours = parseOfficeHours(raw, ['officeHours', 'provinces', code], issues);
    if (hours !== undefined) provinces[code] = hours;
  }
  const notices: CalendarNotice[] = [];
  top.notices.forEach((raw, i) => {
    const result = parseCalendarNotice(raw, ['notices', i]);
    if (!result.ok) {
      issues.push(...result.issues);
      return;
    }
    if (notices.some((n) => n.year === result.value.year))
      issues.push({
        path: join(['notices', i, 'year']),
        reason: 'duplicate_year',
        message: `a notice for ${result.value.year} comes before`,
      });
    notices.push(result.value);
  });
  if (issues.length > 0 || defaultHours === undefined) return { ok: false, issues };
  return {
    ok: true,
    value: { officeHours: { default: defaultHours, provinces }, notices },
  };
}

export function parseCalendarDataJson(text: string): CalendarParseResult<CalendarData> {
  const json = parseJson(text);
  return json.ok ? parseCalendarData(json.value) : json;
}

/** The office hours of a province: its own when the data file sets them, else the default. */
export function officeHoursFor(data: CalendarData, provinceCode: string): OfficeHours {
  return Object.hasOwn(data.officeHours.provinces, provinceCode)
    ? (data.officeHours.provinces[provinceCode] ?? data.officeHours.default)
    : data.officeHours.default;
}

/**
 * The notices in force: the shipped ones, each replaced by a published (imported) notice for
 * the same year, ordered by year.
 */
export function overlayNotices(
  shipped: readonly CalendarNotice[],
  published: readonly CalendarNotice[],
): CalendarNotice[] {
  const byYear = new Map<number, CalendarNotice>();
  for (const n of shipped) byYear.set(n.year, n);
  for (const n of published) byYear.set(n.year, n);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function parseJson(textContent: string): CalendarParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(textContent) as unknown };
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          reason: 'invalid_json',
          message: `is not JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
}
