// A dossier (hồ sơ) and its lifecycle at the one-stop desk. The state of a dossier is the fold
// of its events (`reduceDossier`); which action is legal in which status is the table
// `dossierActions`; who may take it is in permissions.ts. Everything here is pure.
import { z } from 'zod';
import type { Channel, DossierStatus } from './dossier-status.js';
import { dossierStatuses } from './dossier-status.js';
import { holds, late } from './dossier-timeliness.js';

export const dossierEventTypes = {
  submittedOnline: 'dossier.submitted_online',
  received: 'dossier.received',
  accepted: 'dossier.accepted',
  refused: 'dossier.refused',
  assigned: 'dossier.assigned',
  supplementRequested: 'dossier.supplement_requested',
  resubmitted: 'dossier.resubmitted',
  paymentRequested: 'dossier.payment_requested',
  paymentRecorded: 'dossier.payment_recorded',
  submittedForApproval: 'dossier.submitted_for_approval',
  approved: 'dossier.approved',
  sentBack: 'dossier.sent_back',
  stopped: 'dossier.stopped',
  withdrawn: 'dossier.withdrawn',
  resultReturned: 'dossier.result_returned',
  extended: 'dossier.extended',
  rated: 'dossier.rated',
  // Ownership moves between units only by these two (DESIGN §3.2): the holder hands the dossier
  // over, and the receiving unit takes it, each in its own chain.
  transferred: 'dossier.transferred',
  transferAccepted: 'dossier.transfer_accepted',
} as const;
export type DossierEventType = (typeof dossierEventTypes)[keyof typeof dossierEventTypes];

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });
const isoDate = z.iso.date();

export const applicantSchema = z.strictObject({
  fullName: z.string().min(1).max(200),
  citizenId: z.string().regex(/^\d{12}$/),
  dateOfBirth: isoDate.nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  phone: z.string().max(20).nullable(),
  email: z.string().max(200).nullable(),
  address: z.string().max(500).nullable(),
  /** The applicant's account on the portal, when filed online by them. */
  accountId: z.string().nullable(),
  /**
   * The language the applicant is written to in (notifications): the page's language when
   * filed online, Vietnamese at the counter unless the officer chose another. Absent from
   * dossiers received before it existed; read as Vietnamese.
   */
  lang: z.enum(['vi', 'en', 'th']).optional(),
});
export type Applicant = z.infer<typeof applicantSchema>;

export const componentStateSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  required: z.boolean(),
  /** Paper or scan handed in. */
  provided: z.boolean(),
  /** Taken from existing data (population or civil-status database) instead of paper. */
  reusedFromData: z.boolean(),
  /** SHA-256 of each attached scan or photo. */
  attachments: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type ComponentState = z.infer<typeof componentStateSchema>;

export const feeLineSchema = z.strictObject({
  feeCode: z.string(),
  name: z.string(),
  amountVnd: z.number().int().min(0),
  exemptBy: z.string().nullable(),
});

export const feeSchema = z.strictObject({
  lines: z.array(feeLineSchema),
  totalVnd: z.number().int().min(0),
  exemptions: z.array(z.string()),
});
export type DossierFee = z.infer<typeof feeSchema>;

export const paymentSchema = z.strictObject({
  method: z.enum(['cash', 'bank_transfer']),
  amountVnd: z.number().int().min(1),
  /** Cash receipt number (biên lai) or the bank transaction reference. */
  reference: z.string().min(1).max(100),
  paidAt: isoInstant,
});
export type Payment = z.infer<typeof paymentSchema>;

/** Where the citizen wants the result (nơi nhận kết quả). */
export const resultDeliverySchema = z.enum([
  'receiving_unit',
  'competent_unit',
  'post',
  'electronic',
]);
export type ResultDelivery = z.infer<typeof resultDeliverySchema>;

const intakeFields = {
  code: z.string().min(1),
  procedureCode: z.string(),
  procedureVersion: z.number().int().min(1),
  procedureName: z.string(),
  receivingUnitCode: z.string(),
  competentUnitCode: z.string(),
  channel: z.enum(['in_person', 'online', 'postal']),
  applicant: applicantSchema,
  components: z.array(componentStateSchema),
  fee: feeSchema,
  resultDelivery: resultDeliverySchema,
  /** Volunteer or officer who filed on the citizen's behalf, with the citizen's consent. */
  assistedBy: z.string().nullable(),
  note: z.string().max(2000),
};

