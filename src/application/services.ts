// What every use case may reach: storage, reference data, the clock and the node's identity.
// Built once by the composition root (cli/serve.ts) and by tests, never by a use case.
import type { AdminUnitIndex } from '../domain/admin-units.js';
import type { Storage } from '../storage/storage.js';
import type { PasswordHasher } from './passwords.js';

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
}

export interface Services {
  readonly storage: Storage;
  readonly units: UnitDirectory;
  readonly clock: () => Date;
  readonly passwords: PasswordHasher;
  readonly node: NodeIdentity;
  readonly sessionHours: number;
}

/** Facts about the request that the audit trail keeps. */
export interface RequestMeta {
  readonly ip: string | null;
}

export function nodeIdentity(
  units: UnitDirectory,
  role: NodeIdentity['role'],
  unitCode: string,
): NodeIdentity {
  const unit = units.unit(unitCode);
  if (unit === undefined) throw new Error(`Unknown unit code ${unitCode}`);
  return { role, unitCode, provinceCode: unit.provinceCode, unitName: unit.name };
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
