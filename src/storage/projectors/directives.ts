// Projection of directive.* events, the same on the hub and on the communes a directive names.
// A commune's response events are its own (single writer); they are applied whatever the
// province did meanwhile (a report made offline after a withdrawal it had not yet heard of is
// still recorded: the use case judged it where it was made).
import {
  directiveAcknowledgedPayload,
  directiveAssignedPayload,
  directiveCancelledPayload,
  directiveEventTypes,
  directiveIssuedPayload,
  directiveReportedPayload,
  directiveReviewedPayload,
  type DirectiveAttachment,
} from '../../domain/directives.js';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Projectors } from '../projections.js';

async function insertAttachments(
  db: Kysely<Database>,
  directiveId: string,
  unitCode: string,
  kind: 'directive' | 'report',
  attachments: readonly DirectiveAttachment[],
): Promise<void> {
  if (attachments.length === 0) return;
  await db
    .insertInto('directive_attachments')
    .values(
      attachments.map((a, position) => ({
        hash: a.hash,
        directive_id: directiveId,
        unit_code: unitCode,
        kind,
        position,
        name: a.name,
        media_type: a.mediaType,
        size: a.size,
      })),
    )
    .onConflict((oc) => oc.columns(['directive_id', 'unit_code', 'position']).doNothing())
    .execute();
}

/**
 * Sets a commune's response fields, creating its row if the directive has not been projected
 * here yet: a commune node restored from the hub takes back its own chain (the response)
 * before the hub's events (the directive) come down again.
 */
async function setResponse(
  db: Kysely<Database>,
  directiveId: string,
  unitCode: string,
  fields: Partial<Omit<Database['directive_targets'], 'directive_id' | 'unit_code'>>,
): Promise<void> {
  await db
    .insertInto('directive_targets')
    .values({ directive_id: directiveId, unit_code: unitCode, ...fields })
    .onConflict((oc) => oc.columns(['directive_id', 'unit_code']).doUpdateSet(fields))
    .execute();
}

export const directiveProjectors: Projectors = {
  [directiveEventTypes.issued]: async (db, event) => {
    const p = directiveIssuedPayload.parse(event.payload);
    await db
      .insertInto('directives')
      .values({
        id: event.entityId,
        province_code: p.provinceCode,
        number: p.number,
        title: p.title,
        body: p.body,
        priority: p.priority,
        issued_at: event.occurredAt,
        issued_on: p.issuedOn,
        issued_by: event.actorId,
        issued_by_name: p.issuedByName,
        deadline: JSON.stringify(p.deadline),
        due_date: p.dueDate,
        due_at: p.dueAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db
      .insertInto('directive_targets')
      .values(p.unitCodes.map((unit_code) => ({ directive_id: event.entityId, unit_code })))
      .onConflict((oc) => oc.columns(['directive_id', 'unit_code']).doNothing())
      .execute();
    await insertAttachments(db, event.entityId, p.provinceCode, 'directive', p.attachments);
  },
  [directiveEventTypes.cancelled]: async (db, event) => {
    const p = directiveCancelledPayload.parse(event.payload);
    await db
      .updateTable('directives')
      .set({ cancelled_at: event.occurredAt, cancel_reason: p.reason })
      .where('id', '=', event.entityId)
      .execute();
  },
  [directiveEventTypes.acknowledged]: async (db, event) => {
    const p = directiveAcknowledgedPayload.parse(event.payload);
    await setResponse(db, p.directiveId, p.unitCode, {
      acknowledged_at: event.occurredAt,
      acknowledged_by: event.actorId,
      acknowledged_by_name: p.byName,
    });
  },
  [directiveEventTypes.assigned]: async (db, event) => {
    const p = directiveAssignedPayload.parse(event.payload);
    await setResponse(db, p.directiveId, p.unitCode, {
      assignee_id: p.assigneeId,
      assignee_name: p.assigneeName,
      assigned_at: event.occurredAt,
      assign_note: p.note,
    });
  },
  [directiveEventTypes.reported]: async (db, event) => {
    const p = directiveReportedPayload.parse(event.payload);
    await setResponse(db, p.directiveId, p.unitCode, {
      reported_at: event.occurredAt,
      reported_by: event.actorId,
      reported_by_name: p.byName,
      report_summary: p.summary,
    });
    // A report made again after a return replaces the earlier one's papers here (the log
    // keeps both).
    await db
      .deleteFrom('directive_attachments')
      .where('directive_id', '=', p.directiveId)
      .where('unit_code', '=', p.unitCode)
      .where('kind', '=', 'report')
      .execute();
    await insertAttachments(db, p.directiveId, p.unitCode, 'report', p.attachments);
  },
  [directiveEventTypes.reviewed]: async (db, event) => {
    const p = directiveReviewedPayload.parse(event.payload);
    await setResponse(db, p.directiveId, p.unitCodes[0], {
      reviewed_at: event.occurredAt,
      reviewed_by_name: p.byName,
      review_verdict: p.verdict,
      review_comment: p.comment,
      review_report_at: p.reportedAt,
    });
  },
};
