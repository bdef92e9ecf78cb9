// The commune node's sync worker (DESIGN §3.3). It runs beside the desk and never blocks it:
// the desk writes to the local log whatever the link does; the worker pushes what the hub has
// not acknowledged, in batches that grow while the link carries them and shrink when it does
// not, then pulls what concerns this unit. Every request has a timeout; failures are retried
// without limit, waiting longer each time with jitter. A new PC of the unit first takes back
// the unit's chain from the hub (recovery), then carries on.
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { acceptTransfer } from '../application/dossiers.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import type { StoredEvent } from '../domain/events.js';
import { defaultBatchSizing, grow, retryDelayMs, shrink } from '../domain/sync-pacing.js';
import { attachmentChunkBytes, type SyncStatus, type WireEvent } from '../domain/sync-protocol.js';
import { heldBytes, storeChunk } from '../application/attachment-sync.js';
import { recordAudit } from '../application/audit.js';
import { attachmentLimits, type AttachmentMediaType } from '../domain/attachments.js';
import { readEvents } from '../storage/event-log.js';
import type { Database } from '../storage/schema.js';
import { createHubClient, SyncTransportError, type HubClient } from './client.js';
import { loadOrCreateNodeKey, type NodeKey } from './keys.js';

export interface SyncWorkerOptions {
  readonly services: Services;
  readonly dataDir: string;
  readonly hubUrl: string;
  /** One-time token from the province, used on the first run to enrol. */
  readonly enrolmentToken?: string | undefined;
  readonly timeoutMs?: number;
  /** Pause between rounds when there was nothing to do. */
  readonly idleMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log?: (line: string) => void;
  /** Attachment bytes moved per round at most, each way, so that events never wait long
   * behind a large scan (default 2 MiB). */
  readonly attachmentBudgetBytes?: number;
  /** Chunk size for attachments (default and most: 256 KiB). */
  readonly attachmentChunkBytes?: number;
}

/** What one round moved. */
export interface SyncRound {
  readonly pushed: number;
  readonly pulled: number;
  readonly filesSent: number;
  readonly filesReceived: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

export interface SyncWorker {
  /** Starts the background loop. */
  start(): void;
  /** Stops the loop after the round under way; resolves when it has stopped. */
  stop(): Promise<void>;
  /** One round now: enrol if needed, restore if needed, push, pull. Throws on failure. */
  syncOnce(): Promise<SyncRound>;
  status(): SyncStatus;
}

/** The hub holds this attachment in full: it is never offered again. */
async function markAcked(db: Kysely<Database>, hash: string, at: Date): Promise<void> {
  await db
    .insertInto('attachments_acked')
    .values({ hash, acked_at: at.toISOString() })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

async function getState(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (
    await db.selectFrom('sync_state').select('value').where('key', '=', key).executeTakeFirst()
  )?.value;
}

async function setState(
  db: Kysely<Database>,
  entries: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [key, value] of Object.entries(entries))
    await db
      .insertInto('sync_state')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
}

/** A stored attachment's media type, which the desk only ever stores from the accepted list. */
function mediaTypeOf(value: string): AttachmentMediaType {
  const found = attachmentLimits.mediaTypes.find((m) => m === value);
  if (found === undefined) throw new Error(`attachment of unexpected type ${value}`);
  return found;
}

function toWire(event: StoredEvent): WireEvent {
  return {
    id: event.id,
    unitCode: event.unitCode,
    unitSeq: event.unitSeq,
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    payload: event.payload,
    actorId: event.actorId,
    occurredAt: event.occurredAt,
    hlc: event.hlc,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

// Ends early, without error, when the worker stops; its abort listener is removed either way
// (the loop sleeps thousands of times on the same signal).
const defaultSleep = (ms: number, signal: AbortSignal) =>
  delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });

export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  const { services } = options;
  const storage = services.storage;
  const unit = services.node.unitCode;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const log = options.log ?? (() => undefined);
  let key: NodeKey | null = null;
  let client: HubClient | null = null;
  let counter: number | null = null;
  let pushBatch = defaultBatchSizing.start;
  const pullBatch = 1_000;
  const budgetBytes = options.attachmentBudgetBytes ?? 2 * 1024 * 1024;
  const chunkBytes = Math.min(
    attachmentChunkBytes,
    Math.max(1024, options.attachmentChunkBytes ?? attachmentChunkBytes),
  );
  let status: SyncStatus = {
    enrolled: false,
    online: false,
    waiting: 0,
    lastSuccessAt: null,
    lastError: null,
    progress: null,
    filesWaiting: 0,
  };
  const stopping = new AbortController();
  let loop: Promise<void> | null = null;

