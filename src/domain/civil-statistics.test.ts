import { describe, expect, it } from 'vitest';
import {
  emptyFigures,
  figuresByUnit,
  isMonth,
  monthOf,
  monthRange,
  totalFigures,
  type CivilCount,
} from './civil-statistics.js';

const count = (overrides: Partial<CivilCount>): CivilCount => ({
  unitCode: '20242',
  kind: 'birth',
  sex: 'female',
  late: false,
  count: 1,
  ...overrides,
});

describe('months', () => {
  it.each([
    ['2026-11', true],
    ['2026-01', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-1', false],
    ['abc', false],
    ['2026-11-01', false],
    ['', false],
  ])('%j is a month: %s', (text, expected) => {
    expect(isMonth(text)).toBe(expected);
  });

  it('gives a half-open range of registration dates, across the year end too', () => {
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(monthRange('2027-02')).toEqual({ from: '2027-02-01', to: '2027-03-01' });
    expect(() => monthRange('2026-13')).toThrow(RangeError);
    expect(monthOf('2026-11-30')).toBe('2026-11');
  });
});

describe('figures from the registers’ groups', () => {
  const counts: CivilCount[] = [
    count({ sex: 'female', count: 3 }),
    count({ sex: 'male', count: 1 }),
    count({ sex: 'male', late: true, count: 1 }),
    count({ kind: 'death', sex: 'male', count: 1 }),
    count({ kind: 'death', sex: 'female', late: true, count: 1 }),
    count({ kind: 'marriage', sex: null, count: 2 }),
    count({ unitCode: '20308', sex: 'male', late: true, count: 4 }),
    count({ unitCode: '20308', kind: 'marriage', sex: null, count: 1 }),
    // A commune that comes first in code order, given last.
    count({ unitCode: '20194', kind: 'death', sex: 'female', count: 2 }),
  ];

  it('makes one row per unit, in unit-code order, with births and deaths by sex and timeliness', () => {
    expect(figuresByUnit(counts)).toEqual([
      {
        unitCode: '20194',
        figures: {
          births: emptyFigures.births,
          deaths: { total: 2, male: 0, female: 2, onTime: 2, late: 0 },
          marriages: 0,
        },
      },
      {
        unitCode: '20242',
        figures: {
          births: { total: 5, male: 2, female: 3, onTime: 4, late: 1 },
          deaths: { total: 2, male: 1, female: 1, onTime: 1, late: 1 },
          marriages: 2,
        },
      },
      {
        unitCode: '20308',
        figures: {
          births: { total: 4, male: 4, female: 0, onTime: 0, late: 4 },
          deaths: emptyFigures.deaths,
          marriages: 1,
        },
      },
    ]);
  });

  it('totals the rows, and a total of nothing is zero', () => {
    expect(totalFigures(figuresByUnit(counts))).toEqual({
      births: { total: 9, male: 6, female: 3, onTime: 4, late: 5 },
      deaths: { total: 4, male: 1, female: 3, onTime: 3, late: 1 },
      marriages: 3,
    });
    expect(totalFigures([])).toEqual(emptyFigures);
    expect(figuresByUnit([])).toEqual([]);
  });

  it('counts a registration whose sex is not recorded in the total only', () => {
    const [row] = figuresByUnit([count({ sex: null, count: 2 }), count({ sex: 'male' })]);
    expect(row?.figures.births).toEqual({ total: 3, male: 1, female: 0, onTime: 3, late: 0 });
  });
});
