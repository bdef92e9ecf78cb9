// Directives (văn bản chỉ đạo): the province issues and withdraws them at the hub; each commune
// acknowledges, assigns and reports at its own node, offline or not. The rules are in
// domain/directives.ts; this file checks who may, reads the projections, appends the events and
// audits every write.
import { z } from 'zod';
import {
  directiveDueDate,
  directiveEventTypes,
  directivePriorities,
  directiveStepRefusal,
  reportStands,
  reviewRefusal,
  reviewVerdicts,
  standingWithDaysLeft,
  tallyStandings,
  workingDaysLeft,
  type DirectiveAttachment,
  type DirectiveDeadline,
  type DirectiveIssued,
  type DirectiveRefusal,
  type DirectiveResponse,
  type DirectiveStanding,
  type DirectiveStep,
  type DirectiveTally,
} from '../domain/directives.js';
import type { Action } from '../domain/permissions.js';
import { vietnamDate } from '../domain/procedures.js';
import type { WorkingCalendar } from '../domain/working-calendar.js';
import type { Database } from '../storage/schema.js';
import type { Selectable } from 'kysely';
import type { Storage } from '../storage/storage.js';
import { recordAudit } from './audit.js';
import { inSentence, placeName } from './desk-documents.js';
import { deadlineSentence, renderDirectiveLetter } from '../documents/directive-letter.js';
import { localDate, required, text } from './civil-inputs.js';
import { storeAuthorizedAttachment } from './dossiers.js';
import { AppError, validationError } from './errors.js';
import type { Services } from './services.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

const attachmentRef = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'field.invalid' }),
  name: required(200),
});

export const issueDirectiveInput = z
  .strictObject({
    number: required(60),
    title: required(300),
    body: text(20_000).default(''),
    priority: z.enum(directivePriorities).default('normal'),
    /** Who signs it (người ký), when not the person issuing it here (an e-office hand-over). */
    signerName: text(200)
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    deadlineKind: z.enum(['working_days', 'date']),
    deadlineDays: z.coerce.number().int().min(1).max(250).optional(),
    deadlineDate: localDate.optional(),
    unitCodes: z
      .array(z.string().regex(/^\d{5}$/, { error: 'field.unit_code_format' }))
      .refine((codes) => codes.length > 0, { error: 'directive.targets_required' }),
    attachments: z.array(attachmentRef).max(10).default([]),
  })
  .superRefine((input, ctx) => {
    if (input.deadlineKind === 'working_days' && input.deadlineDays === undefined)
      ctx.addIssue({ code: 'custom', path: ['deadlineDays'], message: 'field.required' });
    if (input.deadlineKind === 'date' && input.deadlineDate === undefined)
      ctx.addIssue({ code: 'custom', path: ['deadlineDate'], message: 'field.required' });
  });
export type IssueDirectiveInput = z.output<typeof issueDirectiveInput>;

export const cancelDirectiveInput = z.strictObject({ reason: required(1000) });

export const assignDirectiveInput = z.strictObject({
  assigneeId: z.string().trim().min(1, 'field.required'),
  note: text(2000).default(''),
});

export const reviewDirectiveInput = z
  .strictObject({
    verdict: z.enum(reviewVerdicts),
    comment: text(2000).default(''),
  })
  .superRefine((input, ctx) => {
    if (input.verdict === 'returned' && input.comment === '')
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'directive.return_comment' });
  });

export const reportDirectiveInput = z.strictObject({
  summary: required(20_000),
  attachments: z.array(attachmentRef).max(10).default([]),
});

type DirectiveRow = Selectable<Database['directives']>;
type TargetRow = Selectable<Database['directive_targets']>;
type AttachmentRow = Selectable<Database['directive_attachments']>;

export interface DirectiveSummary {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly priority: DirectiveIssued['priority'];
  readonly issuedAt: string;
  readonly issuedByName: string;
  readonly deadline: DirectiveDeadline;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
}

