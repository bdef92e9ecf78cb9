// The report rules on real dates: which month a dossier falls in at the UTC+7 midnight, carried
// over or new, early / on time / late against the appointment, an apology's new date, the
// clock standing still, withdrawals and refusals; the columns always balancing; the working
// days overdue on the province's calendar; a month not begun.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holds, late, type DossierTimes } from './dossier-timeliness.js';
import {
  balances,
  noResults,
  procedureResultMeasureNames,
  procedureResultMeasures,
  reportPeriod,
  workingDaysOverdue,
  type ProcedureResultCounts,
  type ProcedureResultMeasure,
  type ReportPeriod,
} from './reports.js';
import { createWorkingCalendar } from './working-calendar.js';

/** A Vietnam-local time ("2026-11-02T08:00") as the stored UTC instant. */
const vn = (local: string) => new Date(`${local}:00.000+07:00`).toISOString();

const period = (month: string, now: string): ReportPeriod => {
  const p = reportPeriod(month, now);
  if (p === 'future') throw new Error('future');
  return p;
};
// November 2026, read on 10/12 (a past month: taken at its end), and while it runs (26/11 09:00).
const november = period('2026-11', vn('2026-12-10T09:00'));
const runningNovember = period('2026-11', vn('2026-11-26T09:00'));

const dossier = (changes: Partial<DossierTimes>): DossierTimes => ({
  status: 'processing',
  channel: 'in_person',
  received_at: vn('2026-11-02T08:00'),
  due_at: vn('2026-11-05T10:00'),
  extended_due_at: null,
  completed_at: null,
  ...changes,
});

/** The measures one dossier counts in. */
const measuresOf = (row: DossierTimes, p: ReportPeriod = november): ProcedureResultMeasure[] =>
  procedureResultMeasureNames.filter((m) => holds(procedureResultMeasures[m], row, p));

const count = (rows: readonly DossierTimes[], p: ReportPeriod): ProcedureResultCounts =>
  Object.fromEntries(
    procedureResultMeasureNames.map((m) => [
      m,
      rows.filter((r) => holds(procedureResultMeasures[m], r, p)).length,
    ]),
  ) as Record<ProcedureResultMeasure, number>;

describe('the period of a month', () => {
  it('runs from the Vietnam midnight that opens it, taken at its end or now', () => {
    expect(november).toEqual({
      month: '2026-11',
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
      asOf: '2026-11-30T17:00:00.000Z',
    });
    expect(runningNovember.asOf).toBe('2026-11-26T02:00:00.000Z');
    // 01/12 at 00:30 in Vietnam is still 30/11 in UTC, but December has begun.
    expect(reportPeriod('2026-12', '2026-11-30T17:30:00.000Z')).not.toBe('future');
    expect(reportPeriod('2026-12', '2026-11-30T16:59:59.999Z')).toBe('future');
  });
});

