// The dashboard's periods in Vietnam time, and its flags.
import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  daysLate,
  figuresAsOf,
  monthInstants,
  nodeContact,
  periodBuckets,
} from './dashboard.js';

describe('a month in Vietnam time', () => {
  it('starts and ends at midnight UTC+7', () => {
    expect(monthInstants('2026-11')).toEqual({
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
    });
    expect(monthInstants('2026-12')).toEqual({
      from: '2026-11-30T17:00:00.000Z',
      to: '2026-12-31T17:00:00.000Z',
    });
  });

  it('is cut into Monday-to-Sunday weeks clipped to the month, covering it exactly', () => {
    // 01/11/2026 is a Sunday, 30/11 a Monday.
    const weeks = periodBuckets('2026-11', 'week');
    expect(weeks.map(bucketLabel)).toEqual([
      '01/11',
      '02/11–08/11',
      '09/11–15/11',
      '16/11–22/11',
      '23/11–29/11',
      '30/11',
    ]);
    expect(weeks[1]).toEqual({
      first: '2026-11-02',
      last: '2026-11-08',
      from: '2026-11-01T17:00:00.000Z',
      to: '2026-11-08T17:00:00.000Z',
    });
    const { from, to } = monthInstants('2026-11');
    expect(weeks[0]?.from).toBe(from);
    expect(weeks.at(-1)?.to).toBe(to);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.from).toBe(weeks[i - 1]?.to);
  });

  it('or into its days', () => {
    const days = periodBuckets('2026-02', 'day');
    expect(days).toHaveLength(28);
    expect(days[0]).toEqual({
      first: '2026-02-01',
      last: '2026-02-01',
      from: '2026-01-31T17:00:00.000Z',
      to: '2026-02-01T17:00:00.000Z',
    });
  });

  it('is judged at its end, or now while it runs', () => {
    expect(figuresAsOf('2026-11', '2026-12-03T02:00:00.000Z')).toBe('2026-11-30T17:00:00.000Z');
    expect(figuresAsOf('2026-11', '2026-11-26T02:00:00.000Z')).toBe('2026-11-26T02:00:00.000Z');
  });
});

describe('flags', () => {
  it('counts started days late', () => {
    expect(daysLate('2026-11-20T10:00:00.000Z', '2026-11-20T12:00:00.000Z')).toBe(1);
    expect(daysLate('2026-11-20T10:00:00.000Z', '2026-11-23T10:00:00.000Z')).toBe(3);
    expect(daysLate('2026-11-20T10:00:00.000Z', '2026-11-19T10:00:00.000Z')).toBe(0);
  });

  it('flags a node silent after a day without contact', () => {
    const now = '2026-11-26T02:00:00.000Z';
    expect(nodeContact(null, now)).toBe('never');
    expect(nodeContact('2026-11-25T03:00:00.000Z', now)).toBe('recent');
    expect(nodeContact('2026-11-25T01:59:00.000Z', now)).toBe('silent');
  });
});
