// What every use case may reach: storage, reference data, the clock and the node's identity.
// Built once by the composition root (cli/serve.ts) and by tests, never by a use case.
import type { AdminUnitIndex } from '../domain/admin-units.js';
import type { Storage } from '../storage/storage.js';
import type { Lang } from '../i18n/languages.js';
import type { PhoneChannel } from '../domain/notifications.js';
import type { StaffingData } from '../domain/staffing.js';
import type { DeskReferences } from './desk-references.js';
import type { PasswordHasher } from './passwords.js';
import type { SealSecrets } from './seal.js';

/** The narrow view of the administrative-unit catalogue that use cases need. */
export interface UnitDirectory {
  unit(
    code: string,
  ): { readonly code: string; readonly name: string; readonly provinceCode: string } | undefined;
  /** Codes of the commune-level units of a province. */
  communeCodesOf(provinceCode: string): readonly string[];
}

export interface NodeIdentity {
  readonly role: 'commune' | 'province';
  readonly unitCode: string;
  readonly provinceCode: string;
  readonly unitName: string;
  /** Electronic identifier of the receiving agency (mã định danh điện tử) that dossier codes begin with. */
  readonly agencyId: string;
  /** Address citizens reach this node at; the receipt's QR code opens its tracking page. */
  readonly publicUrl: string;
  readonly profile: UnitProfile;
}

/** What documents print about the unit beyond its name (data/desk/unit-profiles.json). */
export interface UnitProfile {
  readonly phone: string | null;
  /** Account that receives fees by transfer (VietQR on the receipt); null for cash only. */
  readonly bankTransfer: {
    readonly bin: string;
    readonly accountNumber: string;
    readonly bankName: string;
    readonly accountName: string;
  } | null;
  /** Capacity lines above a leader's signature, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]. */
  readonly signerTitle: readonly string[];
}

export const defaultUnitProfile: UnitProfile = {
  phone: null,
  bankTransfer: null,
  signerTitle: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'],
};

export interface Services {
  readonly storage: Storage;
  readonly units: UnitDirectory;
  readonly clock: () => Date;
  readonly passwords: PasswordHasher;
  readonly node: NodeIdentity;
  readonly sessionHours: number;
  /** The catalogue and the working calendar, as the desk needs them. */
  readonly desk: DeskReferences;
  /** First three digits of valid citizen ID numbers (the 63 pre-2025 provinces). */
  readonly cccdPrefixes: ReadonlySet<string>;
  /** The keys this node seals civil-status certificates with (none: printed without a seal). */
  readonly seals?: SealSecrets;
  /** Where a certificate's QR code sends a phone to verify it: the province portal. */
  readonly verifyBaseUrl?: string;
  /** Which channel carries the applicant's notifications to a phone (default SMS). */
  readonly notifyPhoneChannel?: PhoneChannel;
  /** Officers' fields and the sectors each handles (data/staffing); the staffing page needs it. */
  readonly staffing?: StaffingData;
}

/** Facts about the request that the audit trail keeps. */
export interface RequestMeta {
  readonly ip: string | null;
  /** The request's language, where a use case writes to someone in it (an online filing). */
  readonly lang?: Lang;
}

export function nodeIdentity(
  units: UnitDirectory,
  role: NodeIdentity['role'],
  unitCode: string,
  extra: { agencyId?: string; publicUrl?: string; profile?: UnitProfile } = {},
): NodeIdentity {
  const unit = units.unit(unitCode);
  if (unit === undefined) throw new Error(`Unknown unit code ${unitCode}`);
  return {
    role,
    unitCode,
    provinceCode: unit.provinceCode,
    unitName: unit.name,
    agencyId: extra.agencyId ?? unitCode,
    publicUrl: (extra.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
    profile: extra.profile ?? defaultUnitProfile,
  };
}

/** The use cases' view of the full administrative-unit index. */
export function unitDirectory(index: AdminUnitIndex): UnitDirectory {
  return {
    unit(code) {
      const unit = index.unit(code);
      if (unit === undefined) return undefined;
      return {
        code: unit.code,
        name: unit.name,
        provinceCode: unit.kind === 'province' ? unit.code : unit.provinceCode,
      };
    },
    communeCodesOf: (provinceCode) => index.communesOf(provinceCode).map((c) => c.code),
  };
}
