// The procedure catalogue (danh mục thủ tục hành chính). The province hub owns it and every
// commune holds a copy (DESIGN §3.2). A procedure is a series of versions: a version is never
// edited once published, a change of law is a new version with its own validity, and a dossier
// is judged by the version in force on the Vietnam-local day it was received (DESIGN §3.5).
import { z } from 'zod';
import type { Channel } from './dossier-status.js';
import { processingTimeUnits, type ProcessingTime } from './processing-time.js';
import { foldVietnamese } from './text-fold.js';

export const procedureEventTypes = {
  versionPublished: 'procedure.version_published',
} as const;

/**
 * National procedure codes as the national portal prints them: a digit, a dot and six digits
 * (1.001193 khai sinh, 2.000528 khai sinh có yếu tố nước ngoài, 3.000322 …). Provincial
 * variants that append the province (1.012796.H36) are catalogued under the national code.
 */
export const procedureCodePattern = /^\d\.\d{6}$/;
/** Codes of fees, components and sectors: short, stable, typeable in a spreadsheet. */
export const itemCodePattern = /^[a-z][a-z0-9_]{0,39}$/;
const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

export const procedureLevels = ['commune', 'province'] as const;
export type ProcedureLevel = (typeof procedureLevels)[number];

export const onlineLevels = [
  'none',
  'partial', // dịch vụ công trực tuyến một phần: some step needs the applicant in person
  'full', // toàn trình: filed, paid and returned online
] as const;
export type OnlineLevel = (typeof onlineLevels)[number];

export const feeBases = [
  'per_dossier', // once per dossier
  'per_copy', // per copy requested (bản sao trích lục: 8.000 đồng/bản)
  'late_registration', // only when a registration is filed after its legal window (quá hạn)
] as const;
export type FeeBasis = (typeof feeBases)[number];

/**
 * Why a fee is waived. A closed list, because the desk has to know how to establish each one:
 * an exemption is a rule that needs evidence (a poor-household list, a disability certificate),
 * not free text a province can invent on the fly.
 */
export const feeExemptions = {
  // Law 60/2014/QH13 art. 11(1)(b): on-time birth and death registration is free.
  on_time_registration: { nameVi: 'Đăng ký đúng hạn', nameEn: 'Registered within the time limit' },
  // Law 60/2014/QH13 art. 11(1)(a).
  meritorious_family: {
    nameVi: 'Người thuộc gia đình có công với cách mạng',
    nameEn: 'Family of a person with meritorious service to the revolution',
  },
  poor_household: { nameVi: 'Người thuộc hộ nghèo', nameEn: 'Member of a poor household' },
  disability: { nameVi: 'Người khuyết tật', nameEn: 'Person with a disability' },
  // Several provincial People's Councils waive fees for dossiers filed online.
  online_filing: { nameVi: 'Nộp hồ sơ trực tuyến', nameEn: 'Filed online' },
} as const satisfies Record<string, { nameVi: string; nameEn: string }>;
export type FeeExemption = keyof typeof feeExemptions;
export const feeExemptionCodes = Object.keys(feeExemptions) as [FeeExemption, ...FeeExemption[]];

/** Where a component may come from instead of paper (khai thác dữ liệu thay giấy tờ). */
export const dataSources = [
  'population_db', // Cơ sở dữ liệu quốc gia về dân cư
  'civil_status_db', // Cơ sở dữ liệu hộ tịch điện tử
  'e_data_store', // Kho quản lý dữ liệu điện tử của tổ chức, cá nhân
] as const;
export type DataSource = (typeof dataSources)[number];

export interface Sector {
  /** Lĩnh vực, e.g. ho_tich. */
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
}

export interface FeeRule {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  /** Whole đồng; 0 when the rule exists only to be listed (e.g. free on time). */
  readonly amountVnd: number;
  readonly basis: FeeBasis;
  /** Exemptions that waive this rule; the first one that applies is reported. */
  readonly exemptions: readonly FeeExemption[];
}

/** A document of the dossier (thành phần hồ sơ). */
export interface Component {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly required: boolean;
  /** Sources the officer may look the data up in instead of asking for paper; empty = paper. */
  readonly reusableFromData: readonly DataSource[];
  /** Number of copies, when the procedure asks for more than one. */
  readonly copies?: number;
}

export interface Channels {
  readonly inPerson: boolean;
  readonly online: OnlineLevel;
  readonly postal: boolean;
}

