// Staffing (nhân sự) for a month, from the real dossiers: each officer's field and workload,
// and at the hub the ranking of the province's communes by dossiers per officer with the
// communes far from the median, the officers who handled dossiers outside their field, and
// the fields a commune has nobody for. Setting an officer's field is here too (the hub only).
//
// An officer's dossiers of the month (each counted once per officer): those assigned to them
// and in hand during the month (received before its end, not finished before its start), and
// those they received at the desk during the month (the actor of `dossier.received` or
// `dossier.accepted`). Refusals at intake were never received. A dossier counts for the unit
// that decides it; the receiver's for the unit whose desk took it. Times are device times,
// compared as ISO UTC text against the month's Vietnam-local edges (domain/dashboard.ts).
import { sql } from 'kysely';
import { z } from 'zod';
import { isMonth, type Month } from '../domain/civil-statistics.js';
import type { DossierStatus } from '../domain/dossier-status.js';
import { dossierEventTypes } from '../domain/dossiers.js';
import { csvText } from '../documents/csv.js';
import { translator } from '../i18n/messages.js';
import type { Role } from '../domain/roles.js';
import {
  fieldGaps,
  isOfficerRole,
  officerMismatch,
  officerRoles,
  rankUnits,
  type FieldGap,
  type LoadFlag,
  type OfficerMismatch,
  type SectorWork,
  type StaffingData,
} from '../domain/staffing.js';
import { accountView, type AccountView } from './accounts.js';
import { recordAudit } from './audit.js';
import { AppError, validationError } from './errors.js';
import { appendOfficerField, officerFieldProblems, staffingData } from './officer-fields.js';
import { monthScope } from './month-scope.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

export const staffingInput = z.strictObject({
  month: z.string().refine(isMonth, { error: 'civilStats.month_format' }),
  /** A commune, or the province for all its communes (at the hub). */
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
});
export type StaffingInput = z.output<typeof staffingInput>;

export interface OfficerWorkload {
  readonly accountId: string;
  readonly name: string;
  readonly role: Role;
  readonly unitCode: string;
  readonly unitName: string;
  readonly field: string | null;
  readonly active: boolean;
  /** Their dossiers of the month (assigned and in hand, or received by them). */
  readonly handled: number;
  /** Of them, received by them at the desk in the month. */
  readonly received: number;
  /** Of them, assigned to them. */
  readonly assigned: number;
  /** Finished (result ready, returned or stopped) in the month. */
  readonly finished: number;
  /** Not finished at the month's end (or now). */
  readonly open: number;
  /** Past their due date at the month's end (or now), or finished after it. */
  readonly overdue: number;
  readonly mismatch: OfficerMismatch;
}

export interface CommuneStaffing {
  readonly unitCode: string;
  readonly unitName: string;
  /** Active officer accounts. */
  readonly officers: number;
  /** Active officers per field; `null` key: without a field. */
  readonly byField: ReadonlyMap<string | null, number>;
  /** Dossiers received in the month that the commune decides. */
  readonly received: number;
  readonly perOfficer: number | null;
  /** 1 = most dossiers per officer; at a commune alone, 1. */
  readonly rank: number;
  /** Only in the province's ranking (a commune alone has no median to compare with). */
  readonly flag: LoadFlag | null;
  readonly gaps: readonly FieldGap[];
}

export interface Staffing {
  readonly month: Month;
  readonly scope: {
    readonly unitCode: string;
    readonly unitName: string;
    readonly level: 'province' | 'commune';
  };
  /** Open and overdue dossiers are judged at this moment: the month's end, or now. */
  readonly asOf: string;
  readonly thresholds: { readonly high: number; readonly low: number };
  /** The province's median of dossiers per officer (province scope only). */
  readonly median: number | null;
  /** Ranked; communes with neither officers nor dossiers are left out (counted below). */
  readonly communes: readonly CommuneStaffing[];
  readonly quietCommunes: number;
  /** Ordered by unit, then name. */
  readonly officers: readonly OfficerWorkload[];
}

