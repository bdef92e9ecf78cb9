// Appending to and reading the event log: the part of storage that is the same on SQLite and
// PostgreSQL. The dialect files only say how to connect, migrate and lock.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson, hashEventWithPayloadText } from '../domain/event-chain.js';
import {
  GENESIS_HASH,
  type EventDraft,
  type HashedEventFields,
  type StoredEvent,
} from '../domain/events.js';
import {
  formatHlc,
  HLC_ZERO,
  parseHlc,
  receiveHlc,
  tickHlc,
  type HlcState,
} from '../domain/hlc.js';
import { projectionBatch, projectorFor, type Projectors } from './projections.js';
import type { Database, EventRow } from './schema.js';
import { IngestError, type AppendContext } from './storage.js';

/** An event as this database holds it: the stored event plus local bookkeeping. */
export interface LoggedEvent<P = unknown> extends StoredEvent<P> {
  /** Local storage order; a cursor for reading "everything after". */
  readonly seq: number;
  /** When this database stored the event. */
  readonly recordedAt: string;
}

export interface EventLogOptions {
  readonly unitCode: string;
  readonly projectors: Projectors;
  readonly clock: () => Date;
  /**
   * Lock the chain head row with SELECT … FOR UPDATE (PostgreSQL, where several processes may
   * append to one chain). SQLite needs no row lock: BEGIN IMMEDIATE already holds the database's
   * single write lock.
   */
  readonly lockHeadRow: boolean;
  /** The clock value to continue from (see loadHlcSeed). */
  readonly hlc: HlcState;
}

export interface EventLog {
  /** Appends within the transaction `db` is bound to; see Transaction.append. */
  append<P>(
    db: Kysely<Database>,
    draft: EventDraft<P>,
    context: AppendContext,
  ): Promise<StoredEvent<P>>;
  /** Stores an event from another chain within the transaction `db` is bound to; see Transaction.ingest. */
  ingest(db: Kysely<Database>, event: StoredEvent): Promise<'stored' | 'duplicate'>;
  /** Stores a batch of events from other chains; see Transaction.ingestMany. */
  ingestMany(
    db: Kysely<Database>,
    events: readonly StoredEvent[],
  ): Promise<{ stored: number; duplicates: number }>;
  /** Keeps a relayed event of another unit; see Transaction.relay. */
  relay(db: Kysely<Database>, event: StoredEvent): Promise<'stored' | 'duplicate'>;
}

/** Rows per multi-row INSERT of events (13 parameters each; well under every limit). */
const INSERT_ROWS = 50;