export interface ProcedureVersion {
  readonly code: string;
  /** 1, 2, 3 … in order of validFrom. */
  readonly version: number;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly sector: Sector;
  readonly level: ProcedureLevel;
  readonly processingTime: ProcessingTime;
  /** Longer limit when facts must be verified (cần xác minh), e.g. marriage: 5 working days. */
  readonly verificationTime: ProcessingTime | null;
  /**
   * Calendar days after the event within which the registration is due (birth 60, death 15);
   * later filings are late and pay `late_registration` fees. Null when no such window exists.
   */
  readonly registrationWindowDays: number | null;
  readonly fees: readonly FeeRule[];
  readonly components: readonly Component[];
  readonly channels: Channels;
  /** Accepted at any center of the province (phi địa giới hành chính, NĐ 118/2025 art. 14). */
  readonly nonTerritorial: boolean;
  readonly legalBasis: readonly string[];
  /** First day in force, Vietnam-local, YYYY-MM-DD. */
  readonly validFrom: string;
  /**
   * Last day in force (inclusive), or null: in force until a later version takes over.
   * A later version's validFrom ends an open-ended version the day before.
   */
  readonly validTo: string | null;
  /** What the citizen receives, e.g. Giấy khai sinh. */
  readonly resultNameVi: string;
  /** Code and name checked against a published source. */
  readonly confirmed: boolean;
  /** Where the data comes from and what is still to be checked. */
  readonly sourceNote: string;
}

// ---------------------------------------------------------------------------------------------
// Schema. Every message is a message key (i18n/messages-vi.ts) so that problems reach the
// officer in their language; the domain cannot import the catalogue, the application checks.

function isRealDate(text: string): boolean {
  const [y = NaN, m = NaN, d = NaN] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const isoDate = z
  .string()
  .refine((s) => isoDatePattern.test(s) && isRealDate(s), { error: 'field.date_format' });

// List items travel in spreadsheet cells one per line with their parts split by "|" (see
// catalogue-io.ts), so a name may hold neither; refusing them here keeps every valid version
// exportable and re-importable unchanged.
const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .normalize('NFC')
    .min(1, 'field.required')
    .max(max)
    .refine((s) => !/[|\r\n]/.test(s), { error: 'catalogue.single_line' });

const itemCode = z.string().trim().regex(itemCodePattern, { error: 'catalogue.item_code_format' });

export const processingTimeSchema = z
  .strictObject({
    value: z.number().int().min(0).max(3650),
    unit: z.enum(processingTimeUnits),
  })
  .superRefine((t, ctx) => {
    // One spelling per meaning, so that two equal versions compare equal.
    if ((t.unit === 'same_day') !== (t.value === 0))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'catalogue.same_day_value' });
  });

const sectorSchema = z.strictObject({
  code: itemCode,
  nameVi: singleLine(200),
  nameEn: singleLine(200),
});

const feeRuleSchema = z
  .strictObject({
    code: itemCode,
    nameVi: singleLine(500),
    nameEn: singleLine(500),
    amountVnd: z.number().int().min(0).max(1_000_000_000),
    basis: z.enum(feeBases),
    exemptions: z.array(z.enum(feeExemptionCodes)).max(feeExemptionCodes.length),
  })
  .superRefine((rule, ctx) => {
    if (rule.basis !== 'late_registration' && rule.exemptions.includes('on_time_registration'))
      ctx.addIssue({
        code: 'custom',
        path: ['exemptions'],
        message: 'catalogue.on_time_needs_late_basis',
      });
    if (new Set(rule.exemptions).size !== rule.exemptions.length)
      ctx.addIssue({ code: 'custom', path: ['exemptions'], message: 'catalogue.duplicate_value' });
  });

const componentSchema = z.strictObject({
  code: itemCode,
  nameVi: singleLine(2000),
  nameEn: singleLine(2000),
  required: z.boolean(),
  reusableFromData: z.array(z.enum(dataSources)).max(dataSources.length),
  copies: z.number().int().min(1).max(99).exactOptional(),
});

const channelsSchema = z.strictObject({
  inPerson: z.boolean(),
  online: z.enum(onlineLevels),
  postal: z.boolean(),
});

/** Codes in a list must be unique: fees and components are referred to by code. */
function uniqueCodes(
  items: readonly { code: string }[],
  path: string,
  ctx: z.core.$RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code))
      ctx.addIssue({
        code: 'custom',
        path: [path, i, 'code'],
        message: 'catalogue.duplicate_item_code',
        params: { code: item.code },
      });
    seen.add(item.code);
  });
}