const finishedStatuses: readonly DossierStatus[] = ['stopped', 'result_ready', 'returned'];
const pausedStatuses: readonly DossierStatus[] = ['supplement_requested', 'awaiting_payment'];
const receptionEvents = [dossierEventTypes.received, dossierEventTypes.accepted];

const toNumber = (value: number | string | bigint | null): number =>
  value === null ? 0 : Number(value);

interface WorkRow {
  officer: string;
  procedure_code: string;
  processing: number | string | bigint;
  received: number | string | bigint;
  handled: number | string | bigint;
  finished: number | string | bigint;
  open: number | string | bigint;
  overdue: number | string | bigint;
}

export async function readStaffing(uc: UseCase, input: StaffingInput): Promise<Staffing> {
  const { services } = uc;
  const node = services.node;
  const data = staffingData(services);
  // Without a unit: this commune on a commune node; at the hub the province, or the commune of
  // a commune's leader signed in there.
  const own = uc.actor?.unitCode;
  const scope =
    input.unitCode ??
    (node.role === 'province' && own !== undefined && own.length === 5 ? own : node.unitCode);
  const {
    unit: scopeUnit,
    from,
    to,
    asOf,
    described,
  } = monthScope(uc, 'staffing.read', 'staffing', scope, input.month);
  const province = scope.length === 2;
  const units = province ? services.units.communeCodesOf(scope) : [scope];
  const db = uc.tx.db;
  const inUnits = (column: string) =>
    sql`${sql.ref(column)} in (${sql.join(units.map((u) => sql.lit(u)))})`;

  // Each (dossier, officer) once: assigned and in hand, or else received by them in the month.
  const held = sql`(assignee_id is not null and (completed_at is null or completed_at >= ${from})
    and ${inUnits('competent_unit_code')})`;
  const took = sql`(received_at >= ${from} and ${inUnits('receiving_unit_code')})`;
  const late = sql`(due_at is not null and status <> 'withdrawn' and (
    (completed_at is not null and completed_at < ${asOf} and completed_at > due_at)
    or ((completed_at is null or completed_at >= ${asOf}) and due_at < ${asOf}
      and not (completed_at is null and status in (${sql.join(pausedStatuses)})))))`;
  const finished = sql`(completed_at >= ${from} and completed_at < ${to}
    and status in (${sql.join(finishedStatuses)}))`;
  const open = sql`(status <> 'withdrawn' and (completed_at is null or completed_at >= ${asOf}))`;
  const work = await sql<WorkRow>`
    with x as (
      select d.assignee_id, d.procedure_code, d.status, d.received_at, d.completed_at, d.due_at,
        d.competent_unit_code, d.receiving_unit_code,
        (select e.actor_id from events e
          where e.entity_type = 'dossier' and e.entity_id = d.id
            and e.type in (${sql.join(receptionEvents)})
          order by e.hlc limit 1) as receiver
      from dossiers d
      where d.status <> 'refused' and d.received_at < ${to}
        and (${held} or ${took})
    ),
    pairs as (
      select assignee_id as officer, procedure_code, status, completed_at, due_at,
        1 as processing,
        case when receiver = assignee_id and ${took} then 1 else 0 end as received
      from x where ${held}
      union all
      select receiver as officer, procedure_code, status, completed_at, due_at,
        0 as processing, 1 as received
      from x where receiver is not null and ${took}
        and not (${held} and receiver = assignee_id)
    )
    select officer, procedure_code,
      sum(processing) as processing,
      sum(received) as received,
      count(*) as handled,
      sum(case when ${finished} then 1 else 0 end) as finished,
      sum(case when ${open} then 1 else 0 end) as open,
      sum(case when ${late} then 1 else 0 end) as overdue
    from pairs
    group by officer, procedure_code`.execute(db);

  const received = await db
    .selectFrom('dossiers')
    .select(['competent_unit_code as unit', 'procedure_code'])
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('status', '<>', 'refused')
    .where('competent_unit_code', 'in', units)
    .groupBy(['competent_unit_code', 'procedure_code'])
    .execute();

  const sectorRows = await db
    .selectFrom('procedure_versions')
    .select(['code', 'sector_code'])
    .distinct()
    .execute();
  const sectorOf = new Map(sectorRows.map((r) => [r.code, r.sector_code]));
  const sector = (procedureCode: string) => sectorOf.get(procedureCode) ?? null;

  const workers = [...new Set(work.rows.map((r) => r.officer))];
  const accounts = await db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('unit_code', 'in', units), eb('role', 'in', officerRoles)]),
        ...(workers.length === 0 ? [] : [eb('id', 'in', workers)]),
      ]),
    )
    .execute();

  await recordAudit(db, node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'staffing.read',
    subjectType: described.type,
    subjectId: described.id,
    outcome: 'ok',
  });

  const nameOf = (code: string) => services.units.unit(code)?.name ?? code;
  const workOf = new Map<string, WorkRow[]>();
  for (const r of work.rows) workOf.set(r.officer, [...(workOf.get(r.officer) ?? []), r]);
  const officers = accounts
    .filter(
      (a) =>
        units.includes(a.unit_code) &&
        isOfficerRole(a.role) &&
        (a.active === 1 || workOf.has(a.id)),
    )
    .map((a): OfficerWorkload => {
      const rows = workOf.get(a.id) ?? [];
      const sum = (key: keyof Omit<WorkRow, 'officer' | 'procedure_code'>) =>
        rows.reduce((s, r) => s + toNumber(r[key]), 0);
      const sectors: SectorWork[] = rows.map((r) => ({
        sector: sector(r.procedure_code),
        processing: toNumber(r.processing),
        receptionOnly: toNumber(r.handled) - toNumber(r.processing),
      }));
      return {
        accountId: a.id,
        name: a.display_name,
        role: a.role as Role,
        unitCode: a.unit_code,
        unitName: nameOf(a.unit_code),
        field: a.officer_field,
        active: a.active === 1,
        handled: sum('handled'),
        received: sum('received'),
        assigned: sum('processing'),
        finished: sum('finished'),
        open: sum('open'),
        overdue: sum('overdue'),
        mismatch: officerMismatch(data, a.officer_field, sectors),
      };
    })
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.name.localeCompare(b.name, 'vi'));

  const receivedBy = new Map<string, { sector: string | null; count: number }[]>();
  for (const r of received)
    receivedBy.set(r.unit, [
      ...(receivedBy.get(r.unit) ?? []),
      { sector: sector(r.procedure_code), count: toNumber(r.n) },
    ]);
  const activeOfficers = (unit: string) => officers.filter((o) => o.unitCode === unit && o.active);
  const loads = units
    .map((unitCode) => ({
      unitCode,
      officers: activeOfficers(unitCode).length,
      received: (receivedBy.get(unitCode) ?? []).reduce((s, r) => s + r.count, 0),
    }))
    .filter((u) => !province || u.officers > 0 || u.received > 0);
  const ranking = province
    ? rankUnits(loads, data.thresholds)
    : {
        median: null,
        units: loads.map((u) => ({
          ...u,
          rank: 1,
          perOfficer: u.officers > 0 ? u.received / u.officers : null,
          flag: null,
        })),
      };
  const communes = ranking.units.map((u): CommuneStaffing => {
    const fields = activeOfficers(u.unitCode).map((o) => o.field);
    const byField = new Map<string | null, number>();
    for (const f of fields) byField.set(f, (byField.get(f) ?? 0) + 1);
    return {
      ...u,
      unitName: nameOf(u.unitCode),
      byField,
      gaps: fieldGaps(data, fields, receivedBy.get(u.unitCode) ?? []),
    };
  });

  return {
    month: input.month,
    scope: { unitCode: scope, unitName: scopeUnit.name, level: province ? 'province' : 'commune' },
    asOf,
    thresholds: { high: data.thresholds.high, low: data.thresholds.low },
    median: ranking.median,
    communes,
    quietCommunes: units.length - loads.length,
    officers,
  };
}

