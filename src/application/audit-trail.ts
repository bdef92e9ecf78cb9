// Reading the audit trail is itself audited: it names people and what they looked at.
import { z } from 'zod';
import { readAuditEntries, recordAudit } from './audit.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

export const auditQueryInput = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

export interface AuditEntryView {
  readonly id: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly actorRole: string | null;
  readonly unitCode: string;
  readonly kind: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly outcome: string;
  readonly eventId: string | null;
  readonly ip: string | null;
}

export async function listAuditTrail(
  uc: UseCase,
  input: z.infer<typeof auditQueryInput>,
): Promise<AuditEntryView[]> {
  const unitCode = uc.services.node.unitCode;
  authorize(uc, 'audit.read', subjectIn(uc.services, unitCode), { type: 'audit', id: unitCode });
  const rows = await readAuditEntries(uc.tx.db, {
    limit: input.limit,
    ...(input.before === undefined ? {} : { beforeId: input.before }),
  });
  await recordAudit(uc.tx.db, unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'audit.read',
    subjectType: 'audit',
    subjectId: unitCode,
    outcome: 'ok',
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    unitCode: r.unit_code,
    kind: r.kind,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    outcome: r.outcome,
    eventId: r.event_id,
    ip: r.ip,
  }));
}