export const procedureVersionSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(procedureCodePattern, { error: 'catalogue.procedure_code_format' }),
    version: z.number().int().min(1).max(9999),
    nameVi: singleLine(2000),
    nameEn: singleLine(2000),
    sector: sectorSchema,
    level: z.enum(procedureLevels),
    processingTime: processingTimeSchema,
    verificationTime: processingTimeSchema.nullable(),
    registrationWindowDays: z.number().int().min(1).max(3650).nullable(),
    fees: z.array(feeRuleSchema).max(50),
    components: z.array(componentSchema).max(100),
    channels: channelsSchema,
    nonTerritorial: z.boolean(),
    legalBasis: z.array(singleLine(500)).min(1).max(100),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    resultNameVi: singleLine(500),
    confirmed: z.boolean(),
    sourceNote: z.string().trim().normalize('NFC').max(4000),
  })
  .superRefine((v, ctx) => {
    if (v.validTo !== null && v.validTo < v.validFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['validTo'],
        message: 'catalogue.valid_to_before_from',
      });
    if (!v.channels.inPerson && !v.channels.postal && v.channels.online === 'none')
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'catalogue.no_channel' });
    uniqueCodes(v.fees, 'fees', ctx);
    uniqueCodes(v.components, 'components', ctx);
  });

/**
 * The part of a published version that the catalogue's projection stores in columns. The whole
 * version was checked by procedureVersionSchema before it was published; the projector checks
 * only what it reads, because a catalogue of 2,267 procedures re-parsed in full on every append
 * would cost the import a second or more.
 */
