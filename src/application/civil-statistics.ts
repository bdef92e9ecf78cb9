// Monthly civil-status figures (thống kê hộ tịch) counted from the registers instead of a
// report typed by hand: a commune sees its own; the province, at the hub, every commune of the
// province (one row each, with a total) or one of them. One grouped query, audited as a read.
import { z } from 'zod';
import {
  emptyFigures,
  figuresByUnit,
  isMonth,
  monthOf,
  monthRange,
  totalFigures,
  type CivilCount,
  type CivilFigures,
  type Month,
} from '../domain/civil-statistics.js';
import { civilKinds, type CivilKind } from '../domain/civil-status.js';
import { vietnamDate } from '../domain/dossiers.js';
import type { CivilStatisticsData } from '../documents/civil-statistics.js';
import type { Issuer } from '../documents/types.js';
import { recordAudit } from './audit.js';
import { issuerOf } from './desk-documents.js';
import { validationError } from './errors.js';
import type { NodeIdentity, Services } from './services.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

export const civilStatisticsInput = z.strictObject({
  month: z.string().refine(isMonth, { error: 'civilStats.month_format' }),
  /** One unit: a commune, or the province for all its communes (at the hub). */
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
});
export type CivilStatisticsInput = z.output<typeof civilStatisticsInput>;

export interface UnitStatistics {
  readonly unitCode: string;
  readonly unitName: string;
  readonly figures: CivilFigures;
}

export interface CivilStatistics {
  readonly month: Month;
  /** The unit reported on: a commune, or the province for every commune of it. */
  readonly scope: { readonly unitCode: string; readonly unitName: string };
  /** A commune: its one row. The province: one row per commune with records that month. */
  readonly units: readonly UnitStatistics[];
  readonly total: CivilFigures;
}

/** This month in Vietnam time, the page's default. */
export const currentMonth = (now: Date): Month => monthOf(vietnamDate(now));

const isCommune = (unitCode: string) => unitCode.length === 5;

export async function civilStatistics(
  uc: UseCase,
  input: CivilStatisticsInput,
): Promise<CivilStatistics> {
  const { services } = uc;
  const node = services.node;
  // Without a unit: the officer's own commune when they sign in at the hub, else this node's.
  const own = uc.actor?.unitCode;
  const scope =
    input.unitCode ??
    (node.role === 'province' && own !== undefined && isCommune(own) ? own : node.unitCode);
  const unit = services.units.unit(scope);
  if (unit === undefined)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_unknown',
        message: 'field.unit_unknown',
        params: { code: scope },
      },
    ]);
  authorize(uc, 'civil.statistics', subjectIn(services, scope), {
    type: 'civil_statistics',
    id: `${scope}/${input.month}`,
  });

  const statistics = await countCivilStatistics(
    uc,
    { unitCode: scope, unitName: unit.name },
    input.month,
  );
  await recordAudit(uc.tx.db, node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'civil.statistics',
    subjectType: 'civil_statistics',
    subjectId: `${scope}/${input.month}`,
    outcome: 'ok',
  });
  return statistics;
}

/**
 * The month's figures of a commune, or of every commune of a province, from the registers: one
 * grouped query. The caller authorises and audits; the reports (application/reports.ts) read
 * the very same figures through here.
 */
export async function countCivilStatistics(
  uc: UseCase,
  scope: { readonly unitCode: string; readonly unitName: string },
  month: Month,
): Promise<CivilStatistics> {
  const { services } = uc;
  const { from, to } = monthRange(month);
  let query = uc.tx.db
    .selectFrom('civil_records')
    .select(['unit_code', 'kind', 'sex', 'late'])
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('registered_on', '>=', from)
    .where('registered_on', '<', to)
    .groupBy(['unit_code', 'kind', 'sex', 'late']);
  if (isCommune(scope.unitCode)) query = query.where('unit_code', '=', scope.unitCode);
  const rows = await query.execute();

  const counts: CivilCount[] = rows
    .filter(
      (r) =>
        (civilKinds as readonly string[]).includes(r.kind) &&
        (isCommune(scope.unitCode) ||
          services.units.unit(r.unit_code)?.provinceCode === scope.unitCode),
    )
    .map((r) => ({
      unitCode: r.unit_code,
      kind: r.kind as CivilKind,
      sex: r.sex === 'male' || r.sex === 'female' ? r.sex : null,
      late: r.late === 1,
      count: Number(r.n),
    }));
  const nameOf = (code: string) => services.units.unit(code)?.name ?? code;
  const units = isCommune(scope.unitCode)
    ? [{ unitCode: scope.unitCode, figures: figuresByUnit(counts)[0]?.figures ?? emptyFigures }]
    : figuresByUnit(counts);
  return {
    month,
    scope: { unitCode: scope.unitCode, unitName: scope.unitName },
    units: units.map((u) => ({ ...u, unitName: nameOf(u.unitCode) })),
    total: totalFigures(units),
  };
}

/** "Phường Hải Châu" → "phường Hải Châu", as it reads after another word. */
const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Who reports: the commune's People's Committee, which keeps the registers; at the hub the
 * province's Department of Justice (Sở Tư pháp), which collects the communes' figures.
 */
function reporterOf(node: NodeIdentity, provinceName: string): Issuer {
  const placeName = issuerOf(node).placeName;
  if (node.role === 'commune')
    return {
      name: `Ủy ban nhân dân\n${inSentence(node.unitName)}`,
      fullName: `Ủy ban nhân dân ${inSentence(node.unitName)}`,
      placeName,
    };
  return {
    parentName: `UBND ${inSentence(provinceName)}`,
    name: 'Sở Tư pháp',
    fullName: `Sở Tư pháp ${inSentence(provinceName)}`,
    placeName,
  };
}

/** The figures as the printed report and the CSV export read them. */
export function civilStatisticsDocument(
  services: Services,
  statistics: CivilStatistics,
  preparedBy: string,
): CivilStatisticsData {
  const node = services.node;
  const provinceName = services.units.unit(node.provinceCode)?.name ?? node.provinceCode;
  return {
    issuer: reporterOf(node, provinceName),
    issuedAt: services.clock().toISOString(),
    month: statistics.month,
    scopeName: statistics.scope.unitName,
    rows: statistics.units,
    ...(isCommune(statistics.scope.unitCode) ? {} : { total: statistics.total }),
    preparedBy,
  };
}
