// Public assets after the mergers (tài sản công): the register of headquarters and facilities
// a unit manages and the facility needs a commune reports, written only by the managing unit
// at its own node (single writer: a commune's leader at the commune, also offline; the
// province administrator at the hub for the province's own assets); and, at the hub, the
// province's overview: the assets standing empty or deteriorating beside the communes that
// lack facilities, with the empty assets that could serve each need.
import { z } from 'zod';
import {
  assetConditions,
  assetEventTypes,
  assetKinds,
  assetProblems,
  assetUses,
  candidatesFor,
  changedFields,
  facilityNeedKinds,
  fromDm2,
  isIsoDate,
  needProblems,
  needResolutions,
  needsAttention,
  parseArea,
  resolutionProblems,
  vacancyLength,
  type AssetCondition,
  type AssetFacts,
  type AssetField,
  type AssetKind,
  type AssetProblem,
  type AssetUse,
  type FacilityNeedKind,
  type NeedResolution,
} from '../domain/assets.js';
import { vietnamDate } from '../domain/dossiers.js';
import { can } from '../domain/permissions.js';
import type { MessageKey } from '../i18n/messages.js';
import type { Selectable } from 'kysely';
import type { AssetsTable, FacilityNeedsTable } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { AppError, validationError, type FieldProblem } from './errors.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

// ── Inputs: the forms' fields, as typed ─────────────────────────────────────────────────────

const text = (max: number) => z.string().trim().normalize('NFC').max(max);
const required = (max: number) => z.string().trim().normalize('NFC').min(1).max(max);

// Name and address are checked with the rules (required), so that a form missing them still
// hears about every other problem at once.
export const assetInput = z.strictObject({
  name: text(200),
  kind: z.enum(assetKinds),
  address: text(300),
  formerUnit: text(200),
  /** m² as typed ("245,5"); empty when unknown. */
  landArea: text(20),
  floorArea: text(20),
  condition: z.enum(assetConditions),
  use: z.enum(assetUses),
  /** YYYY-MM-DD; empty unless the asset is vacant. */
  vacantSince: text(20),
  notes: text(1000),
});
export type AssetInput = z.output<typeof assetInput>;

export const assetUpdateInput = assetInput.extend({
  /** The version the form was filled from: a change made meanwhile is not overwritten. */
  version: z.string().regex(/^\d{1,9}$/, { error: 'field.invalid_format' }),
});
export type AssetUpdateInput = z.output<typeof assetUpdateInput>;

export const needInput = z.strictObject({
  needKind: z.enum(facilityNeedKinds),
  areaNeeded: text(20),
  explanation: text(2000),
});
export type NeedInput = z.output<typeof needInput>;

export const resolveInput = z.strictObject({
  resolution: z.enum(needResolutions),
  note: required(1000),
});
export type ResolveInput = z.output<typeof resolveInput>;

export const registerQuery = z.strictObject({
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
});

export const overviewInput = z.strictObject({
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
  condition: z.enum(assetConditions).optional(),
  use: z.enum(assetUses).optional(),
});
export type OverviewInput = z.output<typeof overviewInput>;

const uuid = z.uuid();

// ── Views ───────────────────────────────────────────────────────────────────────────────────

export interface AssetView extends AssetFacts {
  readonly id: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly version: number;
  readonly registeredAt: string;
  readonly updatedAt: string;
  /** How long it has stood empty, to today; null unless vacant. */
  readonly vacancy: { readonly days: number; readonly months: number } | null;
}

export interface FacilityNeedView {
  readonly id: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly kind: FacilityNeedKind;
  readonly areaNeededM2: number;
  readonly explanation: string;
  readonly reportedOn: string;
  readonly status: 'open' | 'resolved';
  readonly resolution: NeedResolution | null;
  readonly resolutionNote: string | null;
  readonly resolvedOn: string | null;
}

export interface AssetRegister {
  readonly scope: { readonly unitCode: string; readonly unitName: string };
  /** Whether this actor may add and change entries here (the managing unit, at its node). */
  readonly canManage: boolean;
  /** Whether the unit reports facility needs (a commune, at its node). */
  readonly canReportNeeds: boolean;
  readonly assets: readonly AssetView[];
  readonly needs: readonly FacilityNeedView[];
  readonly today: string;
}