/**
 * A filing a volunteer made on a citizen's behalf (domain-notes §8): who helped, and how the
 * citizen consented and showed who they are. The applicant's ID number is checked as always.
 */
export const assistanceSchema = z.strictObject({
  accountId: z.string(),
  name: z.string().min(1).max(200),
  consent: z.enum(['in_person_id_shown']),
});
export type Assistance = z.infer<typeof assistanceSchema>;

export const submittedOnlinePayload = z.strictObject({
  ...intakeFields,
  assistance: assistanceSchema.optional(),
  /**
   * A civil-status registration filed online: the facts and the declarant as the citizen gave
   * them, checked field by field on submission; the desk registers from them without
   * re-typing (application/civil-inputs.ts civilDraftInput).
   */
  civilDraft: z.record(z.string(), z.unknown()).optional(),
});
export const receivedPayload = z.strictObject({
  ...intakeFields,
  /** When the complete dossier was received: the clock starts here. */
  receivedAt: isoInstant,
  dueAt: isoInstant,
  /** Status right after intake: received, or awaiting payment when a fee is due and unpaid. */
  status: z.enum(['received', 'awaiting_payment', 'refused']),
  refusalReason: z.string().max(2000).nullable(),
});
export const acceptedPayload = z.strictObject({
  receivedAt: isoInstant,
  dueAt: isoInstant,
  awaitingPayment: z.boolean(),
});
export const reasonPayload = z.strictObject({ reason: z.string().min(1).max(2000) });
export const assignedPayload = z.strictObject({
  assigneeId: z.string(),
  assigneeName: z.string(),
  note: z.string().max(2000),
});
export const supplementRequestedPayload = z.strictObject({
  reason: z.string().min(1).max(2000),
  missing: z.array(z.string()).min(1),
});
export const resubmittedPayload = z.strictObject({ dueAt: isoInstant, note: z.string().max(2000) });
export const paymentRequestedPayload = z.strictObject({
  reason: z.string().min(1).max(2000),
  amountVnd: z.number().int().min(1),
});
export const paymentRecordedPayload = z.strictObject({
  payment: paymentSchema,
  dueAt: isoInstant.nullable(),
});
export const approvedPayload = z.strictObject({ note: z.string().max(2000) });
export const resultReturnedPayload = z.strictObject({
  recipientName: z.string().min(1).max(200),
  recipientCitizenId: z
    .string()
    .regex(/^\d{12}$/)
    .nullable(),
  /** The applicant, or their relationship to the applicant (e.g. "mẹ", "được ủy quyền"). */
  relationship: z.string().min(1).max(100),
  delivery: resultDeliverySchema,
});
export const extendedPayload = z.strictObject({
  reason: z.string().min(1).max(2000),
  newDueAt: isoInstant,
});
export const transferredPayload = z.strictObject({
  toUnitCode: z.string().regex(/^\d{5}$|^\d{2}$/),
  /** To the deciding unit after a non-territorial intake, or back for the result to be returned. */
  purpose: z.enum(['to_competent', 'for_return']),
});
export const transferAcceptedPayload = z.strictObject({
  unitCode: z.string().regex(/^\d{5}$|^\d{2}$/),
  fromUnitCode: z.string().regex(/^\d{5}$|^\d{2}$/),
});
export const ratedPayload = z.strictObject({
  rating: z.enum(['satisfied', 'neutral', 'dissatisfied']),
  comment: z.string().max(1000),
});

/** A period during which the deadline clock stood still (supplement awaited). */
export interface Pause {
  readonly from: string;
  readonly to: string | null;
}

