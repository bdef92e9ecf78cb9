// The province dashboard at the hub (bảng điều hành): for a month, the province or one of its
// units — the Decision 766 indicators the data supports, the dossiers that ran late, the work
// per commune and per specialist over the weeks (or days), and every node's sync health.
// Everything is counted by GROUP BY in the database (the hub may hold millions of dossiers);
// only the late list's first rows are read one by one. A dossier counts for its competent unit.
// Times are compared as ISO UTC text; the month's edges are Vietnam-local midnights.
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { isMonth, type Month } from '../domain/civil-statistics.js';
import {
  dashboardGroupings,
  daysLate,
  nodeContact,
  periodBuckets,
  type DashboardGrouping,
  type NodeContact,
  type PeriodBucket,
} from '../domain/dashboard.js';
import type { DossierState } from '../domain/dossiers.js';
import { late as lateRule } from '../domain/dossier-timeliness.js';
import type { DossierStatus } from '../domain/dossier-status.js';
import {
  addCounts,
  noCounts,
  serviceIndex,
  type ServiceCounts,
  type ServiceIndex,
} from '../domain/service-index.js';
import type { Dialect } from '../storage/storage.js';
import { recordAudit } from './audit.js';
import { conditionSql } from './dossier-conditions-sql.js';
import { readNodes, type NodeView } from './sync-hub.js';
import { monthScope } from './month-scope.js';
import type { UseCase } from './use-case.js';

export const dashboardInput = z.strictObject({
  month: z.string().refine(isMonth, { error: 'civilStats.month_format' }),
  /** The province (every unit of it) or one commune; the province when absent. */
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
  by: z.enum(dashboardGroupings).default('week'),
});
export type DashboardInput = z.output<typeof dashboardInput>;

/** The late list on the page; the CSV export holds up to `lateExportLimit`. */
export const latePageLimit = 100;
export const lateExportLimit = 10_000;

export interface UnitFigures {
  readonly unitCode: string;
  readonly unitName: string;
  readonly counts: ServiceCounts;
  readonly index: ServiceIndex;
  /** Dossiers received, and finished, in each bucket of the period. */
  readonly receivedBy: readonly number[];
  readonly completedBy: readonly number[];
  /** Dossiers not finished at the period's end (or now). */
  readonly open: number;
  /** Active specialist accounts of the unit (công chức chuyên môn). */
  readonly specialists: number;
  /** Finished in the period per specialist; null without specialists. */
  readonly completedPerSpecialist: number | null;
}

export interface OfficerFigures {
  readonly accountId: string;
  readonly name: string;
  readonly role: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly completedBy: readonly number[];
  readonly completed: number;
  /** Assigned to them and not finished at the period's end (or now). */
  readonly open: number;
  /** Their dossiers that ran late in the period. */
  readonly late: number;
}

export interface LateDossier {
  readonly code: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly status: DossierStatus;
  readonly receivedAt: string;
  readonly dueAt: string;
  /** When it was finished, late; null while it is still open. */
  readonly completedAt: string | null;
  readonly daysLate: number;
  readonly assigneeName: string | null;
}

export interface NodeHealth extends NodeView {
  readonly contact: NodeContact;
}

export interface Dashboard {
  readonly month: Month;
  readonly by: DashboardGrouping;
  readonly scope: { readonly unitCode: string; readonly unitName: string };
  /** The moment open dossiers are judged at: the month's end, or now while it runs. */
  readonly asOf: string;
  readonly buckets: readonly PeriodBucket[];
  /** The whole scope. */
  readonly total: UnitFigures;
  /** One row per unit with dossiers or an enrolled node (the one commune when filtered). */
  readonly units: readonly UnitFigures[];
  readonly officers: readonly OfficerFigures[];
  /** Oldest due date first; `total` may exceed the rows read. */
  readonly late: { readonly total: number; readonly rows: readonly LateDossier[] };
  readonly nodes: readonly NodeHealth[];
}

const finishedStatuses: readonly DossierStatus[] = ['stopped', 'result_ready', 'returned'];