export function createEventLog(options: EventLogOptions): EventLog {
  const { unitCode, projectors, clock, lockHeadRow } = options;
  let hlc = options.hlc;
  // The head this process wrote last. When the database's head is still that one, the previous
  // event's HLC is known without reading it back (the common case: one writer per chain).
  let lastWritten: { unitSeq: number; hash: string; hlc: string } | null = null;

  async function append<P>(
    db: Kysely<Database>,
    draft: EventDraft<P>,
    context: AppendContext,
  ): Promise<StoredEvent<P>> {
    // Everything that can be refused without the database is refused before the first write.
    const project = projectorFor(projectors, draft.type);
    checkDraft(draft);
    const payloadText = canonicalPayload(draft);
    // Projector and caller see the payload as a reader of the log will: parsed canonical JSON
    // (a Date becomes its ISO string, undefined properties vanish, -0 becomes 0).
    const payload = JSON.parse(payloadText) as P;

    // Read and lock the head row (creating it for a unit's first event): the lock is what
    // serialises two hub processes appending to one chain, so neither skips nor reuses a unit_seq.
    const head = await lockedHead(db, unitCode, lockHeadRow);
    const known =
      lastWritten !== null &&
      lastWritten.unitSeq === head.unit_seq &&
      lastWritten.hash === head.hash;
    const previousHlc =
      head.unit_seq === 0
        ? null
        : known && lastWritten !== null
          ? lastWritten.hlc
          : await hlcAt(db, unitCode, head.unit_seq);

    // Read the clock only once the chain is ours, so device time follows unit_seq as closely
    // as the clock allows.
    const now = clock();
    const nowMs = now.getTime();
    // Merging the previous event's HLC (not just ticking our own) keeps HLCs increasing along
    // the chain even when another process with a slower clock appended the previous event.
    hlc =
      previousHlc === null ? tickHlc(hlc, nowMs) : receiveHlc(hlc, parseHlc(previousHlc), nowMs);

    const fields: HashedEventFields = {
      id: uuidv7(),
      unitCode,
      unitSeq: head.unit_seq + 1,
      type: draft.type,
      entityType: draft.entityType,
      entityId: draft.entityId,
      payload,
      actorId: context.actorId,
      occurredAt: now.toISOString(),
      hlc: formatHlc({ ...hlc, node: unitCode }),
      prevHash: head.hash,
    };
    const { payload: _payload, ...header } = fields;
    const event: StoredEvent<P> = {
      ...fields,
      payload,
      hash: hashEventWithPayloadText(header, payloadText),
    };

    await storeEvent(db, event, payloadText, event.occurredAt);
    await project(db, event);
    // Remembered only once everything succeeded; a rollback afterwards makes the database's
    // head differ from this one, and the next append then reads the HLC back.
    lastWritten = { unitSeq: event.unitSeq, hash: event.hash, hlc: event.hlc };
    return event;
  }

  /** One event from elsewhere: a batch of one (see ingestUnit for the checks). */
  async function ingest(db: Kysely<Database>, event: StoredEvent): Promise<'stored' | 'duplicate'> {
    const { stored } = await ingestUnit(db, event.unitCode, [event]);
    return stored === 1 ? 'stored' : 'duplicate';
  }

  /**
   * The same checks as `ingest`, for a batch (a push from a node): hashes first, then the
   * unit's head read once, the events already held compared in one query, the chain's links
   * checked in memory, the new events inserted a few dozen rows at a time and the head moved
   * once; projections are applied event by event, in order, as `ingest` does. Any problem
   * throws before the caller's transaction commits, so a batch is stored whole or not at all.
   */
  async function ingestMany(
    db: Kysely<Database>,
    events: readonly StoredEvent[],
  ): Promise<{ stored: number; duplicates: number }> {
    let stored = 0;
    let duplicates = 0;
    // Consecutive events of one unit go together (a push holds a single unit).
    for (let start = 0; start < events.length;) {
      const unit = events[start]?.unitCode ?? '';
      let end = start;
      while (end < events.length && events[end]?.unitCode === unit) end += 1;
      const counts = await ingestUnit(db, unit, events.slice(start, end));
      stored += counts.stored;
      duplicates += counts.duplicates;
      start = end;
    }
    return { stored, duplicates };
  }

  async function ingestUnit(
    db: Kysely<Database>,
    unit: string,
    batch: readonly StoredEvent[],
  ): Promise<{ stored: number; duplicates: number }> {
    const checked = batch.map((event) => {
      // A missing projector is a programming error, reported before any write.
      const project = projectorFor(projectors, event.type);
      const { hash, ...fields } = event;
      const payloadText = canonicalJson(fields.payload);
      const { payload: _payload, ...header } = fields;
      if (hashEventWithPayloadText(header, payloadText) !== hash)
        throw new IngestError('hash_mismatch', event.id, 'its hash does not match its content');
      return { event, payloadText, project };
    });
    const head = await lockedHead(db, unit, lockHeadRow);
    const old = checked.filter((c) => c.event.unitSeq <= head.unit_seq);
    const held = new Map<number, { id: string; hash: string }>();
    for (let i = 0; i < old.length; i += 500) {
      const rows = await db
        .selectFrom('events')
        .select(['unit_seq', 'id', 'hash'])
        .where('unit_code', '=', unit)
        .where(
          'unit_seq',
          'in',
          old.slice(i, i + 500).map((c) => c.event.unitSeq),
        )
        .execute();
      for (const row of rows) held.set(row.unit_seq, row);
    }
    for (const { event } of old) {
      const there = held.get(event.unitSeq);
      if (there?.id !== event.id || there.hash !== event.hash)
        throw new IngestError(
          'id_conflict',
          event.id,
          `position ${event.unitSeq} of unit ${unit} holds another event here`,
        );
    }
    const later = checked.filter((c) => c.event.unitSeq > head.unit_seq);
    const fresh: typeof later = [];
    let repeated = 0;
    let previous = head;
    for (const entry of later) {
      const { event } = entry;
      // The same event twice in one batch: stored once, like two `ingest` calls.
      const earlier = fresh.find((f) => f.event.unitSeq === event.unitSeq);
      if (earlier !== undefined) {
        if (earlier.event.id !== event.id || earlier.event.hash !== event.hash)
          throw new IngestError(
            'id_conflict',
            event.id,
            `position ${event.unitSeq} of unit ${unit} holds another event here`,
          );
        repeated += 1;
        continue;
      }
      if (event.unitSeq !== previous.unit_seq + 1)
        throw new IngestError(
          'out_of_sequence',
          event.id,
          `unit ${unit} is at ${previous.unit_seq} here, the event is ${event.unitSeq}`,
        );
      if (event.prevHash !== previous.hash)
        throw new IngestError(
          'broken_link',
          event.id,
          `it does not follow event ${previous.unit_seq} of unit ${unit} held here`,
        );
      previous = { unit_seq: event.unitSeq, hash: event.hash };
      fresh.push(entry);
    }
    if (fresh.length === 0) return { stored: 0, duplicates: old.length + repeated };

    const recordedAt = clock().toISOString();
    for (let i = 0; i < fresh.length; i += INSERT_ROWS)
      await db
        .insertInto('events')
        .values(
          fresh
            .slice(i, i + INSERT_ROWS)
            .map(({ event, payloadText }) => eventRow(event, payloadText, recordedAt)),
        )
        .execute();
    await db
      .updateTable('chain_heads')
      .set({ unit_seq: previous.unit_seq, hash: previous.hash })
      .where('unit_code', '=', unit)
      .execute();
    const nowMs = Date.parse(recordedAt);
    const projection = projectionBatch();
    for (const { event, project } of fresh) {
      // The node's clock learns from what it receives, so its next events order after these.
      hlc = receiveHlc(hlc, parseHlc(event.hlc), nowMs);
      // The payload arrived as JSON, so it already is what its canonical text parses to (up
      // to the order of keys): no need to parse that text again.
      await project(db, event, projection.batch);
    }
    await projection.flush();
    if (unit === unitCode) lastWritten = null;
    return { stored: fresh.length, duplicates: old.length + repeated };
  }

  /**
   * Keeps an event of another unit that the hub relayed here (a part of that unit's chain):
   * its hash is checked, it is stored once, and its projection applied.
   */
  async function relay(db: Kysely<Database>, event: StoredEvent): Promise<'stored' | 'duplicate'> {
    const project = projectorFor(projectors, event.type);
    const { hash, ...fields } = event;
    const payloadText = canonicalJson(fields.payload);
    const payload = JSON.parse(payloadText) as unknown;
    const { payload: _payload, ...header } = fields;
    if (hashEventWithPayloadText(header, payloadText) !== hash)
      throw new IngestError('hash_mismatch', event.id, 'its hash does not match its content');
    const held = await db
      .selectFrom('relayed_events')
      .select('hash')
      .where('id', '=', event.id)
      .executeTakeFirst();
    if (held !== undefined) {
      if (held.hash === hash) return 'duplicate';
      throw new IngestError(
        'id_conflict',
        event.id,
        'another event with this id was relayed before',
      );
    }
    const now = clock();
    hlc = receiveHlc(hlc, parseHlc(event.hlc), now.getTime());
    await db
      .insertInto('relayed_events')
      .values(eventRow(event, payloadText, now.toISOString()))
      .execute();
    await project(db, { ...event, payload });
    return 'stored';
  }

  return { append, ingest, ingestMany, relay };
}