export const setOfficerFieldInput = z.strictObject({
  accountId: z.string().min(1).max(100),
  /** A field's code, or null to clear it. */
  field: z.string().trim().min(1).max(40).nullable(),
});
export type SetOfficerFieldInput = z.output<typeof setOfficerFieldInput>;

/**
 * Sets (or clears) an officer's field: an `account.field_set` event at the hub, which owns
 * accounts; it reaches the officer's commune by sync. Asking for the field the officer already
 * has writes nothing.
 */
export async function setOfficerField(
  uc: UseCase,
  input: SetOfficerFieldInput,
): Promise<AccountView> {
  const { services } = uc;
  const row = await uc.tx.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', input.accountId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found');
  const described = { type: 'account', id: row.id };
  authorize(uc, 'staffing.manage', subjectIn(services, row.unit_code), described);
  if (services.node.role !== 'province')
    throw validationError([
      { field: 'field', reason: 'accounts_hub_only', message: 'staffing.hubOnly' },
    ]);
  const problems = officerFieldProblems(staffingData(services), row.role as Role, input.field);
  if (problems.length > 0) throw validationError(problems);
  if (row.officer_field === input.field) return accountView(row);
  const eventId = await appendOfficerField(uc, row.id, input.field);
  await recordAudit(uc.tx.db, services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'staffing.manage',
    subjectType: described.type,
    subjectId: described.id,
    outcome: 'ok',
    eventId,
  });
  return accountView(
    await uc.tx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow(),
  );
}

