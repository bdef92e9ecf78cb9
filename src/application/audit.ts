// The audit trail: who wrote what, who read whose personal data, who logged in, who was
// refused. Entries are appended in the same transaction as the action they describe, so an
// action and its audit entry exist together or not at all. The table refuses updates and deletes.
import type { Kysely } from 'kysely';
import type { Actor } from '../domain/permissions.js';
import type { AuditEntryRow, Database } from '../storage/schema.js';
import type { RequestMeta } from './services.js';

export type AuditKind = 'read' | 'write' | 'login' | 'access';
export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditInput {
  readonly kind: AuditKind;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly outcome: AuditOutcome;
  readonly eventId?: string;
  /** For a failed login, the account is not an actor yet. */
  readonly actorIdOverride?: string | null;
}

export async function recordAudit(
  db: Kysely<Database>,
  nodeUnitCode: string,
  now: Date,
  actor: Actor | null,
  meta: RequestMeta,
  input: AuditInput,
): Promise<void> {
  await db
    .insertInto('audit_entries')
    .values({
      at: now.toISOString(),
      actor_id: input.actorIdOverride !== undefined ? input.actorIdOverride : (actor?.id ?? null),
      actor_role: actor?.role ?? null,
      unit_code: nodeUnitCode,
      kind: input.kind,
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      outcome: input.outcome,
      event_id: input.eventId ?? null,
      ip: meta.ip,
    })
    .execute();
}

export interface AuditQuery {
  readonly limit: number;
  /** Entries with id below this, for paging backwards in time. */
  readonly beforeId?: number;
}

export async function readAuditEntries(
  db: Kysely<Database>,
  query: AuditQuery,
): Promise<(AuditEntryRow & { actor_name: string | null })[]> {
  let q = db
    .selectFrom('audit_entries')
    .leftJoin('accounts', 'accounts.id', 'audit_entries.actor_id')
    .selectAll('audit_entries')
    .select('accounts.display_name as actor_name')
    .orderBy('audit_entries.id', 'desc')
    .limit(query.limit);
  if (query.beforeId !== undefined) q = q.where('audit_entries.id', '<', query.beforeId);
  return q.execute();
}
