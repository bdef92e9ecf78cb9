// Times on the desk's documents. Events store UTC instants; a citizen reads Vietnam time
// (UTC+7, no daylight saving since 1975), so every instant is shifted by seven hours before it
// is printed. Pure arithmetic on the instant: the machine's own time zone never matters.
import type { ProcessingTime } from '../domain/processing-time.js';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** An ISO-8601 UTC instant, e.g. "2026-11-26T01:15:00.000Z". */
export type Instant = string;

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * Milliseconds since the epoch. Throws RangeError on anything but an instant with an explicit
 * zone: a date without one would
 * be read in the machine's zone, and a wrong date printed on an official paper is worse than
 * no paper.
 */
export function epochMs(instant: Instant): number {
  const ms = /^\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})$/.test(instant)
    ? Date.parse(instant)
    : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant with a zone: '${instant}'`);
  return ms;
}

export function vietnamParts(instant: Instant): LocalParts {
  const local = new Date(epochMs(instant) + VIETNAM_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "26/11/2026" */
export function formatDate(instant: Instant): string {
  const p = vietnamParts(instant);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "08 giờ 15 phút, ngày 26/11/2026", as the receipt's time lines read. */
export function formatDateTime(instant: Instant): string {
  const p = vietnamParts(instant);
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ngày ${formatDate(instant)}`;
}

/** "26/11/2026 08:15", for table cells and CSV where space is short. */
export function formatShortDateTime(instant: Instant): string {
  const p = vietnamParts(instant);
  return `${formatDate(instant)} ${two(p.hour)}:${two(p.minute)}`;
}

/** The Vietnam calendar date of an instant, 'YYYY-MM-DD'. */
export function vietnamDate(instant: Instant): string {
  const p = vietnamParts(instant);
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/**
 * The place and date line under the national motto: "Hải Châu, ngày 26 tháng 11 năm 2026".
 * Decree 30/2020/NĐ-CP (document formatting) writes a leading zero for days below 10 and for
 * months 1 and 2 only ("ngày 05 tháng 02", "ngày 15 tháng 3"), so that the date cannot be
 * altered by hand.
 */
export function formatDateLine(place: string, instant: Instant): string {
  const p = vietnamParts(instant);
  const month = p.month <= 2 ? two(p.month) : String(p.month);
  return `${place}, ngày ${two(p.day)} tháng ${month} năm ${p.year}`;
}

/** 'YYYY-MM-DD' → "26/11/2026"; for periods given as local dates. */
export function formatIsoDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new RangeError(`not a date 'YYYY-MM-DD': '${date}'`);
  return `${m[3] ?? ''}/${m[2] ?? ''}/${m[1] ?? ''}`;
}

/** How the receipt states the legal processing time: "05 ngày làm việc", "Trong ngày". */
export function formatProcessingTime(time: ProcessingTime): string {
  switch (time.unit) {
    case 'same_day':
      // The 15:00 rule is already in the appointment the receipt prints below this line.
      return 'Trong ngày';
    case 'working_days':
      return `${two(time.value)} ngày làm việc`;
    case 'working_hours':
      return `${two(time.value)} giờ làm việc`;
    case 'calendar_days':
      return `${two(time.value)} ngày`;
  }
}

export const timelinessLabels = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  pending: 'Đang xử lý',
  pending_late: 'Quá hạn, đang xử lý',
} as const;
export type Timeliness = keyof typeof timelinessLabels;

/**
 * Whether a step or a dossier finished before, on or after its deadline, as the control slip's
 * result column reads (trước hạn / đúng hạn / quá hạn). "On time" means done on the due day
 * (Vietnam time) but not after the due instant; "early" means done on an earlier day. An
 * unfinished one is judged against `asOf` (the print time), so a slip printed late says so.
 */
export function timeliness(dueAt: Instant, doneAt: Instant | undefined, asOf: Instant): Timeliness {
  const due = epochMs(dueAt);
  if (doneAt === undefined) return epochMs(asOf) > due ? 'pending_late' : 'pending';
  if (epochMs(doneAt) > due) return 'late';
  return vietnamDate(doneAt) < vietnamDate(dueAt) ? 'early' : 'on_time';
}