export interface AssetHistoryEntry {
  readonly version: number;
  readonly at: string;
  readonly by: string | null;
  readonly changed: readonly AssetField[];
}

export interface AssetDetail {
  readonly asset: AssetView;
  readonly canManage: boolean;
  readonly history: readonly AssetHistoryEntry[];
}

export interface NeedWithCandidates extends FacilityNeedView {
  readonly candidates: readonly AssetView[];
}

export interface AssetOverview {
  readonly province: { readonly unitCode: string; readonly unitName: string };
  readonly filters: OverviewInput;
  /** Not in use or deteriorating, filtered; the longest empty first. */
  readonly assets: readonly AssetView[];
  /** Open needs (of the unit filtered on, if any), each with its candidate assets. */
  readonly needs: readonly NeedWithCandidates[];
  readonly today: string;
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

const today = (uc: UseCase) => vietnamDate(uc.now);
const isCommune = (unitCode: string) => unitCode.length === 5;
const unitName = (uc: UseCase, code: string) => uc.services.units.unit(code)?.name ?? code;
const area = (dm2: number | null) => (dm2 === null ? null : fromDm2(dm2));

function problemsOf(problems: readonly AssetProblem[]): FieldProblem[] {
  return problems.map((p) => ({
    field: p.field,
    reason: p.code,
    message: p.code === 'required' ? 'field.required' : (`assets.problem.${p.code}` as MessageKey),
    ...(p.params === undefined ? {} : { params: p.params }),
  }));
}

function assetView(uc: UseCase, row: Selectable<AssetsTable>, on: string): AssetView {
  const vacantSince = row.vacant_since;
  return {
    id: row.id,
    unitCode: row.unit_code,
    unitName: unitName(uc, row.unit_code),
    version: row.version,
    name: row.name,
    kind: row.kind as AssetKind,
    address: row.address,
    formerUnit: row.former_unit,
    landAreaM2: area(row.land_area_dm2),
    floorAreaM2: area(row.floor_area_dm2),
    condition: row.condition as AssetCondition,
    use: row.current_use as AssetUse,
    vacantSince,
    notes: row.notes,
    registeredAt: row.registered_at,
    updatedAt: row.updated_at,
    vacancy: row.current_use === 'vacant' ? vacancyLength(vacantSince, on) : null,
  };
}

function needView(uc: UseCase, row: Selectable<FacilityNeedsTable>): FacilityNeedView {
  return {
    id: row.id,
    unitCode: row.unit_code,
    unitName: unitName(uc, row.unit_code),
    kind: row.kind as FacilityNeedKind,
    areaNeededM2: fromDm2(row.area_dm2),
    explanation: row.explanation,
    reportedOn: row.reported_on,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    resolution: row.resolution as NeedResolution | null,
    resolutionNote: row.resolution_note,
    resolvedOn: row.resolved_on,
  };
}

async function audit(
  uc: UseCase,
  entry: { action: 'asset.manage' | 'asset.read'; type: string; id: string; eventId?: string },
): Promise<void> {
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: entry.eventId === undefined ? 'read' : 'write',
    action: entry.action,
    subjectType: entry.type,
    subjectId: entry.id,
    outcome: 'ok',
    ...(entry.eventId === undefined ? {} : { eventId: entry.eventId }),
  });
}

/** The form's text as one version of the entry, with the typing problems (areas, date). */
function factsFrom(input: AssetInput): { facts: AssetFacts; problems: AssetProblem[] } {
  const problems: AssetProblem[] = [];
  if (input.name === '') problems.push({ field: 'name', code: 'required' });
  if (input.address === '') problems.push({ field: 'address', code: 'required' });
  const areaOf = (field: 'landArea' | 'floorArea') => {
    const parsed = parseArea(input[field]);
    if (parsed.ok) return parsed.value;
    problems.push({ field, code: 'area_format' });
    return null;
  };
  const landAreaM2 = areaOf('landArea');
  const floorAreaM2 = areaOf('floorArea');
  let vacantSince: string | null = null;
  if (input.vacantSince !== '') {
    if (isIsoDate(input.vacantSince)) vacantSince = input.vacantSince;
    else problems.push({ field: 'vacantSince', code: 'date_format' });
  }
  return {
    facts: {
      name: input.name,
      kind: input.kind,
      address: input.address,
      formerUnit: input.formerUnit,
      landAreaM2,
      floorAreaM2,
      condition: input.condition,
      use: input.use,
      vacantSince,
      notes: input.notes,
    },
    problems,
  };
}