const vi = translator('vi');
const decimal = (value: number | null): string => (value === null ? '' : value.toFixed(2));

/**
 * The page's main table as CSV, in Vietnamese like the province's other exports: the ranking
 * at the province (one column per field), the officers at a commune.
 */
export function staffingCsv(staffing: Staffing, data: StaffingData): string {
  const fieldName = (code: string | null) =>
    code === null ? '' : (data.fields.find((f) => f.code === code)?.short.vi ?? code);
  const flagName: Record<LoadFlag, string> = {
    high: 'Nhiều hồ sơ trên một công chức (thiếu người)',
    low: 'Ít hồ sơ trên một công chức (thừa người)',
    no_officers: 'Có hồ sơ nhưng chưa có công chức',
  };
  if (staffing.scope.level === 'province')
    return csvText([
      [
        'Hạng',
        'Mã đơn vị',
        'Đơn vị',
        'Số công chức',
        ...data.fields.map((f) => `Lĩnh vực: ${f.short.vi}`),
        'Chưa gán lĩnh vực',
        'Hồ sơ tiếp nhận trong tháng',
        'Hồ sơ trên một công chức',
        'Trung vị của tỉnh',
        'Cảnh báo',
      ],
      ...staffing.communes.map((c) => [
        String(c.rank),
        c.unitCode,
        c.unitName,
        String(c.officers),
        ...data.fields.map((f) => String(c.byField.get(f.code) ?? 0)),
        String(c.byField.get(null) ?? 0),
        String(c.received),
        decimal(c.perOfficer),
        decimal(staffing.median),
        c.flag === null ? '' : flagName[c.flag],
      ]),
    ]);
  return csvText([
    [
      'Mã đơn vị',
      'Công chức',
      'Vai trò',
      'Lĩnh vực',
      'Hồ sơ phụ trách',
      'Tiếp nhận',
      'Được phân công',
      'Giải quyết xong',
      'Đang giải quyết',
      'Quá hạn',
      'Ngoài lĩnh vực',
      'Tỷ lệ ngoài lĩnh vực (%)',
    ],
    ...staffing.officers.map((o) => [
      o.unitCode,
      o.name,
      vi(`role.${o.role}`),
      fieldName(o.field),
      String(o.handled),
      String(o.received),
      String(o.assigned),
      String(o.finished),
      String(o.open),
      String(o.overdue),
      String(o.mismatch.outside),
      o.mismatch.share === null ? '' : (o.mismatch.share * 100).toFixed(1),
    ]),
  ]);
}
