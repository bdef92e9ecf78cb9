import { describe, expect, it } from 'vitest';
import shippedFile from '../../data/calendar/notices.json' with { type: 'json' };
import { parseCalendarData, type CalendarData } from './calendar-notices.js';
import {
  addDays,
  createWorkingCalendar,
  DEFAULT_OFFICE_HOURS,
  localDateOf,
  localInstant,
  statutoryHolidays,
  suggestedNationalDaySecond,
  suggestedTetDays,
  type CalendarNotice,
  type LocalDate,
  type WorkingCalendar,
} from './working-calendar.js';

function shippedData(): CalendarData {
  const parsed = parseCalendarData(shippedFile);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}
const shipped = shippedData();
const calendar = createWorkingCalendar({ notices: shipped.notices });

/** Local date-time in Vietnam → epoch ms. */
const at = (date: LocalDate, time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return localInstant(date, (h ?? 0) * 60 + (m ?? 0));
};
const daysOff = (cal: WorkingCalendar, from: LocalDate, to: LocalDate): LocalDate[] => {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
};
const range = (from: LocalDate, to: LocalDate): LocalDate[] => {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('statutory rules as data', () => {
  it('names a source for every rule and marks only 24/11 unconfirmed', () => {
    for (const rule of statutoryHolidays) expect(rule.source.length).toBeGreaterThan(10);
    expect(statutoryHolidays.filter((r) => r.status === 'unconfirmed').map((r) => r.id)).toEqual([
      'culture_day',
    ]);
  });

  it('suggests the Tết days and the day beside 2/9 that the notices chose in 2025 and 2026', () => {
    // The suggestion is only used without a notice; here it is checked against the notices.
    expect(suggestedTetDays(2026)).toEqual(range('2026-02-15', '2026-02-19'));
    expect(suggestedNationalDaySecond(2025)).toBe('2025-09-01');
    expect(suggestedNationalDaySecond(2026)).toBe('2026-09-01');
    expect(suggestedNationalDaySecond(2024)).toBe('2024-09-03');
  });
});

describe('the 2025 calendar (TB 6150/TB-BLĐTBXH)', () => {
  it('has a notice', () => {
    expect(calendar.hasNoticeFor(2025)).toBe(true);
  });

  it('closes Sat 25/01 – Sun 02/02 for Tết, with Mon 27 – Fri 31 the statutory days', () => {
    expect(daysOff(calendar, '2025-01-20', '2025-02-09')).toEqual([
      ...range('2025-01-25', '2025-02-02'),
      '2025-02-08',
      '2025-02-09',
    ]);
    expect(calendar.describeDay('2025-01-29').reasons).toEqual([
      {
        kind: 'holiday',
        rule: 'lunar_new_year',
        source: 'TB 6150/TB-BLĐTBXH',
        provisional: false,
        unconfirmed: false,
      },
    ]);
  });

  it('keeps Hùng Kings on Monday 07/04 (10/3 lunar)', () => {
    expect(calendar.isWorkingDay('2025-04-07')).toBe(false);
    expect(calendar.describeDay('2025-04-07').reasons[0]?.rule).toBe('hung_kings');
  });

  it('works the swapped Saturday 26/04 and rests Wed 30/04 – Sun 04/05', () => {
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.describeDay('2025-04-26').reasons.map((r) => r.kind)).toEqual(['swapped_in']);
    expect(daysOff(calendar, '2025-04-26', '2025-05-04')).toEqual([
      '2025-04-27',
      ...range('2025-04-30', '2025-05-04'),
    ]);
    expect(calendar.describeDay('2025-05-02').reasons.map((r) => r.kind)).toEqual(['swapped_off']);
  });

  it('closes Sat 30/08 – Tue 02/09 for National Day, with Monday 01/09 as the second day', () => {
    expect(daysOff(calendar, '2025-08-29', '2025-09-03')).toEqual(
      range('2025-08-30', '2025-09-02'),
    );
    expect(calendar.describeDay('2025-09-01').reasons[0]?.rule).toBe('national_day_second');
  });
});

