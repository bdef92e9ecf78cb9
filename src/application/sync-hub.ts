// The hub's side of sync (DESIGN §3.3): enrolment of commune nodes with one-time tokens,
// authentication of every signed request (key, signature, replay counter), pushes stored
// idempotently with each node's chain verified, pulls of what concerns the node, and a
// restored node taking back its own chain. Also the clock skew seen at every request.
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import { civilEventTypes, civilProcedureCodes, type CivilKind } from '../domain/civil-status.js';
import { duplicateEventTypes, duplicateWindowDays, pairKey } from '../domain/duplicates.js';
import { checkToken, defaultTokenHours, nodeEventTypes } from '../domain/nodes.js';
import { skewFlags } from '../domain/sync-pacing.js';
import {
  keyIdOf,
  signedText,
  syncHeaders,
  syncRefusals,
  type SyncRefusalKind,
  type WireEvent,
} from '../domain/sync-protocol.js';
import { flowsTo } from '../domain/sync-relevance.js';
import { markDirectivesDelivered } from './directives.js';
import { IngestError } from '../storage/storage.js';
import type { Database, EventRow } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { queuePortalUpdatesForPush } from './portal-sync.js';
import { certifyUnitSealKey, revokeUnitSealKey } from './seal.js';
import { validationError } from './errors.js';
import type { RequestMeta, Services } from './services.js';
import { hashToken, newSecretToken } from './tokens.js';
import { authorize, runUseCase, subjectIn, type UseCase } from './use-case.js';

/** A refused sync request; the HTTP layer answers `syncRefusals[kind].status` with the kind. */
export class SyncRefusedError extends Error {
  readonly kind: SyncRefusalKind;
  readonly status: number;
  readonly ack: number | undefined;
  constructor(kind: SyncRefusalKind, message: string, ack?: number) {
    super(message);
    this.name = 'SyncRefusedError';
    this.kind = kind;
    this.status = syncRefusals[kind].status;
    this.ack = ack;
  }
}

export interface SyncNode {
  readonly keyId: string;
  readonly unitCode: string;
}

export const issueTokenInput = z.strictObject({
  unitCode: z.string().regex(/^\d{5}$/, { error: 'field.unit_code_format' }),
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(defaultTokenHours),
});

export interface IssuedToken {
  readonly token: string;
  readonly tokenId: string;
  readonly unitCode: string;
  readonly expiresAt: string;
}

/** A one-time enrolment token for a commune of the province, shown once (hub only). */
export async function issueEnrolmentToken(
  uc: UseCase,
  input: z.infer<typeof issueTokenInput>,
): Promise<IssuedToken> {
  return issueToken(uc, input, false);
}

/** The same, by the operator on the hub machine itself (`motcua nodes token`). */
export async function operatorIssueEnrolmentToken(
  uc: UseCase,
  input: z.infer<typeof issueTokenInput>,
): Promise<IssuedToken> {
  return issueToken(uc, input, true);
}

async function issueToken(
  uc: UseCase,
  input: z.infer<typeof issueTokenInput>,
  operator: boolean,
): Promise<IssuedToken> {
  const { services } = uc;
  // Who may issue at all first; then the unit, whose problems are field errors.
  if (!operator)
    authorize(uc, 'node.manage', subjectIn(services, services.node.provinceCode), {
      type: 'node',
      id: input.unitCode,
    });
  const unit = services.units.unit(input.unitCode);
  if (unit === undefined)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_unknown',
        message: 'field.unit_unknown',
        params: { code: input.unitCode },
      },
    ]);
  if (unit.provinceCode !== services.node.provinceCode)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_outside_province',
        message: 'field.unit_outside_province',
        params: { code: input.unitCode },
      },
    ]);
  if (!operator)
    authorize(uc, 'node.manage', subjectIn(services, input.unitCode), {
      type: 'node',
      id: input.unitCode,
    });
  if (services.node.role !== 'province')
    throw validationError([{ field: 'node', reason: 'hub_only', message: 'calendar.hub_only' }]);
  const token = newSecretToken('mce_');
  const tokenId = crypto.randomUUID();
  const expiresAt = new Date(uc.now.getTime() + input.hours * 3_600_000).toISOString();
  const event = await uc.tx.append(
    {
      type: nodeEventTypes.tokenIssued,
      entityType: 'node_token',
      entityId: tokenId,
      payload: { tokenHash: hashToken(token), unitCode: input.unitCode, expiresAt },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await recordAudit(uc.tx.db, services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'node.token_issue',
    subjectType: 'node',
    subjectId: input.unitCode,
    outcome: 'ok',
    eventId: event.id,
  });
  return { token, tokenId, unitCode: input.unitCode, expiresAt };
}