export interface DossierState {
  readonly id: string;
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly procedureName: string;
  readonly receivingUnitCode: string;
  readonly competentUnitCode: string;
  readonly channel: Channel;
  readonly status: DossierStatus;
  readonly applicant: Applicant;
  readonly components: readonly ComponentState[];
  readonly fee: DossierFee;
  readonly payments: readonly Payment[];
  readonly resultDelivery: ResultDelivery;
  readonly assistedBy: string | null;
  /** The volunteer's account and the citizen's consent, for an assisted online filing. */
  readonly assistance?: Assistance | null;
  /** Device time the online submission arrived. */
  readonly submittedAt: string | null;
  /** Device time the complete dossier was received: the clock starts here. */
  readonly receivedAt: string | null;
  readonly dueAt: string | null;
  /** New date promised in the apology and extension letter (04), when one was issued. */
  readonly extendedDueAt: string | null;
  readonly pauses: readonly Pause[];
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly pendingApproval: boolean;
  /** Status to go back to once the outstanding payment is recorded. */
  readonly resumeStatus: DossierStatus | null;
  /**
   * The amount asked for by the last payment request (status 6), until it is paid. Absent in
   * states folded before it was kept; the fee still owed is asked for then.
   */
  readonly requestedVnd?: number | null;
  /** The unit that holds the dossier and alone writes its events now (DESIGN §3.2). */
  readonly ownerUnitCode: string;
  /** Handed over to this unit, not yet taken: only the desk's own steps are possible meanwhile. */
  readonly transferPending: boolean;
  readonly transferTo: string | null;
  /** Device time the result was ready (status 9) or processing ended (3, 7, 8). */
  readonly completedAt: string | null;
  readonly returnedAt: string | null;
  readonly rating: 'satisfied' | 'neutral' | 'dissatisfied' | null;
  readonly lastReason: string | null;
  readonly updatedAt: string;
}

/** The actions that move a dossier, and the statuses each may start from. */
export const dossierActions = {
  accept: { from: ['submitted_online'], event: dossierEventTypes.accepted },
  refuse: { from: ['submitted_online'], event: dossierEventTypes.refused },
  assign: { from: ['received', 'processing'], event: dossierEventTypes.assigned },
  request_supplement: { from: ['processing'], event: dossierEventTypes.supplementRequested },
  resubmit: { from: ['supplement_requested'], event: dossierEventTypes.resubmitted },
  request_payment: { from: ['received', 'processing'], event: dossierEventTypes.paymentRequested },
  record_payment: { from: ['awaiting_payment'], event: dossierEventTypes.paymentRecorded },
  submit_for_approval: { from: ['processing'], event: dossierEventTypes.submittedForApproval },
  approve: { from: ['processing'], event: dossierEventTypes.approved },
  send_back: { from: ['processing'], event: dossierEventTypes.sentBack },
  stop: { from: ['processing', 'supplement_requested'], event: dossierEventTypes.stopped },
  withdraw: {
    from: [
      'submitted_online',
      'received',
      'processing',
      'supplement_requested',
      'awaiting_payment',
    ],
    event: dossierEventTypes.withdrawn,
  },
  return_result: { from: ['result_ready'], event: dossierEventTypes.resultReturned },
  extend: {
    from: ['received', 'processing', 'supplement_requested', 'awaiting_payment'],
    event: dossierEventTypes.extended,
  },
  rate: { from: ['returned'], event: dossierEventTypes.rated },
} as const satisfies Record<string, { from: readonly DossierStatus[]; event: DossierEventType }>;
export type DossierAction = keyof typeof dossierActions;
export const dossierActionList = Object.keys(dossierActions) as DossierAction[];

export type TransitionRefusal =
  | 'status' // not allowed from the current status
  | 'transfer_pending' // received for another unit; only the desk's own steps are possible
  | 'not_pending_approval' // approve / send back need a submission for approval
  | 'pending_approval' // the specialist already submitted it; the leader decides first
  | 'not_assigned' // processing steps need an assigned specialist
  | 'already_rated';

/** Whether `action` may be taken on `state` as far as the lifecycle goes (who may is separate). */
export function checkTransition(
  state: DossierState,
  action: DossierAction,
): TransitionRefusal | null {
  const allowed: readonly DossierStatus[] = dossierActions[action].from;
  if (!allowed.includes(state.status)) return 'status';
  const deskOnly: readonly DossierAction[] = [
    'accept',
    'refuse',
    'withdraw',
    'record_payment',
    'resubmit',
    'extend',
  ];
  if (state.transferPending && !deskOnly.includes(action)) return 'transfer_pending';
  switch (action) {
    case 'approve':
    case 'send_back':
      return state.pendingApproval ? null : 'not_pending_approval';
    case 'request_supplement':
    case 'submit_for_approval':
    case 'stop':
      if (state.assigneeId === null) return 'not_assigned';
      return state.pendingApproval && action !== 'stop' ? 'pending_approval' : null;
    case 'assign':
      return state.pendingApproval ? 'pending_approval' : null;
    case 'rate':
      return state.rating === null ? null : 'already_rated';
    default:
      return null;
  }
}