describe('the 2026 calendar (TB 9441/TB-BNV, CV 12729/VPCP-KGVX, CV 3383/BNV-CVL)', () => {
  it('closes Thu 01/01 – Sun 04/01 and works Saturday 10/01 instead of Friday 02/01', () => {
    expect(daysOff(calendar, '2025-12-31', '2026-01-11')).toEqual([
      ...range('2026-01-01', '2026-01-04'),
      '2026-01-11',
    ]);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
  });

  it('closes Sat 14/02 – Sun 22/02 for Tết: nine days, five of them statutory', () => {
    expect(daysOff(calendar, '2026-02-13', '2026-02-23')).toEqual(
      range('2026-02-14', '2026-02-22'),
    );
    const statutory = calendar
      .specialDays(2026)
      .filter((d) => d.reasons.some((r) => r.rule === 'lunar_new_year'));
    expect(statutory.map((d) => d.date)).toEqual(range('2026-02-16', '2026-02-20'));
  });

  it('gives Monday 27/04 in lieu of Hùng Kings on Sunday 26/04, then Thu 30/04 and Fri 01/05, no swap', () => {
    expect(daysOff(calendar, '2026-04-24', '2026-05-04')).toEqual([
      ...range('2026-04-25', '2026-04-27'),
      ...range('2026-04-30', '2026-05-03'),
    ]);
    expect(calendar.describeDay('2026-04-27').reasons).toEqual([
      {
        kind: 'in_lieu',
        rule: 'hung_kings',
        source: 'BLLĐ 45/2019/QH14 Điều 111 khoản 3',
        provisional: false,
        unconfirmed: false,
      },
    ]);
  });

  it('closes Sat 29/08 – Wed 02/09 for National Day and works Saturday 22/08', () => {
    expect(daysOff(calendar, '2026-08-28', '2026-09-03')).toEqual(
      range('2026-08-29', '2026-09-02'),
    );
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
  });

  it('closes Tuesday 24/11 under the unconfirmed culture-day rule, and says it is unconfirmed', () => {
    expect(calendar.isWorkingDay('2026-11-24')).toBe(false);
    expect(calendar.describeDay('2026-11-24').reasons[0]).toMatchObject({
      kind: 'holiday',
      rule: 'culture_day',
      unconfirmed: true,
    });
    // Not before the rule took effect.
    expect(calendar.isWorkingDay('2025-11-24')).toBe(true);
  });
});

