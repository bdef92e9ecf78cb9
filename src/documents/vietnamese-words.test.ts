import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberInWords, parseCalendarDate, vietnameseDateInWords } from './vietnamese-words.js';

describe('vietnameseDateInWords', () => {
  it.each([
    ['2025-12-25', 'Ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm'],
    ['2001-01-01', 'Ngày một tháng một năm hai nghìn không trăm linh một'],
    ['2024-04-14', 'Ngày mười bốn tháng tư năm hai nghìn không trăm hai mươi tư'],
    ['1995-11-21', 'Ngày hai mươi mốt tháng mười một năm một nghìn chín trăm chín mươi lăm'],
    ['2010-10-10', 'Ngày mười tháng mười năm hai nghìn không trăm mười'],
    ['2015-05-15', 'Ngày mười lăm tháng năm năm hai nghìn không trăm mười lăm'],
    ['2000-02-29', 'Ngày hai mươi chín tháng hai năm hai nghìn'],
    ['1908-03-31', 'Ngày ba mươi mốt tháng ba năm một nghìn chín trăm linh tám'],
    ['2026-07-04', 'Ngày bốn tháng bảy năm hai nghìn không trăm hai mươi sáu'],
    ['1950-06-20', 'Ngày hai mươi tháng sáu năm một nghìn chín trăm năm mươi'],
    ['2105-09-05', 'Ngày năm tháng chín năm hai nghìn một trăm linh năm'],
  ])('%s reads "%s"', (iso, words) => {
    expect(vietnameseDateInWords(iso)).toBe(words);
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-04-31', '25/12/2025', '2025-1-5', '']) {
      expect(() => vietnameseDateInWords(bad)).toThrow(RangeError);
    }
  });

  it('never reads two dates the same way (1900 to 2100)', () => {
    const seen = new Map<string, string>();
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const words = vietnameseDateInWords(iso);
      expect(seen.get(words)).toBeUndefined();
      seen.set(words, iso);
    }
  });
});

describe('numberInWords', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [100, 'một trăm'],
    [104, 'một trăm linh bốn'],
    [115, 'một trăm mười lăm'],
    [1000, 'một nghìn'],
    [1005, 'một nghìn không trăm linh năm'],
    [1234, 'một nghìn hai trăm ba mươi tư'],
    [9999, 'chín nghìn chín trăm chín mươi chín'],
  ])('%i reads "%s"', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('says "mốt", "tư" and "lăm" only where the rules put them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999 }), (n) => {
        const words = numberInWords(n);
        // "một" and "bốn" never follow "mươi"; "năm" never follows a ten.
        expect(words).not.toMatch(/mươi (một|bốn|năm)\b/u);
        expect(words).not.toMatch(/mười năm/u);
        // "mốt" and "tư" stand only after "mươi"; "lăm" only after a ten.
        expect(words).not.toMatch(/(^|mười |trăm |linh |nghìn )(mốt|tư)/u);
        expect(words).not.toMatch(/(^|trăm |linh |nghìn )lăm/u);
      }),
    );
  });

  it('refuses what it cannot say', () => {
    for (const bad of [-1, 1.5, 10_000, Number.NaN]) {
      expect(() => numberInWords(bad)).toThrow(RangeError);
    }
  });
});

describe('parseCalendarDate', () => {
  it('reads a date and refuses one the calendar does not have', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate('2023-02-29')).toBeNull();
    expect(parseCalendarDate('2023-00-10')).toBeNull();
  });
});
