// Numbers and dates written out in Vietnamese words, as a birth certificate repeats its date of
// birth ("Ghi bằng chữ") so that the figures cannot be altered by hand. Pure string arithmetic.
//
// The conventions are those of civil-status registration practice: after a ten of twenty or
// more, 1 reads "mốt" and 4 reads "tư" ("hai mươi mốt", "hai mươi tư"); 5 after any ten reads
// "lăm" ("mười lăm", "hai mươi lăm"); a zero ten before a unit reads "linh" ("một trăm linh
// một"); a zero hundred after the thousands is said ("hai nghìn không trăm mười"). The fourth
// month is "tháng tư".

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

const digit = (n: number): string => DIGITS[n] ?? '';

/** 0–99. */
function tensInWords(n: number): string {
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (tens === 0) return digit(units);
  const head = tens === 1 ? 'mười' : `${digit(tens)} mươi`;
  if (units === 0) return head;
  if (units === 5) return `${head} lăm`;
  if (tens > 1 && units === 1) return `${head} mốt`;
  if (tens > 1 && units === 4) return `${head} tư`;
  return `${head} ${digit(units)}`;
}

/** The two digits after a hundred: "linh một" for 1–9, otherwise as tens. */
function afterHundreds(n: number): string {
  return n < 10 ? `linh ${digit(n)}` : tensInWords(n);
}

/** 0–999. */
function hundredsInWords(n: number): string {
  if (n < 100) return tensInWords(n);
  const rest = n % 100;
  const head = `${digit(Math.floor(n / 100))} trăm`;
  return rest === 0 ? head : `${head} ${afterHundreds(rest)}`;
}

/**
 * A whole number from 0 to 9 999 in words: 2025 → "hai nghìn không trăm hai mươi lăm". The
 * range covers the days, months and years a civil-status paper writes out.
 */
export function numberInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9_999) {
    throw new RangeError(`numberInWords takes a whole number from 0 to 9999, not ${n}`);
  }
  if (n < 1_000) return hundredsInWords(n);
  const rest = n % 1_000;
  const head = `${digit(Math.floor(n / 1_000))} nghìn`;
  if (rest === 0) return head;
  if (rest < 100) return `${head} không trăm ${afterHundreds(rest)}`;
  return `${head} ${hundredsInWords(rest)}`;
}

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** 'YYYY-MM-DD' as numbers, or null when it is not a date of the calendar (2025-02-29). */
export function parseCalendarDate(iso: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC rolls 31 April over into May; a date that does not come back unchanged is not one.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1) return null;
  if (probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * 'YYYY-MM-DD' → "Ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm".
 * Throws RangeError on anything that is not a calendar date.
 */
export function vietnameseDateInWords(isoDate: string): string {
  const date = parseCalendarDate(isoDate);
  if (date === null) throw new RangeError(`not a calendar date 'YYYY-MM-DD': '${isoDate}'`);
  const month = date.month === 4 ? 'tư' : numberInWords(date.month);
  return `Ngày ${numberInWords(date.day)} tháng ${month} năm ${numberInWords(date.year)}`;
}
