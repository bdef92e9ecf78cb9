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
import type { SyncStatus, WireEvent } from '../domain/sync-protocol.js';
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
}

export interface SyncWorker {
  /** Starts the background loop. */
  start(): void;
  /** Stops the loop after the round under way; resolves when it has stopped. */
  stop(): Promise<void>;
  /** One round now: enrol if needed, restore if needed, push, pull. Throws on failure. */
  syncOnce(): Promise<{ pushed: number; pulled: number }>;
  status(): SyncStatus;
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
  const pullBatch = defaultBatchSizing.start * 5;
  let status: SyncStatus = {
    enrolled: false,
    online: false,
    waiting: 0,
    lastSuccessAt: null,
    lastError: null,
    progress: null,
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
      }),
    );
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
      await storage.transaction(async (tx) => {
        for (const event of events) await tx.ingest(event);
      });
      after = events.at(-1)?.unitSeq ?? after;
      log(`sync: restored ${after}/${to} events of unit ${unit} from the hub`);
      if (!more) break;
    }
    return after;
  }

  async function push(hub: HubClient): Promise<number> {
    let { ack } = await hub.status();
    let head = await localHead();
    if (ack > head) head = await restore(hub, head, ack);
    let pushed = 0;
    const start = ack;
    while (ack < head) {
      status = {
        ...status,
        online: true,
        waiting: head - ack,
        progress: { done: ack - start, total: head - start },
      };
      const batch = await readEvents(storage.db, {
        unitCode: unit,
        afterSeq: await seqAfter(ack),
        limit: pushBatch,
      });
      const events = batch.filter((e) => e.unitSeq > ack).map(toWire);
      if (events.length === 0) break;
      try {
        const answer = await hub.push(events, head - ack);
        pushed += answer.stored;
        ack = answer.ack;
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
    return pushed;
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

  async function pull(hub: HubClient): Promise<number> {
    let pulled = 0;
    for (;;) {
      const cursor = Number((await getState(storage.db, 'pull_cursor')) ?? '0');
      const answer = await hub.pull(cursor, pullBatch, status.waiting);
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
      if (!answer.more) return pulled;
    }
  }

  async function syncOnce(): Promise<{ pushed: number; pulled: number }> {
    try {
      const hub = await connect();
      if (hub === null) {
        status = { ...status, enrolled: false, lastError: 'not enrolled' };
        return { pushed: 0, pulled: 0 };
      }
      status = { ...status, enrolled: true };
      const pushed = await push(hub);
      const pulled = await pull(hub);
      const now = services.clock().toISOString();
      await storage.transaction((tx) => setState(tx.db, { last_success_at: now }));
      status = { ...status, online: true, lastSuccessAt: now, lastError: null, progress: null };
      return { pushed, pulled };
    } catch (error) {
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
        const { pushed, pulled } = await syncOnce();
        attempt = 0;
        await sleep(pushed + pulled > 0 ? 200 : (options.idleMs ?? 5_000), stopping.signal);
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
