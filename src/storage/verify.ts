// Checks every unit's hash chain in a database, reading each chain in batches so that a hub
// holding millions of events verifies in bounded memory.
import type { Kysely } from 'kysely';
import {
  beginChainVerification,
  endChainVerification,
  verifyNextEvent,
  type ChainEvent,
  type ChainHead,
  type ChainProblem,
} from '../domain/event-chain.js';
import type { Database, EventRow } from './schema.js';
import type { Storage } from './storage.js';

export interface VerifyStorageResult {
  readonly ok: boolean;
  /** Units (chains) checked. */
  readonly units: number;
  /** Events checked. */
  readonly events: number;
  readonly problems: ChainProblem[];
}

export interface VerifyStorageOptions {
  /** Events read per query (default 1000). */
  readonly batchSize?: number;
}

/**
 * Verifies the whole log. Safe to run while the node is working: each chain is checked up to
 * the head recorded when its check began, so events appended meanwhile are not mistaken for
 * damage.
 */
export async function verifyStorage(
  storage: Storage,
  options: VerifyStorageOptions = {},
): Promise<VerifyStorageResult> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const { db } = storage;
  const units = await unitCodes(db);
  const problems: ChainProblem[] = [];
  let events = 0;
  for (const unitCode of units) {
    const result = await verifyUnit(db, unitCode, batchSize);
    events += result.events;
    problems.push(...result.problems);
  }
  return { ok: problems.length === 0, units: units.length, events, problems };
}

async function verifyUnit(
  db: Kysely<Database>,
  unitCode: string,
  batchSize: number,
): Promise<{ events: number; problems: ChainProblem[] }> {
  const head = await readHead(db, unitCode);
  const problems: ChainProblem[] = [];
  let state = beginChainVerification(unitCode);

  // Keyset pagination on (unit_seq, seq): stable however large the chain, and it still visits
  // every row if someone has dropped the unique constraint and duplicated a unit_seq.
  let after: { unitSeq: number; seq: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom('events')
      .selectAll()
      .where('unit_code', '=', unitCode)
      .orderBy('unit_seq')
      .orderBy('seq')
      .limit(batchSize);
    if (head !== null) query = query.where('unit_seq', '<=', head.unitSeq);
    if (after !== null) {
      const { unitSeq, seq } = after;
      query = query.where((eb) =>
        eb.or([
          eb('unit_seq', '>', unitSeq),
          eb.and([eb('unit_seq', '=', unitSeq), eb('seq', '>', seq)]),
        ]),
      );
    }
    const rows = await query.execute();
    for (const row of rows) {
      const { event, problem } = toChainEvent(row);
      if (problem !== null) problems.push(problem);
      const step = verifyNextEvent(state, event);
      state = step.state;
      problems.push(...step.problems);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < batchSize) break;
    after = { unitSeq: last.unit_seq, seq: last.seq };
  }

  problems.push(...endChainVerification(state, head));
  if (head !== null) {
    const beyond = await eventsBeyondHead(db, unitCode, head);
    if (beyond !== null) problems.push(beyond);
  }
  return { events: state.events, problems };
}

/**
 * Events past the head read at the start are normally appends made during the check: the head
 * has moved on since. If it has not, they were written without moving the head.
 */
async function eventsBeyondHead(
  db: Kysely<Database>,
  unitCode: string,
  head: ChainHead,
): Promise<ChainProblem | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('unit_seq').as('max_seq'))
    .where('unit_code', '=', unitCode)
    .where('unit_seq', '>', head.unitSeq)
    .executeTakeFirst();
  const maxSeq = row?.max_seq ?? null;
  if (maxSeq === null) return null;
  const current = await readHead(db, unitCode);
  if (current !== null && current.unitSeq >= maxSeq) return null;
  return {
    unitCode,
    unitSeq: maxSeq,
    kind: 'head_mismatch',
    detail: `events up to unit_seq ${maxSeq} exist beyond the recorded chain head (unit_seq ${current?.unitSeq ?? head.unitSeq})`,
  };
}

async function readHead(db: Kysely<Database>, unitCode: string): Promise<ChainHead | null> {
  const row = await db
    .selectFrom('chain_heads')
    .select(['unit_seq', 'hash'])
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  return row === undefined ? null : { unitSeq: row.unit_seq, hash: row.hash };
}

async function unitCodes(db: Kysely<Database>): Promise<string[]> {
  // A unit with a head but no events, or events but no head, is checked too.
  const rows = await db
    .selectFrom('events')
    .select('unit_code')
    .distinct()
    .union(db.selectFrom('chain_heads').select('unit_code'))
    .execute();
  return rows.map((r) => r.unit_code).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function toChainEvent(row: EventRow): { event: ChainEvent; problem: ChainProblem | null } {
  let payload: unknown;
  let problem: ChainProblem | null = null;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    // Hashing the raw text instead keeps the check going; it will not match either.
    payload = row.payload;
    problem = {
      unitCode: row.unit_code,
      unitSeq: row.unit_seq,
      eventId: row.id,
      kind: 'unreadable_payload',
      detail: 'the stored payload is not valid JSON',
    };
  }
  const event: ChainEvent = {
    id: row.id,
    unitCode: row.unit_code,
    unitSeq: row.unit_seq,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload,
    actorId: row.actor_id,
    occurredAt: row.occurred_at,
    hlc: row.hlc,
    prevHash: row.prev_hash,
    hash: row.hash,
    localSeq: row.seq,
  };
  return { event, problem };
}
