// Staffing (nhân sự): which field (lĩnh vực) each commune officer works in, which procedure
// sectors a field may handle, and the rules the staffing page applies to a month's work — the
// ranking of communes by dossiers per officer with its flags, the officers who handled dossiers
// outside their field, and the fields a commune has nobody for. The fields, the mapping and
// the thresholds are data with their sources (data/staffing/officer-fields.json); the rules
// here are pure.
import { z } from 'zod';
import type { Role } from './roles.js';

/** The shape of a field's code: `tu_phap_ho_tich`. */
export const officerFieldCode = /^[a-z][a-z0-9_]{1,39}$/;

/** The roles that work in a field: the desk's officers and leaders, not citizens or admins. */
export const officerRoles = [
  'receiving_officer',
  'specialist',
  'leader',
] as const satisfies readonly Role[];
export type OfficerRole = (typeof officerRoles)[number];

export const isOfficerRole = (role: string): role is OfficerRole =>
  (officerRoles as readonly string[]).includes(role);

const text = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => s === s.trim(), 'must not start or end with a space')
  .refine((s) => s === s.normalize('NFC'), 'must be in Unicode NFC');
const names = z.strictObject({ vi: text, en: text, th: text });
const code = z.string().regex(officerFieldCode, 'must be a code like tu_phap_ho_tich');
const sourced = { source: text, confirmed: z.boolean(), note: text.optional() };

const staffingFileSchema = z.strictObject({
  _note: z.string().optional(),
  format: z.literal('motcua-officer-fields'),
  formatVersion: z.literal(1),
  /** The commune's specialised offices since 1 July 2025 (Decree 150/2025/NĐ-CP). */
  offices2025: z.array(z.strictObject({ code, name: names, ...sourced })),
  fields: z
    .array(
      z.strictObject({
        code,
        name: names,
        /** For table headings. */
        short: names,
        /** The one-stop desk: receives every sector's dossiers, decides none. */
        receivesAll: z.boolean(),
        office2025: code,
        ...sourced,
      }),
    )
    .min(1),
  sectors: z.array(
    z.strictObject({
      /** `procedure_versions.sector_code`. */
      sector: code,
      name: names,
      /** The fields whose officers may handle (decide) the sector's dossiers; none: not judged. */
      fields: z.array(code),
      ...sourced,
    }),
  ),
  thresholds: z.strictObject({
    /** Flag a commune above `high` × the province's median of dossiers per officer. */
    high: z.number().gt(1).max(10),
    /** …and below `low` × the median. */
    low: z.number().gt(0).lt(1),
    ...sourced,
  }),
});

export type StaffingData = z.infer<typeof staffingFileSchema>;
export type OfficerField = StaffingData['fields'][number];
export type SectorFields = StaffingData['sectors'][number];
export type LocalName = StaffingData['fields'][number]['name'];

export interface StaffingDataIssue {
  /** Dotted path in the document, e.g. `sectors.3.fields.0`; '' for the whole document. */
  readonly path: string;
  readonly message: string;
}

export type StaffingParseResult =
  | { readonly ok: true; readonly value: StaffingData }
  | { readonly ok: false; readonly issues: readonly StaffingDataIssue[] };

/** Checks the data file: its shape, then that every code it refers to exists, once. */
export function parseStaffingData(json: unknown): StaffingParseResult {
  const parsed = staffingFileSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  const data = parsed.data;
  const issues: StaffingDataIssue[] = [];
  const duplicates = (list: readonly string[], path: string, what: string) => {
    list.forEach((c, i) => {
      if (list.indexOf(c) !== i)
        issues.push({ path: `${path}.${i}`, message: `${what} ${c} twice` });
    });
  };
  duplicates(
    data.offices2025.map((o) => o.code),
    'offices2025',
    'office',
  );
  duplicates(
    data.fields.map((f) => f.code),
    'fields',
    'field',
  );
  duplicates(
    data.sectors.map((s) => s.sector),
    'sectors',
    'sector',
  );
  const offices = new Set(data.offices2025.map((o) => o.code));
  data.fields.forEach((f, i) => {
    if (!offices.has(f.office2025))
      issues.push({
        path: `fields.${i}.office2025`,
        message: `unknown office ${f.office2025}`,
      });
  });
  const fields = new Set(data.fields.map((f) => f.code));
  data.sectors.forEach((s, i) => {
    s.fields.forEach((f, j) => {
      if (!fields.has(f))
        issues.push({ path: `sectors.${i}.fields.${j}`, message: `unknown field ${f}` });
    });
  });
  return issues.length === 0 ? { ok: true, value: data } : { ok: false, issues };
}