export function statusCode(status: DossierStatus): number {
  return dossierStatuses[status];
}

/** A dossier event as the reducer needs it. */
export interface DossierEventLike {
  readonly type: string;
  readonly entityId: string;
  readonly payload: unknown;
  readonly occurredAt: string;
}

function closePause(pauses: readonly Pause[], at: string): Pause[] {
  return pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
}

function withoutDraft<T extends { civilDraft?: unknown }>(p: T): Omit<T, 'civilDraft'> {
  const { civilDraft: _draft, ...rest } = p;
  return rest;
}

/** The state after `event`; `state` is null for the first event of a dossier. */
export function reduceDossier(state: DossierState | null, event: DossierEventLike): DossierState {
  const at = event.occurredAt;
  if (
    event.type === dossierEventTypes.received ||
    event.type === dossierEventTypes.submittedOnline
  ) {
    const online = event.type === dossierEventTypes.submittedOnline;
    const p = online
      ? {
          ...withoutDraft(submittedOnlinePayload.parse(event.payload)),
          receivedAt: null,
          dueAt: null,
          status: 'submitted_online' as const,
          refusalReason: null,
        }
      : receivedPayload.parse(event.payload);
    const terminal = p.status === 'refused';
    return {
      id: event.entityId,
      code: p.code,
      procedureCode: p.procedureCode,
      procedureVersion: p.procedureVersion,
      procedureName: p.procedureName,
      receivingUnitCode: p.receivingUnitCode,
      competentUnitCode: p.competentUnitCode,
      channel: p.channel,
      status: p.status,
      applicant: p.applicant,
      components: p.components,
      fee: p.fee,
      payments: [],
      resultDelivery: p.resultDelivery,
      assistedBy: p.assistedBy,
      assistance: 'assistance' in p ? (p.assistance ?? null) : null,
      submittedAt: online ? at : null,
      receivedAt: p.receivedAt,
      dueAt: p.dueAt,
      extendedDueAt: null,
      // A fee due at intake holds the clock until it is paid.
      pauses: p.status === 'awaiting_payment' ? [{ from: p.receivedAt, to: null }] : [],
      assigneeId: null,
      assigneeName: null,
      pendingApproval: false,
      resumeStatus: p.status === 'awaiting_payment' ? 'received' : null,
      ownerUnitCode: p.receivingUnitCode,
      transferPending: p.receivingUnitCode !== p.competentUnitCode && !terminal,
      transferTo:
        p.receivingUnitCode !== p.competentUnitCode && !terminal ? p.competentUnitCode : null,
      completedAt: terminal ? at : null,
      returnedAt: null,
      rating: null,
      lastReason: p.refusalReason,
      updatedAt: at,
    };
  }
  if (state === null)
    throw new Error(`Dossier ${event.entityId}: ${event.type} before the dossier was received`);
  const next = (changes: Partial<DossierState>): DossierState => ({
    ...state,
    ...changes,
    updatedAt: at,
  });
  switch (event.type) {
    case dossierEventTypes.accepted: {
      const p = acceptedPayload.parse(event.payload);
      return next({
        status: p.awaitingPayment ? 'awaiting_payment' : 'received',
        resumeStatus: p.awaitingPayment ? 'received' : null,
        pauses: p.awaitingPayment ? [{ from: p.receivedAt, to: null }] : [],
        receivedAt: p.receivedAt,
        dueAt: p.dueAt,
      });
    }
    case dossierEventTypes.refused:
      return next({
        status: 'refused',
        lastReason: reasonPayload.parse(event.payload).reason,
        completedAt: at,
        transferPending: false,
        transferTo: null,
      });
    case dossierEventTypes.assigned: {
      const p = assignedPayload.parse(event.payload);
      return next({ status: 'processing', assigneeId: p.assigneeId, assigneeName: p.assigneeName });
    }
    case dossierEventTypes.supplementRequested: {
      const p = supplementRequestedPayload.parse(event.payload);
      return next({
        status: 'supplement_requested',
        lastReason: p.reason,
        pauses: [...state.pauses, { from: at, to: null }],
      });
    }
    case dossierEventTypes.resubmitted: {
      const p = resubmittedPayload.parse(event.payload);
      return next({ status: 'processing', pauses: closePause(state.pauses, at), dueAt: p.dueAt });
    }
    case dossierEventTypes.paymentRequested: {
      // Status 6 is a pause in the national reports: the clock waits for the applicant.
      const p = paymentRequestedPayload.parse(event.payload);
      return next({
        status: 'awaiting_payment',
        resumeStatus: state.status,
        lastReason: p.reason,
        requestedVnd: p.amountVnd,
        pauses: [...state.pauses, { from: at, to: null }],
      });
    }
    case dossierEventTypes.paymentRecorded: {
      const p = paymentRecordedPayload.parse(event.payload);
      return next({
        requestedVnd: null,
        status: state.resumeStatus ?? 'received',
        resumeStatus: null,
        payments: [...state.payments, p.payment],
        pauses: closePause(state.pauses, at),
        dueAt: p.dueAt ?? state.dueAt,
      });
    }
    case dossierEventTypes.submittedForApproval:
      return next({ pendingApproval: true });
    case dossierEventTypes.approved:
      return next({ status: 'result_ready', pendingApproval: false, completedAt: at });
    case dossierEventTypes.sentBack:
      return next({
        pendingApproval: false,
        lastReason: reasonPayload.parse(event.payload).reason,
      });
    case dossierEventTypes.stopped:
      return next({
        status: 'stopped',
        lastReason: reasonPayload.parse(event.payload).reason,
        completedAt: at,
        pauses: closePause(state.pauses, at),
      });
    case dossierEventTypes.withdrawn:
      return next({
        status: 'withdrawn',
        lastReason: reasonPayload.parse(event.payload).reason,
        completedAt: at,
        transferPending: false,
        transferTo: null,
        pauses: closePause(state.pauses, at),
      });
    case dossierEventTypes.resultReturned:
      resultReturnedPayload.parse(event.payload);
      return next({ status: 'returned', returnedAt: at });
    case dossierEventTypes.extended: {
      const p = extendedPayload.parse(event.payload);
      return next({ extendedDueAt: p.newDueAt, lastReason: p.reason });
    }
    case dossierEventTypes.rated:
      return next({ rating: ratedPayload.parse(event.payload).rating });
    case dossierEventTypes.transferred: {
      const p = transferredPayload.parse(event.payload);
      return next({ transferPending: true, transferTo: p.toUnitCode });
    }
    case dossierEventTypes.transferAccepted: {
      const p = transferAcceptedPayload.parse(event.payload);
      return next({ ownerUnitCode: p.unitCode, transferPending: false, transferTo: null });
    }
    default:
      throw new Error(`Unknown dossier event ${event.type}`);
  }
}

