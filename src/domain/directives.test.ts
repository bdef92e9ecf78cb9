// Directive deadlines and standings on real dates of the shipped 2026 calendar (Tết 16–20/02,
// the swapped working Saturday 10/01, New Year's Day 2027). Times are Vietnam local time.
import { describe, expect, it } from 'vitest';
import shippedFile from '../../data/calendar/notices.json' with { type: 'json' };
import { parseCalendarData } from './calendar-notices.js';
import {
  directiveDueDate,
  directiveStanding,
  directiveStepRefusal,
  reportStands,
  reviewRefusal,
  standingAt,
  tallyStandings,
  workingDaysLeft,
  type DirectiveResponse,
} from './directives.js';
import { createWorkingCalendar } from './working-calendar.js';

const parsed = parseCalendarData(shippedFile);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const calendar = createWorkingCalendar({
  notices: parsed.value.notices,
  officeHours: parsed.value.officeHours.default,
});

/** `2026-02-13 15:30` in Vietnam → ISO-8601 UTC. */
const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

describe('the deadline of a directive', () => {
  it('counts working days after the day of issue, ending at the close of office hours', () => {
    // Thursday 26/11/2026 + 5 working days: 27, 30/11, 1, 2, 3/12.
    expect(directiveDueDate({ kind: 'working_days', days: 5 }, '2026-11-26', calendar)).toEqual({
      ok: true,
      dueDate: '2026-12-03',
      dueAt: vn('2026-12-03 17:00'),
    });
  });

  it('skips Tết: issued Thursday 12/02/2026 with 3 working days is due Tuesday 24/02', () => {
    const due = directiveDueDate({ kind: 'working_days', days: 3 }, '2026-02-12', calendar);
    expect(due).toMatchObject({ ok: true, dueDate: '2026-02-24' });
  });

  it('counts a swapped working Saturday: Friday 09/01/2026 + 1 working day is Saturday 10/01', () => {
    const due = directiveDueDate({ kind: 'working_days', days: 1 }, '2026-01-09', calendar);
    expect(due).toMatchObject({ ok: true, dueDate: '2026-01-10' });
  });

  it('takes a date that is a working day after the day of issue', () => {
    expect(directiveDueDate({ kind: 'date', date: '2026-12-15' }, '2026-11-26', calendar)).toEqual({
      ok: true,
      dueDate: '2026-12-15',
      dueAt: vn('2026-12-15 17:00'),
    });
  });

  it('refuses a date that is not a working day and names the next one', () => {
    expect(directiveDueDate({ kind: 'date', date: '2026-11-28' }, '2026-11-26', calendar)).toEqual({
      ok: false,
      problem: { kind: 'not_working_day', next: '2026-11-30' },
    });
    // New Year's Day 2027 is a Friday holiday: the next working day is Monday 04/01.
    expect(directiveDueDate({ kind: 'date', date: '2027-01-01' }, '2026-11-26', calendar)).toEqual({
      ok: false,
      problem: { kind: 'not_working_day', next: '2027-01-04' },
    });
  });

  it('refuses the day of issue itself, a past date and a date more than a year ahead', () => {
    for (const date of ['2026-11-26', '2026-11-20'])
      expect(directiveDueDate({ kind: 'date', date }, '2026-11-26', calendar)).toEqual({
        ok: false,
        problem: { kind: 'not_after_issue' },
      });
    expect(directiveDueDate({ kind: 'date', date: '2027-11-29' }, '2026-11-26', calendar)).toEqual({
      ok: false,
      problem: { kind: 'too_far' },
    });
  });
});

describe('working days left', () => {
  const dueAt = vn('2026-12-03 17:00');
  it('is the working days after today up to the due date, 0 on the day, negative after', () => {
    expect(workingDaysLeft(dueAt, vn('2026-11-26 09:00'), calendar)).toBe(5);
    expect(workingDaysLeft(dueAt, vn('2026-11-28 09:00'), calendar)).toBe(4); // a Saturday: 30, 1, 2, 3
    expect(workingDaysLeft(dueAt, vn('2026-12-03 16:59'), calendar)).toBe(0);
    expect(workingDaysLeft(dueAt, vn('2026-12-04 08:00'), calendar)).toBe(-1);
    expect(workingDaysLeft(dueAt, vn('2026-12-08 08:00'), calendar)).toBe(-3);
  });
});