export interface TargetView {
  readonly unitCode: string;
  readonly unitName: string;
  readonly deliveredAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedByName: string | null;
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly assignedAt: string | null;
  readonly assignNote: string | null;
  readonly reportedAt: string | null;
  readonly reportedByName: string | null;
  readonly reportSummary: string | null;
  readonly reportAttachments: readonly DirectiveAttachment[];
  /** The province's verdict on the latest report, when it gave one. */
  readonly review: {
    readonly verdict: 'accepted' | 'returned';
    readonly comment: string;
    readonly at: string;
    readonly byName: string;
    /** About the report that stands now (not an earlier one). */
    readonly current: boolean;
  } | null;
  /** A report is made and not returned: the commune's work is done. */
  readonly reportStands: boolean;
  readonly standing: DirectiveStanding;
  /** Working days to the deadline (0 on the day, negative after it). */
  readonly daysLeft: number;
}

export interface DirectiveDetail {
  readonly directive: DirectiveSummary & { readonly body: string };
  readonly attachments: readonly DirectiveAttachment[];
  /** Every commune at the hub; at a commune, its own row only. */
  readonly targets: readonly TargetView[];
  readonly tally: DirectiveTally;
}

export interface DirectiveListItem {
  readonly directive: DirectiveSummary;
  readonly tally: DirectiveTally;
  /** At a commune: its own standing. */
  readonly own: TargetView | null;
}

const isHub = (services: Services) => services.node.role === 'province';

function summaryOf(row: DirectiveRow): DirectiveSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    priority: row.priority === 'urgent' ? 'urgent' : 'normal',
    issuedAt: row.issued_at,
    issuedByName: row.issued_by_name,
    deadline: JSON.parse(row.deadline) as DirectiveDeadline,
    dueDate: row.due_date,
    dueAt: row.due_at,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
  };
}

function attachmentOf(row: AttachmentRow): DirectiveAttachment {
  return { hash: row.hash, name: row.name, mediaType: row.media_type, size: row.size };
}

/** A commune's answer as the domain rules read it. */
export function responseOf(row: {
  acknowledged_at: string | null;
  assignee_id: string | null;
  reported_at: string | null;
  reviewed_at: string | null;
  review_verdict: string | null;
  review_report_at: string | null;
}): DirectiveResponse {
  return {
    acknowledgedAt: row.acknowledged_at,
    assigneeId: row.assignee_id,
    reportedAt: row.reported_at,
    review:
      row.review_verdict === null || row.review_report_at === null || row.reviewed_at === null
        ? null
        : {
            verdict: row.review_verdict === 'accepted' ? 'accepted' : 'returned',
            reportAt: row.review_report_at,
            at: row.reviewed_at,
          },
  };
}

function targetView(
  services: Services,
  directive: DirectiveRow,
  row: TargetRow,
  attachments: readonly AttachmentRow[],
  now: string,
  /** Working days to the directive's deadline, counted once for all its communes. */
  daysLeft: number,
): TargetView {
  const response = responseOf(row);
  const state = { dueAt: directive.due_at, cancelledAt: directive.cancelled_at };
  return {
    unitCode: row.unit_code,
    unitName: services.units.unit(row.unit_code)?.name ?? row.unit_code,
    // An acknowledgement proves the directive was there by then.
    deliveredAt:
      row.acknowledged_at !== null &&
      (row.delivered_at === null || row.acknowledged_at < row.delivered_at)
        ? row.acknowledged_at
        : row.delivered_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedByName: row.acknowledged_by_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    assignedAt: row.assigned_at,
    assignNote: row.assign_note,
    reportedAt: row.reported_at,
    reportedByName: row.reported_by_name,
    reportSummary: row.report_summary,
    reportAttachments: attachments
      .filter((a) => a.kind === 'report' && a.unit_code === row.unit_code)
      .sort((a, b) => a.position - b.position)
      .map(attachmentOf),
    review:
      row.review_verdict === null || row.reviewed_at === null
        ? null
        : {
            verdict: row.review_verdict === 'accepted' ? 'accepted' : 'returned',
            comment: row.review_comment ?? '',
            at: row.reviewed_at,
            byName: row.reviewed_by_name ?? '',
            current: row.review_report_at === row.reported_at,
          },
    reportStands: reportStands(response),
    standing: standingWithDaysLeft(state, response, now, () => daysLeft),
    daysLeft,
  };
}

