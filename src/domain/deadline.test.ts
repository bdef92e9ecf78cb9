// Deadlines on real dates of 2025–2026 (domain-notes §5.2), then the laws of the arithmetic as
// properties. Times in the names are Vietnam local time; the assertions use UTC instants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import shippedFile from '../../data/calendar/notices.json' with { type: 'json' };
import { parseCalendarData } from './calendar-notices.js';
import { computeDeadline, type DeadlineInput, type DeadlinePause } from './deadline.js';
import type { ProcessingTime } from './processing-time.js';
import {
  createWorkingCalendar,
  localDateOf,
  localTimeOfDayMs,
  type WorkingCalendar,
} from './working-calendar.js';

function shippedCalendar(): WorkingCalendar {
  const parsed = parseCalendarData(shippedFile);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return createWorkingCalendar({
    notices: parsed.value.notices,
    officeHours: parsed.value.officeHours.default,
  });
}
const calendar = shippedCalendar();

/** `2026-02-13 15:30` in Vietnam → ISO-8601 UTC. */
const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

const days = (value: number): ProcessingTime => ({ unit: 'working_days', value });
const hours = (value: number): ProcessingTime => ({ unit: 'working_hours', value });
const calendarDays = (value: number): ProcessingTime => ({ unit: 'calendar_days', value });
const sameDay: ProcessingTime = { unit: 'same_day', value: 0 };

/** A deadline question with defaults: asked at the moment of receipt, no pauses. */
function deadline(
  processingTime: ProcessingTime,
  receivedLocal: string,
  overrides: Partial<DeadlineInput> = {},
) {
  const receivedAt = vn(receivedLocal);
  return computeDeadline({ calendar, processingTime, receivedAt, now: receivedAt, ...overrides });
}

describe('Tết', () => {
  it('2025: a same-day dossier received Friday 24/01 at 16:00 is due Monday 03/02 at 17:00', () => {
    const d = deadline(sameDay, '2025-01-24 16:00');
    expect(d.startsAt).toBe(vn('2025-02-03 07:30'));
    expect(d.dueAt).toBe(vn('2025-02-03 17:00'));
  });

  it('2025: 3 working days from Thursday 23/01 10:00 skip the nine days off, due Tue 04/02 10:00', () => {
    expect(deadline(days(3), '2025-01-23 10:00').dueAt).toBe(vn('2025-02-04 10:00'));
  });

  it('2026: a same-day dossier received Friday 13/02 at 15:30 is due Monday 23/02 at 17:00', () => {
    const d = deadline(sameDay, '2026-02-13 15:30');
    expect(d.dueAt).toBe(vn('2026-02-23 17:00'));
    expect(d.remaining).toEqual({ workingMinutes: 450, workingDays: 1 });
  });

  it('2026: 2 working hours from Friday 13/02 16:00 end on Monday 23/02 08:30', () => {
    expect(deadline(hours(2), '2026-02-13 16:00').dueAt).toBe(vn('2026-02-23 08:30'));
  });
});

describe('Hùng Kings 2026 and its day in lieu', () => {
  it('5 working days from Wednesday 22/04 09:00 skip Mon 27/04, Thu 30/04 and Fri 01/05', () => {
    // Wed 22 (6 h), Thu 23, Fri 24, Tue 28, Wed 29 (7.5 h each) = 36 h of 37.5; then Mon 04/05.
    const d = deadline(days(5), '2026-04-22 09:00');
    expect(d.dueAt).toBe(vn('2026-05-04 09:00'));
    expect(d.remaining).toEqual({ workingMinutes: 2250, workingDays: 5 });
  });
});

describe('swapped working days', () => {
  it('counts Saturday 26/04/2025 (worked instead of Friday 02/05) as a working day', () => {
    expect(deadline(days(1), '2025-04-25 09:00').dueAt).toBe(vn('2025-04-26 09:00'));
    expect(deadline(sameDay, '2025-04-26 10:00').dueAt).toBe(vn('2025-04-26 17:00'));
  });

  it('does not count Friday 02/01/2026 (swapped for Saturday 10/01)', () => {
    expect(deadline(days(1), '2025-12-31 09:00').dueAt).toBe(vn('2026-01-05 09:00'));
    // Tue 06/01 07:30 + 5 days: Tue, Wed, Thu, Fri and the worked Saturday 10/01.
    expect(deadline(days(5), '2026-01-06 07:30').dueAt).toBe(vn('2026-01-10 17:00'));
  });
});

