// The one-stop desk's use cases: intake at the counter, online submission, every step of the
// lifecycle, reading a dossier, the work queues, public tracking and rating. Each runs inside
// runUseCase (one transaction): validate → authorise → check the lifecycle → append events.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkAttachment } from '../domain/attachments.js';
import { validateCitizenId } from '../domain/citizen-id.js';
import { civilProcedureCodes } from '../domain/civil-status.js';
import { civilDraftInput } from './civil-inputs.js';
import { dossierStatuses, type DossierStatus } from '../domain/dossier-status.js';
import {
  checkTransition,
  dossierActions,
  dossierEventTypes,
  formatDossierCode,
  isOverdue,
  reduceDossier,
  vietnamDate,
  type Applicant,
  type Assistance,
  type ComponentState,
  type DossierAction,
  type DossierFee,
  type DossierState,
  type Pause,
  type Payment,
} from '../domain/dossiers.js';
import type { Action } from '../domain/permissions.js';
import type { DossierRow } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { citizenIdProblems } from './citizen-id-problems.js';
import { notificationsOf, type NotificationView } from './notifications.js';
import { portalSyncOf, type PortalSyncSummary } from './portal-sync.js';
import type { DeskProcedure } from './desk-references.js';
import { AppError, validationError, type FieldProblem } from './errors.js';
import { authorize, type UseCase } from './use-case.js';
import { languages } from '../i18n/languages.js';

const unitCode = z
  .string()
  .trim()
  .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' });
const localDate = z.iso.date({ error: 'field.date_format' });
const hash = z.string().regex(/^[0-9a-f]{64}$/, { error: 'field.invalid_format' });
const text = (max: number) => z.string().trim().normalize('NFC').max(max);
const reason = text(2000).min(1, 'field.required');

export const applicantInput = z.strictObject({
  fullName: text(200).min(1, 'field.required'),
  citizenId: z.string().trim().min(1, 'field.required'),
  dateOfBirth: localDate.optional(),
  sex: z.enum(['male', 'female']).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{8,20}$/, { error: 'field.invalid_format' })
    .optional(),
  email: z.email({ error: 'field.invalid_format' }).max(200).optional(),
  address: text(500).optional(),
  /** The language to write to the applicant in; default: the request's online, else Vietnamese. */
  lang: z.enum(languages).optional(),
});

export const intakeInput = z.strictObject({
  procedureCode: z.string().trim().min(1, 'field.required').max(20),
  competentUnitCode: unitCode,
  applicant: applicantInput,
  components: z
    .array(
      z.strictObject({
        code: z.string().min(1).max(50),
        provided: z.boolean().default(false),
        reusedFromData: z.boolean().default(false),
        attachments: z.array(hash).max(20).default([]),
      }),
    )
    .max(50)
    .default([]),
  exemptions: z.array(z.string().max(50)).max(10).default([]),
  /** Late registration (civil status): the fee rules for late filing apply. */
  late: z.boolean().default(false),
  /** Certified copies of the result requested (bản sao), charged per copy where the catalogue says so. */
  copies: z.number().int().min(0).max(100).default(0),
  /** Paid at the counter at intake. */
  payment: z
    .strictObject({
      method: z.enum(['cash', 'bank_transfer']),
      reference: text(100).min(1, 'field.required'),
    })
    .optional(),
  resultDelivery: z
    .enum(['receiving_unit', 'competent_unit', 'post', 'electronic'])
    .default('receiving_unit'),
  note: text(2000).default(''),
  /** Refuse at intake (form 03) instead of receiving, with the reason. */
  refusal: z.strictObject({ reason }).optional(),
});
export type IntakeInput = z.infer<typeof intakeInput>;

export const onlineSubmissionInput = intakeInput
  .omit({ payment: true, refusal: true, late: true })
  .extend({
    assistedBy: text(200).optional(),
    /**
     * A volunteer filing for a citizen: the citizen agreed, met in person with their ID shown.
     * Required from a volunteer, refused from anyone else; who helped comes from the session.
     */
    assistance: z
      .strictObject({ consent: z.boolean(), method: z.enum(['in_person_id_shown']) })
      .optional(),
    /** With a birth, death or marriage registration: its facts, for the desk to register. */
    civil: civilDraftInput.optional(),
  });

/** What each step of the lifecycle asks for. */
export const transitionInputs = {
  accept: z.strictObject({ note: text(2000).default('') }),
  refuse: z.strictObject({ reason }),
  assign: z.strictObject({
    assigneeId: z.string().min(1, 'field.required'),
    note: text(2000).default(''),
  }),
  request_supplement: z.strictObject({
    reason,
    missing: z.array(text(200).min(1)).min(1, 'field.required').max(20),
  }),
  resubmit: z.strictObject({ note: text(2000).default('') }),
  request_payment: z.strictObject({
    reason,
    amountVnd: z.number().int().min(1).max(1_000_000_000_000),
  }),
  record_payment: z.strictObject({
    method: z.enum(['cash', 'bank_transfer']),
    reference: text(100).min(1, 'field.required'),
  }),
  submit_for_approval: z.strictObject({ note: text(2000).default('') }),
  approve: z.strictObject({ note: text(2000).default('') }),
  send_back: z.strictObject({ reason }),
  stop: z.strictObject({ reason }),
  withdraw: z.strictObject({ reason }),
  return_result: z.strictObject({
    recipientName: text(200).min(1, 'field.required'),
    recipientCitizenId: z
      .string()
      .trim()
      .regex(/^\d{12}$/, { error: 'citizenId.format' })
      .optional(),
    relationship: text(100).min(1, 'field.required'),
    delivery: z
      .enum(['receiving_unit', 'competent_unit', 'post', 'electronic'])
      .default('receiving_unit'),
  }),
  extend: z.strictObject({ reason, newDueDate: localDate }),
} as const satisfies Partial<Record<DossierAction, z.ZodType>>;
export type OfficerAction = keyof typeof transitionInputs;
export const officerActions = Object.keys(transitionInputs) as OfficerAction[];

