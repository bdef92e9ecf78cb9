// Public assets after the 2025 mergers (tài sản công sau sắp xếp đơn vị hành chính): the
// register of headquarters and facilities each unit manages, and the facility needs communes
// report. Pure: kinds, conditions, uses, the rules an entry must meet, what an update changed,
// how long an asset has stood empty, and which empty assets could serve a reported need.
// The legal background is uncertain in places and kept as data (`assetLegalBasis`).
import { z } from 'zod';

/** Loại tài sản. */
export const assetKinds = [
  'headquarters', // trụ sở làm việc
  'hall', // hội trường, nhà văn hóa
  'archive', // kho lưu trữ
  'official_housing', // nhà công vụ
  'other', // cơ sở khác
] as const;
export type AssetKind = (typeof assetKinds)[number];

/** Tình trạng. */
export const assetConditions = [
  'good', // tốt
  'degraded', // xuống cấp
  'unusable', // hư hỏng nặng, không sử dụng được
] as const;
export type AssetCondition = (typeof assetConditions)[number];

/** Hiện trạng sử dụng. */
export const assetUses = [
  'main_office', // trụ sở chính
  'secondary_office', // cơ sở làm việc phụ, điểm tiếp nhận
  'other_purpose', // sử dụng vào mục đích khác
  'vacant', // bỏ trống
  'pending_disposal', // chờ xử lý, điều chuyển
] as const;
export type AssetUse = (typeof assetUses)[number];

/** What a commune reports lacking (thiếu …). */
export const facilityNeedKinds = [
  'headquarters', // trụ sở làm việc
  'office_rooms', // phòng làm việc
  'hall', // hội trường
  'archive', // kho lưu trữ
  'one_stop_desk', // chỗ cho Bộ phận Một cửa
  'official_housing', // nhà công vụ
  'other',
] as const;
export type FacilityNeedKind = (typeof facilityNeedKinds)[number];

/** How a need was settled. */
export const needResolutions = [
  'asset_assigned', // được bố trí, điều chuyển tài sản
  'built_or_repaired', // xây mới, cải tạo, sửa chữa
  'rented_or_borrowed', // thuê, mượn
  'no_longer_needed', // không còn nhu cầu
] as const;
export type NeedResolution = (typeof needResolutions)[number];

export const assetEventTypes = {
  registered: 'asset.registered',
  updated: 'asset.updated',
  needReported: 'facility_need.reported',
  needResolved: 'facility_need.resolved',
} as const;

/**
 * The rules' bounds, as data. The floor for "vacant since" is the brief's: earlier dates are
 * far more likely typing slips than a building empty for a quarter of a century.
 */
export const assetRules = {
  earliestVacantSince: '2000-01-01',
  /** m², for land, floor and a need; a larger figure is a slip (a km² typed as m²). */
  maxAreaM2: 1_000_000,
  /** Areas are kept to the hundredth of a m² (one dm²). */
  areaDecimals: 2,
  /** How many candidate assets the overview shows for one need. */
  candidatesShown: 5,
} as const;

/**
 * Where the rules come from. `confirmed: false` marks what was not checked against the text
 * of the law while building this; the province should confirm or correct it.
 */
export const assetLegalBasis: readonly {
  readonly title: string;
  readonly about: string;
  readonly confirmed: boolean;
  readonly note?: string;
}[] = [
  {
    title: 'Luật Quản lý, sử dụng tài sản công số 15/2017/QH14',
    about: 'trụ sở làm việc là tài sản công; cơ quan quản lý phải lập, cập nhật hồ sơ tài sản',
    confirmed: true,
  },
  {
    title: 'Nghị định 151/2017/NĐ-CP (và văn bản thay thế năm 2025)',
    about: 'điều chuyển, bán, thanh lý trụ sở không còn nhu cầu sử dụng',
    confirmed: false,
    note: 'Số hiệu văn bản thay thế năm 2025 chưa được đối chiếu.',
  },
  {
    title:
      'Chỉ đạo của Chính phủ, Thủ tướng Chính phủ và hướng dẫn của Bộ Tài chính về xử lý trụ sở, tài sản dôi dư sau sắp xếp đơn vị hành chính (2025)',
    about:
      'ưu tiên bố trí trụ sở dôi dư cho đơn vị thiếu cơ sở vật chất, chuyển sang y tế, giáo dục, văn hóa, thể thao trước khi bán, thanh lý',
    confirmed: false,
    note: 'Số hiệu và thời hạn xử lý chưa được đối chiếu; hệ thống chỉ ghi hiện trạng, không tính thời hạn.',
  },
];

// ── Shapes ──────────────────────────────────────────────────────────────────────────────────