function calendarOf(uc: UseCase): Promise<WorkingCalendar> {
  return uc.services.desk.calendar(uc.tx.db, uc.services.node.provinceCode);
}

async function audited(
  uc: UseCase,
  action: Action,
  directiveId: string,
  eventId: string,
): Promise<void> {
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action,
    subjectType: 'directive',
    subjectId: directiveId,
    outcome: 'ok',
    eventId,
  });
}

async function actorName(uc: UseCase): Promise<string> {
  if (uc.actor === null) return '';
  const row = await uc.tx.db
    .selectFrom('accounts')
    .select('display_name')
    .where('id', '=', uc.actor.id)
    .executeTakeFirst();
  return row?.display_name ?? uc.actor.id;
}

/** Each cited paper must be stored here already (the page stores the files first). */
async function citedAttachments(
  uc: UseCase,
  refs: readonly { hash: string; name: string }[],
): Promise<DirectiveAttachment[]> {
  const out: DirectiveAttachment[] = [];
  for (const [i, ref] of refs.entries()) {
    const row = await uc.tx.db
      .selectFrom('attachments')
      .select(['media_type', 'size'])
      .where('hash', '=', ref.hash)
      .executeTakeFirst();
    if (row === undefined)
      throw validationError([
        {
          field: `attachments.${i}`,
          reason: 'attachment_unknown',
          message: 'directive.attachment_unknown',
        },
      ]);
    out.push({ hash: ref.hash, name: ref.name, mediaType: row.media_type, size: row.size });
  }
  return out;
}

