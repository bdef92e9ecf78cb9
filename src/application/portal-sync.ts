// The hub's link to the national public-service portal (docs/notifications.md, second part).
// Every dossier event that reaches the hub's log — appended by a use case on the hub, or pushed
// by a commune and ingested — is looked at once; when it changed what the portal shows, one
// update keyed by the event's id is queued in the same transaction (a batch pushed twice queues
// nothing new). A loop started by the composition root sends each dossier's updates in event
// order through one adapter, outside any transaction, with retries that never give up.
import type { Kysely } from 'kysely';
import {
  dossierEventTypes,
  reduceDossier,
  type DossierEventLike,
  type DossierState,
} from '../domain/dossiers.js';
import type { StoredEvent } from '../domain/events.js';
import {
  afterPortalAttempt,
  portalSyncStatuses,
  portalUpdateFor,
  type PortalStatusMessage,
  type PortalSyncDelivery,
  type PortalSyncResult,
  type PortalSyncStatus,
} from '../domain/portal-sync.js';
import type { Database, PortalSyncOutboxTable } from '../storage/schema.js';
import { answerWithin, checkedAnswer, recordAttempt } from './outbox.js';
import type { Services } from './services.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

/**
 * What delivers an update to the national portal (the recording adapter here; a real one per
 * docs/notifications.md). `send` answers `sent` when the portal took the update, `rejected`
 * when it refused it (a validation error: final, shown to the administrator); throwing means
 * no answer, and the update is tried again later. It must be idempotent on `messageId`.
 */
export interface PortalSyncAdapter {
  readonly name: string;
  send(message: PortalStatusMessage): Promise<PortalSyncAnswer>;
}

export type PortalSyncAnswer =
  | { readonly outcome: 'sent'; readonly reference?: string }
  | { readonly outcome: 'rejected'; readonly reason: string };

/** A dossier event as stored, with what the update needs. */
type PortalEvent = DossierEventLike &
  Pick<StoredEvent, 'id' | 'unitCode' | 'hlc'> & { readonly entityType: string };

function rowFor(
  provinceCode: string,
  at: string,
  event: PortalEvent,
  before: DossierState | null,
  after: DossierState,
): PortalSyncOutboxTable | null {
  const record = portalUpdateFor(before, after);
  if (record === null) return null;
  const message: PortalStatusMessage = {
    messageId: event.id,
    ...record,
    event: {
      id: event.id,
      type: event.type,
      unitCode: event.unitCode,
      occurredAt: event.occurredAt,
    },
    provinceCode,
    createdAt: at,
  };
  return {
    id: event.id,
    dossier_id: after.id,
    dossier_code: after.code,
    hlc: event.hlc,
    status_code: record.statusCode,
    payload: JSON.stringify(message),
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    reference: null,
    created_at: at,
    updated_at: at,
  };
}

async function insertRows(db: Kysely<Database>, rows: PortalSyncOutboxTable[]): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += 50) {
    const result = await db
      .insertInto('portal_sync_outbox')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return queued;
}

/** One dossier event the hub appended itself (an online filing, a province-level step). */
export async function queuePortalUpdate(
  db: Kysely<Database>,
  services: Pick<Services, 'node'>,
  now: Date,
  change: { before: DossierState | null; event: PortalEvent; after: DossierState },
): Promise<number> {
  const row = rowFor(
    services.node.provinceCode,
    now.toISOString(),
    change.event,
    change.before,
    change.after,
  );
  return row === null ? 0 : insertRows(db, [row]);
}

/**
 * The dossier events of a batch a commune pushed, just ingested in the caller's transaction.
 * Each dossier's history is folded from the hub's log (every unit's events of it, in HLC
 * order) so that each pushed event is judged against the state just before it; updates are
 * keyed by event id, so events the hub already had queue nothing.
 */