describe('a year without a notice (2027 until the province imports it)', () => {
  it('says it has no notice and still computes the statutory days', () => {
    expect(calendar.hasNoticeFor(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-04-16')).toBe(false); // Hùng Kings, Friday
    expect(calendar.describeDay('2027-04-16').reasons[0]?.provisional).toBe(false);
  });

  it('suggests Tết Thu 04/02 – Wed 10/02 (mùng 1 on a Saturday), every day marked provisional', () => {
    expect(daysOff(calendar, '2027-02-01', '2027-02-14')).toEqual([
      ...range('2027-02-04', '2027-02-10'),
      '2027-02-13',
      '2027-02-14',
    ]);
    for (const d of range('2027-02-04', '2027-02-10')) {
      const reasons = calendar.describeDay(d).reasons.filter((r) => r.kind !== 'weekend');
      expect(reasons.every((r) => r.provisional)).toBe(true);
    }
    expect(calendar.describeDay('2027-02-09').reasons[0]?.kind).toBe('in_lieu');
  });

  it('gives the next working day in lieu of 1/5 on a Saturday (art. 111(3))', () => {
    expect(calendar.describeDay('2027-05-03').reasons).toEqual([
      {
        kind: 'in_lieu',
        rule: 'labour_day',
        source: 'Bộ luật Lao động 45/2019/QH14, Điều 111 khoản 3 (nghỉ bù)',
        provisional: false,
        unconfirmed: false,
      },
    ]);
  });

  it('skips a holiday when looking for the day in lieu: 30/04/2028 is a Sunday, 01/05 a holiday', () => {
    expect(calendar.describeDay('2028-05-02').reasons[0]).toMatchObject({
      kind: 'in_lieu',
      rule: 'victory_day',
    });
  });

  it('follows an imported notice once there is one', () => {
    const notice2027: CalendarNotice = {
      year: 2027,
      title: 'Thử nghiệm',
      documents: [{ number: 'TB 1/TB-BNV' }],
      daysOff: range('2027-02-05', '2027-02-09').map((date) => ({
        date,
        kind: 'holiday' as const,
        rule: 'lunar_new_year' as const,
        source: 'TB 1/TB-BNV',
      })),
      swaps: [],
      rules: [{ rule: 'culture_day', action: 'drop', source: 'TB 1/TB-BNV' }],
    };
    const withNotice = createWorkingCalendar({ notices: [...shipped.notices, notice2027] });
    expect(withNotice.hasNoticeFor(2027)).toBe(true);
    expect(daysOff(withNotice, '2027-02-03', '2027-02-11')).toEqual(
      range('2027-02-05', '2027-02-09'),
    );
    // The notice fixed the Tết days: no computed day in lieu beside them.
    expect(withNotice.isWorkingDay('2027-02-10')).toBe(true);
    expect(withNotice.isWorkingDay('2027-11-24')).toBe(true); // dropped for 2027
    expect(withNotice.isWorkingDay('2026-11-24')).toBe(false); // still in 2026
  });

  it('marks the culture day confirmed when a notice confirms it', () => {
    const confirm: CalendarNotice = {
      year: 2027,
      title: 'Thử nghiệm',
      documents: [{ number: 'NQ 28/2026/QH16' }],
      daysOff: [],
      swaps: [],
      rules: [{ rule: 'culture_day', action: 'confirm', source: 'NQ 28/2026/QH16' }],
    };
    const cal = createWorkingCalendar({ notices: [confirm] });
    expect(cal.describeDay('2027-11-24').reasons[0]?.unconfirmed).toBe(false);
  });
});

describe('office hours and working time', () => {
  it('is open 07:30–11:30 and 13:30–17:00 by default, 450 minutes a day', () => {
    expect(calendar.minutesPerWorkingDay).toBe(450);
    expect(calendar.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(calendar.isWithinOfficeHours(at('2026-03-02', '07:29'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-03-02', '07:30'))).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-03-02', '12:00'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-03-02', '16:59'))).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2026-03-02', '17:00'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2026-03-01', '09:00'))).toBe(false); // Sunday
  });

  it('finds the next opening: same instant, after lunch, next morning, after a holiday', () => {
    expect(calendar.nextOpening(at('2026-03-02', '09:15'))).toBe(at('2026-03-02', '09:15'));
    expect(calendar.nextOpening(at('2026-03-02', '11:45'))).toBe(at('2026-03-02', '13:30'));
    expect(calendar.nextOpening(at('2026-03-02', '17:30'))).toBe(at('2026-03-03', '07:30'));
    expect(calendar.nextOpening(at('2026-04-29', '17:30'))).toBe(at('2026-05-04', '07:30'));
  });

  it('adds and measures working minutes across lunch, nights and days off', () => {
    expect(calendar.addWorkingMinutes(at('2026-03-02', '11:00'), 60)).toBe(
      at('2026-03-02', '14:00'),
    );
    expect(calendar.addWorkingMinutes(at('2026-03-06', '16:30'), 60)).toBe(
      at('2026-03-09', '08:00'),
    );
    expect(calendar.addWorkingMinutes(at('2026-03-02', '07:30'), 450)).toBe(
      at('2026-03-02', '17:00'),
    );
    expect(
      calendar.workingMinutesBetween(at('2026-03-06', '16:30'), at('2026-03-09', '08:00')),
    ).toBe(60);
    expect(
      calendar.workingMinutesBetween(at('2026-02-13', '07:30'), at('2026-02-23', '17:00')),
    ).toBe(900);
  });

  it('takes a province’s own hours and cut-off', () => {
    const cal = createWorkingCalendar({
      officeHours: {
        sessions: [
          { from: 7 * 60, to: 11 * 60 + 30 },
          { from: 13 * 60 + 30, to: 17 * 60 },
        ],
        sameDayCutoff: 15 * 60 + 30,
      },
    });
    expect(cal.minutesPerWorkingDay).toBe(480);
    expect(cal.nextOpening(at('2026-03-02', '06:00'))).toBe(at('2026-03-02', '07:00'));
  });

  it('refuses office hours that make no sense', () => {
    expect(() =>
      createWorkingCalendar({ officeHours: { sessions: [], sameDayCutoff: 900 } }),
    ).toThrow(RangeError);
    expect(() =>
      createWorkingCalendar({
        officeHours: {
          sessions: [
            { from: 600, to: 700 },
            { from: 650, to: 800 },
          ],
          sameDayCutoff: 900,
        },
      }),
    ).toThrow(/overlaps/);
  });

  it('counts local dates in Vietnam time: 17:00Z is already the next day', () => {
    expect(localDateOf(Date.parse('2026-02-16T16:59:59.999Z'))).toBe('2026-02-16');
    expect(localDateOf(Date.parse('2026-02-16T17:00:00.000Z'))).toBe('2026-02-17');
  });

  it('finds the next working day over Tết 2026', () => {
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(calendar.workingDayOnOrAfter('2026-02-23')).toBe('2026-02-23');
  });
});