/** The province issues a directive to communes of the province (at the hub). */
export async function issueDirective(
  uc: UseCase,
  input: IssueDirectiveInput,
): Promise<DirectiveDetail> {
  const { services } = uc;
  const node = services.node;
  authorize(uc, 'directive.issue', subjectIn(services, node.unitCode), {
    type: 'directive',
    id: null,
  });
  const unitCodes = [...new Set(input.unitCodes)];
  const outside = unitCodes.filter(
    (code) => services.units.unit(code)?.provinceCode !== node.provinceCode,
  );
  if (outside.length > 0)
    throw validationError([
      {
        field: 'unitCodes',
        reason: 'unit_outside',
        message: 'directive.unit_outside',
        params: { units: outside.join(', ') },
      },
    ]);
  const deadline: DirectiveDeadline =
    input.deadlineKind === 'working_days'
      ? { kind: 'working_days', days: input.deadlineDays ?? 0 }
      : { kind: 'date', date: input.deadlineDate ?? '' };
  const issuedOn = vietnamDate(uc.now);
  const calendar = await calendarOf(uc);
  const due = directiveDueDate(deadline, issuedOn, calendar);
  if (!due.ok) {
    const p = due.problem;
    throw validationError([
      p.kind === 'not_working_day'
        ? {
            field: 'deadlineDate',
            reason: p.kind,
            message: 'directive.deadline_not_working_day',
            params: { next: p.next.split('-').reverse().join('/') },
          }
        : {
            field: 'deadlineDate',
            reason: p.kind,
            message:
              p.kind === 'not_after_issue'
                ? 'directive.deadline_not_after_issue'
                : 'directive.deadline_too_far',
          },
    ]);
  }
  const attachments = await citedAttachments(uc, input.attachments);
  const id = crypto.randomUUID();
  const payload: DirectiveIssued = {
    number: input.number,
    title: input.title,
    body: input.body,
    priority: input.priority,
    issuedByName: input.signerName ?? (await actorName(uc)),
    provinceCode: node.provinceCode,
    unitCodes,
    issuedOn,
    deadline,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    attachments,
  };
  const event = await uc.tx.append(
    { type: directiveEventTypes.issued, entityType: 'directive', entityId: id, payload },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.issue', id, event.id);
  return detailOf(uc, id);
}

/** The province withdraws a directive; the communes it named stop working on it. */
export async function cancelDirective(
  uc: UseCase,
  directiveId: string,
  input: z.output<typeof cancelDirectiveInput>,
): Promise<DirectiveDetail> {
  const { services } = uc;
  authorize(uc, 'directive.cancel', subjectIn(services, services.node.unitCode), {
    type: 'directive',
    id: directiveId,
  });
  const row = await directiveRow(uc, directiveId);
  if (row.cancelled_at !== null) throw refused('cancelled');
  const targets = await uc.tx.db
    .selectFrom('directive_targets')
    .select('unit_code')
    .where('directive_id', '=', directiveId)
    .orderBy('unit_code')
    .execute();
  const event = await uc.tx.append(
    {
      type: directiveEventTypes.cancelled,
      entityType: 'directive',
      entityId: directiveId,
      payload: { unitCodes: targets.map((t) => t.unit_code), reason: input.reason },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.cancel', directiveId, event.id);
  return detailOf(uc, directiveId);
}

function refused(refusal: DirectiveRefusal): AppError {
  return new AppError('directive_step_refused', {
    fields: [{ field: 'step', reason: refusal, message: `directive.refusal.${refusal}` }],
  });
}

async function directiveRow(uc: UseCase, directiveId: string): Promise<DirectiveRow> {
  const row = await uc.tx.db
    .selectFrom('directives')
    .selectAll()
    .where('id', '=', directiveId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('directive_not_found');
  return row;
}

/** This commune's row of a directive addressed to it, after the step's permission check. */
async function ownStep(
  uc: UseCase,
  directiveId: string,
  action: Action,
  step: DirectiveStep,
): Promise<{ directive: DirectiveRow; target: TargetRow }> {
  const { services } = uc;
  const unitCode = services.node.unitCode;
  // The subject is this commune; a report names the officer it was given to.
  const target = await uc.tx.db
    .selectFrom('directive_targets')
    .selectAll()
    .where('directive_id', '=', directiveId)
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  authorize(
    uc,
    action,
    { ...subjectIn(services, unitCode), assigneeId: target?.assignee_id ?? null },
    { type: 'directive', id: directiveId },
  );
  const directive = target === undefined ? undefined : await directiveRow(uc, directiveId);
  if (target === undefined || directive === undefined) throw new AppError('directive_not_found');
  const refusal = directiveStepRefusal(
    { dueAt: directive.due_at, cancelledAt: directive.cancelled_at },
    responseOf(target),
    step,
  );
  if (refusal !== undefined) throw refused(refusal);
  return { directive, target };
}

/**
 * Stores a paper that comes with a directive being issued (at the hub) or with a commune's
 * report on one, after checking that the actor may take that step.
 */
export async function storeDirectivePaper(
  uc: UseCase,
  step: { kind: 'issue' } | { kind: 'report'; directiveId: string },
  content: Buffer,
): Promise<{ hash: string; mediaType: string; size: number }> {
  if (step.kind === 'issue')
    authorize(uc, 'directive.issue', subjectIn(uc.services, uc.services.node.unitCode), {
      type: 'directive',
      id: null,
    });
  else await ownStep(uc, step.directiveId, 'directive.report', 'report');
  return storeAuthorizedAttachment(uc, content);
}

/** An officer of the commune confirms it has the directive. */
export async function acknowledgeDirective(
  uc: UseCase,
  directiveId: string,
): Promise<DirectiveDetail> {
  await ownStep(uc, directiveId, 'directive.acknowledge', 'acknowledge');
  const event = await uc.tx.append(
    {
      type: directiveEventTypes.acknowledged,
      entityType: 'directive',
      entityId: directiveId,
      payload: { directiveId, unitCode: uc.services.node.unitCode, byName: await actorName(uc) },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.acknowledge', directiveId, event.id);
  return detailOf(uc, directiveId);
}

/** The commune's leader gives the directive to an active officer of the commune. */
export async function assignDirective(
  uc: UseCase,
  directiveId: string,
  input: z.output<typeof assignDirectiveInput>,
): Promise<DirectiveDetail> {
  const unitCode = uc.services.node.unitCode;
  await ownStep(uc, directiveId, 'directive.assign', 'assign');
  const assignee = await uc.tx.db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('id', '=', input.assigneeId)
    .where('unit_code', '=', unitCode)
    .where('active', '=', 1)
    .where('role', 'in', ['receiving_officer', 'specialist', 'leader'])
    .executeTakeFirst();
  if (assignee === undefined)
    throw validationError([
      { field: 'assigneeId', reason: 'not_officer', message: 'directive.assignee_not_officer' },
    ]);
  const event = await uc.tx.append(
    {
      type: directiveEventTypes.assigned,
      entityType: 'directive',
      entityId: directiveId,
      payload: {
        directiveId,
        unitCode,
        assigneeId: assignee.id,
        assigneeName: assignee.display_name,
        note: input.note,
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.assign', directiveId, event.id);
  return detailOf(uc, directiveId);
}

/** The commune reports the directive done, with its papers; lateness is judged by this time. */
export async function reportDirective(
  uc: UseCase,
  directiveId: string,
  input: z.output<typeof reportDirectiveInput>,
): Promise<DirectiveDetail> {
  await ownStep(uc, directiveId, 'directive.report', 'report');
  const attachments = await citedAttachments(uc, input.attachments);
  const event = await uc.tx.append(
    {
      type: directiveEventTypes.reported,
      entityType: 'directive',
      entityId: directiveId,
      payload: {
        directiveId,
        unitCode: uc.services.node.unitCode,
        byName: await actorName(uc),
        summary: input.summary,
        attachments,
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.report', directiveId, event.id);
  return detailOf(uc, directiveId);
}

/**
 * The province accepts a commune's report, or returns it with what is missing; a returned
 * report is made again at the commune (the event flows down to it alone).
 */
export async function reviewDirectiveReport(
  uc: UseCase,
  directiveId: string,
  unitCode: string,
  input: z.output<typeof reviewDirectiveInput>,
): Promise<DirectiveDetail> {
  const { services } = uc;
  authorize(uc, 'directive.review', subjectIn(services, services.node.unitCode), {
    type: 'directive',
    id: directiveId,
  });
  const directive = await directiveRow(uc, directiveId);
  const target = await uc.tx.db
    .selectFrom('directive_targets')
    .selectAll()
    .where('directive_id', '=', directiveId)
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  if (target === undefined) throw new AppError('directive_not_found');
  const refusal = reviewRefusal(
    { dueAt: directive.due_at, cancelledAt: directive.cancelled_at },
    responseOf(target),
  );
  if (refusal !== undefined) throw refused(refusal);
  const event = await uc.tx.append(
    {
      type: directiveEventTypes.reviewed,
      entityType: 'directive',
      entityId: directiveId,
      payload: {
        unitCodes: [unitCode],
        directiveId,
        verdict: input.verdict,
        comment: input.comment,
        byName: await actorName(uc),
        reportedAt: target.reported_at ?? '',
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audited(uc, 'directive.review', directiveId, event.id);
  return detailOf(uc, directiveId);
}

/** Authorises reading: the province's officers at the hub, a commune's at its node. */
function authorizeRead(uc: UseCase, directiveId: string | null): void {
  authorize(uc, 'directive.read', subjectIn(uc.services, uc.services.node.unitCode), {
    type: 'directive',
    id: directiveId,
  });
}

async function detailOf(uc: UseCase, directiveId: string): Promise<DirectiveDetail> {
  const { services } = uc;
  const row = await directiveRow(uc, directiveId);
  let targetQuery = uc.tx.db
    .selectFrom('directive_targets')
    .selectAll()
    .where('directive_id', '=', directiveId);
  if (!isHub(services)) targetQuery = targetQuery.where('unit_code', '=', services.node.unitCode);
  const targets = await targetQuery.orderBy('unit_code').execute();
  if (targets.length === 0) throw new AppError('directive_not_found');
  const attachments = await uc.tx.db
    .selectFrom('directive_attachments')
    .selectAll()
    .where('directive_id', '=', directiveId)
    .execute();
  const now = uc.now.toISOString();
  const daysLeft = workingDaysLeft(row.due_at, now, await calendarOf(uc));
  const views = targets
    .map((t) => targetView(services, row, t, attachments, now, daysLeft))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  return {
    directive: { ...summaryOf(row), body: row.body },
    attachments: attachments
      .filter((a) => a.kind === 'directive')
      .sort((a, b) => a.position - b.position)
      .map(attachmentOf),
    targets: views,
    tally: tallyStandings(views.map((v) => v.standing)),
  };
}

/** One directive with where each commune stands (at a commune: its own row). */
export async function directiveDetail(uc: UseCase, directiveId: string): Promise<DirectiveDetail> {
  authorizeRead(uc, directiveId);
  return detailOf(uc, directiveId);
}

export const listDirectivesInput = z.strictObject({
  /** Only the directives still open (not withdrawn, not every commune done). */
  show: z.enum(['open', 'all']).default('open'),
});

/** The directives of the province (at the hub) or those addressed to this commune, newest first. */
export async function listDirectives(
  uc: UseCase,
  input: z.output<typeof listDirectivesInput>,
): Promise<DirectiveListItem[]> {
  const { services } = uc;
  authorizeRead(uc, null);
  const hub = isHub(services);
  let query = uc.tx.db.selectFrom('directives').selectAll();
  if (!hub)
    query = query.where((eb) =>
      eb(
        'id',
        'in',
        eb
          .selectFrom('directive_targets')
          .select('directive_id')
          .where('unit_code', '=', services.node.unitCode),
      ),
    );
  const rows = await query.orderBy('issued_at', 'desc').limit(500).execute();
  if (rows.length === 0) return [];
  let targetQuery = uc.tx.db
    .selectFrom('directive_targets')
    .selectAll()
    .where(
      'directive_id',
      'in',
      rows.map((r) => r.id),
    );
  if (!hub) targetQuery = targetQuery.where('unit_code', '=', services.node.unitCode);
  const targets = await targetQuery.execute();
  const calendar = await calendarOf(uc);
  const now = uc.now.toISOString();
  const byDirective = new Map<string, TargetRow[]>();
  for (const t of targets) {
    const list = byDirective.get(t.directive_id) ?? [];
    list.push(t);
    byDirective.set(t.directive_id, list);
  }
  const items = rows.map((row) => {
    const daysLeft = workingDaysLeft(row.due_at, now, calendar);
    const views = (byDirective.get(row.id) ?? []).map((t) =>
      targetView(services, row, t, [], now, daysLeft),
    );
    return {
      directive: summaryOf(row),
      tally: tallyStandings(views.map((v) => v.standing)),
      own: hub ? null : (views[0] ?? null),
    };
  });
  return input.show === 'all'
    ? items
    : items.filter((i) => i.directive.cancelledAt === null && i.tally.done < i.tally.targets);
}

/**
 * What waits for this officer at a commune: directives not yet acknowledged, and open ones
 * given to them (or, for the leader, every open one), soonest deadline first.
 */
export async function directivesNeedingAttention(uc: UseCase): Promise<DirectiveListItem[]> {
  const items = await listDirectives(uc, { show: 'open' });
  const me = uc.actor;
  return items
    .filter(
      ({ own }) =>
        own !== null &&
        !own.reportStands &&
        (own.acknowledgedAt === null || me?.role === 'leader' || own.assigneeId === me?.id),
    )
    .sort((a, b) => a.directive.dueAt.localeCompare(b.directive.dueAt));
}

/** The officers a commune's leader may give a directive to. */
export async function assignableOfficers(
  uc: UseCase,
): Promise<{ id: string; displayName: string; role: string }[]> {
  const unitCode = uc.services.node.unitCode;
  authorize(uc, 'directive.assign', subjectIn(uc.services, unitCode), {
    type: 'directive',
    id: null,
  });
  const rows = await uc.tx.db
    .selectFrom('accounts')
    .select(['id', 'display_name', 'role'])
    .where('unit_code', '=', unitCode)
    .where('active', '=', 1)
    .where('role', 'in', ['receiving_officer', 'specialist', 'leader'])
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}

/** A paper of a directive this reader may see: the directive's own, or a report's. */
export async function directiveAttachment(
  uc: UseCase,
  directiveId: string,
  hash: string,
): Promise<{ content: Buffer; mediaType: string; name: string }> {
  const detail = await directiveDetail(uc, directiveId);
  const cited = [...detail.attachments, ...detail.targets.flatMap((t) => t.reportAttachments)].find(
    (a) => a.hash === hash,
  );
  if (cited === undefined) throw new AppError('not_found');
  const row = await uc.tx.db
    .selectFrom('attachments')
    .select(['content', 'media_type'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  // Cited but not here yet: the papers follow the events by sync, at a lower priority.
  if (row === undefined) throw new AppError('attachment_pending');
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'directive.read',
    subjectType: 'attachment',
    subjectId: hash,
    outcome: 'ok',
  });
  return { content: Buffer.from(row.content), mediaType: row.media_type, name: cited.name };
}

/** The directive as the province's letter (công văn), PDF, for anyone who may read it. */
export async function directiveLetter(uc: UseCase, directiveId: string): Promise<Buffer> {
  const detail = await directiveDetail(uc, directiveId);
  const d = detail.directive;
  const { services } = uc;
  const province = services.units.unit(services.node.provinceCode);
  const provinceName = province?.name ?? services.node.provinceCode;
  const targets = await uc.tx.db
    .selectFrom('directive_targets')
    .select('unit_code')
    .where('directive_id', '=', directiveId)
    .execute();
  const addressees = targets
    .map((t) => inSentence(services.units.unit(t.unit_code)?.name ?? t.unit_code))
    .sort((a, b) => a.localeCompare(b, 'vi'));
  return renderDirectiveLetter({
    issuer: {
      name: `Ủy ban nhân dân\n${inSentence(provinceName)}`,
      fullName: `Ủy ban nhân dân ${inSentence(provinceName)}`,
      placeName: placeName(provinceName),
    },
    number: d.number,
    title: d.title,
    body: d.body,
    urgent: d.priority === 'urgent',
    issuedAt: d.issuedAt,
    addressees,
    deadline: deadlineSentence(
      d.dueAt,
      d.deadline.kind === 'working_days' ? d.deadline.days : null,
    ),
    signer: {
      title: ['TM. ỦY BAN NHÂN DÂN', ...services.node.profile.signerTitle],
      name: d.issuedByName,
    },
  });
}

/**
 * The hub notes when a commune's node confirmed holding a directive: its pull asked for what
 * comes after the directive's event. Operational state of the hub, not an event. Most pulls
 * find nothing waiting and write nothing (no write transaction is opened for them).
 */
export async function markDirectivesDelivered(
  storage: Storage,
  unitCode: string,
  after: number,
  now: Date,
): Promise<void> {
  const waiting = await storage.db
    .selectFrom('directive_targets')
    .select('directive_id')
    .where('unit_code', '=', unitCode)
    .where('delivered_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (waiting === undefined) return;
  await storage.transaction((tx) =>
    tx.db
      .updateTable('directive_targets')
      .set({ delivered_at: now.toISOString() })
      .where('unit_code', '=', unitCode)
      .where('delivered_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('events')
            .select('events.seq')
            .where('events.entity_type', '=', 'directive')
            .whereRef('events.entity_id', '=', 'directive_targets.directive_id')
            .where('events.type', '=', directiveEventTypes.issued)
            .where('events.seq', '<=', after),
        ),
      )
      .execute(),
  );
}