describe('the 15:00 rule for same-day procedures', () => {
  it('is due the same day at 17:00 when received at or before 15:00', () => {
    expect(deadline(sameDay, '2026-03-03 14:59').dueAt).toBe(vn('2026-03-03 17:00'));
    expect(deadline(sameDay, '2026-03-03 15:00').dueAt).toBe(vn('2026-03-03 17:00'));
  });

  it('is due at the end of the next working day when received after 15:00', () => {
    expect(deadline(sameDay, '2026-03-03 15:01').dueAt).toBe(vn('2026-03-04 17:00'));
    expect(deadline(sameDay, '2026-03-06 15:30').dueAt).toBe(vn('2026-03-09 17:00'));
  });

  it('is due at the end of the next working day when received on a day off', () => {
    expect(deadline(sameDay, '2026-03-07 10:00').dueAt).toBe(vn('2026-03-09 17:00'));
  });

  it('applies the rule again when the clock resumes after a pause (a fee, a supplement)', () => {
    const pause = (from: string, to: string) => ({ pauses: [{ from: vn(from), to: vn(to) }] });
    // Paid at 09:30: still the same day.
    expect(
      deadline(sameDay, '2026-03-03 09:00', pause('2026-03-03 09:00', '2026-03-03 09:30')).dueAt,
    ).toBe(vn('2026-03-03 17:00'));
    // Paid at 16:00: the next working day.
    expect(
      deadline(sameDay, '2026-03-03 09:00', pause('2026-03-03 09:00', '2026-03-03 16:00')).dueAt,
    ).toBe(vn('2026-03-04 17:00'));
    // A supplement handed in on Friday 13/2/2026 at 14:00, before Tết: still that Friday.
    expect(
      deadline(sameDay, '2026-02-12 10:00', pause('2026-02-12 11:00', '2026-02-13 14:00')).dueAt,
    ).toBe(vn('2026-02-13 17:00'));
  });

  it('honours a province’s own cut-off', () => {
    const late = createWorkingCalendar({
      officeHours: { ...calendar.officeHours, sameDayCutoff: 16 * 60 },
    });
    const receivedAt = vn('2026-03-03 15:30');
    expect(
      computeDeadline({ calendar: late, processingTime: sameDay, receivedAt, now: receivedAt })
        .dueAt,
    ).toBe(vn('2026-03-03 17:00'));
  });
});

describe('when the clock starts', () => {
  it('starts at the receipt during office hours', () => {
    const d = deadline(days(3), '2026-03-02 09:00');
    expect(d.startsAt).toBe(vn('2026-03-02 09:00'));
    expect(d.dueAt).toBe(vn('2026-03-05 09:00')); // Monday 09:00 + 3 days = Thursday 09:00
  });

  it('starts at the next opening for a receipt before opening, at lunch, after closing', () => {
    expect(deadline(days(1), '2026-03-02 06:45').startsAt).toBe(vn('2026-03-02 07:30'));
    expect(deadline(days(1), '2026-03-02 12:10').startsAt).toBe(vn('2026-03-02 13:30'));
    expect(deadline(days(1), '2026-03-02 17:20').startsAt).toBe(vn('2026-03-03 07:30'));
    expect(deadline(days(3), '2026-03-02 07:30').dueAt).toBe(vn('2026-03-04 17:00'));
  });
});

describe('calendar days', () => {
  it('rolls a due date that ends on a Sunday to Monday, at closing time', () => {
    // Monday 02/03 + 6 days = Sunday 08/03.
    expect(deadline(calendarDays(6), '2026-03-02 10:00').dueAt).toBe(vn('2026-03-09 17:00'));
    expect(deadline(calendarDays(3), '2026-03-02 10:00').dueAt).toBe(vn('2026-03-05 17:00'));
  });

  it('rolls a due date in Tết 2026 to the first working day after it', () => {
    expect(deadline(calendarDays(7), '2026-02-09 10:00').dueAt).toBe(vn('2026-02-23 17:00'));
  });

  it('moves by the calendar days between the supplement request and the resubmission', () => {
    const pauses = [{ from: vn('2026-03-03 10:00'), to: vn('2026-03-05 09:00') }];
    expect(deadline(calendarDays(6), '2026-03-02 10:00', { pauses }).dueAt).toBe(
      vn('2026-03-11 17:00'),
    );
  });
});