/** Typing problems first; the rules only once the values could be read. */
function checkedFacts(uc: UseCase, input: AssetInput): AssetFacts {
  const { facts, problems } = factsFrom(input);
  const rules = assetProblems(facts, today(uc)).filter(
    (p) => !problems.some((q) => q.field === p.field),
  );
  const all = [...problems, ...rules];
  if (all.length > 0) throw validationError(problemsOf(all));
  return facts;
}

/**
 * Writes are the managing unit's, at its own node: the actor must be allowed on the unit the
 * record belongs to and on this node's unit (a commune's leader signed in at the hub cannot
 * write there, since the hub's chain is the province's).
 */
function authorizeWrite(uc: UseCase, recordUnit: string, type: string, id: string | null): void {
  const { services } = uc;
  authorize(uc, 'asset.manage', subjectIn(services, recordUnit), { type, id });
  if (recordUnit !== services.node.unitCode)
    authorize(uc, 'asset.manage', subjectIn(services, services.node.unitCode), { type, id });
}

async function assetRow(uc: UseCase, id: string): Promise<Selectable<AssetsTable>> {
  if (!uuid.safeParse(id).success) throw new AppError('not_found');
  const row = await uc.tx.db
    .selectFrom('assets')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found');
  return row;
}

async function needRow(uc: UseCase, id: string): Promise<Selectable<FacilityNeedsTable>> {
  if (!uuid.safeParse(id).success) throw new AppError('not_found');
  const row = await uc.tx.db
    .selectFrom('facility_needs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found');
  return row;
}

/** Whether the actor may write `unitCode`'s records here (the same test as `authorizeWrite`). */
const canManageHere = (uc: UseCase, unitCode: string) => {
  const { services } = uc;
  return (
    unitCode === services.node.unitCode &&
    can(uc.actor, 'asset.manage', subjectIn(services, unitCode))
  );
};

// ── Writes ──────────────────────────────────────────────────────────────────────────────────