describe('where a commune stands', () => {
  const directive = { dueAt: vn('2026-12-03 17:00'), cancelledAt: null };
  const none: DirectiveResponse = { acknowledgedAt: null, assigneeId: null, reportedAt: null };
  const acked: DirectiveResponse = { ...none, acknowledgedAt: vn('2026-11-26 10:00') };

  it('is unacknowledged, then in progress, due soon in the last two working days', () => {
    expect(directiveStanding(directive, none, vn('2026-11-26 10:00'), calendar)).toEqual({
      progress: 'unacknowledged',
      unacknowledged: true,
      late: false,
      dueSoon: false,
      accepted: false,
    });
    expect(directiveStanding(directive, acked, vn('2026-12-01 10:00'), calendar)).toMatchObject({
      progress: 'in_progress',
      dueSoon: true,
    });
  });

  it('is overdue once the deadline has passed without a report', () => {
    expect(directiveStanding(directive, acked, vn('2026-12-03 17:01'), calendar)).toEqual({
      progress: 'overdue',
      unacknowledged: false,
      late: true,
      dueSoon: false,
      accepted: false,
    });
    // Never acknowledged and past the deadline: both flags.
    expect(directiveStanding(directive, none, vn('2026-12-04 08:00'), calendar)).toMatchObject({
      progress: 'overdue',
      unacknowledged: true,
      late: true,
    });
  });

  it('judges a report by when the commune made it, not by when it is looked at', () => {
    const onTime = { ...acked, reportedAt: vn('2026-12-03 16:30') };
    expect(directiveStanding(directive, onTime, vn('2026-12-20 09:00'), calendar)).toMatchObject({
      progress: 'done_on_time',
      late: false,
    });
    const late = { ...acked, reportedAt: vn('2026-12-03 17:30') };
    expect(directiveStanding(directive, late, vn('2026-12-20 09:00'), calendar)).toMatchObject({
      progress: 'done_late',
      late: true,
    });
  });

  it('is withdrawn when the province withdrew it before a report', () => {
    const cancelled = { ...directive, cancelledAt: vn('2026-11-27 09:00') };
    expect(directiveStanding(cancelled, acked, vn('2026-12-20 09:00'), calendar)).toMatchObject({
      progress: 'cancelled',
      late: false,
    });
  });

  it('tallies acknowledged, done, done late and overdue', () => {
    const now = vn('2026-12-04 09:00');
    const standings = [
      directiveStanding(directive, none, now, calendar),
      directiveStanding(directive, acked, now, calendar),
      directiveStanding(directive, { ...acked, reportedAt: vn('2026-12-02 09:00') }, now, calendar),
      directiveStanding(directive, { ...acked, reportedAt: vn('2026-12-04 08:00') }, now, calendar),
    ];
    expect(tallyStandings(standings)).toEqual({
      targets: 4,
      acknowledged: 3,
      done: 2,
      doneLate: 1,
      overdue: 2,
    });
  });
});

describe('where a commune stood at a report’s moment', () => {
  const directive = { dueAt: vn('2026-12-03 17:00'), cancelledAt: null };
  const response: DirectiveResponse = {
    acknowledgedAt: vn('2026-11-30 08:00'),
    assigneeId: 'a',
    reportedAt: vn('2026-12-07 10:00'),
  };
  it('counts only what had been done by then', () => {
    // At the end of November: acknowledged, not yet due, not reported.
    expect(standingAt(directive, response, vn('2026-12-01 00:00'), calendar)).toMatchObject({
      progress: 'in_progress',
      unacknowledged: false,
    });
    // On 5 December: overdue, the late report still to come.
    expect(standingAt(directive, response, vn('2026-12-05 00:00'), calendar).progress).toBe(
      'overdue',
    );
    // At the end of December: done late.
    expect(standingAt(directive, response, vn('2027-01-01 00:00'), calendar).progress).toBe(
      'done_late',
    );
    // Before the acknowledgement: not acknowledged; a withdrawal after the moment is ignored.
    expect(
      standingAt(
        { ...directive, cancelledAt: vn('2026-12-02 08:00') },
        response,
        vn('2026-11-27 00:00'),
        calendar,
      ),
    ).toMatchObject({ progress: 'unacknowledged', unacknowledged: true });
  });
});

