// What the desk needs from the procedure catalogue and the working calendar, as narrow
// interfaces: the dossier use cases do not care how either is stored or computed.
import type { Kysely } from 'kysely';
import type { DossierFee, Pause } from '../domain/dossiers.js';
import type { ProcessingTime } from '../domain/processing-time.js';
import type { Database } from '../storage/schema.js';
import type { WorkingCalendar } from '../domain/working-calendar.js';

export interface DeskComponent {
  readonly code: string;
  readonly name: string;
  readonly required: boolean;
  /** May come from existing data (population, civil-status database) instead of paper. */
  readonly reusableFromData: boolean;
}

/** The version of a procedure in force on a given day, as the desk uses it. */
export interface DeskProcedure {
  readonly code: string;
  readonly version: number;
  readonly name: string;
  readonly nameEn: string;
  readonly level: 'commune' | 'province';
  readonly processingTime: ProcessingTime;
  readonly nonTerritorial: boolean;
  readonly channels: {
    readonly inPerson: boolean;
    readonly online: 'none' | 'partial' | 'full';
    readonly postal: boolean;
  };
  readonly components: readonly DeskComponent[];
  /** Exemption codes the applicant may claim, with their Vietnamese names. */
  readonly exemptions: readonly { readonly code: string; readonly name: string }[];
  fee(input: {
    readonly exemptions: readonly string[];
    readonly late: boolean;
    readonly copies: number;
  }): DossierFee;
}

export interface DeadlineAnswer {
  readonly dueAt: string;
  readonly overdue: boolean;
}

export interface DeskReferences {
  /** Every procedure in force on `localDate`, for the desk to choose from, by code. */
  listInForce(db: Kysely<Database>, localDate: string): Promise<DeskProcedure[]>;
  /** The version in force on `localDate` (YYYY-MM-DD, Vietnam time), or undefined. */
  procedureInForce(
    db: Kysely<Database>,
    code: string,
    localDate: string,
  ): Promise<DeskProcedure | undefined>;
  /** The due date of a dossier of the province, given when the clock started and its pauses. */
  deadline(
    db: Kysely<Database>,
    input: {
      readonly provinceCode: string;
      readonly processingTime: ProcessingTime;
      readonly receivedAt: string;
      readonly pauses: readonly Pause[];
      readonly now: string;
    },
  ): Promise<DeadlineAnswer>;
  /** The province's working calendar as this node holds it (directives count days on it). */
  calendar(db: Kysely<Database>, provinceCode: string): Promise<WorkingCalendar>;
}