function today(uc: UseCase): string {
  return vietnamDate(uc.now);
}

/** 17:00 Vietnam time on a local date: the end of the office day an appointment names. */
export function endOfOfficeDay(date: string): string {
  return new Date(`${date}T17:00:00.000+07:00`).toISOString();
}

function dossierSubject(
  uc: UseCase,
  row: Pick<DossierRow, 'unit_code' | 'assignee_id'> & { state: DossierState },
) {
  return {
    unitCode: row.unit_code,
    provinceCode: uc.services.units.unit(row.unit_code)?.provinceCode ?? '',
    assigneeId: row.assignee_id,
    ...(row.state.applicant.accountId === null ? {} : { ownerId: row.state.applicant.accountId }),
  };
}

async function loadDossier(
  uc: UseCase,
  idOrCode: string,
): Promise<{ row: DossierRow; state: DossierState }> {
  const row = await uc.tx.db
    .selectFrom('dossiers')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
    .executeTakeFirst();
  if (row === undefined) throw new AppError('dossier_not_found', { params: { code: idOrCode } });
  return { row, state: JSON.parse(row.state) as DossierState };
}

async function allocateCode(uc: UseCase): Promise<string> {
  const unit = uc.services.node.unitCode;
  const date = today(uc);
  // One statement that both increments and reads: within the transaction's write lock on
  // SQLite, and under the row lock it takes on PostgreSQL, two intakes never get one number,
  // and a rolled-back intake gives its number back with everything else.
  const row = await uc.tx.db
    .insertInto('dossier_code_counters')
    .values({ unit_code: unit, local_date: date, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['unit_code', 'local_date'])
        .doUpdateSet((eb) => ({ last_seq: eb('dossier_code_counters.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return formatDossierCode(uc.services.node.agencyId, date, row.last_seq);
}

interface CheckedIntake {
  readonly procedure: DeskProcedure;
  readonly applicant: Applicant;
  readonly components: ComponentState[];
}

async function checkIntake(
  uc: UseCase,
  input: z.infer<typeof onlineSubmissionInput>,
  channel: 'in_person' | 'online',
  refusing: boolean,
): Promise<CheckedIntake> {
  const problems: FieldProblem[] = [];
  const { services } = uc;
  const idCheck = validateCitizenId(
    input.applicant.citizenId,
    {
      today: today(uc),
      ...(input.applicant.dateOfBirth === undefined
        ? {}
        : { dateOfBirth: input.applicant.dateOfBirth }),
      ...(input.applicant.sex === undefined ? {} : { sex: input.applicant.sex }),
    },
    services.cccdPrefixes,
  );
  if (!idCheck.ok) problems.push(...citizenIdProblems(idCheck.problems, 'applicant.'));

  const competent = services.units.unit(input.competentUnitCode);
  if (competent === undefined)
    problems.push({
      field: 'competentUnitCode',
      reason: 'unit_unknown',
      message: 'field.unit_unknown',
      params: { code: input.competentUnitCode },
    });
  else if (competent.provinceCode !== services.node.provinceCode)
    problems.push({
      field: 'competentUnitCode',
      reason: 'unit_outside_province',
      message: 'field.unit_outside_province',
      params: { code: input.competentUnitCode },
    });

  const procedure = await services.desk.procedureInForce(uc.tx.db, input.procedureCode, today(uc));
  if (procedure === undefined) {
    problems.push({
      field: 'procedureCode',
      reason: 'procedure_unknown',
      message: 'field.procedure_unknown',
      params: { code: input.procedureCode },
    });
    throw validationError(problems);
  }
  if (competent !== undefined) {
    const level = input.competentUnitCode.length === 5 ? 'commune' : 'province';
    if (level !== procedure.level)
      problems.push({
        field: 'competentUnitCode',
        reason: `competent_level_${procedure.level}`,
        message:
          procedure.level === 'commune'
            ? 'field.competent_level_commune'
            : 'field.competent_level_province',
      });
    else if (
      input.competentUnitCode !== services.node.unitCode &&
      !procedure.nonTerritorial &&
      // The province's portal is the online front door of every unit of the province: a filing
      // made there goes to the unit the citizen chose, whatever the procedure's territoriality.
      !(channel === 'online' && services.node.role === 'province')
    )
      problems.push({
        field: 'competentUnitCode',
        reason: 'not_non_territorial',
        message: 'field.not_non_territorial',
      });
  }
  if (channel === 'in_person' ? !procedure.channels.inPerson : procedure.channels.online === 'none')
    problems.push({
      field: 'procedureCode',
      reason: 'channel_not_allowed',
      message: 'field.channel_not_allowed',
    });

  const known = new Map(procedure.components.map((c) => [c.code, c]));
  const given = new Map(input.components.map((c) => [c.code, c]));
  input.components.forEach((c, i) => {
    const component = known.get(c.code);
    if (component === undefined)
      problems.push({
        field: `components.${i}.code`,
        reason: 'component_unknown',
        message: 'field.component_unknown',
        params: { code: c.code },
      });
    else if (c.reusedFromData && !component.reusableFromData)
      problems.push({
        field: `components.${i}.reusedFromData`,
        reason: 'component_not_reusable',
        message: 'field.component_not_reusable',
        params: { name: component.name },
      });
  });
  const attachmentHashes = [...new Set(input.components.flatMap((c) => c.attachments))];
  if (attachmentHashes.length > 0) {
    const stored = new Set(
      (
        await uc.tx.db
          .selectFrom('attachments')
          .select('hash')
          .where('hash', 'in', attachmentHashes)
          .execute()
      ).map((r) => r.hash),
    );
    input.components.forEach((c, i) => {
      c.attachments.forEach((h, j) => {
        if (!stored.has(h))
          problems.push({
            field: `components.${i}.attachments.${j}`,
            reason: 'attachment_unknown',
            message: 'field.attachment_unknown',
          });
      });
    });
  }
  if (!refusing)
    for (const component of procedure.components) {
      const g = given.get(component.code);
      if (component.required && g?.provided !== true && g?.reusedFromData !== true)
        problems.push({
          field: 'components',
          reason: 'component_missing',
          message: 'field.component_missing',
          params: { name: component.name },
        });
    }
  const claimable = new Set(procedure.exemptions.map((e) => e.code));
  input.exemptions.forEach((e, i) => {
    if (!claimable.has(e))
      problems.push({
        field: `exemptions.${i}`,
        reason: 'exemption_unknown',
        message: 'field.exemption_unknown',
        params: { code: e },
      });
  });
  if (problems.length > 0) throw validationError(problems);

  const applicant: Applicant = {
    fullName: input.applicant.fullName,
    citizenId: input.applicant.citizenId,
    dateOfBirth: input.applicant.dateOfBirth ?? null,
    sex: input.applicant.sex ?? null,
    phone: input.applicant.phone ?? null,
    email: input.applicant.email ?? null,
    address: input.applicant.address ?? null,
    accountId: channel === 'online' && uc.actor?.role === 'citizen' ? uc.actor.id : null,
    lang: input.applicant.lang ?? (channel === 'online' ? (uc.meta.lang ?? 'vi') : 'vi'),
  };
  const components: ComponentState[] = procedure.components.map((component) => {
    const g = given.get(component.code);
    return {
      code: component.code,
      name: component.name,
      required: component.required,
      provided: g?.provided ?? false,
      reusedFromData: g?.reusedFromData ?? false,
      attachments: g?.attachments ?? [],
    };
  });
  return { procedure, applicant, components };
}

async function audited(
  uc: UseCase,
  action: Action | 'dossier.transfer',
  dossierId: string,
  eventId: string | null,
): Promise<void> {
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: eventId === null ? 'read' : 'write',
    action,
    subjectType: 'dossier',
    subjectId: dossierId,
    outcome: 'ok',
    ...(eventId === null ? {} : { eventId }),
  });
}

/** Intake at the counter (channel 1): the dossier is received — or refused — and numbered. */
export async function intakeAtCounter(uc: UseCase, input: IntakeInput): Promise<DossierState> {
  const { services } = uc;
  // The desk may receive for any unit; a unit outside the province is a field error below.
  const here = { unitCode: services.node.unitCode, provinceCode: services.node.provinceCode };
  authorize(uc, 'dossier.intake', here, { type: 'dossier', id: null });
  const { procedure, applicant, components } = await checkIntake(
    uc,
    input,
    'in_person',
    input.refusal !== undefined,
  );
  const fee = procedure.fee({
    exemptions: input.exemptions,
    late: input.late,
    copies: input.copies,
  });
  const receivedAt = uc.now.toISOString();
  const refused = input.refusal !== undefined;
  const awaitingPayment = !refused && fee.totalVnd > 0 && input.payment === undefined;
  const { dueAt } = await services.desk.deadline(uc.tx.db, {
    provinceCode: services.node.provinceCode,
    processingTime: procedure.processingTime,
    receivedAt,
    pauses: [],
    now: receivedAt,
  });
  const id = crypto.randomUUID();
  const code = await allocateCode(uc);
  const event = await uc.tx.append(
    {
      type: dossierEventTypes.received,
      entityType: 'dossier',
      entityId: id,
      payload: {
        code,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        procedureName: procedure.name,
        receivingUnitCode: services.node.unitCode,
        competentUnitCode: input.competentUnitCode,
        channel: 'in_person',
        applicant,
        components,
        fee,
        resultDelivery: input.resultDelivery,
        assistedBy: null,
        note: input.note,
        receivedAt,
        dueAt,
        status: refused ? 'refused' : awaitingPayment ? 'awaiting_payment' : 'received',
        refusalReason: input.refusal?.reason ?? null,
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'dossier.intake', id, event.id);
  // The state the projector has just written, folded here from the same events (no read back).
  let state = reduceDossier(null, event);
  if (!refused && fee.totalVnd > 0 && input.payment !== undefined) {
    const payment: Payment = {
      method: input.payment.method,
      reference: input.payment.reference,
      amountVnd: fee.totalVnd,
      paidAt: receivedAt,
    };
    const paid = await uc.tx.append(
      {
        type: dossierEventTypes.paymentRecorded,
        entityType: 'dossier',
        entityId: id,
        payload: { payment, dueAt: null },
      },
      { actorId: uc.actor?.id ?? null },
    );
    await audited(uc, 'dossier.record_payment', id, paid.id);
    state = reduceDossier(state, paid);
  }
  // Received for another unit: handed over at once; it travels when the link allows.
  if (state.transferTo !== null)
    state = await handOver(uc, state, state.transferTo, 'to_competent');
  return state;
}

/**
 * A dossier handled in one visit (a civil-status registration, domain-notes §3): received with
 * every paper, the fee (if any) paid at the counter, processed at once by the officer who
 * entered it in the register, and submitted to the leader for signature — each its own event,
 * so the desk's queues, receipt, tracking and reports see it like any other dossier. The
 * caller has authorised the whole action and checked the input.
 */
export async function receiveProcessedAtOnce(
  uc: UseCase,
  input: {
    readonly procedure: DeskProcedure;
    readonly applicant: Omit<Applicant, 'accountId'>;
    readonly fee: DossierFee;
    readonly payment: { readonly method: Payment['method']; readonly reference: string } | null;
    readonly note: string;
    readonly officer: { readonly id: string; readonly name: string };
  },
): Promise<DossierState> {
  const { services } = uc;
  const actor = { actorId: uc.actor?.id ?? null };
  const receivedAt = uc.now.toISOString();
  const { dueAt } = await services.desk.deadline(uc.tx.db, {
    provinceCode: services.node.provinceCode,
    processingTime: input.procedure.processingTime,
    receivedAt,
    pauses: [],
    now: receivedAt,
  });
  const id = crypto.randomUUID();
  const code = await allocateCode(uc);
  const components: ComponentState[] = input.procedure.components.map((c) => ({
    code: c.code,
    name: c.name,
    required: c.required,
    provided: c.required,
    reusedFromData: false,
    attachments: [],
  }));
  const received = await uc.tx.append(
    {
      type: dossierEventTypes.received,
      entityType: 'dossier',
      entityId: id,
      payload: {
        code,
        procedureCode: input.procedure.code,
        procedureVersion: input.procedure.version,
        procedureName: input.procedure.name,
        receivingUnitCode: services.node.unitCode,
        competentUnitCode: services.node.unitCode,
        channel: 'in_person',
        applicant: { ...input.applicant, accountId: null },
        components,
        fee: input.fee,
        resultDelivery: 'receiving_unit',
        assistedBy: null,
        note: input.note,
        receivedAt,
        dueAt,
        status: 'received',
        refusalReason: null,
      },
    },
    actor,
  );
  await audited(uc, 'dossier.intake', id, received.id);
  return processAtOnce(uc, reduceDossier(null, received), input);
}

/**
 * The same for a registration filed online (status 1): the desk accepts it now, with every
 * paper, and processes it at once. The caller has checked it is this unit's, waiting, and of
 * the right procedure.
 */
export async function acceptProcessedAtOnce(
  uc: UseCase,
  dossier: DossierState,
  input: {
    readonly procedure: DeskProcedure;
    readonly fee: DossierFee;
    readonly payment: { readonly method: Payment['method']; readonly reference: string } | null;
    readonly officer: { readonly id: string; readonly name: string };
  },
): Promise<DossierState> {
  const receivedAt = uc.now.toISOString();
  const { dueAt } = await uc.services.desk.deadline(uc.tx.db, {
    provinceCode: uc.services.node.provinceCode,
    processingTime: input.procedure.processingTime,
    receivedAt,
    pauses: [],
    now: receivedAt,
  });
  const accepted = await uc.tx.append(
    {
      type: dossierEventTypes.accepted,
      entityType: 'dossier',
      entityId: dossier.id,
      payload: { receivedAt, dueAt, awaitingPayment: false },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'dossier.accept', dossier.id, accepted.id);
  // A fee due at registration (a late one) is paid here, whatever the submission showed.
  return processAtOnce(uc, reduceDossier(dossier, accepted), input);
}

/** Paid (when a fee is due), assigned to the officer, submitted to the leader: one event each. */
async function processAtOnce(
  uc: UseCase,
  received: DossierState,
  input: {
    readonly fee: DossierFee;
    readonly payment: { readonly method: Payment['method']; readonly reference: string } | null;
    readonly officer: { readonly id: string; readonly name: string };
  },
): Promise<DossierState> {
  const id = received.id;
  const at = uc.now.toISOString();
  let state = received;
  const steps: { type: string; payload: unknown; action: Action }[] = [];
  if (input.fee.totalVnd > 0 && input.payment !== null)
    steps.push({
      type: dossierEventTypes.paymentRecorded,
      action: 'dossier.record_payment',
      payload: {
        payment: { ...input.payment, amountVnd: input.fee.totalVnd, paidAt: at },
        dueAt: null,
      },
    });
  steps.push(
    {
      type: dossierEventTypes.assigned,
      action: 'dossier.assign',
      payload: { assigneeId: input.officer.id, assigneeName: input.officer.name, note: '' },
    },
    {
      type: dossierEventTypes.submittedForApproval,
      action: 'dossier.submit_for_approval',
      payload: { note: '' },
    },
  );
  for (const step of steps) {
    const event = await uc.tx.append(
      { type: step.type, entityType: 'dossier', entityId: id, payload: step.payload },
      { actorId: uc.actor?.id ?? null },
    );
    await audited(uc, step.action, id, event.id);
    state = reduceDossier(state, event);
  }
  return state;
}

/** Appends the transfer of a dossier this unit holds to another unit (DESIGN §3.2). */
async function handOver(
  uc: UseCase,
  state: DossierState,
  toUnitCode: string,
  purpose: 'to_competent' | 'for_return',
): Promise<DossierState> {
  const event = await uc.tx.append(
    {
      type: dossierEventTypes.transferred,
      entityType: 'dossier',
      entityId: state.id,
      payload: { toUnitCode, purpose },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'dossier.transfer', state.id, event.id);
  return reduceDossier(state, event);
}

/**
 * Takes a dossier another unit handed over to this one (run by the sync worker when the
 * transfer arrives): from here on this unit alone writes its events.
 */
export async function acceptTransfer(uc: UseCase, dossierId: string): Promise<DossierState | null> {
  const { state } = await loadDossier(uc, dossierId);
  const here = uc.services.node.unitCode;
  if (!state.transferPending || state.transferTo !== here || state.ownerUnitCode === here)
    return null;
  const event = await uc.tx.append(
    {
      type: dossierEventTypes.transferAccepted,
      entityType: 'dossier',
      entityId: state.id,
      payload: { unitCode: here, fromUnitCode: state.ownerUnitCode },
    },
    { actorId: null },
  );
  await audited(uc, 'dossier.transfer', state.id, event.id);
  return reduceDossier(state, event);
}

/**
 * An online submission (channel 2): status 1, waiting for the desk to accept it. Filed for
 * another unit (at the province's portal), it is handed over at once and reaches that unit's
 * desk by sync. A volunteer files on a citizen's behalf only with the citizen's consent.
 */
export async function submitOnline(
  uc: UseCase,
  input: z.infer<typeof onlineSubmissionInput>,
): Promise<DossierState> {
  const { services } = uc;
  const here = { unitCode: services.node.unitCode, provinceCode: services.node.provinceCode };
  authorize(uc, 'dossier.submit_online', here, { type: 'dossier', id: null });
  const helper = uc.actor?.role === 'volunteer' ? uc.actor : null;
  if (helper !== null) authorize(uc, 'dossier.assist', here, { type: 'dossier', id: null });
  const consentProblems: FieldProblem[] =
    helper !== null && input.assistance?.consent !== true
      ? [
          {
            field: 'assistance.consent',
            reason: 'consent_required',
            message: 'field.consent_required',
          },
        ]
      : helper === null && input.assistance !== undefined
        ? [{ field: 'assistance', reason: 'not_allowed', message: 'field.not_allowed' }]
        : [];
  let checked: CheckedIntake;
  try {
    checked = await checkIntake(uc, input, 'online', false);
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed')
      throw validationError([...consentProblems, ...error.fields]);
    throw error;
  }
  if (consentProblems.length > 0) throw validationError(consentProblems);
  const { procedure, applicant, components } = checked;
  if (input.civil !== undefined && civilProcedureCodes[input.civil.kind] !== procedure.code)
    throw validationError([
      {
        field: 'civil.kind',
        reason: 'draft_procedure',
        message: 'civil.draft_procedure',
        params: { code: procedure.code },
      },
    ]);
  const fee = procedure.fee({
    exemptions: [...input.exemptions, 'online_filing'].filter((e) =>
      procedure.exemptions.some((x) => x.code === e),
    ),
    late: false,
    copies: input.copies,
  });
  const assistance: Assistance | undefined =
    helper === null || input.assistance === undefined
      ? undefined
      : {
          accountId: helper.id,
          name:
            (
              await uc.tx.db
                .selectFrom('accounts')
                .select('display_name')
                .where('id', '=', helper.id)
                .executeTakeFirst()
            )?.display_name ?? helper.id,
          consent: input.assistance.method,
        };
  const id = crypto.randomUUID();
  const code = await allocateCode(uc);
  const event = await uc.tx.append(
    {
      type: dossierEventTypes.submittedOnline,
      entityType: 'dossier',
      entityId: id,
      payload: {
        code,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        procedureName: procedure.name,
        receivingUnitCode: services.node.unitCode,
        competentUnitCode: input.competentUnitCode,
        channel: 'online',
        applicant,
        components,
        fee,
        resultDelivery: input.resultDelivery,
        assistedBy: assistance?.name ?? input.assistedBy ?? null,
        note: input.note,
        ...(assistance === undefined ? {} : { assistance }),
        ...(input.civil === undefined ? {} : { civilDraft: input.civil }),
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, helper === null ? 'dossier.submit_online' : 'dossier.assist', id, event.id);
  const state = reduceDossier(null, event);
  return state.transferTo === null ? state : handOver(uc, state, state.transferTo, 'to_competent');
}

async function deadlineWith(
  uc: UseCase,
  state: DossierState,
  pauses: readonly Pause[],
): Promise<string> {
  const procedure = await uc.services.desk.procedureInForce(
    uc.tx.db,
    state.procedureCode,
    vietnamDate(state.receivedAt ?? uc.now.toISOString()),
  );
  if (procedure === undefined || state.receivedAt === null)
    return state.dueAt ?? uc.now.toISOString();
  const answer = await uc.services.desk.deadline(uc.tx.db, {
    provinceCode: uc.services.node.provinceCode,
    processingTime: procedure.processingTime,
    receivedAt: state.receivedAt,
    pauses,
    now: uc.now.toISOString(),
  });
  return answer.dueAt;
}

function closedPauses(state: DossierState, at: string): Pause[] {
  return state.pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
}

/** Takes one step of the lifecycle on a dossier this unit holds. */
export async function transitionDossier<A extends OfficerAction>(
  uc: UseCase,
  idOrCode: string,
  action: A,
  input: z.infer<(typeof transitionInputs)[A]>,
): Promise<DossierState> {
  const { row, state } = await loadDossier(uc, idOrCode);
  authorize(uc, `dossier.${action}`, dossierSubject(uc, { ...row, state }), {
    type: 'dossier',
    id: row.id,
  });
  const refusal = checkTransition(state, action);
  if (refusal !== null) {
    throw new AppError('transition_not_allowed', {
      params: { action: `dossierAction.${action}`, status: `dossierStatus.${state.status}` },
      fields: [{ field: 'action', reason: refusal, message: `transition.${refusal}` }],
    });
  }
  const now = uc.now.toISOString();
  const payload = await transitionPayload(uc, state, action, input, now);
  const event = await uc.tx.append(
    { type: dossierActions[action].event, entityType: 'dossier', entityId: row.id, payload },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, `dossier.${action}`, row.id, event.id);
  const after = reduceDossier(state, event);
  // The citizen chose to collect the result where they filed: it goes back there.
  if (
    action === 'approve' &&
    after.resultDelivery === 'receiving_unit' &&
    after.receivingUnitCode !== after.ownerUnitCode
  )
    return handOver(uc, after, after.receivingUnitCode, 'for_return');
  return after;
}

async function transitionPayload(
  uc: UseCase,
  state: DossierState,
  action: OfficerAction,
  raw: unknown,
  now: string,
): Promise<unknown> {
  switch (action) {
    case 'accept': {
      const procedure = await uc.services.desk.procedureInForce(
        uc.tx.db,
        state.procedureCode,
        vietnamDate(now),
      );
      if (procedure === undefined)
        throw validationError([
          {
            field: 'procedureCode',
            reason: 'procedure_unknown',
            message: 'field.procedure_unknown',
            params: { code: state.procedureCode },
          },
        ]);
      const { dueAt } = await uc.services.desk.deadline(uc.tx.db, {
        provinceCode: uc.services.node.provinceCode,
        processingTime: procedure.processingTime,
        receivedAt: now,
        pauses: [],
        now,
      });
      return {
        receivedAt: now,
        dueAt,
        awaitingPayment: state.fee.totalVnd > 0 && state.payments.length === 0,
      };
    }
    case 'assign': {
      const input = transitionInputs.assign.parse(raw);
      const assignee = await uc.tx.db
        .selectFrom('accounts')
        .select(['id', 'display_name', 'role', 'unit_code', 'active'])
        .where('id', '=', input.assigneeId)
        .executeTakeFirst();
      if (
        assignee === undefined ||
        assignee.role !== 'specialist' ||
        assignee.unit_code !== state.competentUnitCode ||
        assignee.active !== 1
      )
        throw validationError([
          {
            field: 'assigneeId',
            reason: 'assignee_not_specialist',
            message: 'field.assignee_not_specialist',
          },
        ]);
      return { assigneeId: assignee.id, assigneeName: assignee.display_name, note: input.note };
    }
    case 'resubmit':
      return {
        dueAt: await deadlineWith(uc, state, closedPauses(state, now)),
        note: transitionInputs.resubmit.parse(raw).note,
      };
    case 'record_payment': {
      const input = transitionInputs.record_payment.parse(raw);
      // What was asked for: the amount of the payment request (a financial obligation beyond
      // the fee), else the fee still owed.
      const owed = state.fee.totalVnd - state.payments.reduce((s, p) => s + p.amountVnd, 0);
      const requested = state.requestedVnd ?? owed;
      const payment: Payment = {
        method: input.method,
        reference: input.reference,
        amountVnd: Math.max(requested, 1),
        paidAt: now,
      };
      const resumesClock = state.receivedAt !== null;
      return {
        payment,
        dueAt: resumesClock ? await deadlineWith(uc, state, closedPauses(state, now)) : null,
      };
    }
    case 'return_result': {
      const input = transitionInputs.return_result.parse(raw);
      return { ...input, recipientCitizenId: input.recipientCitizenId ?? null };
    }
    case 'extend': {
      const input = transitionInputs.extend.parse(raw);
      const newDueAt = endOfOfficeDay(input.newDueDate);
      const current = state.extendedDueAt ?? state.dueAt;
      if (current !== null && newDueAt <= current)
        throw validationError([
          { field: 'newDueDate', reason: 'not_later', message: 'field.due_not_later' },
        ]);
      return { reason: input.reason, newDueAt };
    }
    default:
      return transitionInputs[action].parse(raw);
  }
}

export interface TimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly actorName: string | null;
  readonly payload: unknown;
}

export interface DossierView {
  readonly dossier: DossierState;
  readonly overdue: boolean;
  readonly timeline: readonly TimelineEntry[];
  /** Codes of dossiers the hub found to be likely the same matter filed elsewhere. */
  readonly possibleDuplicates: readonly string[];
  /** What this node wrote to the applicant about the dossier, and how each delivery went. */
  readonly notifications?: readonly NotificationView[];
  /** The national portal's copy, on the hub (null on a commune node, which sends none). */
  readonly portalSync?: PortalSyncSummary | null;
}

/**
 * A dossier's history across every unit it went through: this unit's own events and those the
 * hub relayed here, in causal order (HLC: a unit's step after a transfer always sorts after
 * the steps that came before it, whatever the units' clocks say).
 */
export async function timelineOf(uc: UseCase, id: string): Promise<TimelineEntry[]> {
  const read = (table: 'events' | 'relayed_events') =>
    uc.tx.db
      .selectFrom(table)
      .leftJoin('accounts', 'accounts.id', `${table}.actor_id`)
      .select([
        `${table}.occurred_at as at`,
        `${table}.type as type`,
        `${table}.payload as payload`,
        `${table}.hlc as hlc`,
        'accounts.display_name',
      ])
      .where(`${table}.entity_type`, '=', 'dossier')
      .where(`${table}.entity_id`, '=', id)
      .execute();
  const rows = [...(await read('events')), ...(await read('relayed_events'))];
  return rows
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    .map((r) => ({
      at: r.at,
      type: r.type,
      actorName: r.display_name,
      payload: JSON.parse(r.payload) as unknown,
    }));
}

async function duplicatesOf(uc: UseCase, id: string): Promise<string[]> {
  const rows = await uc.tx.db
    .selectFrom('duplicate_flags')
    .select(['dossier_a', 'code_a', 'code_b'])
    .where((eb) => eb.or([eb('dossier_a', '=', id), eb('dossier_b', '=', id)]))
    .execute();
  return rows.map((r) => (r.dossier_a === id ? r.code_b : r.code_a));
}

/** A dossier with its timeline, for the officers of the unit that holds it (audited). */
export async function readDossier(uc: UseCase, idOrCode: string): Promise<DossierView> {
  const { row, state } = await loadDossier(uc, idOrCode);
  authorize(uc, 'dossier.read', dossierSubject(uc, { ...row, state }), {
    type: 'dossier',
    id: row.id,
  });
  await audited(uc, 'dossier.read', row.id, null);
  return {
    dossier: state,
    overdue: isOverdue(state, uc.now.toISOString()),
    timeline: await timelineOf(uc, row.id),
    possibleDuplicates: await duplicatesOf(uc, row.id),
    notifications: await notificationsOf(uc.tx.db, row.id),
    portalSync: uc.services.node.role === 'province' ? await portalSyncOf(uc.tx.db, row.id) : null,
  };
}

export const queueInput = z.strictObject({
  status: z.enum(Object.keys(dossierStatuses) as [DossierStatus, ...DossierStatus[]]).optional(),
  assignedToMe: z.coerce.boolean().optional(),
  pendingApproval: z.coerce.boolean().optional(),
  open: z.coerce.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface QueueItem {
  readonly id: string;
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly applicantName: string;
  readonly status: DossierStatus;
  readonly receivedAt: string | null;
  readonly dueAt: string | null;
  readonly extendedDueAt: string | null;
  readonly assigneeName: string | null;
  readonly pendingApproval: boolean;
  readonly transferPending: boolean;
  readonly overdue: boolean;
}

const openStatuses: DossierStatus[] = [
  'submitted_online',
  'received',
  'processing',
  'supplement_requested',
  'awaiting_payment',
  'result_ready',
];

/** The unit's dossiers, soonest due first, with overdue flags (audited: it names applicants). */
export async function listQueue(
  uc: UseCase,
  input: z.infer<typeof queueInput>,
): Promise<QueueItem[]> {
  const unit = uc.services.node.unitCode;
  authorize(
    uc,
    'dossier.list',
    { unitCode: unit, provinceCode: uc.services.node.provinceCode },
    { type: 'dossier', id: null },
  );
  let query = uc.tx.db
    .selectFrom('dossiers')
    .select(['id', 'state', 'due_at'])
    .where('unit_code', '=', unit)
    // Soonest due first; dossiers without a date (online, not yet accepted) after them.
    .orderBy((eb) => eb.case().when('due_at', 'is', null).then(1).else(0).end())
    .orderBy('due_at')
    .orderBy('code')
    .limit(input.limit);
  if (input.status !== undefined) query = query.where('status', '=', input.status);
  else if (input.open === true) query = query.where('status', 'in', openStatuses);
  if (input.assignedToMe === true) query = query.where('assignee_id', '=', uc.actor?.id ?? '');
  if (input.pendingApproval === true) query = query.where('pending_approval', '=', 1);
  const rows = await query.execute();
  await recordAudit(uc.tx.db, unit, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dossier.list',
    subjectType: 'unit',
    subjectId: unit,
    outcome: 'ok',
  });
  const now = uc.now.toISOString();
  return rows.map((r) => {
    const s = JSON.parse(r.state) as DossierState;
    return {
      id: s.id,
      code: s.code,
      procedureCode: s.procedureCode,
      procedureName: s.procedureName,
      applicantName: s.applicant.fullName,
      status: s.status,
      receivedAt: s.receivedAt,
      dueAt: s.dueAt,
      extendedDueAt: s.extendedDueAt,
      assigneeName: s.assigneeName,
      pendingApproval: s.pendingApproval,
      transferPending: s.transferPending,
      overdue: isOverdue(s, now),
    };
  });
}

export const trackInput = z.strictObject({
  code: z.string().trim().min(1, 'field.required').max(60),
  citizenId: z.string().trim().min(1, 'field.required').max(20),
});

/** What anyone holding the code and the applicant's ID number sees: no other personal data. */
export interface TrackingView {
  readonly code: string;
  readonly procedureName: string;
  readonly status: DossierStatus;
  readonly receivedAt: string | null;
  readonly dueAt: string | null;
  readonly extendedDueAt: string | null;
  readonly returnedAt: string | null;
  readonly overdue: boolean;
  readonly steps: readonly { readonly at: string; readonly type: string }[];
  readonly canRate: boolean;
  readonly rating: DossierState['rating'];
  /** The volunteer who filed it for the applicant, with the applicant's consent. */
  readonly assistedBy: string | null;
}

/**
 * Public tracking. A wrong pair answers `dossier_not_found` without saying which half was wrong;
 * the HTTP layer rate-limits the lookups.
 */
export async function trackDossier(
  uc: UseCase,
  input: z.infer<typeof trackInput>,
): Promise<TrackingView> {
  authorize(
    uc,
    'dossier.track',
    { unitCode: uc.services.node.unitCode, provinceCode: uc.services.node.provinceCode },
    { type: 'dossier', id: null },
  );
  const row = await uc.tx.db
    .selectFrom('dossiers')
    .select(['id', 'state'])
    .where('code', '=', input.code)
    .where('applicant_citizen_id', '=', input.citizenId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('tracking_not_found');
  const state = JSON.parse(row.state) as DossierState;
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dossier.track',
    subjectType: 'dossier',
    subjectId: row.id,
    outcome: 'ok',
  });
  const steps = (await timelineOf(uc, row.id)).map((e) => ({ at: e.at, type: e.type }));
  return {
    code: state.code,
    procedureName: state.procedureName,
    status: state.status,
    receivedAt: state.receivedAt,
    dueAt: state.dueAt,
    extendedDueAt: state.extendedDueAt,
    returnedAt: state.returnedAt,
    overdue: isOverdue(state, uc.now.toISOString()),
    steps,
    canRate: checkTransition(state, 'rate') === null,
    rating: state.rating,
    assistedBy: state.assistedBy,
  };
}

export const rateInput = trackInput.extend({
  rating: z.enum(['satisfied', 'neutral', 'dissatisfied']),
  comment: text(1000).default(''),
});

/** The applicant's satisfaction rating after the result was returned. */
export async function rateDossier(
  uc: UseCase,
  input: z.infer<typeof rateInput>,
): Promise<TrackingView> {
  const row = await uc.tx.db
    .selectFrom('dossiers')
    .select(['id', 'state', 'unit_code'])
    .where('code', '=', input.code)
    .where('applicant_citizen_id', '=', input.citizenId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('tracking_not_found');
  const state = JSON.parse(row.state) as DossierState;
  authorize(
    uc,
    'dossier.rate',
    { unitCode: row.unit_code, provinceCode: uc.services.node.provinceCode },
    { type: 'dossier', id: row.id },
  );
  const refusal = checkTransition(state, 'rate');
  if (refusal !== null)
    throw new AppError('transition_not_allowed', {
      params: { action: 'dossierAction.rate', status: `dossierStatus.${state.status}` },
      fields: [{ field: 'rating', reason: refusal, message: `transition.${refusal}` }],
    });
  const event = await uc.tx.append(
    {
      type: dossierEventTypes.rated,
      entityType: 'dossier',
      entityId: row.id,
      payload: { rating: input.rating, comment: input.comment },
    },
    { actorId: null },
  );
  await audited(uc, 'dossier.rate', row.id, event.id);
  return trackDossier(uc, { code: input.code, citizenId: input.citizenId });
}

/** Stores a scan or photo once, by its SHA-256; returns the hash the dossier will cite. */
export async function storeAttachment(
  uc: UseCase,
  content: Buffer,
  /** Scans come with an intake at the counter or with an online filing (the portal). */
  purpose: 'dossier.intake' | 'dossier.submit_online' = 'dossier.intake',
): Promise<{ hash: string; mediaType: string; size: number }> {
  authorize(
    uc,
    purpose,
    { unitCode: uc.services.node.unitCode, provinceCode: uc.services.node.provinceCode },
    { type: 'attachment', id: null },
  );
  return storeAuthorizedAttachment(uc, content);
}

/**
 * Checks and stores a file once, by its SHA-256, with the audit entry; the caller has
 * authorised the action the file comes with.
 */
export async function storeAuthorizedAttachment(
  uc: UseCase,
  content: Buffer,
): Promise<{ hash: string; mediaType: string; size: number }> {
  const check = checkAttachment(content);
  if (!check.ok)
    throw new AppError(check.problem === 'too_large' ? 'attachment_too_large' : 'attachment_type', {
      fields: [
        {
          field: 'file',
          reason: check.problem,
          message:
            check.problem === 'too_large' ? 'field.attachment_too_large' : 'field.attachment_type',
        },
      ],
    });
  const digest = createHash('sha256').update(content).digest('hex');
  await uc.tx.db
    .insertInto('attachments')
    .values({
      hash: digest,
      media_type: check.mediaType,
      size: content.length,
      created_at: uc.now.toISOString(),
      content,
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'attachment.store',
    subjectType: 'attachment',
    subjectId: digest,
    outcome: 'ok',
  });
  return { hash: digest, mediaType: check.mediaType, size: content.length };
}

/**
 * A scan or photo, for an officer of the unit holding a dossier that cites it; to anyone else
 * it does not exist. Audited: scans are personal data.
 */
export async function readAttachment(
  uc: UseCase,
  hash: string,
): Promise<{ media_type: string; content: Buffer }> {
  const unit = uc.services.node.unitCode;
  const cited = await uc.tx.db
    .selectFrom('dossier_attachments')
    .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
    .select(['dossiers.id', 'dossiers.unit_code'])
    .where('dossier_attachments.hash', '=', hash)
    .where('dossiers.unit_code', '=', unit)
    .executeTakeFirst();
  if (cited === undefined) throw new AppError('not_found');
  authorize(
    uc,
    'dossier.read',
    { unitCode: cited.unit_code, provinceCode: uc.services.node.provinceCode },
    { type: 'attachment', id: hash },
  );
  const found = await uc.tx.db
    .selectFrom('attachments')
    .select(['media_type', 'content'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  if (found === undefined) throw new AppError('not_found');
  await recordAudit(uc.tx.db, unit, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'attachment.read',
    subjectType: 'attachment',
    subjectId: hash,
    outcome: 'ok',
  });
  return found;
}