/**
 * Whether the dossier is (or was) late: its completion time, or `now` while it is open, is
 * past its due date. Measured on device times, so a dossier handled on time offline is on time.
 * Pauses are folded into dueAt when the clock resumes; while the clock stands still it is not late.
 */
export function isOverdue(state: DossierState, now: string): boolean {
  // The one rule of lateness (domain/dossier-timeliness.ts), which the dashboard and the
  // reports count by; a refusal at the counter was never received, so never late.
  if (state.status === 'refused') return false;
  return holds(
    late,
    {
      status: state.status,
      channel: state.channel,
      received_at: state.receivedAt,
      due_at: state.dueAt,
      extended_due_at: state.extendedDueAt,
      completed_at: state.completedAt,
    },
    { from: now, asOf: now },
  );
}

/** The local (UTC+7) calendar date of an instant, as YYYY-MM-DD. */
export function vietnamDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The dossier code of DESIGN §4: `{agency id}-{yyMMdd}-{4-digit daily sequence}`, e.g.
 * `000.00.14.H56-200203-0118`. The sequence restarts every day per receiving unit.
 */
export function formatDossierCode(agencyId: string, localDate: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Bad sequence ${sequence}`);
  const yymmdd = localDate.slice(2, 4) + localDate.slice(5, 7) + localDate.slice(8, 10);
  // Four digits as the format says; a 10,000th intake in one day widens rather than wraps.
  return `${agencyId}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}
