import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateLine,
  formatDateTime,
  formatIsoDate,
  formatProcessingTime,
  formatShortDateTime,
  timeliness,
  vietnamDate,
} from './vietnam-time.js';

describe('Vietnam time', () => {
  it('prints an instant seven hours ahead of UTC', () => {
    expect(formatDateTime('2026-11-26T01:15:00.000Z')).toBe('08 giờ 15 phút, ngày 26/11/2026');
    expect(formatShortDateTime('2026-11-26T01:15:00.000Z')).toBe('26/11/2026 08:15');
  });

  it('moves to the next day after 17:00 UTC', () => {
    expect(formatDate('2026-12-31T17:30:00.000Z')).toBe('01/01/2027');
    expect(vietnamDate('2026-12-31T16:59:59.999Z')).toBe('2026-12-31');
    expect(vietnamDate('2026-12-31T17:00:00.000Z')).toBe('2027-01-01');
  });

  it('reads instants written with another offset', () => {
    expect(formatDateTime('2026-11-26T08:15:00+07:00')).toBe('08 giờ 15 phút, ngày 26/11/2026');
  });

  it.each(['2026-11-26', '2026-11-26T08:15:00', 'yesterday', ''])(
    'refuses %j, which has no zone',
    (value) => {
      expect(() => formatDateTime(value)).toThrow(RangeError);
    },
  );

  it.each([
    // Decree 30/2020: a leading zero for days below 10 and for months 1 and 2 only.
    ['2026-11-26T01:15:00.000Z', 'Hải Châu, ngày 26 tháng 11 năm 2026'],
    ['2026-02-04T03:00:00.000Z', 'Hải Châu, ngày 04 tháng 02 năm 2026'],
    ['2026-01-15T03:00:00.000Z', 'Hải Châu, ngày 15 tháng 01 năm 2026'],
    ['2026-03-05T03:00:00.000Z', 'Hải Châu, ngày 05 tháng 3 năm 2026'],
    ['2026-09-30T03:00:00.000Z', 'Hải Châu, ngày 30 tháng 9 năm 2026'],
  ])('writes the date line for %s as %j', (instant, line) => {
    expect(formatDateLine('Hải Châu', instant)).toBe(line);
  });

  it('prints a local date', () => {
    expect(formatIsoDate('2026-11-23')).toBe('23/11/2026');
    expect(() => formatIsoDate('23/11/2026')).toThrow(RangeError);
  });

  it.each([
    [{ value: 0, unit: 'same_day' }, 'Trong ngày'],
    [{ value: 5, unit: 'working_days' }, '05 ngày làm việc'],
    [{ value: 4, unit: 'working_hours' }, '04 giờ làm việc'],
    [{ value: 30, unit: 'calendar_days' }, '30 ngày'],
  ] as const)('states processing time %j as %j', (time, text) => {
    expect(formatProcessingTime(time)).toBe(text);
  });
});

describe('timeliness', () => {
  const due = '2026-11-26T09:30:00.000Z'; // 16:30 on 26/11
  const asOf = '2026-11-27T01:00:00.000Z';
  it.each([
    ['done a day before', '2026-11-25T09:00:00.000Z', 'early'],
    ['done on the due day before the hour', '2026-11-26T01:00:00.000Z', 'on_time'],
    ['done at the due instant', due, 'on_time'],
    ['done a minute late', '2026-11-26T09:31:00.000Z', 'late'],
    // 00:30 on 26/11 in Vietnam is still 25/11 in UTC: the day is judged in Vietnam time.
    ['done just after midnight on the due day', '2026-11-25T17:30:00.000Z', 'on_time'],
  ] as const)('%s is %s', (_name, doneAt, expected) => {
    expect(timeliness(due, doneAt, asOf)).toBe(expected);
  });

  it('judges an open step against the print time', () => {
    expect(timeliness(due, undefined, '2026-11-26T08:00:00.000Z')).toBe('pending');
    expect(timeliness(due, undefined, asOf)).toBe('pending_late');
  });
});