export const projectedVersionSchema = z.looseObject({
  code: z.string().regex(procedureCodePattern),
  version: z.number().int().min(1),
  nameVi: z.string(),
  nameEn: z.string(),
  sector: z.looseObject({ code: z.string() }),
  level: z.enum(procedureLevels),
  nonTerritorial: z.boolean(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

// The schema and the documented type must agree: what the schema produces is a ProcedureVersion,
// and every ProcedureVersion passes the schema's input type. A change to one without the other
// fails the type check rather than a test.
export type ParsedProcedureVersion = z.output<typeof procedureVersionSchema>;
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type Holds<T extends true> = T;
export type _SchemaProducesType = Holds<
  ParsedProcedureVersion extends ProcedureVersion ? true : false
>;
export type _TypeFitsSchema = Holds<
  ProcedureVersion extends DeepReadonly<z.input<typeof procedureVersionSchema>> ? true : false
>;

// ---------------------------------------------------------------------------------------------
// Dates

/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The Vietnam-local calendar day of an instant, YYYY-MM-DD. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000;
}

function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Versions over time

/**
 * The version of one procedure in force on a day: the highest version whose validFrom is on or
 * before that day, unless its own validTo has passed. `on` is an instant (a dossier's receipt,
 * turned into the Vietnam-local day) or a Vietnam-local YYYY-MM-DD.
 */
export function versionInForce<
  V extends Pick<ProcedureVersion, 'version' | 'validFrom' | 'validTo'>,
>(versions: readonly V[], on: Date | string): V | undefined {
  const day = typeof on === 'string' ? on : vietnamDate(on);
  let best: V | undefined;
  for (const v of versions) {
    if (v.validFrom <= day && (best === undefined || v.version > best.version)) best = v;
  }
  if (best === undefined || (best.validTo !== null && best.validTo < day)) return undefined;
  return best;
}

/** The last day a version is in force, given the versions after it (null: open-ended). */
export function effectiveValidTo(
  version: Pick<ProcedureVersion, 'version' | 'validTo'>,
  versions: readonly Pick<ProcedureVersion, 'version' | 'validFrom'>[],
): string | null {
  const next = versions
    .filter((v) => v.version > version.version)
    .reduce<string | null>(
      (min, v) => (min === null || v.validFrom < min ? v.validFrom : min),
      null,
    );
  const endByNext = next === null ? null : addDays(next, -1);
  if (version.validTo === null) return endByNext;
  if (endByNext === null) return version.validTo;
  return version.validTo < endByNext ? version.validTo : endByNext;
}

export interface VersionConflict {
  readonly version: number;
  readonly other: number;
  /** `order`: a higher version starts no later than a lower one; `overlap`: explicit end too late. */
  readonly kind: 'order' | 'overlap';
}

/**
 * Checks the versions of one procedure code against each other: versions must start in the
 * order of their numbers, and an explicit validTo must end before the next version starts (an
 * open-ended version simply gives way). Returns every conflict, reported on the later version.
 */
export function versionConflicts(
  versions: readonly Pick<ProcedureVersion, 'version' | 'validFrom' | 'validTo'>[],
): VersionConflict[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const conflicts: VersionConflict[] = [];
  for (const [i, next] of sorted.entries()) {
    const prev = sorted[i - 1];
    if (prev === undefined) continue;
    if (next.validFrom <= prev.validFrom)
      conflicts.push({ version: next.version, other: prev.version, kind: 'order' });
    else if (prev.validTo !== null && prev.validTo >= next.validFrom)
      conflicts.push({ version: next.version, other: prev.version, kind: 'overlap' });
  }
  return conflicts;
}

// ---------------------------------------------------------------------------------------------
// Fees

export interface FeeRequest {
  /** Exemptions the desk has established for this applicant and dossier. */
  readonly exemptions: readonly string[];
  /** Filed after the registration window (see isLateRegistration). */
  readonly late: boolean;
  /** Copies requested, for `per_copy` rules. */
  readonly copies: number;
}

export interface FeeLine {
  readonly feeCode: string;
  readonly amountVnd: number;
  /** The exemption that waived this line, when one did. */
  readonly exemptBy?: FeeExemption;
}

export interface FeeAssessment {
  readonly totalVnd: number;
  /** One line per fee rule, in the catalogue's order, including waived ones (shown as 0). */
  readonly lines: readonly FeeLine[];
}

/** What a dossier owes under a version's fee rules. */
export function computeFee(
  version: Pick<ProcedureVersion, 'fees'>,
  request: FeeRequest,
): FeeAssessment {
  if (!Number.isInteger(request.copies) || request.copies < 0)
    throw new RangeError(`copies must be a whole number ≥ 0, got ${request.copies}`);
  const established = new Set(request.exemptions);
  const lines = version.fees.map((rule): FeeLine => {
    if (rule.basis === 'late_registration' && !request.late)
      return { feeCode: rule.code, amountVnd: 0, exemptBy: 'on_time_registration' };
    const waiver = rule.exemptions.find((e) => established.has(e));
    if (waiver !== undefined) return { feeCode: rule.code, amountVnd: 0, exemptBy: waiver };
    const units = rule.basis === 'per_copy' ? request.copies : 1;
    return { feeCode: rule.code, amountVnd: rule.amountVnd * units };
  });
  return { totalVnd: lines.reduce((sum, l) => sum + l.amountVnd, 0), lines };
}

/**
 * Whether a registration (birth, death) received on `receivedOn` is late for an event on
 * `eventOn`: the window counts calendar days from the day after the event (Law 60/2014/QH13
 * art. 15: "trong thời hạn 60 ngày kể từ ngày sinh con"). Both days are Vietnam-local.
 */
export function isLateRegistration(
  version: Pick<ProcedureVersion, 'registrationWindowDays'>,
  eventOn: string,
  receivedOn: string,
): boolean {
  if (version.registrationWindowDays === null) return false;
  return dayNumber(receivedOn) - dayNumber(eventOn) > version.registrationWindowDays;
}

/** Whether a dossier of this version may be received through a channel. */
export function acceptsChannel(
  version: Pick<ProcedureVersion, 'channels'>,
  channel: Channel,
): boolean {
  switch (channel) {
    case 'in_person':
      return version.channels.inPerson;
    case 'online':
      return version.channels.online !== 'none';
    case 'postal':
      return version.channels.postal;
  }
}

// ---------------------------------------------------------------------------------------------
// Search

/**
 * The words of a text as search compares them: folded (no diacritics, lower case) and split on
 * anything but letters, digits and the dots inside a code. Whole words are compared, because
 * folding makes short syllables collide: "tử" and "tục" fold to "tu" and "tuc", and "khai tử"
 * must not find every "thủ tục".
 */
export function searchWords(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^a-z0-9.]+/)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w !== '');
}

/** What the catalogue stores to search a version: its words between spaces, " 1.001193 thu … ". */
export function procedureSearchText(
  version: Pick<ProcedureVersion, 'code' | 'nameVi' | 'nameEn'>,
): string {
  return ` ${searchWords(`${version.code} ${version.nameVi} ${version.nameEn}`).join(' ')} `;
}
