// The Vietnamese lunisolar calendar (âm lịch), computed from astronomy as in Hồ Ngọc Đức's
// algorithm: months begin on the local day of the new moon, month 11 is the month that holds
// the winter solstice, and in a 13-month year the first month after month 11 with no major
// solar term (trung khí) is the leap month (tháng nhuận), numbered like the month before it.
//
// Everything depends on *local* days, so the time zone is a parameter: Vietnam keeps the
// calendar at UTC+7 (the Chinese calendar uses UTC+8). A new moon close to midnight falls on
// different days in the two zones, and a month, or even Tết itself, can start a day or a month
// apart (Tết 1985 is the classic case, see the tests). Holidays need the Vietnamese one.
//
// The astronomy is the truncated series of Meeus, "Astronomical Algorithms" (mean new moon
// with the main periodic terms; apparent solar longitude with the equation of centre). That is
// accurate to a few minutes, which is enough for every year we accept (1800–2199): the
// published Vietnamese calendars are computed the same way.

/** A day of the Gregorian (solar) calendar. */
export interface SolarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A day of the lunar calendar. `year` is the lunar year (its Tết falls in that solar year). */
export interface LunarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** True for a day of the leap month (tháng nhuận), which repeats `month`. */
  readonly leap: boolean;
}

/** Vietnam's legal time, in hours east of UTC (no daylight saving since 1975). */
export const VIETNAM_TIME_ZONE_HOURS = 7;

/** Years the algorithm is validated for; outside them the truncated series drift. */
export const LUNAR_YEAR_RANGE = { min: 1800, max: 2199 } as const;

const SYNODIC_MONTH = 29.530588853; // mean days from new moon to new moon
// Julian day of the new moon that the series count from (k = 0): 1900-01-01 13:51 UT.
const NEW_MOON_EPOCH = 2415021.076998695;
const DEG = Math.PI / 180;

/** Julian day number (noon-based, integer) of a Gregorian date. */
export function julianDayNumber(date: SolarDate): number {
  const a = Math.floor((14 - date.month) / 12);
  const y = date.year + 4800 - a;
  const m = date.month + 12 * a - 3;
  return (
    date.day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** The Gregorian date of a Julian day number. */
export function fromJulianDayNumber(jdn: number): SolarDate {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/**
 * The instant (Julian date, UT, fractional) of the k-th new moon after 1900-01-01. Mean lunation
 * plus the largest periodic terms in the Sun's and Moon's anomalies and the Moon's argument of
 * latitude, then ΔT removed so that the result is in universal time.
 */
function newMoonInstant(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900 January 0.5
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const moonLatitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * moonLatitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * moonLatitude + sunAnomaly) -
    0.0004 * Math.sin(2 * moonLatitude - sunAnomaly) -
    0.0006 * Math.sin(2 * moonLatitude + moonAnomaly) +
    0.001 * Math.sin(2 * moonLatitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (terrestrial minus universal time), in days: two polynomial fits, before and after ~1800.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** Apparent longitude of the Sun (radians, 0 … 2π) at a Julian date. */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries since J2000.0
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const equationOfCentre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + equationOfCentre) * DEG;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** The local day (Julian day number) on which the k-th new moon falls in zone `tz`. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoonInstant(k) + 0.5 + tz / 24);
}

/**
 * Which 30° sector (0 … 11) the Sun is in at the local midnight starting `day`. Sector i runs
 * from major solar term i×30° to the next; sector 9 begins at the winter solstice (270°).
 */
function sunSector(day: number, tz: number): number {
  return Math.floor((sunLongitude(day - 0.5 - tz / 24) / Math.PI) * 6);
}

/** First day of lunar month 11 (the month containing the winter solstice) of solar year `year`. */
function month11Start(year: number, tz: number): number {
  const k = Math.floor((julianDayNumber({ year, month: 12, day: 31 }) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k, tz);
  // A month that starts with the Sun already past 270° began after the solstice: take the one before.
  return sunSector(start, tz) >= 9 ? newMoonDay(k - 1, tz) : start;
}

/**
 * In a 13-month year starting at month 11 (`a11`), how many months after it the leap month
 * comes: the first month whose start and end lie in the same solar sector, i.e. that contains
 * no major solar term.
 */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, tz), tz);
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, tz), tz);
  } while (sector !== previous && i < 14);
  return i - 1;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_YEAR_RANGE.min || year > LUNAR_YEAR_RANGE.max)
    throw new RangeError(
      `Lunar calendar: year ${year} is outside ${LUNAR_YEAR_RANGE.min}–${LUNAR_YEAR_RANGE.max}`,
    );
}