describe('Tình hình, kết quả giải quyết TTHC, one dossier at a time', () => {
  it('carries over what was received before the Vietnam midnight and not finished by it', () => {
    // 23:30 on 31/10 in Vietnam (16:30 UTC): October's, still open → carried over.
    expect(measuresOf(dossier({ received_at: vn('2026-10-31T23:30') }))).toEqual([
      'carriedOver',
      'openOverdue',
    ]);
    // 00:30 on 01/11 in Vietnam (17:30 UTC on 31/10): November's, new.
    expect(measuresOf(dossier({ received_at: vn('2026-11-01T00:30') }))).toEqual([
      'receivedOther',
      'openOverdue',
    ]);
    // Finished at 23:59 on 31/10: October's work, not November's.
    expect(
      measuresOf(
        dossier({
          status: 'returned',
          received_at: vn('2026-10-28T09:00'),
          due_at: vn('2026-11-02T09:00'),
          completed_at: vn('2026-10-31T23:59'),
        }),
      ),
    ).toEqual([]);
    // Finished ten minutes into November: carried over and resolved in November, early.
    expect(
      measuresOf(
        dossier({
          status: 'returned',
          received_at: vn('2026-10-28T09:00'),
          due_at: vn('2026-11-02T09:00'),
          completed_at: vn('2026-11-01T00:10'),
        }),
      ),
    ).toEqual(['carriedOver', 'resolvedEarly']);
    // Filed online in November: new, online.
    expect(measuresOf(dossier({ channel: 'online' }))).toEqual(['receivedOnline', 'openOverdue']);
  });

  it('says early, on time or late by the appointment, its day read in Vietnam', () => {
    const done = (completed: string, due = '2026-11-05T10:00') =>
      measuresOf(dossier({ status: 'result_ready', due_at: vn(due), completed_at: vn(completed) }));
    expect(done('2026-11-04T16:00')).toEqual(['receivedOther', 'resolvedEarly']);
    expect(done('2026-11-05T08:00')).toEqual(['receivedOther', 'resolvedOnTime']);
    expect(done('2026-11-05T10:00')).toEqual(['receivedOther', 'resolvedOnTime']);
    expect(done('2026-11-05T10:01')).toEqual(['receivedOther', 'resolvedLate']);
    // 00:30 on 05/11 in Vietnam is 04/11 in UTC: the appointment's day all the same.
    expect(done('2026-11-05T00:30')).toEqual(['receivedOther', 'resolvedOnTime']);
    // Due 08:00 on 05/11 (01:00 UTC, the same UTC day as 23:00 on 04/11 in Vietnam): early.
    expect(done('2026-11-04T23:00', '2026-11-05T08:00')).toEqual([
      'receivedOther',
      'resolvedEarly',
    ]);
  });

  it('counts a dossier finished by the date of its apology letter as late, as it was', () => {
    const extended = dossier({ extended_due_at: vn('2026-11-10T17:00') });
    expect(
      measuresOf({ ...extended, status: 'result_ready', completed_at: vn('2026-11-09T09:00') }),
    ).toEqual(['receivedOther', 'resolvedLate']);
    // Still open on 07/11, before the new date: overdue against the original one.
    expect(measuresOf(extended, period('2026-11', vn('2026-11-07T09:00')))).toEqual([
      'receivedOther',
      'openOverdue',
    ]);
  });

  it('keeps a dossier whose clock stands still within time', () => {
    for (const status of ['supplement_requested', 'awaiting_payment'])
      expect(measuresOf(dossier({ status }))).toEqual(['receivedOther', 'openWithin']);
    // Not yet due at the moment of the figures: within time as well.
    expect(measuresOf(dossier({}), period('2026-11', vn('2026-11-04T09:00')))).toEqual([
      'receivedOther',
      'openWithin',
    ]);
  });

  it('counts withdrawals and stops apart, and refusals outside the total', () => {
    expect(
      measuresOf(dossier({ status: 'withdrawn', completed_at: vn('2026-11-10T10:00') })),
    ).toEqual(['receivedOther', 'withdrawn']);
    expect(
      measuresOf(dossier({ status: 'stopped', completed_at: vn('2026-11-10T10:00') })),
    ).toEqual(['receivedOther', 'stopped']);
    // Withdrawn in December: in November it was still in process (never late once withdrawn).
    expect(
      measuresOf(dossier({ status: 'withdrawn', completed_at: vn('2026-12-02T10:00') })),
    ).toEqual(['receivedOther', 'openWithin']);
    // Refused at the counter, or an online filing refused before it was ever received.
    expect(
      measuresOf(dossier({ status: 'refused', completed_at: vn('2026-11-02T08:00') })),
    ).toEqual(['refused']);
    expect(
      measuresOf(
        dossier({
          status: 'refused',
          channel: 'online',
          received_at: null,
          due_at: null,
          completed_at: vn('2026-11-03T08:00'),
        }),
      ),
    ).toEqual(['refused']);
    // Filed online, not yet accepted: the clock has not started, nothing to count.
    expect(
      measuresOf(
        dossier({ status: 'submitted_online', channel: 'online', received_at: null, due_at: null }),
      ),
    ).toEqual([]);
  });

  it('takes a running month at the moment of the report', () => {
    // Received after the moment of the figures (a node whose clock runs ahead): not yet.
    expect(measuresOf(dossier({ received_at: vn('2026-11-26T10:00') }), runningNovember)).toEqual(
      [],
    );
    // Finished "later" than now on another node's clock: still in process now.
    expect(
      measuresOf(
        dossier({ status: 'result_ready', completed_at: vn('2026-11-26T09:30') }),
        runningNovember,
      ),
    ).toEqual(['receivedOther', 'openOverdue']);
  });

  it('always balances: carried over and received = resolved, withdrawn, stopped and open', () => {
    const instants = fc
      .integer({ min: Date.parse('2026-10-20T00:00:00Z'), max: Date.parse('2026-12-10T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    const row = fc.record({
      status: fc.constantFrom(
        'submitted_online',
        'received',
        'refused',
        'processing',
        'supplement_requested',
        'awaiting_payment',
        'withdrawn',
        'stopped',
        'result_ready',
        'returned',
      ),
      channel: fc.constantFrom('in_person', 'online', 'postal'),
      received_at: fc.option(instants),
      due_at: fc.option(instants),
      extended_due_at: fc.option(instants),
      completed_at: fc.option(instants),
    });
    const now = instants.filter((t) => t >= '2026-10-31T17:00:00.000Z');
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), now, (rows, at) => {
        const counts = count(rows, period('2026-11', at));
        expect(balances(counts)).toBe(true);
        // And each dossier is in at most one of the outcome columns.
        for (const r of rows) {
          const outcomes = measuresOf(r, period('2026-11', at)).filter(
            (m) => !['carriedOver', 'receivedOnline', 'receivedOther', 'refused'].includes(m),
          );
          expect(outcomes.length).toBeLessThanOrEqual(1);
        }
      }),
    );
    expect(balances(noResults)).toBe(true);
  });

  it('is the dashboard’s and the desk’s rule of lateness', () => {
    const asOf = { from: november.from, asOf: november.asOf };
    expect(holds(late, dossier({}), asOf)).toBe(true);
    expect(holds(late, dossier({ status: 'supplement_requested' }), asOf)).toBe(false);
    expect(
      holds(late, dossier({ status: 'withdrawn', completed_at: vn('2026-11-10T09:00') }), asOf),
    ).toBe(false);
    expect(holds(late, dossier({ due_at: null }), asOf)).toBe(false);
  });
});