/** Registers an asset the unit of this node manages (asset.registered). */
export async function registerAsset(uc: UseCase, input: AssetInput): Promise<AssetView> {
  const unit = uc.services.node.unitCode;
  authorizeWrite(uc, unit, 'asset', null);
  const facts = checkedFacts(uc, input);
  const event = await uc.tx.append(
    {
      type: assetEventTypes.registered,
      entityType: 'asset',
      entityId: crypto.randomUUID(),
      payload: facts,
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, { action: 'asset.manage', type: 'asset', id: event.entityId, eventId: event.id });
  return assetView(uc, await assetRow(uc, event.entityId), today(uc));
}

/** Writes a full new version of an asset (asset.updated), naming the fields that changed. */
export async function updateAsset(
  uc: UseCase,
  id: string,
  input: AssetUpdateInput,
): Promise<AssetView> {
  const row = await assetRow(uc, id);
  authorizeWrite(uc, row.unit_code, 'asset', id);
  if (Number(input.version) !== row.version)
    throw validationError(problemsOf([{ field: 'version', code: 'stale_version' }]));
  const facts = checkedFacts(uc, input);
  const before = assetView(uc, row, today(uc));
  const changed = changedFields(before, facts);
  if (changed.length === 0)
    throw validationError(problemsOf([{ field: 'asset', code: 'unchanged' }]));
  const event = await uc.tx.append(
    {
      type: assetEventTypes.updated,
      entityType: 'asset',
      entityId: id,
      payload: { version: row.version + 1, facts, changed },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, { action: 'asset.manage', type: 'asset', id, eventId: event.id });
  return assetView(uc, await assetRow(uc, id), today(uc));
}

/** A commune reports a facility it lacks (facility_need.reported); one open need per kind. */
export async function reportFacilityNeed(uc: UseCase, input: NeedInput): Promise<FacilityNeedView> {
  const unit = uc.services.node.unitCode;
  authorizeWrite(uc, unit, 'facility_need', null);
  if (!isCommune(unit))
    throw validationError(problemsOf([{ field: 'needKind', code: 'commune_only' }]));
  const parsed = parseArea(input.areaNeeded);
  const areaNeededM2 = parsed.ok ? parsed.value : null;
  const problems: AssetProblem[] =
    areaNeededM2 === null
      ? [{ field: 'areaNeeded', code: input.areaNeeded === '' ? 'required' : 'area_format' }]
      : needProblems({ kind: input.needKind, areaNeededM2, explanation: input.explanation });
  if (input.explanation === '') problems.push({ field: 'explanation', code: 'required' });
  const open = await uc.tx.db
    .selectFrom('facility_needs')
    .select('id')
    .where('unit_code', '=', unit)
    .where('kind', '=', input.needKind)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open !== undefined) problems.push({ field: 'needKind', code: 'need_already_open' });
  if (problems.length > 0 || areaNeededM2 === null) throw validationError(problemsOf(problems));
  const event = await uc.tx.append(
    {
      type: assetEventTypes.needReported,
      entityType: 'facility_need',
      entityId: crypto.randomUUID(),
      payload: {
        kind: input.needKind,
        areaNeededM2,
        explanation: input.explanation,
        reportedOn: today(uc),
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, {
    action: 'asset.manage',
    type: 'facility_need',
    id: event.entityId,
    eventId: event.id,
  });
  return needView(uc, await needRow(uc, event.entityId));
}

/** The commune settles one of its needs, saying how (facility_need.resolved). */
export async function resolveFacilityNeed(
  uc: UseCase,
  id: string,
  input: ResolveInput,
): Promise<FacilityNeedView> {
  const row = await needRow(uc, id);
  authorizeWrite(uc, row.unit_code, 'facility_need', id);
  const problems = resolutionProblems(
    { status: row.status === 'resolved' ? 'resolved' : 'open', reportedOn: row.reported_on },
    today(uc),
  );
  if (problems.length > 0) throw validationError(problemsOf(problems));
  const event = await uc.tx.append(
    {
      type: assetEventTypes.needResolved,
      entityType: 'facility_need',
      entityId: id,
      payload: { resolution: input.resolution, note: input.note, resolvedOn: today(uc) },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, { action: 'asset.manage', type: 'facility_need', id, eventId: event.id });
  return needView(uc, await needRow(uc, id));
}

// ── Reads ───────────────────────────────────────────────────────────────────────────────────

/**
 * One unit's register and needs. Without a unit: the officer's own commune when they sign in
 * at the hub, else this node's unit. At the hub the province reads any unit's.
 */
export async function readAssetRegister(
  uc: UseCase,
  query: z.output<typeof registerQuery>,
): Promise<AssetRegister> {
  const { services } = uc;
  const node = services.node;
  const own = uc.actor?.unitCode;
  const scope =
    query.unitCode ??
    (node.role === 'province' && own !== undefined && isCommune(own) ? own : node.unitCode);
  const unit = services.units.unit(scope);
  if (unit === undefined || unit.provinceCode !== node.provinceCode)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_unknown',
        message: unit === undefined ? 'field.unit_unknown' : 'field.unit_outside_province',
        params: { code: scope },
      },
    ]);
  authorize(uc, 'asset.read', subjectIn(services, scope), { type: 'asset_register', id: scope });
  const on = today(uc);
  const assets = await uc.tx.db
    .selectFrom('assets')
    .selectAll()
    .where('unit_code', '=', scope)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const needs = await uc.tx.db
    .selectFrom('facility_needs')
    .selectAll()
    .where('unit_code', '=', scope)
    .orderBy('status')
    .orderBy('reported_at', 'desc')
    .execute();
  await audit(uc, { action: 'asset.read', type: 'asset_register', id: scope });
  const canManage = canManageHere(uc, scope);
  return {
    scope: { unitCode: scope, unitName: unit.name },
    canManage,
    canReportNeeds: canManage && isCommune(scope),
    assets: assets.map((a) => assetView(uc, a, on)),
    needs: needs.map((n) => needView(uc, n)),
    today: on,
  };
}

/** One asset with its versions (from the log), for its page and its edit form. */
export async function readAsset(uc: UseCase, id: string): Promise<AssetDetail> {
  const row = await assetRow(uc, id);
  authorize(uc, 'asset.read', subjectIn(uc.services, row.unit_code), { type: 'asset', id });
  const events = await uc.tx.db
    .selectFrom('events')
    .leftJoin('accounts', 'accounts.id', 'events.actor_id')
    .select(['events.type', 'events.payload', 'events.occurred_at', 'accounts.display_name'])
    .where('events.entity_type', '=', 'asset')
    .where('events.entity_id', '=', id)
    .where('events.unit_code', '=', row.unit_code)
    .orderBy('events.unit_seq')
    .execute();
  const history = events.map((e): AssetHistoryEntry => {
    const payload = JSON.parse(e.payload) as { version?: number; changed?: AssetField[] };
    return {
      version: e.type === assetEventTypes.registered ? 1 : (payload.version ?? 0),
      at: e.occurred_at,
      by: e.display_name,
      changed: payload.changed ?? [],
    };
  });
  await audit(uc, { action: 'asset.read', type: 'asset', id });
  return {
    asset: assetView(uc, row, today(uc)),
    canManage: canManageHere(uc, row.unit_code),
    history,
  };
}

/** One need, for the page that settles it. */
export async function readFacilityNeed(
  uc: UseCase,
  id: string,
): Promise<{ need: FacilityNeedView; canManage: boolean }> {
  const row = await needRow(uc, id);
  authorize(uc, 'asset.read', subjectIn(uc.services, row.unit_code), {
    type: 'facility_need',
    id,
  });
  await audit(uc, { action: 'asset.read', type: 'facility_need', id });
  return {
    need: needView(uc, row),
    canManage: canManageHere(uc, row.unit_code),
  };
}

/**
 * The province's overview (at the hub): every asset of the province not in use or
 * deteriorating, filtered by unit, condition and use, the longest empty first; beside it the
 * open facility needs, each with the empty assets that could serve it (`candidatesFor`, over
 * every unused asset of the province whatever the filters).
 */
export async function readAssetOverview(uc: UseCase, input: OverviewInput): Promise<AssetOverview> {
  const { services } = uc;
  const province = services.node.provinceCode;
  if (input.unitCode !== undefined) {
    const unit = services.units.unit(input.unitCode);
    if (unit === undefined || unit.provinceCode !== province)
      throw validationError([
        {
          field: 'unitCode',
          reason: 'unit_unknown',
          message: unit === undefined ? 'field.unit_unknown' : 'field.unit_outside_province',
          params: { code: input.unitCode },
        },
      ]);
  }
  authorize(uc, 'asset.read', subjectIn(services, province), {
    type: 'asset_overview',
    id: province,
  });
  const on = today(uc);
  const inProvince = (code: string) => services.units.unit(code)?.provinceCode === province;
  const rows = (await uc.tx.db.selectFrom('assets').selectAll().execute()).filter((r) =>
    inProvince(r.unit_code),
  );
  const all = rows.map((r) => assetView(uc, r, on));
  const assets = all
    .filter(
      (a) =>
        needsAttention(a) &&
        (input.unitCode === undefined || a.unitCode === input.unitCode) &&
        (input.condition === undefined || a.condition === input.condition) &&
        (input.use === undefined || a.use === input.use),
    )
    .sort(
      (a, b) =>
        (a.vacantSince ?? '9999').localeCompare(b.vacantSince ?? '9999') ||
        a.unitCode.localeCompare(b.unitCode) ||
        a.name.localeCompare(b.name, 'vi') ||
        a.id.localeCompare(b.id),
    );
  let needsQuery = uc.tx.db
    .selectFrom('facility_needs')
    .selectAll()
    .where('status', '=', 'open')
    .orderBy('unit_code')
    .orderBy('reported_on')
    .orderBy('id');
  if (input.unitCode !== undefined) needsQuery = needsQuery.where('unit_code', '=', input.unitCode);
  const needs = (await needsQuery.execute())
    .filter((n) => inProvince(n.unit_code))
    .map((n) => {
      const need = needView(uc, n);
      return { ...need, candidates: candidatesFor(need, all) };
    });
  await audit(uc, { action: 'asset.read', type: 'asset_overview', id: province });
  return {
    province: { unitCode: province, unitName: unitName(uc, province) },
    filters: input,
    assets,
    needs,
    today: on,
  };
}