/** The row of an event (the payload as its canonical text). */
export function eventRow(event: StoredEvent, payloadText: string, recordedAt: string) {
  return {
    id: event.id,
    unit_code: event.unitCode,
    unit_seq: event.unitSeq,
    type: event.type,
    entity_type: event.entityType,
    entity_id: event.entityId,
    payload: payloadText,
    actor_id: event.actorId,
    occurred_at: event.occurredAt,
    hlc: event.hlc,
    prev_hash: event.prevHash,
    hash: event.hash,
    recorded_at: recordedAt,
  };
}

/** Inserts the event row and moves the unit's head to it. */
async function storeEvent(
  db: Kysely<Database>,
  event: StoredEvent,
  payloadText: string,
  recordedAt: string,
): Promise<void> {
  await db
    .insertInto('events')
    .values(eventRow(event, payloadText, recordedAt))
    .execute();
  await db
    .updateTable('chain_heads')
    .set({ unit_seq: event.unitSeq, hash: event.hash })
    .where('unit_code', '=', event.unitCode)
    .execute();
}

async function lockedHead(
  db: Kysely<Database>,
  unitCode: string,
  forUpdate: boolean,
): Promise<{ unit_seq: number; hash: string }> {
  const read = () => {
    const query = db
      .selectFrom('chain_heads')
      .select(['unit_seq', 'hash'])
      .where('unit_code', '=', unitCode);
    return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  };
  const head = await read();
  if (head !== undefined) return head;
  await db
    .insertInto('chain_heads')
    .values({ unit_code: unitCode, unit_seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('unit_code').doNothing())
    .execute();
  const created = await read();
  if (created === undefined) throw new Error(`No chain head for unit ${unitCode}`);
  return created;
}

/**
 * The clock value to continue from after a restart: the largest HLC stored for the unit. Without
 * it a node whose wall clock went back while it was down would stamp new events below old ones.
 */
export async function loadHlcSeed(db: Kysely<Database>, unitCode: string): Promise<HlcState> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('hlc').as('hlc'))
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  if (row?.hlc == null) return HLC_ZERO;
  const { wallMs, counter } = parseHlc(row.hlc);
  return { wallMs, counter };
}