describe('working days overdue', () => {
  // The default office hours (07:30–11:30, 13:30–17:00: 450 minutes) and the statutory
  // holidays; 2026-09-01 and 09-02 are the National Day holiday (a Tuesday and a Wednesday).
  const calendar = createWorkingCalendar();
  it('counts begun working days on the calendar, not calendar days', () => {
    // Due Friday 06/11 at 17:00: on Saturday nothing is lost yet; Monday 07:31 is one day.
    expect(workingDaysOverdue(calendar, vn('2026-11-06T17:00'), vn('2026-11-07T09:00'))).toBe(0);
    expect(workingDaysOverdue(calendar, vn('2026-11-06T17:00'), vn('2026-11-09T07:31'))).toBe(1);
    // A whole working day (450 minutes) is one; a minute more begins the second.
    expect(workingDaysOverdue(calendar, vn('2026-11-09T07:30'), vn('2026-11-09T17:00'))).toBe(1);
    expect(workingDaysOverdue(calendar, vn('2026-11-09T07:30'), vn('2026-11-10T07:31'))).toBe(2);
    // From Thursday 01/10 at 10:00 to the end of October: the rest of 01/10 (300 office
    // minutes) and 21 working days, so 21 whole days and a begun one. (November would depend
    // on 24/11, a day off still awaiting confirmation.)
    expect(workingDaysOverdue(calendar, vn('2026-10-01T10:00'), vn('2026-11-01T00:00'))).toBe(22);
    // The National Day holiday is not a working day: due Monday 31/08 at 17:00, on Thursday
    // 03/09 at 17:00 it is one working day late.
    expect(workingDaysOverdue(calendar, vn('2026-08-31T17:00'), vn('2026-09-03T17:00'))).toBe(1);
    // Not yet due.
    expect(workingDaysOverdue(calendar, vn('2026-11-10T10:00'), vn('2026-11-09T10:00'))).toBe(0);
  });
});
