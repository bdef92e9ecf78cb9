import { describe, expect, it } from 'vitest';
import shippedFile from '../../data/calendar/notices.json' with { type: 'json' };
import {
  officeHoursFor,
  overlayNotices,
  parseCalendarData,
  parseCalendarDataJson,
  parseCalendarNotice,
  parseCalendarNoticeJson,
  type CalendarDataIssue,
} from './calendar-notices.js';
import { DEFAULT_OFFICE_HOURS, type CalendarNotice } from './working-calendar.js';

/** A valid notice for 2027 as a province would write it, with overrides. */
function noticeFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    year: 2027,
    title: 'Lịch nghỉ lễ, Tết năm 2027',
    documents: [{ number: 'TB 1234/TB-BNV', issuer: 'Bộ Nội vụ', date: '2026-10-15' }],
    daysOff: [
      { date: '2027-02-04', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
      { date: '2027-02-05', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
      { date: '2027-02-08', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
      { date: '2027-02-09', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
      { date: '2027-02-10', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
      {
        date: '2027-09-03',
        kind: 'holiday',
        rule: 'national_day_second',
        source: 'TB 1234/TB-BNV',
      },
    ],
    swaps: [{ dayOff: '2027-04-29', workday: '2027-04-24', source: 'TB 1234/TB-BNV' }],
    rules: [{ rule: 'culture_day', action: 'confirm', source: 'TB 1234/TB-BNV' }],
    ...overrides,
  };
}

function issuesOf(input: unknown): CalendarDataIssue[] {
  const result = parseCalendarNotice(input);
  if (result.ok) throw new Error('expected the notice to be refused');
  return [...result.issues];
}

const where = (issues: readonly CalendarDataIssue[]) => issues.map((i) => `${i.path} ${i.reason}`);

describe('the shipped data file', () => {
  it('parses, with the notices of 2025 and 2026 and the default office hours', () => {
    const result = parseCalendarData(shippedFile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.notices.map((n) => n.year)).toEqual([2025, 2026]);
    expect(result.value.officeHours.default).toMatchObject({
      sessions: DEFAULT_OFFICE_HOURS.sessions,
      sameDayCutoff: DEFAULT_OFFICE_HOURS.sameDayCutoff,
    });
    expect(officeHoursFor(result.value, '48')).toBe(result.value.officeHours.default);
  });

  it('names a source document for every entry of every shipped notice', () => {
    const result = parseCalendarData(shippedFile);
    if (!result.ok) throw new Error('shipped data is invalid');
    for (const notice of result.value.notices) {
      const numbers = notice.documents.map((d) => d.number);
      for (const entry of [...notice.daysOff, ...notice.swaps, ...notice.rules])
        expect(numbers).toContain(entry.source);
    }
  });

  it('lets a province override the office hours', () => {
    const data = structuredClone(shippedFile) as { officeHours: { provinces: unknown } };
    data.officeHours.provinces = {
      '01': {
        sessions: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
      },
    };
    const result = parseCalendarData(data);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(officeHoursFor(result.value, '01')).toEqual({
      sessions: [
        { from: 480, to: 720 },
        { from: 780, to: 1020 },
      ],
      sameDayCutoff: 900,
    });
    expect(officeHoursFor(result.value, '48')).toBe(result.value.officeHours.default);
  });

  it('reports bad office hours and bad notices in the file with their place', () => {
    const data = structuredClone(shippedFile) as Record<string, unknown> & {
      officeHours: { provinces: unknown };
      notices: Record<string, unknown>[];
    };
    data.officeHours.provinces = {
      '1': { sessions: [{ from: '08:00', to: '12:00' }] },
      '79': { sessions: [{ from: '13:00', to: '12:00' }] },
    };
    data.notices[1] = { ...data.notices[1], year: 2025 };
    const result = parseCalendarDataJson(JSON.stringify(data));
    if (result.ok) throw new Error('expected problems');
    expect(where(result.issues)).toEqual(
      expect.arrayContaining([
        'officeHours.provinces.1 province_code_format',
        'officeHours.provinces.79.sessions invalid_sessions',
        'notices.1.daysOff.0.date outside_year',
      ]),
    );
  });
});

describe('parseCalendarNotice', () => {
  it('accepts a well-formed notice and keeps every field', () => {
    const result = parseCalendarNotice(noticeFile());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const notice: CalendarNotice = result.value;
    expect(notice.year).toBe(2027);
    expect(notice.daysOff).toHaveLength(6);
    expect(notice.swaps[0]).toEqual({
      dayOff: '2027-04-29',
      workday: '2027-04-24',
      source: 'TB 1234/TB-BNV',
    });
  });

  it('defaults the lists that may be left out', () => {
    const result = parseCalendarNotice({
      year: 2027,
      title: 'Chỉ có một văn bản',
      documents: [{ number: 'CV 1/VPCP' }],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        year: 2027,
        title: 'Chỉ có một văn bản',
        documents: [{ number: 'CV 1/VPCP' }],
        daysOff: [],
        swaps: [],
        rules: [],
      },
    });
  });

  it('reports every bad entry at once, naming the entry index and the field', () => {
    const issues = issuesOf(
      noticeFile({
        daysOff: [
          { date: '2027-02-30', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
          { date: '2027-02-05', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 9/TB-BNV' },
          { date: '2027-02-08', kind: 'vacation', source: 'TB 1234/TB-BNV' },
          { date: '2027-02-09', kind: 'holiday', source: 'TB 1234/TB-BNV', colour: 'red' },
        ],
        swaps: [{ dayOff: '2027-04-24', workday: '2027-04-29', source: 'TB 1234/TB-BNV' }],
      }),
    );
    expect(where(issues)).toEqual([
      'daysOff.0.date date_format',
      'daysOff.1.source unknown_source',
      'daysOff.2.kind invalid_option',
      'daysOff.3.colour not_allowed',
      'swaps.0.dayOff not_a_weekday',
      'swaps.0.workday not_a_weekend',
    ]);
  });

  it('refuses dates outside the year, twice used, or far from Tết', () => {
    const issues = issuesOf(
      noticeFile({
        daysOff: [
          { date: '2026-02-04', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
          { date: '2027-03-01', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 1234/TB-BNV' },
          { date: '2027-04-29', kind: 'extra', source: 'TB 1234/TB-BNV' },
        ],
      }),
    );
    expect(where(issues)).toEqual([
      'daysOff.0.date outside_year',
      'daysOff.0.date far_from_tet',
      'daysOff.1.date far_from_tet',
      'swaps.0.dayOff duplicate_date',
    ]);
  });

  it('checks which holiday each day belongs to', () => {
    const issues = issuesOf(
      noticeFile({
        daysOff: [
          { date: '2027-04-30', kind: 'holiday', rule: 'victory_day', source: 'TB 1234/TB-BNV' },
          { date: '2027-05-03', kind: 'in_lieu', source: 'TB 1234/TB-BNV' },
          { date: '2027-05-04', kind: 'extra', rule: 'labour_day', source: 'TB 1234/TB-BNV' },
          {
            date: '2027-09-06',
            kind: 'holiday',
            rule: 'national_day_second',
            source: 'TB 1234/TB-BNV',
          },
        ],
      }),
    );
    expect(where(issues)).toEqual([
      'daysOff.0.rule rule_not_by_notice',
      'daysOff.1.rule required',
      'daysOff.2.rule not_allowed',
      'daysOff.3.date not_adjacent',
    ]);
  });

  it('confirms or drops only a rule that awaits confirmation, once', () => {
    const issues = issuesOf(
      noticeFile({
        rules: [
          { rule: 'culture_day', action: 'drop', source: 'TB 1234/TB-BNV' },
          { rule: 'culture_day', action: 'confirm', source: 'TB 1234/TB-BNV' },
          { rule: 'victory_day', action: 'drop', source: 'TB 1234/TB-BNV' },
        ],
      }),
    );
    expect(where(issues)).toEqual(['rules.1.rule duplicate_rule', 'rules.2.rule rule_not_pending']);
  });

  it('reports missing and unknown top-level fields and a year out of range', () => {
    expect(where(issuesOf({ year: 1999, documents: [], extra: 1 }))).toEqual([
      'year too_small',
      'title required',
      'documents too_small',
      'extra not_allowed',
    ]);
  });

  it('answers a file that is not JSON with one problem for the whole file', () => {
    const result = parseCalendarNoticeJson('{ "year": 2027,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(where(result.issues)).toEqual([' invalid_json']);
  });
});

describe('overlayNotices', () => {
  it('lets a published notice replace the shipped one of its year', () => {
    const n = (year: number, title: string): CalendarNotice => ({
      year,
      title,
      documents: [{ number: 'X' }],
      daysOff: [],
      swaps: [],
      rules: [],
    });
    expect(
      overlayNotices(
        [n(2025, 'shipped'), n(2026, 'shipped')],
        [n(2027, 'new'), n(2026, 'new')],
      ).map((x) => `${x.year} ${x.title}`),
    ).toEqual(['2025 shipped', '2026 new', '2027 new']);
  });
});