export interface ReadEventsOptions {
  /** Only events stored after this local `seq` (exclusive): the cursor of the previous page. */
  readonly afterSeq?: number;
  /** Only this unit's chain. */
  readonly unitCode?: string;
  readonly limit: number;
}

/** A page of events in local storage order, for sync and replay. */
export async function readEvents(
  db: Kysely<Database>,
  options: ReadEventsOptions,
): Promise<LoggedEvent[]> {
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
  }
  let query = db.selectFrom('events').selectAll().orderBy('seq').limit(options.limit);
  if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
  if (options.unitCode !== undefined) query = query.where('unit_code', '=', options.unitCode);
  const rows = await query.execute();
  return rows.map(rowToEvent);
}

/** Throws if the stored payload is not JSON; verify.ts reads rows itself to report that. */
export function rowToEvent(row: EventRow): LoggedEvent {
  return {
    seq: row.seq,
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
    recordedAt: row.recorded_at,
  };
}

async function hlcAt(db: Kysely<Database>, unitCode: string, unitSeq: number): Promise<string> {
  const row = await db
    .selectFrom('events')
    .select('hlc')
    .where('unit_code', '=', unitCode)
    .where('unit_seq', '=', unitSeq)
    .executeTakeFirst();
  if (row === undefined) {
    // Appending here would hide the damage behind a valid-looking link.
    throw new Error(
      `The chain head of unit ${unitCode} points at unit_seq ${unitSeq}, which is not in the log; ` +
        'refusing to append. Run the storage verification.',
    );
  }
  return row.hlc;
}

function checkDraft(draft: EventDraft): void {
  for (const field of ['type', 'entityType', 'entityId'] as const) {
    const value: unknown = draft[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TypeError(`Event draft ${field} must be a non-empty string`);
    }
  }
}

function canonicalPayload(draft: EventDraft): string {
  try {
    return canonicalJson(draft.payload);
  } catch (error) {
    throw new TypeError(`Payload of a ${draft.type} event is not a JSON value`, { cause: error });
  }
}
