// The province dashboard's periods and flags. A month is a Vietnam-local month (UTC+7); the
// database holds ISO UTC instants, so the month becomes a half-open range of instants and its
// weeks or days become the boundaries a query sorts each dossier into. Pure.
import { monthRange, type Month } from './civil-statistics.js';

export const dashboardGroupings = ['week', 'day'] as const;
export type DashboardGrouping = (typeof dashboardGroupings)[number];

const DAY_MS = 86_400_000;

/** The instant a Vietnam-local date begins: "2026-11-01" → "2026-10-31T17:00:00.000Z". */
export const startOfVietnamDay = (date: string): string =>
  new Date(`${date}T00:00:00.000+07:00`).toISOString();

const nextDate = (date: string, days = 1): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The month as instants, `from <= t < to`, for text comparison with the stored times. */
export function monthInstants(month: Month): { from: string; to: string } {
  const { from, to } = monthRange(month);
  return { from: startOfVietnamDay(from), to: startOfVietnamDay(to) };
}

/** One column of the "over time" figures: a week (clipped to the month) or a day. */
export interface PeriodBucket {
  /** First local date, inclusive. */
  readonly first: string;
  /** Last local date, inclusive. */
  readonly last: string;
  /** The instants it covers, `from <= t < to`. */
  readonly from: string;
  readonly to: string;
}

/**
 * The month's days, or its weeks (Monday to Sunday, as offices count them; the first and last
 * are cut at the month's edges), in order. They cover the month exactly, without overlap.
 */
export function periodBuckets(month: Month, grouping: DashboardGrouping): PeriodBucket[] {
  const { from, to } = monthRange(month);
  const buckets: PeriodBucket[] = [];
  let first = from;
  while (first < to) {
    let end = nextDate(first);
    if (grouping === 'week')
      while (end < to && new Date(`${end}T00:00:00.000Z`).getUTCDay() !== 1) end = nextDate(end);
    buckets.push({
      first,
      last: nextDate(end, -1),
      from: startOfVietnamDay(first),
      to: startOfVietnamDay(end),
    });
    first = end;
  }
  return buckets;
}

/** "2026-11-02" → "02/11"; a week "02/11–08/11". */
export function bucketLabel(bucket: PeriodBucket): string {
  const short = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;
  return bucket.first === bucket.last
    ? short(bucket.first)
    : `${short(bucket.first)}–${short(bucket.last)}`;
}

/**
 * The moment the month's figures are taken at: its end, or now while it runs. Open dossiers
 * are judged late or within time at this moment.
 */
export function figuresAsOf(month: Month, now: string): string {
  const { to } = monthInstants(month);
  return now < to ? now : to;
}

/** Whole days (started days count) between a due date and when the dossier ended or now. */
export function daysLate(dueAt: string, endedAt: string): number {
  return Math.max(0, Math.ceil((Date.parse(endedAt) - Date.parse(dueAt)) / DAY_MS));
}

/**
 * A node that has not been heard from for a working day is worth a phone call: its officers
 * keep working offline, but the province sees nothing new from them.
 */
export const silentAfterMs = 24 * 3_600_000;

export type NodeContact = 'recent' | 'silent' | 'never';

export function nodeContact(lastSeenAt: string | null, now: string): NodeContact {
  if (lastSeenAt === null) return 'never';
  return Date.parse(now) - Date.parse(lastSeenAt) > silentAfterMs ? 'silent' : 'recent';
}
