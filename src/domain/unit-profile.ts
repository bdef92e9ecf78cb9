// Per-unit facts printed on the desk's documents (see data/desk/unit-profiles.json).
export interface UnitProfileData {
  /** Electronic identifier of the agency (mã định danh điện tử, QCVN 102:2016) that dossier codes begin with. */
  readonly agencyId: string;
  readonly phone: string | null;
  readonly bankTransfer: {
    readonly bin: string;
    readonly accountNumber: string;
    readonly bankName: string;
    readonly accountName: string;
  } | null;
  /** Capacity lines above a leader's signature, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]. */
  readonly signerTitle: readonly string[];
}