export function parseStaffingDataJson(json: string): StaffingParseResult {
  try {
    return parseStaffingData(JSON.parse(json) as unknown);
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `is not JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
}

export const fieldOf = (data: StaffingData, code: string): OfficerField | undefined =>
  data.fields.find((f) => f.code === code);

export const sectorOf = (data: StaffingData, sector: string): SectorFields | undefined =>
  data.sectors.find((s) => s.sector === sector);

/** Why an officer may not be given a field; null when they may. */
export function fieldRefusal(
  data: StaffingData,
  role: Role,
  field: string | null,
): 'field_unknown' | 'field_not_officer' | null {
  if (field !== null && fieldOf(data, field) === undefined) return 'field_unknown';
  if (field !== null && !isOfficerRole(role)) return 'field_not_officer';
  return null;
}

/**
 * An officer's part in a dossier: they decide it (it is assigned to them), or they only
 * received it at the desk.
 */
export type Task = 'processing' | 'reception';

export type Coverage = 'covered' | 'outside' | 'not_judged';

/**
 * Whether an officer of `field` may do `task` on a dossier of `sector`. Not judged: an officer
 * without a field, a field or sector the data does not know, or a sector no field handles
 * (residence: the commune police). The one-stop desk receives every sector; an officer of the
 * sector's own field may receive its dossiers too (small communes seat them at the desk).
 */
export function coverage(
  data: StaffingData,
  field: string | null,
  sector: string | null,
  task: Task,
): Coverage {
  if (field === null || sector === null) return 'not_judged';
  const officerField = fieldOf(data, field);
  const sectorFields = sectorOf(data, sector);
  if (officerField === undefined || sectorFields === undefined) return 'not_judged';
  if (sectorFields.fields.length === 0) return 'not_judged';
  if (sectorFields.fields.includes(field)) return 'covered';
  return task === 'reception' && officerField.receivesAll ? 'covered' : 'outside';
}

/** An officer's dossiers of one sector in the period: decided by them, or only received. */
export interface SectorWork {
  readonly sector: string | null;
  readonly processing: number;
  readonly receptionOnly: number;
}

export interface OfficerMismatch {
  /** Their dossiers of the period (each counted once). */
  readonly handled: number;
  /** Of them, outside their field. */
  readonly outside: number;
  /** outside / handled; null without dossiers. */
  readonly share: number | null;
  /** The sectors outside their field, most dossiers first. */
  readonly sectors: readonly { readonly sector: string; readonly count: number }[];
}

export function officerMismatch(
  data: StaffingData,
  field: string | null,
  work: readonly SectorWork[],
): OfficerMismatch {
  const bySector = new Map<string, number>();
  let handled = 0;
  for (const w of work) {
    handled += w.processing + w.receptionOnly;
    const outside =
      (coverage(data, field, w.sector, 'processing') === 'outside' ? w.processing : 0) +
      (coverage(data, field, w.sector, 'reception') === 'outside' ? w.receptionOnly : 0);
    if (outside > 0 && w.sector !== null)
      bySector.set(w.sector, (bySector.get(w.sector) ?? 0) + outside);
  }
  const sectors = [...bySector]
    .map(([sector, count]) => ({ sector, count }))
    .sort((a, b) => b.count - a.count || a.sector.localeCompare(b.sector));
  const outside = sectors.reduce((s, x) => s + x.count, 0);
  return { handled, outside, share: handled === 0 ? null : outside / handled, sectors };
}

/** A sector a commune received dossiers of while none of its officers is of a field for it. */
export interface FieldGap {
  readonly sector: string;
  /** The fields that would handle it. */
  readonly fields: readonly string[];
  readonly received: number;
}

export function fieldGaps(
  data: StaffingData,
  /** The fields of the commune's active officers (null: not set). */
  officerFields: readonly (string | null)[],
  received: readonly { readonly sector: string | null; readonly count: number }[],
): FieldGap[] {
  const have = new Set(officerFields.filter((f): f is string => f !== null));
  const bySector = new Map<string, number>();
  for (const r of received)
    if (r.sector !== null && r.count > 0)
      bySector.set(r.sector, (bySector.get(r.sector) ?? 0) + r.count);
  const gaps: FieldGap[] = [];
  for (const [sector, count] of bySector) {
    const fields = sectorOf(data, sector)?.fields ?? [];
    if (fields.length > 0 && !fields.some((f) => have.has(f)))
      gaps.push({ sector, fields, received: count });
  }
  return gaps.sort((a, b) => b.received - a.received || a.sector.localeCompare(b.sector));
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export type LoadFlag = 'high' | 'low' | 'no_officers';

export interface UnitLoad {
  readonly unitCode: string;
  /** Active officer accounts of the unit. */
  readonly officers: number;
  /** Dossiers received in the period that the unit decides. */
  readonly received: number;
}

export interface RankedUnit extends UnitLoad {
  /** 1 = the most dossiers per officer (a commune without officers but with dossiers first). */
  readonly rank: number;
  /** received / officers; null without officers. */
  readonly perOfficer: number | null;
  readonly flag: LoadFlag | null;
}

/**
 * Ranks units by dossiers per officer and flags those far from the province's median (over the
 * units with officers): above `high` × median, too few officers; below `low` × median, too
 * many. A unit with dossiers and no officer is flagged as such. With a median of 0 (most
 * units received nothing), no unit is flagged high or low: there is no norm to compare with.
 */
export function rankUnits(
  units: readonly UnitLoad[],
  thresholds: { readonly high: number; readonly low: number },
): { median: number | null; units: RankedUnit[] } {
  const perOfficer = (u: UnitLoad) => (u.officers > 0 ? u.received / u.officers : null);
  const mid = median(units.map(perOfficer).filter((r): r is number => r !== null));
  const flagOf = (u: UnitLoad, ratio: number | null): LoadFlag | null => {
    if (ratio === null) return u.received > 0 ? 'no_officers' : null;
    if (mid === null || mid <= 0) return null;
    if (ratio > thresholds.high * mid) return 'high';
    if (ratio < thresholds.low * mid) return 'low';
    return null;
  };
  const order = (u: UnitLoad) => {
    const ratio = perOfficer(u);
    return ratio === null ? (u.received > 0 ? Number.POSITIVE_INFINITY : -1) : ratio;
  };
  const ranked = [...units].sort(
    (a, b) =>
      order(b) - order(a) || b.received - a.received || a.unitCode.localeCompare(b.unitCode),
  );
  return {
    median: mid,
    units: ranked.map((u, i) => {
      const ratio = perOfficer(u);
      return { ...u, rank: i + 1, perOfficer: ratio, flag: flagOf(u, ratio) };
    }),
  };
}