describe('supplement pauses', () => {
  // 5 working days from Thursday 27/08/2026 09:00; National Day break Sat 29/08 – Wed 02/09.
  const received = '2026-08-27 09:00';
  const pause: DeadlinePause = { from: vn('2026-08-28 10:00'), to: vn('2026-09-03 10:00') };

  it('without a pause, is due Tuesday 08/09 at 09:00', () => {
    expect(deadline(days(5), received).dueAt).toBe(vn('2026-09-08 09:00'));
  });

  it('across National Day, moves by the office time paused only (one day), not the days off', () => {
    const d = deadline(days(5), received, { pauses: [pause], now: vn('2026-09-03 10:00') });
    expect(d.pausedMinutes).toBe(450); // Fri 28/08 10:00–17:00 and Thu 03/09 07:30–10:00
    expect(d.dueAt).toBe(vn('2026-09-09 09:00'));
    expect(d.remaining.workingMinutes).toBe(2250 - 510);
    expect(d.paused).toBe(false);
  });

  it('while the supplement is awaited, is not overdue and its due date moves on', () => {
    const now = vn('2026-09-08 12:00'); // past the due date the dossier would have had
    const d = deadline(days(5), received, { pauses: [{ from: pause.from, to: null }], now });
    expect(d.paused).toBe(true);
    expect(d.overdue).toBe(false);
    expect(Date.parse(d.dueAt)).toBeGreaterThan(Date.parse(now));
    expect(d.remaining.workingMinutes).toBe(2250 - 510);
  });

  it('while paused, is still overdue if the due date had passed before the pause began', () => {
    const d = deadline(days(1), '2026-03-02 09:00', {
      pauses: [{ from: vn('2026-03-04 10:00'), to: null }],
      now: vn('2026-03-05 10:00'),
    });
    expect(d.dueAt).toBe(vn('2026-03-03 09:00'));
    expect(d).toMatchObject({ paused: true, overdue: true });
    expect(d.remaining.workingMinutes).toBeLessThan(0);
  });

  it('merges overlapping pauses and ignores pause time before the clock starts', () => {
    const base = deadline(days(2), '2026-03-02 09:00').dueAt;
    const d = deadline(days(2), '2026-03-02 09:00', {
      pauses: [
        { from: vn('2026-03-01 09:00'), to: vn('2026-03-02 10:00') },
        { from: vn('2026-03-02 09:30'), to: vn('2026-03-02 11:00') },
      ],
      now: vn('2026-03-02 11:00'),
    });
    expect(d.pausedMinutes).toBe(120);
    expect(Date.parse(d.dueAt) - Date.parse(base)).toBe(120 * 60_000);
  });

  it('refuses a pause that ends before it begins', () => {
    expect(() =>
      deadline(days(1), '2026-03-02 09:00', {
        pauses: [{ from: vn('2026-03-03 10:00'), to: vn('2026-03-03 09:00') }],
      }),
    ).toThrow(RangeError);
  });
});

describe('overdue and time remaining', () => {
  it('counts the working time left at `now`', () => {
    const d = deadline(days(3), '2026-03-02 09:00', { now: vn('2026-03-03 09:00') });
    expect(d.remaining).toEqual({ workingMinutes: 900, workingDays: 2 });
    expect(d.overdue).toBe(false);
  });

  it('is overdue once `now` passes the due date, with negative working time left', () => {
    const d = deadline(days(1), '2026-03-02 09:00', { now: vn('2026-03-03 10:00') });
    expect(d).toMatchObject({ overdue: true, remaining: { workingMinutes: -60, workingDays: 0 } });
  });

  it('judges a completed dossier at its completion time, not at `now`', () => {
    const onTime = deadline(days(1), '2026-03-02 09:00', {
      completedAt: vn('2026-03-03 08:00'),
      now: vn('2026-03-20 09:00'),
    });
    expect(onTime).toMatchObject({ overdue: false, remaining: { workingMinutes: 60 } });
    const late = deadline(days(1), '2026-03-02 09:00', {
      completedAt: vn('2026-03-04 09:00'),
      now: vn('2026-03-04 09:00'),
    });
    expect(late.overdue).toBe(true);
  });

  it('says the deadline is provisional when it crosses into a year without a notice', () => {
    expect(deadline(days(5), '2026-12-28 09:00').provisional).toBe(true);
    expect(deadline(days(5), '2026-12-14 09:00').provisional).toBe(false);
  });

  it('refuses input that is not an instant or a processing time', () => {
    expect(() => deadline(days(-1), '2026-03-02 09:00')).toThrow(RangeError);
    expect(() => deadline(calendarDays(1.5), '2026-03-02 09:00')).toThrow(RangeError);
    expect(() =>
      computeDeadline({
        calendar,
        processingTime: days(1),
        receivedAt: '2/3/2026',
        now: vn('2026-03-02 09:00'),
      }),
    ).toThrow(RangeError);
  });
});