  async function localHead(): Promise<number> {
    const row = await storage.db
      .selectFrom('chain_heads')
      .select('unit_seq')
      .where('unit_code', '=', unit)
      .executeTakeFirst();
    return row?.unit_seq ?? 0;
  }

  async function nextCounter(): Promise<number> {
    counter ??= Number((await getState(storage.db, 'counter')) ?? '0');
    counter += 1;
    const value = counter;
    // Persisted before use: after a crash the node never reuses a counter the hub has seen.
    await storage.transaction((tx) => setState(tx.db, { counter: String(value) }));
    return value;
  }

  async function connect(): Promise<HubClient | null> {
    key ??= await loadOrCreateNodeKey(options.dataDir);
    const enrolledKey = await getState(storage.db, 'key_id');
    const enrolledHub = await getState(storage.db, 'hub_url');
    client ??= createHubClient({
      hubUrl: options.hubUrl,
      key,
      nextCounter,
      clock: services.clock,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    if (enrolledKey === key.keyId && enrolledHub === options.hubUrl) return client;
    if (options.enrolmentToken === undefined) return null;
    const enrolled = await client.enrol({ token: options.enrolmentToken, unitCode: unit });
    await storage.transaction((tx) =>
      setState(tx.db, {
        key_id: enrolled.keyId,
        hub_url: options.hubUrl,
        pull_cursor: '0',
        ...(enrolled.ack === undefined ? {} : { push_ack: String(enrolled.ack) }),
      }),
    );
    // Just told by the hub: the first push needs no question first.
    knownAck = enrolled.ack ?? null;
    // The counter is not reset: a new key starts afresh at the hub anyway, and the same key
    // enrolled again (its first answer lost in a crash) must never reuse a counter.
    log(`sync: enrolled with ${options.hubUrl} as key ${enrolled.keyId}`);
    return client;
  }

  /** A unit's chain longer at the hub than here: this PC is new (or restored) — take it back. */
  async function restore(hub: HubClient, from: number, to: number): Promise<number> {
    let after = from;
    while (after < to) {
      const { events, more } = await hub.restore(after, pullBatch);
      if (events.length === 0) break;
      await storage.transaction((tx) => tx.ingestMany(events));
      after = events.at(-1)?.unitSeq ?? after;
      log(`sync: restored ${after}/${to} events of unit ${unit} from the hub`);
      if (!more) break;
    }
    return after;
  }

  /**
   * The hub's head of this unit's chain as its last answer said, or null when it must be asked
   * (first round, or after a failure: an answer may have been lost). Saves a round trip a
   * round on a slow link.
   */
  let knownAck: number | null = null;
  /** Whether attachments may be waiting either way (true at start and after a failure). */
  let attachmentsToCheck = true;

  /** Pushes what the hub lacks; the last batch brings the round's pull back with it. */
  async function push(
    hub: HubClient,
  ): Promise<{ pushed: number; pulled: number; pullDone: boolean }> {
    let head = await localHead();
    if (knownAck === null) {
      // After a start or a failure: the head the hub last acknowledged, as recorded here, is
      // good enough to push from when there is something to push (a stale value costs one
      // refused batch, answered with the hub's head); otherwise ask, which also finds a hub
      // that holds more than this PC (a restore).
      const recorded = Number((await getState(storage.db, 'push_ack')) ?? '-1');
      knownAck = recorded >= 0 && recorded < head ? recorded : (await hub.status()).ack;
    }
    let ack = knownAck;
    if (ack > head) head = await restore(hub, head, ack);
    let pushed = 0;
    let pulled = 0;
    let pullDone = false;
    const start = ack;
    // A batch read and encoded, ready to be signed and sent.
    interface Prepared {
      readonly last: number | undefined;
      readonly send: ReturnType<HubClient['preparePush']>;
    }
    const prepare = async (after: number, limit: number): Promise<Prepared> => {
      const events = (
        await readEvents(storage.db, { unitCode: unit, afterSeq: await seqAfter(after), limit })
      )
        .filter((e) => e.unitSeq > after)
        .map(toWire);
      const last = events.at(-1)?.unitSeq;
      // The batch that reaches the head asks for the round's pull as well.
      const pullToo =
        last !== undefined && last >= head
          ? { after: await pullCursor(), limit: pullBatch }
          : undefined;
      return { last, send: hub.preparePush(events, pullToo) };
    };
    // The next batch, read and encoded while the hub stores the current one (if the hub then
    // acknowledges what was sent, the push continues exactly there).
    let next: { after: number; batch: Promise<Prepared> } | null = null;
    while (ack < head) {
      status = {
        ...status,
        online: true,
        waiting: head - ack,
        progress: { done: ack - start, total: head - start },
      };
      const batch: Prepared = await (next?.after === ack ? next.batch : prepare(ack, pushBatch));
      next = null;
      const last = batch.last;
      if (last === undefined) break;
      try {
        // The backlog the hub shows for this node: what still waits once this batch is in.
        const sending = batch.send(Math.max(0, head - last));
        if (last < head) {
          next = { after: last, batch: prepare(last, grow(pushBatch)) };
          next.batch.catch(() => undefined); // prepared again if it failed
        }
        const answer = await sending;
        pushed += answer.stored;
        if (answer.pull !== undefined) {
          pulled += await applyPulled(answer.pull);
          pullDone = !answer.pull.more;
        }
        ack = answer.ack;
        knownAck = ack;
        await storage.transaction((tx) => setState(tx.db, { push_ack: String(ack) }));
        pushBatch = grow(pushBatch);
      } catch (error) {
        if (
          error instanceof SyncTransportError &&
          error.refusal === 'chain_gap' &&
          error.ack !== undefined &&
          error.ack !== ack
        ) {
          // The hub holds a different head than we thought (an answer lost on the way): resume there.
          ack = error.ack;
          knownAck = ack;
          continue;
        }
        if (
          error instanceof SyncTransportError &&
          (error.kind === 'timeout' || error.kind === 'network')
        )
          pushBatch = shrink(pushBatch);
        throw error;
      }
      head = await localHead();
    }
    status = { ...status, waiting: Math.max(0, (await localHead()) - ack), progress: null };
    return { pushed, pulled, pullDone };
  }

  /** The local storage position just before the unit's event `unitSeq + 1`. */
  async function seqAfter(unitSeq: number): Promise<number> {
    if (unitSeq === 0) return 0;
    const row = await storage.db
      .selectFrom('events')
      .select('seq')
      .where('unit_code', '=', unit)
      .where('unit_seq', '=', unitSeq)
      .executeTakeFirst();
    return row?.seq ?? 0;
  }

  const pullCursor = async () => Number((await getState(storage.db, 'pull_cursor')) ?? '0');

  /** Keeps what a pull brought (relayed events, then transfers accepted); how many were new. */
  async function applyPulled(answer: {
    events: readonly WireEvent[];
    cursor: number;
  }): Promise<number> {
    let pulled = 0;
    const transfers: string[] = [];
    await storage.transaction(async (tx) => {
      for (const event of answer.events) {
        if ((await tx.relay(event)) === 'stored') pulled += 1;
        const to = (event.payload as { toUnitCode?: unknown } | null)?.toUnitCode;
        if (event.type === 'dossier.transferred' && to === unit) transfers.push(event.entityId);
      }
      // The cursor moves with the events it covers: both or neither.
      await setState(tx.db, { pull_cursor: String(answer.cursor) });
    });
    for (const dossierId of transfers)
      await runUseCase(services, null, { ip: null }, (uc) => acceptTransfer(uc, dossierId));
    return pulled;
  }

  async function pull(hub: HubClient): Promise<number> {
    let pulled = 0;
    for (;;) {
      const answer = await hub.pull(await pullCursor(), pullBatch, status.waiting);
      pulled += await applyPulled(answer);
      if (!answer.more) return pulled;
    }
  }

  /**
   * Attachments of dossiers this unit received or holds that the hub has not acknowledged in
   * full: offered, then sent from where the hub's copy ends, within the round's budget.
   */
  async function pushAttachments(
    hub: HubClient,
  ): Promise<{ files: number; bytes: number; waiting: number }> {
    const pending = await storage.db
      .selectFrom('attachments')
      .select(['hash', 'size', 'media_type'])
      .where((eb) =>
        eb(
          'hash',
          'in',
          eb
            .selectFrom('dossier_attachments')
            .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
            .select('dossier_attachments.hash')
            .where((w) =>
              w.or([
                w('dossiers.unit_code', '=', unit),
                w('dossiers.receiving_unit_code', '=', unit),
              ]),
            )
            // The papers of this unit's reports on directives.
            .union(
              eb
                .selectFrom('directive_attachments')
                .select('directive_attachments.hash')
                .where('directive_attachments.unit_code', '=', unit),
            ),
        ),
      )
      .where((eb) => eb('hash', 'not in', eb.selectFrom('attachments_acked').select('hash')))
      .orderBy('created_at')
      .orderBy('hash')
      .execute();
    let files = 0;
    let bytes = 0;
    let acked = 0;
    const ack = (hash: string) =>
      storage.transaction((tx) => markAcked(tx.db, hash, services.clock()));
    for (let i = 0; i < pending.length && bytes < budgetBytes; i += 100) {
      const batch = pending.slice(i, i + 100);
      const answer = await hub.offerAttachments({
        attachments: batch.map((a) => ({
          hash: a.hash,
          size: a.size,
          mediaType: mediaTypeOf(a.media_type),
        })),
      });
      for (const offered of answer.attachments) {
        const local = batch.find((a) => a.hash === offered.hash);
        if (local === undefined || offered.state === 'unknown') continue;
        if (offered.state === 'complete') {
          await ack(offered.hash);
          acked += 1;
          continue;
        }
        const row = await storage.db
          .selectFrom('attachments')
          .select('content')
          .where('hash', '=', offered.hash)
          .executeTakeFirstOrThrow();
        const content = Buffer.from(row.content);
        let offset = offered.received;
        while (offset < content.length && bytes < budgetBytes) {
          const slice = content.subarray(offset, offset + chunkBytes);
          try {
            const sent = await hub.sendAttachmentChunk({
              hash: offered.hash,
              size: local.size,
              mediaType: mediaTypeOf(local.media_type),
              offset,
              content: slice.toString('base64'),
            });
            bytes += slice.length;
            offset = sent.received;
            if (sent.complete) {
              await ack(offered.hash);
              acked += 1;
              files += 1;
            }
          } catch (error) {
            if (error instanceof SyncTransportError && error.refusal === 'attachment_offset') {
              // The hub holds more (or less) than it said: an answer lost on the way.
              offset = error.ack ?? offset;
              continue;
            }
            if (
              error instanceof SyncTransportError &&
              (error.refusal === 'attachment_unknown' || error.refusal === 'attachment_corrupt')
            ) {
              log(`sync: attachment ${offered.hash} not sent: ${error.message}`);
              break;
            }
            throw error;
          }
        }
      }
    }
    return { files, bytes, waiting: pending.length - acked };
  }

  /** Attachments cited by dossiers this unit holds but missing here (a transfer): fetched. */
  async function pullAttachments(
    hub: HubClient,
    budget: number,
  ): Promise<{ files: number; bytes: number; missing: number }> {
    const missing = await storage.db
      .selectFrom('dossier_attachments')
      .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
      .select('dossier_attachments.hash')
      .where('dossiers.unit_code', '=', unit)
      .where((eb) =>
        eb('dossier_attachments.hash', 'not in', eb.selectFrom('attachments').select('hash')),
      )
      // The papers of the province's directives to this unit.
      .union((eb) =>
        eb
          .selectFrom('directive_attachments')
          .select('directive_attachments.hash')
          .where('directive_attachments.kind', '=', 'directive')
          .where((w) =>
            w('directive_attachments.hash', 'not in', w.selectFrom('attachments').select('hash')),
          ),
      )
      .orderBy('hash')
      .execute();
    let files = 0;
    let bytes = 0;
    for (const { hash } of missing) {
      let { held: offset } = await heldBytes(storage.db, hash);
      for (;;) {
        if (bytes >= budget) return { files, bytes, missing: missing.length - files };
        let chunk;
        try {
          chunk = await hub.fetchAttachmentChunk({ hash, offset, length: chunkBytes });
        } catch (error) {
          if (error instanceof SyncTransportError && error.refusal === 'attachment_unknown') break;
          throw error;
        }
        const content = Buffer.from(chunk.content, 'base64');
        const now = services.clock();
        const outcome = await storage.transaction(async (tx) => {
          const stored = await storeChunk(
            tx.db,
            { hash, size: chunk.size, mediaType: chunk.mediaType, offset, content },
            now,
          );
          if (stored.kind === 'stored' && stored.completedNow) {
            await markAcked(tx.db, hash, now);
            await recordAudit(
              tx.db,
              unit,
              now,
              null,
              { ip: null },
              {
                kind: 'write',
                action: 'attachment.sync_receive',
                subjectType: 'attachment',
                subjectId: hash,
                outcome: 'ok',
              },
            );
          }
          return stored;
        });
        bytes += content.length;
        if (outcome.kind === 'offset') {
          offset = outcome.held;
          continue;
        }
        if (outcome.kind === 'corrupt') {
          log(`sync: attachment ${hash} from the hub dropped: ${outcome.reason}`);
          break;
        }
        offset = outcome.received;
        if (outcome.complete) {
          files += 1;
          break;
        }
      }
    }
    return { files, bytes, missing: missing.length - files };
  }

  async function syncOnce(): Promise<SyncRound> {
    try {
      const hub = await connect();
      if (hub === null) {
        status = { ...status, enrolled: false, lastError: 'not enrolled' };
        return {
          pushed: 0,
          pulled: 0,
          filesSent: 0,
          filesReceived: 0,
          bytesSent: 0,
          bytesReceived: 0,
        };
      }
      status = { ...status, enrolled: true };
      // Events first, both ways; attachments after, within a budget (lower priority).
      const pushing = await push(hub);
      const pushed = pushing.pushed;
      const pulled = pushing.pulled + (pushing.pullDone ? 0 : await pull(hub));
      // The attachment queries scan a unit's citations: run them only when events moved (a
      // new dossier, a transfer) or the last look left something to do.
      const look = attachmentsToCheck || pushed > 0 || pulled > 0;
      const sent = look ? await pushAttachments(hub) : { files: 0, bytes: 0, waiting: 0 };
      const received = look
        ? await pullAttachments(hub, budgetBytes)
        : { files: 0, bytes: 0, missing: 0 };
      if (look) status = { ...status, filesWaiting: sent.waiting };
      attachmentsToCheck = sent.waiting > 0 || received.missing > 0;
      const now = services.clock().toISOString();
      await storage.transaction((tx) => setState(tx.db, { last_success_at: now }));
      status = { ...status, online: true, lastSuccessAt: now, lastError: null, progress: null };
      return {
        pushed,
        pulled,
        filesSent: sent.files,
        filesReceived: received.files,
        bytesSent: sent.bytes,
        bytesReceived: received.bytes,
      };
    } catch (error) {
      knownAck = null;
      attachmentsToCheck = true;
      status = {
        ...status,
        online: false,
        progress: null,
        lastError: error instanceof Error ? error.message : String(error),
      };
      throw error;
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    status = { ...status, lastSuccessAt: (await getState(storage.db, 'last_success_at')) ?? null };
    while (!stopping.signal.aborted) {
      try {
        const round = await syncOnce();
        attempt = 0;
        const moved = round.pushed + round.pulled + round.bytesSent + round.bytesReceived;
        await sleep(moved > 0 ? 200 : (options.idleMs ?? 5_000), stopping.signal);
      } catch (error) {
        attempt += 1;
        const wait = retryDelayMs(attempt, random);
        log(
          `sync: ${error instanceof Error ? error.message : String(error)}; retrying in ${wait} ms`,
        );
        await sleep(wait, stopping.signal);
      }
    }
  }

  return {
    start() {
      loop ??= run();
    },
    async stop() {
      stopping.abort();
      await loop;
    },
    syncOnce,
    status: () => status,
  };
}
