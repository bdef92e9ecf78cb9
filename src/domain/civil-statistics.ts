// Monthly civil-status figures (số liệu thống kê hộ tịch): births by sex and timeliness, deaths
// likewise, marriages — counted from the registers rather than typed into a report. Pure: the
// application reads grouped counts from the registers and hands them here.
import type { CivilKind } from './civil-status.js';

/** A month as the figures are asked for: "2026-11". */
export type Month = string;

export function isMonth(text: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const month = Number(match[2]);
  return Number(match[1]) >= 1900 && month >= 1 && month <= 12;
}

/**
 * The registration dates of a month as a half-open range of ISO dates, `from <= d < to`, so
 * that one indexed comparison selects it: "2026-12" → 2026-12-01 … 2027-01-01.
 */
export function monthRange(month: Month): { from: string; to: string } {
  if (!isMonth(month)) throw new RangeError(`Not a month: ${month}`);
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** The month of a Vietnam-local date ("2026-11-26" → "2026-11"). */
export const monthOf = (date: string): Month => date.slice(0, 7);

/** Registrations of one kind: by the sex of the person registered, and on time or late. */
export interface RegistrationFigures {
  readonly total: number;
  readonly male: number;
  readonly female: number;
  /** Đúng hạn: within the registration window (Law 60/2014 art. 15 and 33). */
  readonly onTime: number;
  /** Quá hạn: registered late (đăng ký lại / quá hạn, with the fee). */
  readonly late: number;
}

export interface CivilFigures {
  /** Khai sinh: the child's sex. */
  readonly births: RegistrationFigures;
  /** Khai tử: the deceased's sex. */
  readonly deaths: RegistrationFigures;
  /** Kết hôn. */
  readonly marriages: number;
}

/** One group of the registers' GROUP BY (unit_code, kind, sex, late). */
export interface CivilCount {
  readonly unitCode: string;
  readonly kind: CivilKind;
  readonly sex: 'male' | 'female' | null;
  readonly late: boolean;
  readonly count: number;
}

export interface UnitFigures {
  readonly unitCode: string;
  readonly figures: CivilFigures;
}

const noRegistrations: RegistrationFigures = { total: 0, male: 0, female: 0, onTime: 0, late: 0 };

export const emptyFigures: CivilFigures = {
  births: noRegistrations,
  deaths: noRegistrations,
  marriages: 0,
};

function addRegistrations(
  figures: RegistrationFigures,
  count: Omit<CivilCount, 'unitCode' | 'kind'>,
): RegistrationFigures {
  const n = count.count;
  return {
    total: figures.total + n,
    male: figures.male + (count.sex === 'male' ? n : 0),
    female: figures.female + (count.sex === 'female' ? n : 0),
    onTime: figures.onTime + (count.late ? 0 : n),
    late: figures.late + (count.late ? n : 0),
  };
}

/** Adds one group of the registers to a unit's figures. */
export function addCount(figures: CivilFigures, count: Omit<CivilCount, 'unitCode'>): CivilFigures {
  switch (count.kind) {
    case 'birth':
      return { ...figures, births: addRegistrations(figures.births, count) };
    case 'death':
      return { ...figures, deaths: addRegistrations(figures.deaths, count) };
    case 'marriage':
      return { ...figures, marriages: figures.marriages + count.count };
  }
}

/** The groups of the registers as one row per unit, in unit-code order. */
export function figuresByUnit(counts: readonly CivilCount[]): UnitFigures[] {
  const byUnit = new Map<string, CivilFigures>();
  for (const count of counts)
    byUnit.set(count.unitCode, addCount(byUnit.get(count.unitCode) ?? emptyFigures, count));
  return [...byUnit.keys()]
    .sort()
    .map((unitCode) => ({ unitCode, figures: byUnit.get(unitCode) ?? emptyFigures }));
}

function sumRegistrations(a: RegistrationFigures, b: RegistrationFigures): RegistrationFigures {
  return {
    total: a.total + b.total,
    male: a.male + b.male,
    female: a.female + b.female,
    onTime: a.onTime + b.onTime,
    late: a.late + b.late,
  };
}

/** The total row (Tổng cộng) of several units' figures. */
export function totalFigures(rows: readonly { readonly figures: CivilFigures }[]): CivilFigures {
  return rows.reduce<CivilFigures>(
    (sum, { figures }) => ({
      births: sumRegistrations(sum.births, figures.births),
      deaths: sumRegistrations(sum.deaths, figures.deaths),
      marriages: sum.marriages + figures.marriages,
    }),
    emptyFigures,
  );
}