/** Days between reception and finishing, in SQL: the one expression the dialects differ on. */
function elapsedDays(dialect: Dialect): RawBuilder<number> {
  return dialect === 'sqlite'
    ? sql<number>`(julianday(completed_at) - julianday(received_at))`
    : sql<number>`(extract(epoch from (completed_at::timestamptz - received_at::timestamptz)) / 86400.0)`;
}

/** `sum(case when … then 1 else 0 end)`: a conditional count, the same on both databases. */
const countWhen = (condition: RawBuilder<unknown>) =>
  sql<number | string>`sum(case when ${condition} then 1 else 0 end)`;

/** The index of the bucket an instant falls in, as a CASE over the buckets' ends. */
function bucketOf(column: 'received_at' | 'completed_at', buckets: readonly PeriodBucket[]) {
  const whens = buckets
    .slice(0, -1)
    .map((b, i) => sql`when ${sql.ref(column)} < ${b.to} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(buckets.length - 1)} end`;
}

const toNumber = (value: number | string | bigint | null): number =>
  value === null ? 0 : Number(value);

export async function readDashboard(
  uc: UseCase,
  input: DashboardInput,
  options: { readonly lateLimit?: number } = {},
): Promise<Dashboard> {
  const { services } = uc;
  const node = services.node;
  const scope = input.unitCode ?? node.provinceCode;
  const {
    unit: scopeUnit,
    now,
    from,
    to,
    asOf,
    described,
  } = monthScope(uc, 'dashboard.read', 'dashboard', scope, input.month);
  const buckets = periodBuckets(input.month, input.by);
  const province = scope.length === 2;
  const unitCodes = province ? [scope, ...services.units.communeCodesOf(scope)] : [scope];
  const nameOf = (code: string) => services.units.unit(code)?.name ?? code;
  const db = uc.tx.db;

  // Late as the domain states it once (domain/dossier-timeliness.ts), for the desk and the reports too.
  const late = conditionSql(lateRule, { from, asOf }, services.storage.dialect);
  const finished = sql<boolean>`(completed_at >= ${from} and completed_at < ${to}
    and status in (${sql.join(finishedStatuses)}))`;
  const receivedInMonth = sql<boolean>`received_at >= ${from}`;
  // In hand during the month: received before its end and not finished before its start.
  // Refusals at intake were never received; a withdrawn dossier was (it counts as received).
  const inHand = db
    .selectFrom('dossiers')
    .where('received_at', '<', to)
    .where((eb) => eb.or([eb('completed_at', 'is', null), eb('completed_at', '>=', from)]))
    .where('status', '<>', 'refused')
    .where('competent_unit_code', 'in', unitCodes);

  const grouped = await inHand
    .select(['competent_unit_code as unit', 'assignee_id as assignee'])
    .select([
      countWhen(sql`status <> 'withdrawn'`).as('handled'),
      countWhen(late).as('late'),
      countWhen(receivedInMonth).as('received'),
      countWhen(sql`${receivedInMonth} and channel = 'online'`).as('online'),
      countWhen(sql`${receivedInMonth} and reused_components > 0`).as('reused'),
      countWhen(sql`${receivedInMonth} and payments > 0`).as('paid'),
      countWhen(sql`${receivedInMonth} and online_payments > 0`).as('paid_online'),
      countWhen(sql`status <> 'withdrawn' and rating = 'dissatisfied'`).as('dissatisfied'),
      countWhen(finished).as('completed'),
      sql<
        number | string | null
      >`sum(case when ${finished} then ${elapsedDays(services.storage.dialect)} else 0 end)`.as(
        'completed_days',
      ),
      countWhen(
        sql`status <> 'withdrawn' and (completed_at is null or completed_at >= ${asOf})`,
      ).as('open'),
    ])
    .groupBy(['competent_unit_code', 'assignee_id'])
    .execute();

  const receivedRows = await db
    .selectFrom(
      db
        .selectFrom('dossiers')
        .select(['competent_unit_code as unit', bucketOf('received_at', buckets).as('bucket')])
        .where('received_at', '>=', from)
        .where('received_at', '<', to)
        .where('status', '<>', 'refused')
        .where('competent_unit_code', 'in', unitCodes)
        .as('r'),
    )
    .select(['r.unit', 'r.bucket', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['r.unit', 'r.bucket'])
    .execute();
  const completedRows = await db
    .selectFrom(
      db
        .selectFrom('dossiers')
        .select([
          'competent_unit_code as unit',
          'assignee_id as assignee',
          bucketOf('completed_at', buckets).as('bucket'),
        ])
        .where('completed_at', '>=', from)
        .where('completed_at', '<', to)
        .where('status', 'in', finishedStatuses)
        .where('competent_unit_code', 'in', unitCodes)
        .as('c'),
    )
    .select(['c.unit', 'c.assignee', 'c.bucket', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['c.unit', 'c.assignee', 'c.bucket'])
    .execute();
  const staffRows = await db
    .selectFrom('accounts')
    .select(['unit_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('role', '=', 'specialist')
    .where('active', '=', 1)
    .where('unit_code', 'in', unitCodes)
    .groupBy('unit_code')
    .execute();

  const lateTotal = grouped.reduce((sum, r) => sum + toNumber(r.late), 0);
  const lateRows = await inHand
    .select(['code', 'competent_unit_code', 'procedure_code', 'status', 'received_at', 'due_at'])
    .select(['completed_at', 'assignee_id', 'state'])
    .where(late)
    .orderBy('due_at')
    .orderBy('code')
    .limit(options.lateLimit ?? latePageLimit)
    .execute();

  const assigneeIds = [
    ...new Set(
      [...grouped, ...completedRows, ...lateRows.map((r) => ({ assignee: r.assignee_id }))]
        .map((r) => r.assignee)
        .filter((id): id is string => id !== null),
    ),
  ];
  const people = new Map(
    (assigneeIds.length === 0
      ? []
      : await db
          .selectFrom('accounts')
          .select(['id', 'display_name', 'role', 'unit_code'])
          .where('id', 'in', assigneeIds)
          .execute()
    ).map((a) => [a.id, a]),
  );

  const nodes = (await readNodes(db))
    .filter((n) => unitCodes.includes(n.unitCode))
    .map((n) => ({ ...n, contact: nodeContact(n.lastSeenAt, now) }));

  await recordAudit(db, node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dashboard.read',
    subjectType: described.type,
    subjectId: described.id,
    outcome: 'ok',
  });

  // Per unit and per officer, from the grouped rows.
  const zeros = () => buckets.map(() => 0);
  const unitCounts = new Map<string, ServiceCounts>();
  const unitOpen = new Map<string, number>();
  const officerTotals = new Map<string, { unit: string; open: number; late: number }>();
  for (const r of grouped) {
    const counts: ServiceCounts = {
      handled: toNumber(r.handled),
      late: toNumber(r.late),
      received: toNumber(r.received),
      online: toNumber(r.online),
      reused: toNumber(r.reused),
      paid: toNumber(r.paid),
      paidOnline: toNumber(r.paid_online),
      dissatisfied: toNumber(r.dissatisfied),
      completed: toNumber(r.completed),
      completedDays: toNumber(r.completed_days),
    };
    unitCounts.set(r.unit, addCounts(unitCounts.get(r.unit) ?? noCounts, counts));
    unitOpen.set(r.unit, (unitOpen.get(r.unit) ?? 0) + toNumber(r.open));
    if (r.assignee !== null) {
      const o = officerTotals.get(r.assignee) ?? { unit: r.unit, open: 0, late: 0 };
      officerTotals.set(r.assignee, {
        unit: o.unit,
        open: o.open + toNumber(r.open),
        late: o.late + counts.late,
      });
    }
  }
  const receivedBy = new Map<string, number[]>();
  for (const r of receivedRows) {
    const row = receivedBy.get(r.unit) ?? zeros();
    row[r.bucket] = toNumber(r.n);
    receivedBy.set(r.unit, row);
  }
  const completedBy = new Map<string, number[]>();
  const officerCompletedBy = new Map<string, { unit: string; by: number[] }>();
  for (const r of completedRows) {
    const row = completedBy.get(r.unit) ?? zeros();
    row[r.bucket] = (row[r.bucket] ?? 0) + toNumber(r.n);
    completedBy.set(r.unit, row);
    if (r.assignee !== null) {
      const o = officerCompletedBy.get(r.assignee) ?? { unit: r.unit, by: zeros() };
      o.by[r.bucket] = (o.by[r.bucket] ?? 0) + toNumber(r.n);
      officerCompletedBy.set(r.assignee, o);
    }
  }
  const staff = new Map(staffRows.map((r) => [r.unit_code, toNumber(r.n)]));

  /** `staffed`: the units whose specialists count (the rows shown, for the province's total). */
  const figuresOf = (
    unitCode: string,
    unitName: string,
    codes: readonly string[],
    staffed: readonly string[] = codes,
  ) => {
    const sum = (m: ReadonlyMap<string, readonly number[]>) =>
      buckets.map((_, i) => codes.reduce((s, c) => s + (m.get(c)?.[i] ?? 0), 0));
    const counts = codes.reduce((s, c) => addCounts(s, unitCounts.get(c) ?? noCounts), noCounts);
    const specialists = staffed.reduce((s, c) => s + (staff.get(c) ?? 0), 0);
    return {
      unitCode,
      unitName,
      counts,
      index: serviceIndex(counts),
      receivedBy: sum(receivedBy),
      completedBy: sum(completedBy),
      open: codes.reduce((s, c) => s + (unitOpen.get(c) ?? 0), 0),
      specialists,
      completedPerSpecialist: specialists === 0 ? null : counts.completed / specialists,
    };
  };
  const active = new Set([
    ...unitCounts.keys(),
    ...receivedBy.keys(),
    ...completedBy.keys(),
    ...nodes.map((n) => n.unitCode),
  ]);
  const units = province
    ? unitCodes
        .filter((c) => active.has(c))
        .sort()
        .map((c) => figuresOf(c, nameOf(c), [c]))
    : [figuresOf(scope, scopeUnit.name, [scope])];

  const officers = [...new Set([...officerTotals.keys(), ...officerCompletedBy.keys()])]
    .map((id): OfficerFigures => {
      const totals = officerTotals.get(id);
      const done = officerCompletedBy.get(id);
      const person = people.get(id);
      const unitCode = person?.unit_code ?? totals?.unit ?? done?.unit ?? '';
      const by = done?.by ?? zeros();
      return {
        accountId: id,
        name: person?.display_name ?? id,
        role: person?.role ?? 'specialist',
        unitCode,
        unitName: nameOf(unitCode),
        completedBy: by,
        completed: by.reduce((s, n) => s + n, 0),
        open: totals?.open ?? 0,
        late: totals?.late ?? 0,
      };
    })
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.name.localeCompare(b.name, 'vi'));

  return {
    month: input.month,
    by: input.by,
    scope: { unitCode: scope, unitName: scopeUnit.name },
    asOf,
    buckets,
    total: figuresOf(
      scope,
      scopeUnit.name,
      unitCodes,
      units.map((u) => u.unitCode),
    ),
    units,
    officers,
    late: {
      total: lateTotal,
      rows: lateRows.map((r): LateDossier => {
        const state = JSON.parse(r.state) as Pick<DossierState, 'procedureName'>;
        const dueAt = r.due_at ?? '';
        const ended = r.completed_at !== null && r.completed_at < asOf ? r.completed_at : null;
        return {
          code: r.code,
          unitCode: r.competent_unit_code,
          unitName: nameOf(r.competent_unit_code),
          procedureCode: r.procedure_code,
          procedureName: state.procedureName,
          status: r.status as DossierStatus,
          receivedAt: r.received_at ?? '',
          dueAt,
          completedAt: ended,
          daysLate: daysLate(dueAt, ended ?? asOf),
          assigneeName:
            r.assignee_id === null ? null : (people.get(r.assignee_id)?.display_name ?? null),
        };
      }),
    },
    nodes,
  };
}