describe('laws of the deadline arithmetic', () => {
  const FROM = Date.parse('2025-01-01T00:00:00Z');
  const TO = Date.parse('2027-06-30T00:00:00Z');
  const DAY = 86_400_000;

  const processingTime: fc.Arbitrary<ProcessingTime> = fc.oneof(
    fc.integer({ min: 0, max: 30 }).map(days),
    fc.integer({ min: 0, max: 200 }).map(hours),
    fc.integer({ min: 0, max: 90 }).map(calendarDays),
    fc.constant(sameDay),
  );
  const pauseAfter = (received: number, open: boolean): fc.Arbitrary<DeadlinePause> =>
    fc
      .record({
        offset: fc.integer({ min: 0, max: 40 * DAY }),
        length: fc.integer({ min: 0, max: 15 * DAY }),
      })
      .map(({ offset, length }) => ({
        from: new Date(received + offset).toISOString(),
        to: open ? null : new Date(received + offset + length).toISOString(),
      }));
  const scenario = fc.integer({ min: FROM, max: TO }).chain((received) =>
    fc.record({
      received: fc.constant(received),
      processingTime,
      pauses: fc.array(pauseAfter(received, false), { maxLength: 3 }),
      extraPause: fc.boolean().chain((open) => pauseAfter(received, open)),
      nowOffset: fc.integer({ min: 0, max: 120 * DAY }),
    }),
  );
  const inputOf = (s: {
    received: number;
    processingTime: ProcessingTime;
    pauses: DeadlinePause[];
    nowOffset: number;
  }): DeadlineInput => ({
    calendar,
    processingTime: s.processingTime,
    receivedAt: new Date(s.received).toISOString(),
    pauses: s.pauses,
    now: new Date(s.received + s.nowOffset).toISOString(),
  });

  it('never puts a due date on a day off or outside office hours', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const due = Date.parse(computeDeadline(inputOf(s)).dueAt);
        expect(calendar.isWorkingDay(localDateOf(due))).toBe(true);
        const minute = localTimeOfDayMs(due) / 60_000;
        expect(calendar.officeHours.sessions.some((x) => x.from <= minute && minute <= x.to)).toBe(
          true,
        );
      }),
    );
  });

  it('never brings the due date earlier by adding a pause (closed or still open)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const without = computeDeadline(inputOf(s)).dueAt;
        const withPause = computeDeadline(
          inputOf({ ...s, pauses: [...s.pauses, s.extraPause] }),
        ).dueAt;
        expect(Date.parse(withPause)).toBeGreaterThanOrEqual(Date.parse(without));
      }),
    );
  });

  it('never brings the due date earlier with more processing time of the same unit', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 20 }), (s, more) => {
        const time = s.processingTime;
        if (time.unit === 'same_day') return;
        const longer = { ...time, value: time.value + more };
        const a = Date.parse(computeDeadline(inputOf(s)).dueAt);
        const b = Date.parse(computeDeadline(inputOf({ ...s, processingTime: longer })).dueAt);
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('never puts the due date before the receipt', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(Date.parse(computeDeadline(inputOf(s)).dueAt)).toBeGreaterThanOrEqual(s.received);
      }),
    );
  });

  it('says overdue exactly when no pause is open and `now` is past the due date', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const d = computeDeadline(inputOf(s));
        if (d.paused) return;
        const now = s.received + s.nowOffset;
        expect(d.overdue).toBe(now > Date.parse(d.dueAt));
        if (d.overdue) expect(d.remaining.workingMinutes).toBeLessThanOrEqual(0);
        else expect(d.remaining.workingMinutes).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