export async function queuePortalUpdatesForPush(
  db: Kysely<Database>,
  services: Pick<Services, 'node'>,
  now: Date,
  events: readonly Pick<StoredEvent, 'id' | 'entityType' | 'entityId'>[],
): Promise<number> {
  const pushed = new Set(events.filter((e) => e.entityType === 'dossier').map((e) => e.id));
  if (pushed.size === 0) return 0;
  const dossierIds = [
    ...new Set(events.filter((e) => e.entityType === 'dossier').map((e) => e.entityId)),
  ];
  const at = now.toISOString();
  const rows: PortalSyncOutboxTable[] = [];
  for (let i = 0; i < dossierIds.length; i += 500) {
    const history = await db
      .selectFrom('events')
      .select(['id', 'unit_code', 'type', 'entity_id', 'payload', 'occurred_at', 'hlc'])
      .where('entity_type', '=', 'dossier')
      .where('entity_id', 'in', dossierIds.slice(i, i + 500))
      .execute();
    // Each dossier's events together, in causal order (HLC text order, as domain/hlc.ts says).
    history.sort((a, b) =>
      a.entity_id !== b.entity_id
        ? a.entity_id < b.entity_id
          ? -1
          : 1
        : a.hlc < b.hlc
          ? -1
          : a.hlc > b.hlc
            ? 1
            : 0,
    );
    let state: DossierState | null = null;
    let current: string | null = null;
    for (const row of history) {
      if (row.entity_id !== current) {
        current = row.entity_id;
        state = null;
      }
      const event: PortalEvent = {
        id: row.id,
        unitCode: row.unit_code,
        type: row.type,
        entityType: 'dossier',
        entityId: row.entity_id,
        payload: JSON.parse(row.payload) as unknown,
        occurredAt: row.occurred_at,
        hlc: row.hlc,
      };
      // A history that does not begin with the dossier's receipt cannot be judged: skipped.
      if (
        state === null &&
        event.type !== dossierEventTypes.received &&
        event.type !== dossierEventTypes.submittedOnline
      )
        continue;
      const after = reduceDossier(state, event);
      if (pushed.has(event.id)) {
        const queued = rowFor(services.node.provinceCode, at, event, state, after);
        if (queued !== null) rows.push(queued);
      }
      state = after;
    }
  }
  return insertRows(db, rows);
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

function statusOf(value: string): PortalSyncStatus {
  const status = portalSyncStatuses.find((s) => s === value);
  if (status === undefined) throw new Error(`portal_sync_outbox: unknown status ${value}`);
  return status;
}

/** Where a dossier stands with the portal, for its page at the hub. */
export interface PortalSyncSummary {
  /** The status code of the newest update the portal took (1–10), or null before any. */
  readonly lastSentStatusCode: number | null;
  /** sent when every update went; else the state of the oldest one still to go. */
  readonly state: PortalSyncStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly updatedAt: string | null;
  readonly updates: number;
}

function summaryOf(rows: readonly PortalSyncOutboxTable[]): PortalSyncSummary {
  const sent = rows.filter((r) => r.status === 'sent');
  const open = rows.find((r) => r.status === 'pending' || r.status === 'failed');
  const problem = open ?? rows.findLast((r) => r.status === 'rejected');
  const latest = rows.at(-1);
  return {
    lastSentStatusCode: sent.at(-1)?.status_code ?? null,
    state: problem === undefined ? 'sent' : statusOf(problem.status),
    attempts: (problem ?? latest)?.attempts ?? 0,
    lastError: problem?.last_error ?? null,
    updatedAt: (problem ?? latest)?.updated_at ?? null,
    updates: rows.length,
  };
}

/** A dossier's standing with the portal, or null when nothing was queued for it. */
export async function portalSyncOf(
  db: Kysely<Database>,
  dossierId: string,
): Promise<PortalSyncSummary | null> {
  const rows = await db
    .selectFrom('portal_sync_outbox')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .orderBy('hlc')
    .execute();
  return rows.length === 0 ? null : summaryOf(rows);
}

export interface PortalSyncProblem {
  readonly id: string;
  readonly dossierId: string;
  readonly dossierCode: string;
  readonly statusCode: number;
  readonly status: PortalSyncStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly updatedAt: string;
}

export interface PortalSyncOverview {
  readonly counts: Readonly<Record<PortalSyncStatus, number>>;
  /** Updates that failed (still retried) or were refused, newest first. */
  readonly problems: readonly PortalSyncProblem[];
}

/** Counts by status and the updates in trouble, for the administrator's page. */
export async function portalSyncOverview(
  db: Kysely<Database>,
  limit = 50,
): Promise<PortalSyncOverview> {
  const counted = await db
    .selectFrom('portal_sync_outbox')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(portalSyncStatuses.map((s) => [s, 0])) as Record<
    PortalSyncStatus,
    number
  >;
  for (const row of counted) counts[statusOf(row.status)] = Number(row.n);
  const problems = await db
    .selectFrom('portal_sync_outbox')
    .selectAll()
    .where('status', 'in', ['failed', 'rejected'])
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return {
    counts,
    problems: problems.map((r) => ({
      id: r.id,
      dossierId: r.dossier_id,
      dossierCode: r.dossier_code,
      statusCode: r.status_code,
      status: statusOf(r.status),
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      updatedAt: r.updated_at,
    })),
  };
}

/**
 * The province administrator's view of the portal link (the hub's node health, like the
 * commune nodes' sync: the same permission). Dossier codes and statuses only: no personal data.
 */
export async function readPortalSync(uc: UseCase): Promise<PortalSyncOverview> {
  authorize(uc, 'node.manage', subjectIn(uc.services, uc.services.node.provinceCode), {
    type: 'portal_sync',
    id: null,
  });
  return portalSyncOverview(uc.tx.db);
}

// ── Delivery ───────────────────────────────────────────────────────────────────────────────

export interface PortalDeliveryReport {
  readonly attempted: number;
  readonly sent: number;
  readonly failed: number;
  readonly rejected: number;
}

function deliveryOf(row: PortalSyncOutboxTable): PortalSyncDelivery {
  return {
    status: statusOf(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    reference: row.reference,
  };
}

/**
 * Sends up to `limit` due updates, one at a time, each only when no earlier update of the same
 * dossier is still to go (the portal must not see status 9 before status 4); a refused update
 * does not hold back the ones after it. Records each outcome with its audit entry. The caller
 * makes sure two deliveries never run at once in one process; hub processes sharing one
 * PostgreSQL may both send an update (at least once), and the guarded update keeps one result.
 */
export async function deliverDuePortalUpdates(
  services: Services,
  adapter: PortalSyncAdapter,
  now: Date,
  limit = 20,
  options: { readonly timeoutMs?: number } = {},
): Promise<PortalDeliveryReport> {
  const rows = await services.storage.db
    .selectFrom('portal_sync_outbox as o')
    .selectAll('o')
    .where('o.status', 'in', ['pending', 'failed'])
    .where('o.next_attempt_at', '<=', now.toISOString())
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('portal_sync_outbox as earlier')
            .select('earlier.id')
            .whereRef('earlier.dossier_id', '=', 'o.dossier_id')
            .whereRef('earlier.hlc', '<', 'o.hlc')
            .where('earlier.status', 'in', ['pending', 'failed']),
        ),
      ),
    )
    .orderBy('o.next_attempt_at')
    .orderBy('o.hlc')
    .limit(limit)
    .execute();
  const report = { attempted: 0, sent: 0, failed: 0, rejected: 0 };
  for (const row of rows) {
    const message = JSON.parse(row.payload) as PortalStatusMessage;
    const answer = await answerWithin(
      adapter.name,
      () => adapter.send(message),
      options.timeoutMs ?? 30_000,
    );
    const result: PortalSyncResult = answer.ok
      ? checkedAnswer(answer.answer)
      : { outcome: 'failed', error: answer.error };
    const next = afterPortalAttempt(deliveryOf(row), result, now);
    await recordAttempt(
      services,
      'portal_sync_outbox',
      row,
      {
        status: next.status,
        attempts: next.attempts,
        next_attempt_at: next.nextAttemptAt,
        last_error: next.lastError,
        reference: next.reference,
        updated_at: now.toISOString(),
      },
      now,
      {
        action: 'portal_sync.send',
        subjectType: 'portal_sync_update',
        ok: result.outcome === 'sent',
      },
    );
    report.attempted += 1;
    report[result.outcome] += 1;
  }
  return report;
}