const isoDate = z.iso.date();
const area = z.number().positive().max(assetRules.maxAreaM2);

/** One version of an asset's register entry, as events carry it. */
export const assetFactsSchema = z.strictObject({
  name: z.string().min(1).max(200),
  kind: z.enum(assetKinds),
  address: z.string().min(1).max(300),
  /** The pre-merger unit it belonged to (đơn vị trước sắp xếp), free text, '' when none. */
  formerUnit: z.string().max(200),
  landAreaM2: area.nullable(),
  floorAreaM2: area.nullable(),
  condition: z.enum(assetConditions),
  use: z.enum(assetUses),
  vacantSince: isoDate.nullable(),
  notes: z.string().max(1000),
});
export type AssetFacts = z.output<typeof assetFactsSchema>;
export type AssetField = keyof AssetFacts;

/** The fields in the order the register shows them (and an update lists what changed). */
export const assetFields: readonly AssetField[] = [
  'name',
  'kind',
  'address',
  'formerUnit',
  'landAreaM2',
  'floorAreaM2',
  'condition',
  'use',
  'vacantSince',
  'notes',
];

export const assetRegisteredPayload = assetFactsSchema;
export const assetUpdatedPayload = z.strictObject({
  /** 2, 3 … : the version this event makes. */
  version: z.number().int().min(2),
  facts: assetFactsSchema,
  changed: z.array(z.enum(assetFields as [AssetField, ...AssetField[]])).min(1),
});

export const needReportedPayload = z.strictObject({
  kind: z.enum(facilityNeedKinds),
  areaNeededM2: area,
  explanation: z.string().min(1).max(2000),
  reportedOn: isoDate,
});
export type NeedFacts = Omit<z.output<typeof needReportedPayload>, 'reportedOn'>;

export const needResolvedPayload = z.strictObject({
  resolution: z.enum(needResolutions),
  note: z.string().min(1).max(1000),
  resolvedOn: isoDate,
});

// ── Rules ───────────────────────────────────────────────────────────────────────────────────

export type AssetProblemCode =
  | 'required'
  | 'area_format'
  | 'area_range'
  | 'date_format'
  | 'vacant_since_required'
  | 'vacant_since_not_vacant'
  | 'vacant_since_future'
  | 'vacant_since_too_early'
  | 'unusable_in_use'
  | 'unchanged'
  | 'stale_version'
  | 'commune_only'
  | 'need_already_open'
  | 'need_already_resolved'
  | 'resolved_before_reported';

/** A rule broken, at a field of the form, with what the message needs. */
export interface AssetProblem {
  readonly field: string;
  readonly code: AssetProblemCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/**
 * An area as typed: digits with at most two decimals after a comma or a dot ("245,5",
 * "1250.75"); no thousands separator, since "1.250" means 1250 to a Vietnamese reader and
 * 1.25 to an English one (three digits after the mark are refused, not guessed). Empty: none.
 */
export function parseArea(text: string): { ok: true; value: number | null } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d{1,9}([.,]\d{1,2})?$/.test(trimmed)) return { ok: false };
  return { ok: true, value: Number(trimmed.replace(',', '.')) };
}

/** An area in hundredths of a m² (dm²), as the projections keep it: exact for comparisons. */
export const toDm2 = (m2: number): number => Math.round(m2 * 100);
export const fromDm2 = (dm2: number): number => dm2 / 100;

function areaProblem(field: string, value: number | null): AssetProblem[] {
  if (value === null) return [];
  return value <= 0 || value > assetRules.maxAreaM2
    ? [{ field, code: 'area_range', params: { max: assetRules.maxAreaM2 } }]
    : [];
}

/**
 * Every rule of one version of an entry, against today's date (Vietnam):
 * - "vacant since" is given exactly when the asset is vacant (bỏ trống), and then is a day
 *   between 01/01/2000 and today;
 * - an asset that cannot be used (hư hỏng nặng) cannot be in use as an office or otherwise:
 *   it is vacant or awaiting disposal;
 * - areas are above 0 and at most 1,000,000 m².
 */
export function assetProblems(facts: AssetFacts, today: string): AssetProblem[] {
  const problems: AssetProblem[] = [
    ...areaProblem('landArea', facts.landAreaM2),
    ...areaProblem('floorArea', facts.floorAreaM2),
  ];
  if (facts.use === 'vacant') {
    if (facts.vacantSince === null)
      problems.push({ field: 'vacantSince', code: 'vacant_since_required' });
    else if (facts.vacantSince > today)
      problems.push({ field: 'vacantSince', code: 'vacant_since_future' });
    else if (facts.vacantSince < assetRules.earliestVacantSince)
      problems.push({
        field: 'vacantSince',
        code: 'vacant_since_too_early',
        params: { earliest: '01/01/2000' },
      });
  } else if (facts.vacantSince !== null)
    problems.push({ field: 'vacantSince', code: 'vacant_since_not_vacant' });
  if (facts.condition === 'unusable' && facts.use !== 'vacant' && facts.use !== 'pending_disposal')
    problems.push({ field: 'use', code: 'unusable_in_use' });
  return problems;
}