describe('the commune’s steps', () => {
  const open = { dueAt: vn('2026-12-03 17:00'), cancelledAt: null };
  const none: DirectiveResponse = { acknowledgedAt: null, assigneeId: null, reportedAt: null };
  const acked = { ...none, acknowledgedAt: vn('2026-11-26 10:00') };
  const reported = { ...acked, reportedAt: vn('2026-11-30 10:00') };

  it('acknowledges once, before assigning or reporting', () => {
    expect(directiveStepRefusal(open, none, 'acknowledge')).toBeUndefined();
    expect(directiveStepRefusal(open, acked, 'acknowledge')).toBe('already_acknowledged');
    expect(directiveStepRefusal(open, none, 'assign')).toBe('not_acknowledged');
    expect(directiveStepRefusal(open, none, 'report')).toBe('not_acknowledged');
    expect(directiveStepRefusal(open, acked, 'assign')).toBeUndefined();
    expect(directiveStepRefusal(open, acked, 'report')).toBeUndefined();
  });

  it('takes no step after the report or after the province withdrew the directive', () => {
    for (const step of ['acknowledge', 'assign', 'report'] as const) {
      expect(directiveStepRefusal(open, reported, step)).toBe('already_reported');
      expect(
        directiveStepRefusal({ ...open, cancelledAt: vn('2026-11-27 09:00') }, acked, step),
      ).toBe('cancelled');
    }
  });
});

describe('the province’s review of a report', () => {
  const open = { dueAt: vn('2026-12-03 17:00'), cancelledAt: null };
  const reported: DirectiveResponse = {
    acknowledgedAt: vn('2026-11-26 10:00'),
    assigneeId: 'a',
    reportedAt: vn('2026-12-01 10:00'),
  };
  const returned: DirectiveResponse = {
    ...reported,
    review: {
      verdict: 'returned',
      reportAt: reported.reportedAt ?? '',
      at: vn('2026-12-02 09:00'),
    },
  };
  const now = vn('2026-12-02 10:00');

  it('reviews a report once; not before it is made, nor after a withdrawal', () => {
    expect(reviewRefusal(open, reported)).toBeUndefined();
    expect(reviewRefusal(open, { ...reported, reportedAt: null })).toBe('not_reported');
    expect(reviewRefusal(open, returned)).toBe('already_reviewed');
    expect(reviewRefusal({ ...open, cancelledAt: vn('2026-12-01 12:00') }, reported)).toBe(
      'cancelled',
    );
  });

  it('a returned report no longer stands: the commune reports again, and that one is reviewed', () => {
    expect(reportStands(reported)).toBe(true);
    expect(reportStands(returned)).toBe(false);
    expect(directiveStepRefusal(open, reported, 'report')).toBe('already_reported');
    expect(directiveStepRefusal(open, returned, 'report')).toBeUndefined();
    expect(directiveStepRefusal(open, returned, 'assign')).toBeUndefined();
    expect(directiveStepRefusal(open, returned, 'acknowledge')).toBe('already_acknowledged');
    expect(directiveStanding(open, returned, now, calendar)).toMatchObject({
      progress: 'returned',
      late: false,
      dueSoon: true,
    });
    // Past the deadline without the new report: overdue.
    expect(directiveStanding(open, returned, vn('2026-12-04 08:00'), calendar).progress).toBe(
      'overdue',
    );
    // The new report, made after the deadline, is late; it may be reviewed in its turn.
    const again = { ...returned, reportedAt: vn('2026-12-04 09:00') };
    expect(reportStands(again)).toBe(true);
    expect(reviewRefusal(open, again)).toBeUndefined();
    expect(directiveStanding(open, again, vn('2026-12-05 09:00'), calendar).progress).toBe(
      'done_late',
    );
  });

  it('an accepted report is done and says so', () => {
    const accepted = {
      ...reported,
      review: { verdict: 'accepted' as const, reportAt: reported.reportedAt ?? '', at: now },
    };
    expect(directiveStanding(open, accepted, now, calendar)).toMatchObject({
      progress: 'done_on_time',
      accepted: true,
    });
    // At a report's moment before the review, the review does not count yet.
    expect(standingAt(open, returned, vn('2026-12-01 12:00'), calendar).progress).toBe(
      'done_on_time',
    );
  });
});
