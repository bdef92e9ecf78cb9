// When a dossier counts as late (quá hạn), on time (đúng hạn) or early (trước hạn), and which
// dossiers a period's figures take in — written once, as data. A condition is a small tree over
// the columns of the dossiers projection; `evaluate` reads it in memory (the desk's "overdue"
// flag, tests) and the application compiles the very same tree into SQL for the counts the
// province runs over hundreds of thousands of rows (application/dossier-conditions-sql.ts).
// So the desk, the province dashboard and the reports cannot drift apart. Pure.
//
// Evaluation follows SQL's three-valued logic (a comparison with NULL is unknown, NOT unknown
// is unknown, a CASE WHEN takes unknown as false), so that memory and database agree on every
// row, including the odd ones. Times are ISO-8601 UTC text compared as text, as stored.
import type { DossierStatus } from './dossier-status.js';

/** The columns of the dossiers projection a condition may read. */
export const conditionColumns = [
  'status',
  'channel',
  'received_at',
  'due_at',
  'extended_due_at',
  'completed_at',
] as const;
export type ConditionColumn = (typeof conditionColumns)[number];

/** The instants a condition is evaluated against: the period's start, and the moment of the figures. */
export interface ConditionParams {
  /** First instant of the period (inclusive). */
  readonly from: string;
  /** The moment the figures are taken at: the period's end, or now while it runs (exclusive). */
  readonly asOf: string;
}

export type Operand =
  | { readonly column: ConditionColumn }
  | { readonly param: keyof ConditionParams }
  | { readonly text: string }
  /** The Vietnam-local calendar date (UTC+7) of an instant column, 'YYYY-MM-DD'. */
  | { readonly localDate: ConditionColumn };

export type Comparison = '<' | '<=' | '>' | '>=' | '=' | '<>';

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly isNull: ConditionColumn }
  | { readonly compare: Comparison; readonly left: Operand; readonly right: Operand }
  | { readonly column: ConditionColumn; readonly in: readonly string[] };

/** The row a condition reads: the projection's columns, as stored. */
export type DossierTimes = { readonly [C in ConditionColumn]: string | null };

// Builders, so that the rules below read like the sentences in their comments.
const col = (column: ConditionColumn): Operand => ({ column });
const param = (name: keyof ConditionParams): Operand => ({ param: name });
const cmp = (left: Operand, compare: Comparison, right: Operand): Condition => ({
  compare,
  left,
  right,
});
export const all = (...conditions: Condition[]): Condition => ({ all: conditions });
export const any = (...conditions: Condition[]): Condition => ({ any: conditions });
export const not = (condition: Condition): Condition => ({ not: condition });
export const isNull = (column: ConditionColumn): Condition => ({ isNull: column });
export const notNull = (column: ConditionColumn): Condition => not(isNull(column));
export const statusIn = (...statuses: DossierStatus[]): Condition => ({
  column: 'status',
  in: statuses,
});
export const statusIs = (status: DossierStatus): Condition => statusIn(status);

/** Statuses in which the clock stands still: a supplement or a payment is awaited (5, 6). */
export const pausedStatuses: readonly DossierStatus[] = [
  'supplement_requested',
  'awaiting_payment',
];

/** Not finished at the moment of the figures (finished later counts as still open then). */
export const openAtAsOf: Condition = any(
  isNull('completed_at'),
  cmp(col('completed_at'), '>=', param('asOf')),
);

/** Finished before the moment of the figures. */
export const endedBeforeAsOf: Condition = all(
  notNull('completed_at'),
  cmp(col('completed_at'), '<', param('asOf')),
);

/**
 * Late (quá hạn), judged at `asOf` against the appointment (`due_at`, which already carries
 * the time the clock stood still): finished after it, or still open past it — except while
 * the clock stands still (a supplement or a fee is awaited). A withdrawn dossier is never late.
 * The new date promised by an apology (`extended_due_at`, form 04) does not make a late
 * dossier on time: the letter is written because it is late (docs/reports.md).
 * This is the rule of the province dashboard's on-time rate (Decision 766 indicator 2.1), of
 * the desk's overdue flag, and of the reports.
 */
export const late: Condition = all(
  notNull('due_at'),
  not(statusIs('withdrawn')),
  any(
    all(endedBeforeAsOf, cmp(col('completed_at'), '>', col('due_at'))),
    all(
      openAtAsOf,
      cmp(col('due_at'), '<', param('asOf')),
      not(all(isNull('completed_at'), statusIn(...pausedStatuses))),
    ),
  ),
);

/**
 * Finished on a Vietnam-local day before the appointment's day: early (trước hạn). A dossier
 * finished on the appointment's day, not after its hour, is on time (đúng hạn); the control
 * slip (documents/vietnam-time.ts) reads a step's result the same way.
 */
export const finishedOnEarlierDay: Condition = cmp({ localDate: 'completed_at' }, '<', {
  localDate: 'due_at',
});

// ---------------------------------------------------------------------------------------------
// Evaluation in memory, with SQL's three-valued logic.

type Truth = boolean | null;

function operand(o: Operand, row: DossierTimes, params: ConditionParams): string | null {
  if ('column' in o) return row[o.column];
  if ('param' in o) return params[o.param];
  if ('text' in o) return o.text;
  const value = row[o.localDate];
  return value === null ? null : vietnamLocalDate(value);
}

/** 'YYYY-MM-DD' of an instant in Vietnam (UTC+7, no daylight saving). */
export function vietnamLocalDate(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
}

function compare(a: string, op: Comparison, b: string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '<>':
      return a !== b;
  }
}

/** The condition's truth for one row: true, false, or null (unknown) as SQL would say. */
export function truth(condition: Condition, row: DossierTimes, params: ConditionParams): Truth {
  if ('all' in condition) {
    let result: Truth = true;
    for (const c of condition.all) {
      const t = truth(c, row, params);
      if (t === false) return false;
      if (t === null) result = null;
    }
    return result;
  }
  if ('any' in condition) {
    let result: Truth = false;
    for (const c of condition.any) {
      const t = truth(c, row, params);
      if (t === true) return true;
      if (t === null) result = null;
    }
    return result;
  }
  if ('not' in condition) {
    const t = truth(condition.not, row, params);
    return t === null ? null : !t;
  }
  if ('isNull' in condition) return row[condition.isNull] === null;
  if ('compare' in condition) {
    const a = operand(condition.left, row, params);
    const b = operand(condition.right, row, params);
    return a === null || b === null ? null : compare(a, condition.compare, b);
  }
  const value = row[condition.column];
  return value === null ? null : condition.in.includes(value);
}

/** Whether the row is counted: `case when condition then 1 else 0 end`. */
export function holds(condition: Condition, row: DossierTimes, params: ConditionParams): boolean {
  return truth(condition, row, params) === true;
}