/** The lunar date of a solar date, in time zone `tz` (hours east of UTC; Vietnam: 7). */
export function solarToLunar(date: SolarDate, tz: number = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  checkYear(date.year);
  const day = julianDayNumber(date);
  // The mean month only estimates which new moon began the month: the true new moon can fall a
  // day either side (19 April 1939 at UTC+8 is one), so step until it frames the date.
  let k = Math.floor((day - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k, tz) > day) k -= 1;
  while (newMoonDay(k + 1, tz) <= day) k += 1;
  const monthStart = newMoonDay(k, tz);

  // The lunar year is framed by the two months 11 around the date.
  let a11 = month11Start(date.year, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = month11Start(date.year - 1, tz);
  } else {
    lunarYear = date.year + 1;
    b11 = month11Start(date.year + 1, tz);
  }

  const monthsSince11 = Math.floor((monthStart - a11) / 29);
  let month = monthsSince11 + 11;
  let leap = false;
  // More than 365 days between two months 11 means 13 months: one of them is the leap month.
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    if (monthsSince11 >= leapOffset) {
      month = monthsSince11 + 10;
      leap = monthsSince11 === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 that precede Tết belong to the previous lunar year.
  if (month >= 11 && monthsSince11 < 4) lunarYear -= 1;
  return { year: lunarYear, month, day: day - monthStart + 1, leap };
}

/**
 * The solar date of a lunar date in zone `tz`, or undefined when the date does not exist: a
 * leap month that the year does not have, or day 30 of a 29-day month.
 */
export function lunarToSolar(
  date: LunarDate,
  tz: number = VIETNAM_TIME_ZONE_HOURS,
): SolarDate | undefined {
  checkYear(date.year);
  if (!Number.isInteger(date.month) || date.month < 1 || date.month > 12) return undefined;
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > 30) return undefined;
  const [a11, b11] =
    date.month < 11
      ? [month11Start(date.year - 1, tz), month11Start(date.year, tz)]
      : [month11Start(date.year, tz), month11Start(date.year + 1, tz)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = date.month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (date.leap && date.month !== leapMonth) return undefined;
    if (date.leap || offset >= leapOffset) offset += 1;
  } else if (date.leap) {
    return undefined;
  }
  const monthStart = newMoonDay(k + offset, tz);
  const day = monthStart + date.day - 1;
  // Day 30 of a short month would be the first day of the next month.
  if (date.day === 30 && newMoonDay(k + offset + 1, tz) <= day) return undefined;
  return fromJulianDayNumber(day);
}

/** Mùng 1 Tết (lunar 1/1) of lunar year `year`, which always falls in solar year `year`. */
export function lunarNewYear(year: number, tz: number = VIETNAM_TIME_ZONE_HOURS): SolarDate {
  const date = lunarToSolar({ year, month: 1, day: 1, leap: false }, tz);
  // Month 1 is never a leap month and always has a first day.
  if (date === undefined) throw new Error(`No lunar new year in ${year}`);
  return date;
}

/** The leap month of lunar year `year` (1 … 12), or null in a 12-month year. */
export function leapMonthOf(year: number, tz: number = VIETNAM_TIME_ZONE_HOURS): number | null {
  checkYear(year);
  for (let month = 1; month <= 12; month += 1)
    if (lunarToSolar({ year, month, day: 1, leap: true }, tz) !== undefined) return month;
  return null;
}