/** Enrols a node with its token and public key; the token is used up. */
export async function enrolNode(
  services: Services,
  meta: RequestMeta,
  input: { token: string; unitCode: string; publicKey: string },
): Promise<{ keyId: string; hubUnitCode: string; enrolledAt: string; ack: number }> {
  let der: Buffer;
  try {
    der = Buffer.from(input.publicKey, 'base64');
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  } catch {
    throw new SyncRefusedError(
      'malformed',
      'publicKey is not an Ed25519 public key (base64 SPKI DER)',
    );
  }
  const keyId = keyIdOf(der);
  return runUseCase(services, null, meta, async (uc) => {
    const now = uc.now.toISOString();
    const row = await uc.tx.db
      .selectFrom('enrolment_tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(input.token))
      .executeTakeFirst();
    const problem = checkToken(
      row === undefined
        ? undefined
        : { unitCode: row.unit_code, expiresAt: row.expires_at, usedAt: row.used_at },
      input.unitCode,
      now,
    );
    if (problem === 'token_used' && row !== undefined && row.used_by_key === keyId) {
      // The same key asking again: the node died, or lost the answer, after the hub enrolled
      // it. Enrolment is idempotent for that key, as long as it has not been revoked since.
      const node = await uc.tx.db
        .selectFrom('sync_nodes')
        .select(['enrolled_at', 'revoked_at'])
        .where('key_id', '=', keyId)
        .executeTakeFirst();
      if (node !== undefined && node.revoked_at === null)
        return {
          keyId,
          hubUnitCode: services.node.unitCode,
          enrolledAt: node.enrolled_at,
          ack: await unitHead(uc.tx.db, input.unitCode),
        };
    }
    if (problem !== null || row === undefined)
      throw new SyncRefusedError(
        problem ?? 'token_invalid',
        `the enrolment token cannot be used (${problem ?? 'token_invalid'})`,
      );
    const event = await uc.tx.append(
      {
        type: nodeEventTypes.enrolled,
        entityType: 'node',
        entityId: keyId,
        payload: {
          keyId,
          unitCode: input.unitCode,
          publicKey: input.publicKey,
          tokenId: row.token_id,
        },
      },
      { actorId: null },
    );
    // One node per unit writes its chain (DESIGN §3.2): a new enrolment (a replaced or
    // restored PC) retires the unit's earlier keys.
    const earlier = await uc.tx.db
      .selectFrom('sync_nodes')
      .select('key_id')
      .where('unit_code', '=', input.unitCode)
      .where('revoked_at', 'is', null)
      .where('key_id', '!=', keyId)
      .execute();
    for (const old of earlier) {
      await uc.tx.append(
        {
          type: nodeEventTypes.revoked,
          entityType: 'node',
          entityId: old.key_id,
          payload: { keyId: old.key_id, reason: 'replaced by a new enrolment of the unit' },
        },
        { actorId: null },
      );
      await revokeUnitSealKey(uc, old.key_id, 'replaced by a new enrolment of the unit');
    }
    // The node's key also seals the unit's civil-status certificates, certified by the province.
    const provinceKey = services.seals?.provinceKey;
    if (provinceKey !== undefined)
      await certifyUnitSealKey(uc, provinceKey, {
        unitCode: input.unitCode,
        keyId,
        publicKey: createPublicKey({ key: der, format: 'der', type: 'spki' }),
      });
    await recordAudit(uc.tx.db, services.node.unitCode, uc.now, null, meta, {
      kind: 'write',
      action: 'node.enrol',
      subjectType: 'node',
      subjectId: keyId,
      outcome: 'ok',
      eventId: event.id,
    });
    return {
      keyId,
      hubUnitCode: services.node.unitCode,
      enrolledAt: now,
      ack: await unitHead(uc.tx.db, input.unitCode),
    };
  });
}

/** The head of a unit's chain as this database holds it (0: none yet). */
async function unitHead(db: Kysely<Database>, unitCode: string): Promise<number> {
  const row = await db
    .selectFrom('chain_heads')
    .select('unit_seq')
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  return row?.unit_seq ?? 0;
}

export async function revokeNode(uc: UseCase, keyId: string, reason: string): Promise<void> {
  const row = await uc.tx.db
    .selectFrom('sync_nodes')
    .select(['unit_code', 'revoked_at'])
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  if (row === undefined)
    throw validationError([{ field: 'keyId', reason: 'unknown', message: 'field.invalid' }]);
  authorize(uc, 'node.manage', subjectIn(uc.services, row.unit_code), { type: 'node', id: keyId });
  if (row.revoked_at !== null) return;
  const event = await uc.tx.append(
    {
      type: nodeEventTypes.revoked,
      entityType: 'node',
      entityId: keyId,
      payload: { keyId, reason },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await revokeUnitSealKey(uc, keyId, reason);
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'node.revoke',
    subjectType: 'node',
    subjectId: keyId,
    outcome: 'ok',
    eventId: event.id,
  });
}

export interface NodeView {
  readonly keyId: string;
  readonly unitCode: string;
  readonly enrolledAt: string;
  readonly revokedAt: string | null;
  readonly lastSeenAt: string | null;
  readonly lastPushAt: string | null;
  readonly lastPullAt: string | null;
  readonly skewMs: number | null;
  readonly flags: readonly string[];
  readonly backlog: number | null;
  /** Events of the node's chain held at the hub. */
  readonly held: number;
}

export async function listNodes(uc: UseCase): Promise<NodeView[]> {
  authorize(uc, 'node.manage', subjectIn(uc.services, uc.services.node.provinceCode), {
    type: 'node',
    id: null,
  });
  return readNodes(uc.tx.db);
}

/** Every enrolled node with its sync health; callers authorise (the dashboard reads it too). */
export async function readNodes(db: Kysely<Database>): Promise<NodeView[]> {
  const rows = await db
    .selectFrom('sync_nodes')
    .leftJoin('chain_heads', 'chain_heads.unit_code', 'sync_nodes.unit_code')
    .selectAll('sync_nodes')
    .select('chain_heads.unit_seq as held')
    .orderBy('sync_nodes.unit_code')
    .orderBy('sync_nodes.enrolled_at')
    .execute();
  return rows.map((r) => ({
    keyId: r.key_id,
    unitCode: r.unit_code,
    enrolledAt: r.enrolled_at,
    revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at,
    lastPushAt: r.last_push_at,
    lastPullAt: r.last_pull_at,
    skewMs: r.skew_ms,
    flags: r.skew_flags === '' ? [] : r.skew_flags.split(','),
    backlog: r.backlog,
    held: r.held ?? 0,
  }));
}

/**
 * Checks a signed request: a known, unrevoked key; a valid signature over method, path,
 * counter, device time and body; a counter above every one seen before (else: a replay). The
 * counter, the time seen and the node's clock skew are committed before the request's work,
 * so a replayed copy is refused even when the original failed halfway.
 */
export async function authenticateSyncRequest(
  services: Services,
  request: {
    method: string;
    path: string;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    body: Buffer;
    kind: 'push' | 'pull' | 'restore' | 'status' | 'attachment';
    backlog?: number | undefined;
  },
): Promise<SyncNode> {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const keyId = header(syncHeaders.key);
  const counterText = header(syncHeaders.counter);
  const time = header(syncHeaders.time);
  const signature = header(syncHeaders.signature);
  if (
    keyId === undefined ||
    counterText === undefined ||
    time === undefined ||
    signature === undefined
  )
    throw new SyncRefusedError('bad_signature', 'the request is not signed');
  const counter = Number(counterText);
  if (!Number.isSafeInteger(counter) || counter < 1 || Number.isNaN(Date.parse(time)))
    throw new SyncRefusedError('malformed', 'bad counter or time header');
  const node = await services.storage.db
    .selectFrom('sync_nodes')
    .selectAll()
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  if (node === undefined)
    throw new SyncRefusedError('unknown_key', 'this key is not enrolled here');
  if (node.revoked_at !== null)
    throw new SyncRefusedError('revoked', 'this node was revoked by the province');
  const publicKey = createPublicKey({
    key: Buffer.from(node.public_key, 'base64'),
    format: 'der',
    type: 'spki',
  });
  const text = signedText({
    method: request.method,
    path: request.path,
    counter,
    time,
    body: request.body,
  });
  let valid = false;
  try {
    valid = verifySignature(
      null,
      Buffer.from(text, 'utf8'),
      publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid)
    throw new SyncRefusedError('bad_signature', 'the signature does not match the request');

  const now = services.clock();
  const skewMs = now.getTime() - Date.parse(time);
  const flags = skewFlags(
    { at: now.toISOString(), skewMs },
    node.skew_ms === null || node.last_seen_at === null
      ? null
      : { at: node.last_seen_at, skewMs: node.skew_ms },
  );
  await services.storage.transaction(async (tx) => {
    // Atomic: of two processes handling the same signed request, only one moves the counter.
    const moved = await tx.db
      .updateTable('sync_nodes')
      .set({
        last_counter: counter,
        last_seen_at: now.toISOString(),
        skew_ms: skewMs,
        // Far off lasts while it lasts; a jump stays flagged for the province to look at.
        skew_flags: [
          ...new Set([
            ...flags,
            ...(node.skew_flags.split(',').includes('jumped') ? ['jumped'] : []),
          ]),
        ]
          .sort()
          .join(','),
        ...(request.kind === 'push' ? { last_push_at: now.toISOString() } : {}),
        ...(request.kind === 'pull' ? { last_pull_at: now.toISOString() } : {}),
        ...(request.backlog === undefined ? {} : { backlog: request.backlog }),
      })
      .where('key_id', '=', keyId)
      .where('last_counter', '<', counter)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0)
      throw new SyncRefusedError('replay', 'this request (counter) was seen before');
    await tx.db
      .insertInto('sync_receipts')
      .values({
        key_id: keyId,
        unit_code: node.unit_code,
        kind: request.kind,
        received_at: now.toISOString(),
        device_time: time,
        skew_ms: skewMs,
        events: 0,
        bytes: request.body.length,
      })
      .execute();
  });
  return { keyId, unitCode: node.unit_code };
}

async function chainHead(services: Services, unitCode: string): Promise<number> {
  const row = await services.storage.db
    .selectFrom('chain_heads')
    .select('unit_seq')
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  return row?.unit_seq ?? 0;
}

/**
 * Stores a node's events in one transaction, idempotently: events already held are skipped,
 * the rest must continue the node's chain as the hub holds it. Answers the new head (ack).
 */
export async function handlePush(
  services: Services,
  node: SyncNode,
  events: readonly WireEvent[],
): Promise<{ ack: number; stored: number; duplicates: number }> {
  if (events.some((e) => e.unitCode !== node.unitCode))
    throw new SyncRefusedError(
      'wrong_unit',
      `a node of ${node.unitCode} pushes only its own unit's events`,
    );
  const ordered = [...events].sort((a, b) => a.unitSeq - b.unitSeq);
  try {
    const counts = await services.storage.transaction(async (tx) => {
      const stored = await tx.ingestMany(ordered);
      if (stored.stored > 0) {
        await auditSync(services, tx.db, node, 'write', 'sync.push');
        // The province syncs every dossier with the national portal: one update per new
        // event, queued with the events (idempotent by event id; docs/notifications.md).
        await queuePortalUpdatesForPush(tx.db, services, services.clock(), ordered);
      }
      return stored;
    });
    if (counts.stored > 0) {
      await flagDuplicates(
        services,
        ordered.filter((e) => e.type === 'dossier.received').map((e) => e.entityId),
      );
      await flagCivilDuplicates(
        services,
        ordered.filter((e) => e.type === civilEventTypes.registered).map((e) => e.entityId),
      );
    }
    return { ack: await chainHead(services, node.unitCode), ...counts };
  } catch (error) {
    const ingest =
      error instanceof IngestError
        ? error
        : error instanceof Error && error.cause instanceof IngestError
          ? error.cause
          : null;
    if (ingest === null) throw error;
    const ack = await chainHead(services, node.unitCode);
    if (ingest.kind === 'hash_mismatch')
      throw new SyncRefusedError('hash_mismatch', ingest.message, ack);
    throw new SyncRefusedError('chain_gap', ingest.message, ack);
  }
}

function wireOf(row: EventRow): WireEvent {
  return {
    id: row.id,
    unitCode: row.unit_code,
    unitSeq: row.unit_seq,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload: JSON.parse(row.payload) as unknown,
    actorId: row.actor_id,
    occurredAt: row.occurred_at,
    hlc: row.hlc,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * What the hub holds that concerns the node, after `after` (the hub's local order). Scans a
 * bounded window per request, so a node far behind catches up in steps; the cursor moves past
 * what was scanned even when nothing in it concerned the node.
 */
export async function handlePull(
  services: Services,
  node: SyncNode,
  input: { after: number; limit: number },
): Promise<{ events: WireEvent[]; cursor: number; more: boolean }> {
  // Asking for what comes after the cursor confirms holding what came before it.
  await markDirectivesDelivered(services.storage, node.unitCode, input.after, services.clock());
  const scanLimit = input.limit * 4;
  const rows = await services.storage.db
    .selectFrom('events')
    .selectAll()
    .where('seq', '>', input.after)
    .where('unit_code', '!=', node.unitCode)
    .orderBy('seq')
    .limit(scanLimit)
    .execute();
  const events: WireEvent[] = [];
  let cursor = input.after;
  const dossierUnits = new Map<string, string[]>();
  for (const row of rows) {
    if (events.length >= input.limit) break;
    cursor = row.seq;
    let context: { accountUnit: string | null; dossierUnits: string[] } = {
      accountUnit: null,
      dossierUnits: [],
    };
    if (row.entity_type === 'account' && row.type !== 'account.created') {
      const account = await services.storage.db
        .selectFrom('accounts')
        .select('unit_code')
        .where('id', '=', row.entity_id)
        .executeTakeFirst();
      context = { ...context, accountUnit: account?.unit_code ?? null };
    } else if (row.entity_type === 'dossier') {
      let units = dossierUnits.get(row.entity_id);
      if (units === undefined) {
        units = await unitsOfDossier(services, row.entity_id);
        dossierUnits.set(row.entity_id, units);
      }
      context = { ...context, dossierUnits: units };
    }
    const wire = wireOf(row);
    if (flowsTo(node.unitCode, wire, context)) events.push(wire);
  }
  // More waits when this window stopped early (enough to send) or was full (more to scan).
  const scannedAll = rows.length === 0 || cursor === rows[rows.length - 1]?.seq;
  const more = !scannedAll || rows.length === scanLimit;
  // Accounts and dossiers carry personal data: who received them is in the audit trail.
  if (events.some((e) => e.type.startsWith('dossier.') || e.type.startsWith('account.')))
    await services.storage.transaction((tx) =>
      auditSync(services, tx.db, node, 'read', 'sync.pull'),
    );
  return { events, cursor, more };
}

/** One audit entry for a sync request that moved personal data, with the node as the actor. */
async function auditSync(
  services: Services,
  db: Kysely<Database>,
  node: SyncNode,
  kind: 'read' | 'write',
  action: 'sync.push' | 'sync.pull' | 'sync.restore',
): Promise<void> {
  await recordAudit(
    db,
    services.node.unitCode,
    services.clock(),
    null,
    { ip: null },
    {
      kind,
      action,
      subjectType: 'node',
      subjectId: node.unitCode,
      outcome: 'ok',
      actorIdOverride: `node:${node.keyId}`,
    },
  );
}

/** Every unit a dossier has been at: received, deciding, and any unit it was handed to. */
async function unitsOfDossier(services: Services, dossierId: string): Promise<string[]> {
  const row = await services.storage.db
    .selectFrom('dossiers')
    .select(['receiving_unit_code', 'competent_unit_code', 'unit_code'])
    .where('id', '=', dossierId)
    .executeTakeFirst();
  return row === undefined
    ? []
    : [...new Set([row.receiving_unit_code, row.competent_unit_code, row.unit_code])];
}

/** A restored node takes back its own chain from the hub, in order, after its local head. */
export async function handleRestore(
  services: Services,
  node: SyncNode,
  input: { after: number; limit: number },
): Promise<{ events: WireEvent[]; more: boolean }> {
  const rows = await services.storage.db
    .selectFrom('events')
    .selectAll()
    .where('unit_code', '=', node.unitCode)
    .where('unit_seq', '>', input.after)
    .orderBy('unit_seq')
    .limit(input.limit + 1)
    .execute();
  if (rows.length > 0)
    await services.storage.transaction((tx) =>
      auditSync(services, tx.db, node, 'read', 'sync.restore'),
    );
  return { events: rows.slice(0, input.limit).map(wireOf), more: rows.length > input.limit };
}

export async function nodeAck(services: Services, node: SyncNode): Promise<number> {
  return chainHead(services, node.unitCode);
}

/**
 * After a push: dossiers just received that look like another unit's (the same applicant, the
 * same procedure, within the window) are flagged to both units, as a hub event that flows to
 * each. A flag is raised once per pair; nothing is merged.
 */
async function flagDuplicates(services: Services, dossierIds: readonly string[]): Promise<void> {
  if (dossierIds.length === 0) return;
  const columns = [
    'id',
    'code',
    'procedure_code',
    'applicant_citizen_id',
    'receiving_unit_code',
    'received_at',
    'status',
  ] as const;
  const windowMs = duplicateWindowDays * 86_400_000;
  await services.storage.transaction(async (tx) => {
    // The dossiers just received, then every dossier of the same applicants: a few queries a
    // batch, the matching done here.
    const received = [];
    for (const ids of chunks(dossierIds, 500))
      received.push(
        ...(await tx.db.selectFrom('dossiers').select(columns).where('id', 'in', ids).execute()),
      );
    const applicants = [...new Set(received.map((d) => d.applicant_citizen_id))];
    const sameApplicant = new Map<string, typeof received>();
    for (const ids of chunks(applicants, 500))
      for (const row of await tx.db
        .selectFrom('dossiers')
        .select(columns)
        .where('applicant_citizen_id', 'in', ids)
        .where('status', 'not in', ['refused', 'withdrawn'])
        .execute())
        sameApplicant.set(row.applicant_citizen_id, [
          ...(sameApplicant.get(row.applicant_citizen_id) ?? []),
          row,
        ]);
    const pairs: { dossier: (typeof received)[number]; other: (typeof received)[number] }[] = [];
    for (const dossier of received) {
      if (dossier.received_at === null) continue;
      const at = Date.parse(dossier.received_at);
      for (const other of sameApplicant.get(dossier.applicant_citizen_id) ?? [])
        if (
          other.id !== dossier.id &&
          other.procedure_code === dossier.procedure_code &&
          other.receiving_unit_code !== dossier.receiving_unit_code &&
          other.received_at !== null &&
          Math.abs(Date.parse(other.received_at) - at) <= windowMs
        )
          pairs.push({ dossier, other });
    }
    if (pairs.length === 0) return;
    const seen = new Set<string>();
    for (const keys of chunks(
      pairs.map((p) => pairKey(p.dossier.id, p.other.id)),
      500,
    ))
      for (const row of await tx.db
        .selectFrom('duplicate_flags')
        .select('pair_key')
        .where('pair_key', 'in', keys)
        .execute())
        seen.add(row.pair_key);
    for (const { dossier, other } of pairs) {
      const key = pairKey(dossier.id, other.id);
      if (seen.has(key)) continue;
      seen.add(key); // two dossiers of one batch find each other: flagged once
      await tx.append(
        {
          type: duplicateEventTypes.flagged,
          entityType: 'duplicate',
          entityId: key,
          payload: {
            dossierIds: [other.id, dossier.id],
            codes: [other.code, dossier.code],
            unitCodes: [...new Set([other.receiving_unit_code, dossier.receiving_unit_code])],
            procedureCode: dossier.procedure_code,
            reason: 'same_applicant_and_procedure',
          },
        },
        { actorId: null },
      );
    }
  });
}

/**
 * After a push: civil-status records just registered that look like another unit's — the same
 * child (name, date of birth, mother), the same deceased, a spouse already married elsewhere —
 * registered while neither commune could see the other. Flagged to both units through their
 * dossiers, once per pair (an applicant-and-procedure flag on the same pair counts).
 */
async function flagCivilDuplicates(
  services: Services,
  recordIds: readonly string[],
): Promise<void> {
  if (recordIds.length === 0) return;
  await services.storage.transaction(async (tx) => {
    // The people of civil records, with what the matching needs of their record.
    const peopleQuery = () =>
      tx.db
        .selectFrom('civil_record_people as p')
        .innerJoin('civil_records as r', 'r.id', 'p.record_id')
        .select([
          'p.record_id',
          'p.role',
          'p.name_fold',
          'p.date_of_birth',
          'p.citizen_id',
          'r.unit_code',
          'r.kind',
          'r.dossier_id',
        ]);
    const people = async (ids: readonly string[]) => {
      const rows = [];
      for (const part of chunks(ids, 500))
        rows.push(...(await peopleQuery().where('p.record_id', 'in', part).execute()));
      return rows;
    };
    const fresh = await people(recordIds);
    type Person = (typeof fresh)[number];
    const mothers = new Map(
      (await people([...new Set(fresh.map((p) => p.record_id))]))
        .filter((p) => p.role === 'mother')
        .map((p) => [p.record_id, p.name_fold]),
    );
    const pairs: {
      a: Person;
      b: Person;
      reason: 'same_birth' | 'same_death' | 'same_marriage_party';
    }[] = [];
    for (const person of fresh) {
      if (person.dossier_id === null) continue;
      let query = peopleQuery()
        .where('r.unit_code', '!=', person.unit_code)
        .where('p.kind', '=', person.kind)
        .where('p.role', '=', person.role);
      let reason: (typeof pairs)[number]['reason'];
      if (person.kind === 'birth' && person.role === 'child' && person.date_of_birth !== null) {
        query = query
          .where('p.name_fold', '=', person.name_fold)
          .where('p.date_of_birth', '=', person.date_of_birth);
        reason = 'same_birth';
      } else if (person.kind === 'death' && person.role === 'deceased') {
        query =
          person.citizen_id !== null
            ? query.where('p.citizen_id', '=', person.citizen_id)
            : query
                .where('p.name_fold', '=', person.name_fold)
                .where('p.date_of_birth', '=', person.date_of_birth);
        reason = 'same_death';
      } else if (person.kind === 'marriage' && person.citizen_id !== null) {
        query = query.where('p.citizen_id', '=', person.citizen_id);
        reason = 'same_marriage_party';
      } else continue;
      const others = await query.execute();
      const otherMothers =
        reason === 'same_birth'
          ? new Map(
              (await people(others.map((o) => o.record_id)))
                .filter((p) => p.role === 'mother')
                .map((p) => [p.record_id, p.name_fold]),
            )
          : new Map<string, string>();
      for (const other of others) {
        if (other.dossier_id === null) continue;
        // Two children of one name and day are the same child only with the same mother.
        if (
          reason === 'same_birth' &&
          (mothers.get(person.record_id) ?? null) !== (otherMothers.get(other.record_id) ?? null)
        )
          continue;
        pairs.push({ a: other, b: person, reason });
      }
    }
    if (pairs.length === 0) return;
    const dossierIds = [
      ...new Set(pairs.flatMap((p) => [p.a.dossier_id ?? '', p.b.dossier_id ?? ''])),
    ];
    const codes = new Map<string, string>();
    for (const part of chunks(dossierIds, 500))
      for (const row of await tx.db
        .selectFrom('dossiers')
        .select(['id', 'code'])
        .where('id', 'in', part)
        .execute())
        codes.set(row.id, row.code);
    const keys = pairs.map((p) => pairKey(p.a.dossier_id ?? '', p.b.dossier_id ?? ''));
    const seen = new Set<string>();
    for (const part of chunks(keys, 500))
      for (const row of await tx.db
        .selectFrom('duplicate_flags')
        .select('pair_key')
        .where('pair_key', 'in', part)
        .execute())
        seen.add(row.pair_key);
    for (const { a, b, reason } of pairs) {
      const [idA, idB] = [a.dossier_id ?? '', b.dossier_id ?? ''];
      const key = pairKey(idA, idB);
      const [codeA, codeB] = [codes.get(idA), codes.get(idB)];
      if (seen.has(key) || codeA === undefined || codeB === undefined) continue;
      seen.add(key);
      await tx.append(
        {
          type: duplicateEventTypes.flagged,
          entityType: 'duplicate',
          entityId: key,
          payload: {
            dossierIds: [idA, idB],
            codes: [codeA, codeB],
            unitCodes: [...new Set([a.unit_code, b.unit_code])],
            procedureCode: civilProcedureCodes[a.kind as CivilKind],
            reason,
          },
        },
        { actorId: null },
      );
    }
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