/** The fields whose value differs between two versions, in the register's order. */
export function changedFields(before: AssetFacts, after: AssetFacts): AssetField[] {
  return assetFields.filter((f) => before[f] !== after[f]);
}

/** The rules of a reported need: the area is above 0 and at most 1,000,000 m². */
export function needProblems(need: NeedFacts): AssetProblem[] {
  return areaProblem('areaNeeded', need.areaNeededM2);
}

/** A need is settled once, on or after the day it was reported. */
export function resolutionProblems(
  need: { readonly status: 'open' | 'resolved'; readonly reportedOn: string },
  today: string,
): AssetProblem[] {
  if (need.status === 'resolved') return [{ field: 'resolution', code: 'need_already_resolved' }];
  if (today < need.reportedOn) return [{ field: 'resolution', code: 'resolved_before_reported' }];
  return [];
}

// ── The province's overview ────────────────────────────────────────────────────────────────

/** What the overview and the matching read of an asset. */
export interface AssetSummary {
  readonly id: string;
  readonly unitCode: string;
  readonly kind: AssetKind;
  readonly condition: AssetCondition;
  readonly use: AssetUse;
  readonly floorAreaM2: number | null;
  readonly vacantSince: string | null;
}

/** Not in use: empty, or waiting to be transferred or disposed of. */
export const isUnused = (a: Pick<AssetSummary, 'use'>): boolean =>
  a.use === 'vacant' || a.use === 'pending_disposal';
export const isDeteriorating = (a: Pick<AssetSummary, 'condition'>): boolean =>
  a.condition === 'degraded' || a.condition === 'unusable';
/** On the province's overview: not in use, or deteriorating. */
export const needsAttention = (a: Pick<AssetSummary, 'use' | 'condition'>): boolean =>
  isUnused(a) || isDeteriorating(a);

/** Days and whole months from `since` to `today` (both YYYY-MM-DD); null when not vacant. */
export function vacancyLength(
  since: string | null,
  today: string,
): { days: number; months: number } | null {
  if (since === null || since > today) return null;
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const [sy, sm, sd] = since.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const months = (ty - sy) * 12 + (tm - sm) - (td < sd ? 1 : 0);
  return { days: day(today) - day(since), months };
}

/**
 * Which kinds of asset can serve each kind of need. A former headquarters has offices, a
 * meeting room and storage, so it serves most needs; a hall or culture house serves a need
 * for a hall; official housing serves only housing. This is the system's suggestion, not a
 * decision: the province judges location, access and the legal route (điều chuyển) itself.
 */
export const servingKinds: Readonly<Record<FacilityNeedKind, readonly AssetKind[]>> = {
  headquarters: ['headquarters'],
  office_rooms: ['headquarters', 'other'],
  hall: ['hall', 'headquarters'],
  archive: ['archive', 'headquarters', 'other'],
  one_stop_desk: ['headquarters'],
  official_housing: ['official_housing'],
  other: assetKinds,
};

/**
 * The assets that could serve a need: not in use (vacant or awaiting disposal), not beyond
 * use (hư hỏng nặng), of a kind that serves the need, with a known floor area at least the
 * area needed — the commune's own empty buildings included (after a merger a commune may lack
 * room at its main seat and hold an empty former seat). Best first: the kind asked for, then
 * the smallest floor area that fits (the least waste), then the longest empty.
 */
export function candidatesFor<A extends AssetSummary>(
  need: { readonly kind: FacilityNeedKind; readonly areaNeededM2: number },
  assets: readonly A[],
  limit: number = assetRules.candidatesShown,
): A[] {
  const kinds = servingKinds[need.kind];
  const needed = toDm2(need.areaNeededM2);
  return assets
    .filter(
      (a) =>
        isUnused(a) &&
        a.condition !== 'unusable' &&
        kinds.includes(a.kind) &&
        a.floorAreaM2 !== null &&
        toDm2(a.floorAreaM2) >= needed,
    )
    .sort(
      (a, b) =>
        Number(b.kind === need.kind) - Number(a.kind === need.kind) ||
        (a.floorAreaM2 ?? 0) - (b.floorAreaM2 ?? 0) ||
        (a.vacantSince ?? '9999').localeCompare(b.vacantSince ?? '9999') ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}
