// The benchmarks' preloads write a million events straight into a node's SQLite database —
// through HTTP that would take hours and measure nothing new. They continue the unit's hash
// chain exactly as the event log would (the same row, the same hash, HLCs increasing along the
// chain), so the node they then start verifies and appends after them as after its own events.
import type SqliteDatabase from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson, hashEventWithPayloadText } from '../../domain/event-chain.js';
import type { StoredEvent } from '../../domain/events.js';
import { formatHlc, parseHlc } from '../../domain/hlc.js';
import { eventRow } from '../../storage/event-log.js';

export interface BulkEventDraft {
  readonly type: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly payload: unknown;
  readonly actorId: string | null;
  /** When it happened (a past day, for a preload); also the row's recorded_at. */
  readonly occurredAt: string;
}

export interface BulkChain {
  /** Appends one event after the last; returns it with its payload as a reader of the log sees it. */
  append(draft: BulkEventDraft): StoredEvent;
  /** Moves the unit's chain head to the last event appended; call it in the same transaction. */
  saveHead(): void;
}

/** The chain of `unitCode` in `db`, continued from its recorded head. */
export function bulkChain(db: SqliteDatabase.Database, unitCode: string): BulkChain {
  const head = db
    .prepare('select unit_seq, hash from chain_heads where unit_code = ?')
    .get(unitCode) as { unit_seq: number; hash: string } | undefined;
  if (head === undefined) throw new Error(`No chain for unit ${unitCode} to continue`);
  const last = db
    .prepare('select hlc from events where unit_code = ? and unit_seq = ?')
    .get(unitCode, head.unit_seq) as { hlc: string } | undefined;
  if (last === undefined) throw new Error(`The head of unit ${unitCode}'s chain is missing`);
  let { wallMs } = parseHlc(last.hlc);
  let seq = head.unit_seq;
  let prev = head.hash;
  const insert = rowInserter(db, 'events');
  const moveHead = db.prepare('update chain_heads set unit_seq = ?, hash = ? where unit_code = ?');

  return {
    append(draft) {
      const payloadText = canonicalJson(draft.payload);
      // An HLC is never behind the previous event's, whatever the day the event is dated.
      wallMs = Math.max(wallMs + 1, Date.parse(draft.occurredAt));
      seq += 1;
      const fields = {
        id: uuidv7(),
        unitCode,
        unitSeq: seq,
        type: draft.type,
        entityType: draft.entityType,
        entityId: draft.entityId,
        actorId: draft.actorId,
        occurredAt: draft.occurredAt,
        hlc: formatHlc({ wallMs, counter: 0, node: unitCode }),
        prevHash: prev,
      };
      const event: StoredEvent = {
        ...fields,
        payload: JSON.parse(payloadText) as unknown,
        hash: hashEventWithPayloadText(fields, payloadText),
      };
      insert(eventRow(event, payloadText, draft.occurredAt));
      prev = event.hash;
      return event;
    },
    saveHead() {
      moveHead.run(seq, prev, unitCode);
    },
  };
}

/** A prepared INSERT of `table` taking a row object whose keys are the columns. */
export function rowInserter(
  db: SqliteDatabase.Database,
  table: string,
): (row: Readonly<Record<string, unknown>>) => void {
  let insert: SqliteDatabase.Statement | null = null;
  return (row) => {
    insert ??= db.prepare(
      `insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row)
        .map((k) => `@${k}`)
        .join(', ')})`,
    );
    insert.run(row);
  };
}
