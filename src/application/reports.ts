// Reports filled from the data in one click (báo cáo định kỳ): a template of domain/reports.ts,
// a month and a unit in, a report sheet out (documents/report-sheet.ts), which the page shows
// and the CSV and PDF print. A commune's node reports its own unit; the hub any commune of its
// province, or the province's total, with the time each commune's data last reached it.
//
// Figures are counted in the database (GROUP BY, the hub may hold hundreds of thousands of
// dossiers) by the domain's own conditions compiled to SQL, so that the desk, the dashboard
// and the reports share one rule of timeliness. Every read is audited; the overdue list names
// applicants (personal data).
//
// A template is one entry of `reportTemplates` (domain) and one renderer here, in
// `reportRenderers`: it reads what it needs and lays it out as sections of the sheet.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isMonth, monthRange, type Month } from '../domain/civil-statistics.js';
import type { RegistrationFigures } from '../domain/civil-statistics.js';
import type { DossierStatus } from '../domain/dossier-status.js';
import {
  overdueAtAsOf,
  procedureResultMeasureNames,
  procedureResultMeasures,
  reportPeriod,
  reportTemplate,
  resultRows,
  totalOpen,
  totalResolved,
  totalResults,
  totalToHandle,
  workingDaysOverdue,
  type ProcedureResultCounts,
  type ProcedureResultGroup,
  type ReportPeriod,
  type ReportTemplateId,
  type ResultRow,
} from '../domain/reports.js';
import type { Issuer } from '../documents/types.js';
import type {
  Cell,
  ReportColumn,
  ReportDocument,
  ReportSection,
  ReportSheet,
  UnitSource,
} from '../documents/report-sheet.js';
import type { PlainMessageKey } from '../i18n/messages.js';
import type { Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { countCivilStatistics } from './civil-statistics.js';
import { directiveCompletionRenderer } from './directive-report.js';
import { issuerOf } from './desk-documents.js';
import { conditionSql, countWhere } from './dossier-conditions-sql.js';
import { validationError } from './errors.js';
import type { NodeIdentity, Services } from './services.js';
import { readNodes } from './sync-hub.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';
import type { Actor } from '../domain/permissions.js';

export const reportInput = z.strictObject({
  month: z.string().refine(isMonth, { error: 'civilStats.month_format' }),
  /** A commune, or the province for the total of its communes; the reader's own unit when absent. */
  unit: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
});
export type ReportInput = z.output<typeof reportInput>;

/** The overdue list on the page; the CSV and the PDF hold up to `reportExportLimit` rows. */
export const reportPageLimit = 100;
export const reportExportLimit = 5_000;

const isCommune = (unitCode: string) => unitCode.length === 5;

/**
 * Whose report a reader gets without choosing: a commune's node reports its own unit; at the
 * hub, a commune's officer their commune, anyone else the province.
 */
export function defaultReportUnit(services: Services, actor: Actor | null): string {
  const node = services.node;
  if (node.role === 'commune') return node.unitCode;
  return actor !== null && isCommune(actor.unitCode) ? actor.unitCode : node.provinceCode;
}

/** The units a reader may choose between on the reports page. */
export interface ReportChoices {
  /** The unit reported on when none is chosen. */
  readonly defaultUnit: string;
  readonly defaultUnitName: string;
  /** At the hub, for the province's own readers: the province, then each of its communes. */
  readonly units: readonly { readonly code: string; readonly name: string }[] | null;
}

/**
 * The reports page's chooser. Authorised like the reports themselves (a reader who may see no
 * report is refused here, and the refusal audited); reads no figures.
 */
export function reportChoices(uc: UseCase): ReportChoices {
  const { services } = uc;
  const defaultUnit = defaultReportUnit(services, uc.actor);
  authorize(uc, 'report.read', subjectIn(services, defaultUnit), {
    type: 'report',
    id: defaultUnit,
  });
  const node = services.node;
  const nameOf = (code: string) => services.units.unit(code)?.name ?? code;
  return {
    defaultUnit,
    defaultUnitName: nameOf(defaultUnit),
    units:
      node.role === 'province' && !isCommune(defaultUnit)
        ? [node.provinceCode, ...services.units.communeCodesOf(node.provinceCode)].map((code) => ({
            code,
            name: nameOf(code),
          }))
        : null,
  };
}

/** What a template's renderer works from: the scope, its units, the period. */
export interface ReportContext {
  readonly uc: UseCase;
  readonly scope: { readonly unitCode: string; readonly unitName: string };
  /** The province, for the total of its communes; else one commune. */
  readonly province: boolean;
  /** The competent units counted: the commune, or the province and every commune of it. */
  readonly unitCodes: readonly string[];
  readonly period: ReportPeriod;
  /** Row limit for lists (the page shows fewer than a download holds). */
  readonly limit: number;
}

export interface ReportRenderer {
  /** The sections of the sheet, and the notes printed under them. */
  render(context: ReportContext): Promise<{
    sections: readonly ReportSection[];
    notes: readonly PlainMessageKey[];
  }>;
}

// ---------------------------------------------------------------------------------------------
// The catalogue: a procedure's sector (lĩnh vực) and name, from the versions this node holds.

interface CatalogueEntry {
  readonly name: string;
  readonly sectorCode: string;
  readonly sectorName: string;
}

async function readCatalogue(db: Kysely<Database>): Promise<Map<string, CatalogueEntry>> {
  const rows = await db
    .selectFrom('procedure_versions')
    .select(['code', 'version', 'name_vi', 'sector_code', 'data'])
    .orderBy('code')
    .orderBy('version')
    .execute();
  const entries = new Map<string, CatalogueEntry>();
  // The newest version of each procedure names it and its sector.
  for (const r of rows) {
    const data = JSON.parse(r.data) as { sector?: { nameVi?: string } };
    entries.set(r.code, {
      name: r.name_vi,
      sectorCode: r.sector_code,
      sectorName: data.sector?.nameVi ?? r.sector_code,
    });
  }
  return entries;
}

const unknownSector = { code: '', name: 'Lĩnh vực khác' };

// ---------------------------------------------------------------------------------------------
// Tình hình, kết quả giải quyết TTHC

export interface ProcedureResults {
  /** One row per unit with something counted (the one commune when the scope is a commune). */
  readonly units: readonly ResultRow[];
  /** One row per sector with something counted. */
  readonly sectors: readonly ResultRow[];
  readonly total: ProcedureResultCounts;
}

const toNumber = (value: number | string | bigint | null): number =>
  value === null ? 0 : Number(value);

/** The month's figures of the scope's units: one GROUP BY (unit, procedure) in the database. */
export async function countProcedureResults(context: ReportContext): Promise<ProcedureResults> {
  const { uc, period } = context;
  const db = uc.tx.db;
  const dialect = uc.services.storage.dialect;
  const params = { from: period.from, asOf: period.asOf };
  const rows = await db
    .selectFrom('dossiers')
    .select(['competent_unit_code as unit', 'procedure_code as procedure'])
    .select(
      procedureResultMeasureNames.map((m) =>
        countWhere(procedureResultMeasures[m], params, dialect).as(m),
      ),
    )
    .where('competent_unit_code', 'in', context.unitCodes)
    // Finished before the period: nothing of this month's (every measure says so too).
    .where((eb) => eb.or([eb('completed_at', 'is', null), eb('completed_at', '>=', period.from)]))
    .groupBy(['competent_unit_code', 'procedure_code'])
    .execute();
  const groups: ProcedureResultGroup[] = rows.map((r) => {
    const row = r as unknown as Record<string, number | string | bigint | null>;
    return {
      unitCode: r.unit,
      procedureCode: r.procedure,
      counts: Object.fromEntries(
        procedureResultMeasureNames.map((m) => [m, toNumber(row[m] ?? null)]),
      ) as Record<keyof ProcedureResultCounts, number>,
    };
  });
  const catalogue = await readCatalogue(db);
  const units = uc.services.units;
  const unitRows = resultRows(
    groups,
    (g) => ({ code: g.unitCode, name: units.unit(g.unitCode)?.name ?? g.unitCode }),
    (a, b) => a.code.localeCompare(b.code),
  );
  const sectors = resultRows(
    groups,
    (g) => {
      const entry = catalogue.get(g.procedureCode);
      return entry === undefined
        ? unknownSector
        : { code: entry.sectorCode, name: entry.sectorName };
    },
    (a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code),
  );
  return { units: unitRows, sectors, total: totalResults(unitRows) };
}

const resultColumns: readonly ReportColumn[] = [
  { group: 'reports.results.toHandle', label: 'reports.results.total', kind: 'count' },
  { group: 'reports.results.toHandle', label: 'reports.results.carriedOver', kind: 'count' },
  { group: 'reports.results.toHandle', label: 'reports.results.online', kind: 'count' },
  { group: 'reports.results.toHandle', label: 'reports.results.inPerson', kind: 'count' },
  { group: 'reports.results.resolved', label: 'reports.results.total', kind: 'count' },
  { group: 'reports.results.resolved', label: 'reports.results.early', kind: 'count' },
  { group: 'reports.results.resolved', label: 'reports.results.onTime', kind: 'count' },
  { group: 'reports.results.resolved', label: 'reports.results.late', kind: 'count' },
  { group: 'reports.results.open', label: 'reports.results.total', kind: 'count' },
  { group: 'reports.results.open', label: 'reports.results.within', kind: 'count' },
  { group: 'reports.results.open', label: 'reports.results.overdue', kind: 'count' },
  { label: 'reports.results.withdrawn', kind: 'count' },
  { label: 'reports.results.stopped', kind: 'count' },
  { label: 'reports.results.refused', kind: 'count' },
];

/** The figures of one row, in the order of `resultColumns`. */
export const resultCells = (c: ProcedureResultCounts): number[] => [
  totalToHandle(c),
  c.carriedOver,
  c.receivedOnline,
  c.receivedOther,
  totalResolved(c),
  c.resolvedEarly,
  c.resolvedOnTime,
  c.resolvedLate,
  totalOpen(c),
  c.openWithin,
  c.openOverdue,
  c.withdrawn,
  c.stopped,
  c.refused,
];

const rowLabel = (r: { code: string; name: string }) =>
  r.code === '' ? r.name : `${r.name} (${r.code})`;

const procedureResultsRenderer: ReportRenderer = {
  async render(context) {
    const results = await countProcedureResults(context);
    const total = [null, ...resultCells(results.total)];
    const table = (
      id: string,
      heading: PlainMessageKey,
      label: PlainMessageKey,
      rows: readonly ResultRow[],
    ): ReportSection => ({
      id,
      heading,
      columns: [{ label, kind: 'text', weight: 2.4 }, ...resultColumns],
      rows: rows.map((r) => [rowLabel(r), ...resultCells(r.counts)]),
      total,
      empty: 'reports.results.none',
    });
    const bySector = table(
      'by-sector',
      'reports.results.bySector',
      'reports.results.sector',
      results.sectors,
    );
    return {
      sections: context.province
        ? [
            table('by-unit', 'reports.results.byUnit', 'reports.unitColumn', results.units),
            bySector,
          ]
        : [bySector],
      notes: [
        'reports.results.noteUnit',
        'reports.results.noteTimeliness',
        'reports.results.notePaused',
        'reports.results.noteBalance',
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Hồ sơ quá hạn

export interface OverdueDossier {
  readonly code: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly applicantName: string;
  readonly status: DossierStatus;
  readonly receivedAt: string;
  readonly dueAt: string;
  /** The new date an apology letter (04) gave, if any. */
  readonly extendedDueAt: string | null;
  readonly workingDaysOverdue: number;
  readonly assigneeName: string | null;
}

/** The dossiers still in process past their appointment at the moment of the figures. */
export async function listOverdueDossiers(
  context: ReportContext,
): Promise<{ total: number; rows: readonly OverdueDossier[] }> {
  const { uc, period } = context;
  const { services } = uc;
  const db = uc.tx.db;
  const overdue = conditionSql(
    overdueAtAsOf,
    { from: period.from, asOf: period.asOf },
    services.storage.dialect,
  );
  const base = db
    .selectFrom('dossiers')
    .where('competent_unit_code', 'in', context.unitCodes)
    .where((eb) => eb.or([eb('completed_at', 'is', null), eb('completed_at', '>=', period.asOf)]))
    .where(overdue);
  const counted = await base
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .select([
      'code',
      'competent_unit_code',
      'procedure_code',
      'applicant_name',
      'status',
      'received_at',
      'due_at',
      'extended_due_at',
      'assignee_id',
    ])
    .orderBy('competent_unit_code')
    .orderBy('due_at')
    .orderBy('code')
    .limit(context.limit)
    .execute();

  const catalogue = await readCatalogue(db);
  const assigneeIds = [
    ...new Set(rows.map((r) => r.assignee_id).filter((id): id is string => id !== null)),
  ];
  const people = new Map(
    (assigneeIds.length === 0
      ? []
      : await db
          .selectFrom('accounts')
          .select(['id', 'display_name'])
          .where('id', 'in', assigneeIds)
          .execute()
    ).map((a) => [a.id, a.display_name]),
  );
  const calendar = await services.desk.calendar(db, services.node.provinceCode);
  const nameOf = (code: string) => services.units.unit(code)?.name ?? code;
  return {
    total: toNumber(counted?.n ?? 0),
    rows: rows.map((r): OverdueDossier => {
      const dueAt = r.due_at ?? period.asOf;
      return {
        code: r.code,
        unitCode: r.competent_unit_code,
        unitName: nameOf(r.competent_unit_code),
        procedureCode: r.procedure_code,
        procedureName: catalogue.get(r.procedure_code)?.name ?? r.procedure_code,
        applicantName: r.applicant_name,
        status: r.status as DossierStatus,
        receivedAt: r.received_at ?? '',
        dueAt,
        extendedDueAt: r.extended_due_at,
        workingDaysOverdue: workingDaysOverdue(calendar, dueAt, period.asOf),
        assigneeName: r.assignee_id === null ? null : (people.get(r.assignee_id) ?? null),
      };
    }),
  };
}

const overdueRenderer: ReportRenderer = {
  async render(context) {
    const { total, rows } = await listOverdueDossiers(context);
    const unitColumn: ReportColumn[] = context.province
      ? [{ label: 'reports.unitColumn', kind: 'text', weight: 1.4 }]
      : [];
    return {
      sections: [
        {
          id: 'overdue',
          heading: 'reports.overdue.heading',
          columns: [
            ...unitColumn,
            { label: 'reports.overdue.code', kind: 'text', weight: 1.7 },
            { label: 'reports.overdue.procedure', kind: 'text', weight: 2.6 },
            { label: 'reports.overdue.applicant', kind: 'text', weight: 1.5 },
            { label: 'reports.overdue.received', kind: 'instant', weight: 1.1 },
            { label: 'reports.overdue.due', kind: 'instant', weight: 1.1 },
            { label: 'reports.overdue.extended', kind: 'instant', weight: 1.1 },
            { label: 'reports.overdue.days', kind: 'count', weight: 0.9 },
            { label: 'reports.overdue.assignee', kind: 'text', weight: 1.4 },
            { label: 'reports.overdue.status', kind: 'status', weight: 1.3 },
          ],
          rows: rows.map((r): Cell[] => [
            ...(context.province ? [`${r.unitName} (${r.unitCode})`] : []),
            r.code,
            `${r.procedureName} (${r.procedureCode})`,
            r.applicantName,
            r.receivedAt,
            r.dueAt,
            r.extendedDueAt,
            r.workingDaysOverdue,
            r.assigneeName,
            r.status,
          ]),
          empty: 'reports.overdue.none',
          count: total,
        },
      ],
      notes: [
        'reports.overdue.noteDays',
        'reports.overdue.noteExtended',
        'reports.overdue.notePersonal',
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Số liệu hộ tịch: the monthly civil-status figures (application/civil-statistics.ts), as they are.

const registrationCells = (r: RegistrationFigures): number[] => [
  r.total,
  r.male,
  r.female,
  r.onTime,
  r.late,
];

const civilStatusRenderer: ReportRenderer = {
  async render(context) {
    const statistics = await countCivilStatistics(context.uc, context.scope, context.period.month);
    const registrations = (group: PlainMessageKey): ReportColumn[] =>
      (
        [
          'civilStats.total',
          'civilStats.male',
          'civilStats.female',
          'civilStats.onTime',
          'civilStats.late',
        ] as const
      ).map((label) => ({ group, label, kind: 'count' }));
    const cells = (f: (typeof statistics)['total']): number[] => [
      ...registrationCells(f.births),
      ...registrationCells(f.deaths),
      f.marriages,
    ];
    return {
      sections: [
        {
          id: 'civil-status',
          heading: 'reports.civil.heading',
          columns: [
            { label: 'reports.unitColumn', kind: 'text', weight: 2.4 },
            ...registrations('civilStats.births'),
            ...registrations('civilStats.deaths'),
            { label: 'civilStats.marriages', kind: 'count' },
          ],
          rows: statistics.units.map((u) => [`${u.unitName} (${u.unitCode})`, ...cells(u.figures)]),
          ...(context.province ? { total: [null, ...cells(statistics.total)] } : {}),
          empty: 'civilStats.none',
        },
      ],
      notes: ['reports.civil.note'],
    };
  },
};

/** One renderer per template of domain/reports.ts. */
export const reportRenderers: { readonly [Id in ReportTemplateId]: ReportRenderer } = {
  'procedure-results': procedureResultsRenderer,
  'civil-status': civilStatusRenderer,
  'overdue-dossiers': overdueRenderer,
  'directive-completion': directiveCompletionRenderer,
};

// ---------------------------------------------------------------------------------------------
// The use case

/** The last day of a month, "2026-11" → "2026-11-30". */
function lastDayOf(month: Month): string {
  const { to } = monthRange(month);
  return new Date(Date.parse(`${to}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** At the hub: when each commune of the scope last sent its data, and was last heard from. */
async function unitSources(
  uc: UseCase,
  unitCodes: readonly string[],
  scope: string,
): Promise<UnitSource[]> {
  const byUnit = new Map<string, UnitSource>();
  const later = (a: string | null, b: string | null) =>
    a === null ? b : b === null || a > b ? a : b;
  const nameOf = (code: string) => uc.services.units.unit(code)?.name ?? code;
  if (isCommune(scope))
    byUnit.set(scope, {
      unitCode: scope,
      unitName: nameOf(scope),
      lastPushAt: null,
      lastSeenAt: null,
    });
  for (const n of await readNodes(uc.tx.db)) {
    if (!unitCodes.includes(n.unitCode)) continue;
    const known = byUnit.get(n.unitCode);
    byUnit.set(n.unitCode, {
      unitCode: n.unitCode,
      unitName: nameOf(n.unitCode),
      lastPushAt: later(known?.lastPushAt ?? null, n.lastPushAt),
      lastSeenAt: later(known?.lastSeenAt ?? null, n.lastSeenAt),
    });
  }
  return [...byUnit.values()].sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}

/**
 * A template's report for a month and a unit. Refused with a field problem (nothing read, nothing
 * written): an unknown unit, a month not begun, another unit than a commune's own node holds.
 * Refused `forbidden` (audited) when the reader may not see the unit's reports.
 */
export async function readReport(
  uc: UseCase,
  templateId: ReportTemplateId,
  input: ReportInput,
  options: { readonly limit?: number } = {},
): Promise<ReportSheet> {
  const { services } = uc;
  const node = services.node;
  const scopeCode = input.unit ?? defaultReportUnit(services, uc.actor);
  const unit = services.units.unit(scopeCode);
  if (unit === undefined)
    throw validationError([
      {
        field: 'unit',
        reason: 'unit_unknown',
        message: 'field.unit_unknown',
        params: { code: scopeCode },
      },
    ]);
  const described = { type: 'report', id: `${templateId}/${scopeCode}/${input.month}` };
  authorize(uc, 'report.read', subjectIn(services, scopeCode), described);
  // A commune's node holds its own dossiers and registers only: another unit's figures, or the
  // province's, would be wrong here. They are read at the province.
  if (node.role === 'commune' && scopeCode !== node.unitCode)
    throw validationError([
      {
        field: 'unit',
        reason: 'unit_not_here',
        message: 'reports.unit_not_here',
        params: { unit: node.unitName },
      },
    ]);
  const period = reportPeriod(input.month, uc.now.toISOString());
  if (period === 'future')
    throw validationError([
      { field: 'month', reason: 'month_future', message: 'reports.month_future' },
    ]);

  const province = !isCommune(scopeCode);
  const unitCodes = province
    ? [scopeCode, ...services.units.communeCodesOf(scopeCode)]
    : [scopeCode];
  const scope = { unitCode: scopeCode, unitName: unit.name };
  const template = reportTemplate(templateId);
  const { sections, notes } = await reportRenderers[templateId].render({
    uc,
    scope,
    province,
    unitCodes,
    period,
    limit: options.limit ?? reportPageLimit,
  });
  const sources = node.role === 'province' ? await unitSources(uc, unitCodes, scopeCode) : null;
  await recordAudit(uc.tx.db, node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'report.read',
    subjectType: described.type,
    subjectId: described.id,
    outcome: 'ok',
  });
  return {
    template: templateId,
    titleVi: template.titleVi,
    month: input.month,
    scope,
    firstDay: `${input.month}-01`,
    lastDay: lastDayOf(input.month),
    asOf: period.asOf,
    running: period.asOf < period.to,
    sections,
    notes,
    sources,
  };
}

/** "Phường Hải Châu" → "phường Hải Châu", as it reads after another word. */
const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Who reports: a commune's People's Committee; at the hub, for the province, the People's
 * Committee's office (TTHC control) or the Department of Justice (civil status).
 */
function reporterOf(
  node: NodeIdentity,
  provinceName: string,
  templateId: ReportTemplateId,
): Issuer {
  const placeName = issuerOf(node).placeName;
  if (node.role === 'commune')
    return {
      name: `Ủy ban nhân dân\n${inSentence(node.unitName)}`,
      fullName: `Ủy ban nhân dân ${inSentence(node.unitName)}`,
      placeName,
    };
  const justice = reportTemplate(templateId).provinceReporter === 'justice';
  const name = justice ? 'Sở Tư pháp' : 'Văn phòng Ủy ban nhân dân';
  return {
    parentName: `UBND ${inSentence(provinceName)}`,
    name,
    fullName: `${name} ${inSentence(provinceName)}`,
    placeName,
  };
}

/** The sheet as the printed report reads it. */
export function reportDocument(
  services: Services,
  sheet: ReportSheet,
  preparedBy: string,
): ReportDocument {
  const node = services.node;
  const provinceName = services.units.unit(node.provinceCode)?.name ?? node.provinceCode;
  return {
    issuer: reporterOf(node, provinceName, sheet.template as ReportTemplateId),
    issuedAt: services.clock().toISOString(),
    sheet,
    preparedBy,
  };
}
