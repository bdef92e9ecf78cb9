// The province's link to the national public-service portal (Cổng Dịch vụ công quốc gia,
// domain-notes §1.2 and §8): the provincial TTHC system syncs each dossier's status,
// timestamps and result to it. This module says what one update carries, which events make
// one, and how an update's delivery moves. Pure: the caller passes in the states and the time.
import { dossierStatuses, channels, type DossierStatus } from './dossier-status.js';
import type { DossierState, ResultDelivery } from './dossiers.js';
import { interlinkRetryPolicy, retryDelayMs, type RetryPolicy } from './interlink.js';

/** How the dossier ended, as the portal reports it; null while it is still open. */
export type PortalOutcome = 'approved' | 'refused' | 'stopped' | 'withdrawn';

/**
 * The dossier as the portal sees it at one moment: what an update carries besides its own
 * identity. Field names are ours; a real adapter maps them to the portal's (MaHoSo, MaTTHC,
 * TrangThaiHoSo, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, NgayTra, KenhThucHien …).
 */
export interface PortalDossierRecord {
  /** Mã hồ sơ, `{agency id}-{yyMMdd}-{NNNN}`. */
  readonly dossierCode: string;
  /** The receiving agency's electronic identifier (QCVN 102:2016), the code's first part. */
  readonly receivingAgencyId: string;
  /** Mã thủ tục hành chính, and the catalogue version the dossier is judged by. */
  readonly procedureCode: string;
  readonly procedureVersion: number;
  /** TrangThaiHoSo, 1–10 (dossier-status.ts). */
  readonly statusCode: number;
  readonly status: DossierStatus;
  /** Statuses 5 and 6: the clock stands still (reported as "tạm dừng"). */
  readonly paused: boolean;
  /** 1 in person, 2 online, 3 public postal service. */
  readonly channel: number;
  readonly receivingUnitCode: string;
  readonly competentUnitCode: string;
  /** The unit holding the dossier now (đơn vị đang xử lý). */
  readonly handlingUnitCode: string;
  readonly submittedAt: string | null;
  readonly receivedAt: string | null;
  readonly dueAt: string | null;
  /** The new date of an apology and extension (form 04), when one was issued. */
  readonly extendedDueAt: string | null;
  /** Result ready, or processing ended (refused, withdrawn, stopped). */
  readonly completedAt: string | null;
  readonly returnedAt: string | null;
  readonly result: {
    readonly outcome: PortalOutcome | null;
    /** Why it was refused, stopped or withdrawn. */
    readonly reason: string | null;
    /** Where the applicant receives the result. */
    readonly delivery: ResultDelivery;
  };
}

/** One update, sent once per dossier event that changed the portal's record. */
export interface PortalStatusMessage extends PortalDossierRecord {
  /** The event's id: the same on every retry and on every hub process, the portal's key. */
  readonly messageId: string;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly unitCode: string;
    /** When the step happened at the unit (device time: what deadlines are judged by). */
    readonly occurredAt: string;
  };
  /** The province whose system sends it. */
  readonly provinceCode: string;
  readonly createdAt: string;
}

function outcomeOf(state: DossierState): PortalOutcome | null {
  switch (state.status) {
    case 'result_ready':
    case 'returned':
      return 'approved';
    case 'refused':
    case 'stopped':
    case 'withdrawn':
      return state.status;
    default:
      return null;
  }
}

/** The agency identifier a dossier code starts with (`000.00.14.H56-200203-0118` → `000.00.14.H56`). */
export function agencyIdOfCode(code: string): string {
  return code.replace(/-\d{6}-\d{4,}$/, '');
}

export function portalRecordOf(state: DossierState): PortalDossierRecord {
  const outcome = outcomeOf(state);
  return {
    dossierCode: state.code,
    receivingAgencyId: agencyIdOfCode(state.code),
    procedureCode: state.procedureCode,
    procedureVersion: state.procedureVersion,
    statusCode: dossierStatuses[state.status],
    status: state.status,
    paused: state.status === 'supplement_requested' || state.status === 'awaiting_payment',
    channel: channels[state.channel],
    receivingUnitCode: state.receivingUnitCode,
    competentUnitCode: state.competentUnitCode,
    handlingUnitCode: state.ownerUnitCode,
    submittedAt: state.submittedAt,
    receivedAt: state.receivedAt,
    dueAt: state.dueAt,
    extendedDueAt: state.extendedDueAt,
    completedAt: state.completedAt,
    returnedAt: state.returnedAt,
    result: {
      outcome,
      reason: outcome === null || outcome === 'approved' ? null : state.lastReason,
      delivery: state.resultDelivery,
    },
  };
}

/**
 * The portal's record after a dossier event, or null when the event changed nothing the portal
 * shows (an assignment within status 4, a submission to the leader, a rating): every status
 * change, due date, completion, return and hand-over makes an update.
 */
export function portalUpdateFor(
  before: DossierState | null,
  after: DossierState,
): PortalDossierRecord | null {
  const record = portalRecordOf(after);
  if (before !== null && JSON.stringify(portalRecordOf(before)) === JSON.stringify(record))
    return null;
  return record;
}

// ── Statuses and retries ───────────────────────────────────────────────────────────────────

/**
 * pending → sent; pending or failed (no answer: tried again later, without giving up) → sent
 * or rejected (the portal refused the update: final, shown to the administrator).
 */
export const portalSyncStatuses = ['pending', 'failed', 'sent', 'rejected'] as const;
export type PortalSyncStatus = (typeof portalSyncStatuses)[number];

/** The liên thông back-off: 1 min, 2, 4 … never more than 6 hours apart, never giving up. */
export const portalRetryPolicy: RetryPolicy = interlinkRetryPolicy;

export type PortalSyncResult =
  | { readonly outcome: 'sent'; readonly reference?: string }
  | { readonly outcome: 'rejected'; readonly reason: string }
  | { readonly outcome: 'failed'; readonly error: string };

export interface PortalSyncDelivery {
  readonly status: PortalSyncStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly reference: string | null;
}

const maxErrorLength = 500;

export function afterPortalAttempt(
  current: PortalSyncDelivery,
  result: PortalSyncResult,
  now: Date,
  policy: RetryPolicy = portalRetryPolicy,
): PortalSyncDelivery {
  if (current.status !== 'pending' && current.status !== 'failed')
    throw new RangeError(`A ${current.status} update is not sent again`);
  const attempts = current.attempts + 1;
  switch (result.outcome) {
    case 'sent':
      return {
        status: 'sent',
        attempts,
        nextAttemptAt: null,
        lastError: null,
        reference: result.reference ?? current.reference,
      };
    case 'rejected':
      return {
        status: 'rejected',
        attempts,
        nextAttemptAt: null,
        lastError: result.reason.slice(0, maxErrorLength),
        reference: current.reference,
      };
    case 'failed':
      return {
        status: 'failed',
        attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy)).toISOString(),
        lastError: result.error.slice(0, maxErrorLength),
        reference: current.reference,
      };
  }
}
