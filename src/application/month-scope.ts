// What the province's month views share (the dashboard, staffing): the unit asked about, its
// authorisation, and the month's instants — a month not begun is a field error, a running month
// is counted up to now.
import type { Month } from '../domain/civil-statistics.js';
import { figuresAsOf, monthInstants } from '../domain/dashboard.js';
import type { Action } from '../domain/permissions.js';
import { validationError } from './errors.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

export interface MonthScope {
  readonly unit: { readonly code: string; readonly name: string; readonly provinceCode: string };
  /** The unit is a province: the figures are its communes'. */
  readonly province: boolean;
  readonly now: string;
  /** The month's first instant and the first after it (Vietnam time). */
  readonly from: string;
  readonly to: string;
  /** The moment the figures are taken at: the month's end, or now while it runs. */
  readonly asOf: string;
  /** What the read is about, as the audit trail names it. */
  readonly described: { readonly type: string; readonly id: string };
}

export function monthScope(
  uc: UseCase,
  action: Action,
  subjectType: string,
  unitCode: string,
  month: Month,
): MonthScope {
  const unit = uc.services.units.unit(unitCode);
  if (unit === undefined)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_unknown',
        message: 'field.unit_unknown',
        params: { code: unitCode },
      },
    ]);
  const described = { type: subjectType, id: `${unitCode}/${month}` };
  authorize(uc, action, subjectIn(uc.services, unitCode), described);
  const now = uc.now.toISOString();
  const { from, to } = monthInstants(month);
  if (from > now)
    throw validationError([
      { field: 'month', reason: 'month_future', message: 'dashboard.month_future' },
    ]);
  return {
    unit,
    province: unitCode.length === 2,
    now,
    from,
    to,
    asOf: figuresAsOf(month, now),
    described,
  };
}
