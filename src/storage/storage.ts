// The narrow interface the rest of the system uses to reach a database. Two implementations:
// SQLite (sqlite.ts, the commune node and the demo hub) and PostgreSQL (postgres.ts, the hub
// in production). Application code imports this file only, never an implementation.
import type { Kysely } from 'kysely';
import type { EventDraft, StoredEvent } from '../domain/events.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  readonly dialect: Dialect;
  /** The unit this node writes events for (its chain). */
  readonly unitCode: string;
  /** For reads outside a transaction. Never used to write events. */
  readonly db: Kysely<Database>;
  /**
   * Runs `fn` in one database transaction: events appended and projections updated inside it
   * commit together or not at all. On SQLite the transaction takes the write lock at once
   * (BEGIN IMMEDIATE); on PostgreSQL appends lock the unit's chain head row.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface AppendContext {
  /** The acting account, or null for the system. */
  readonly actorId: string | null;
}

export interface Transaction {
  /** Bound to the open transaction: use it for projections and reads that must be consistent. */
  readonly db: Kysely<Database>;
  /**
   * Appends one event to this node's unit chain — UUIDv7 id, device time, HLC, previous hash —
   * and applies its projection in the same transaction.
   */
  append<P>(draft: EventDraft<P>, context: AppendContext): Promise<StoredEvent<P>>;
  /**
   * Stores an event written elsewhere (another unit's chain, e.g. the hub's catalogue) exactly
   * as it was written, after checking its hash and that it continues that unit's chain here,
   * and applies its projection. An event already stored is a no-op ('duplicate'), so a batch
   * can be sent twice. Throws IngestError when the event does not fit.
   */
  ingest(event: StoredEvent): Promise<'stored' | 'duplicate'>;
  /**
   * `ingest` for a batch in chain order (a node's push), with fewer statements: the same
   * checks, the same projections in the same order, the same errors; whole or not at all
   * within the caller's transaction.
   */
  ingestMany(events: readonly StoredEvent[]): Promise<{ stored: number; duplicates: number }>;
  /**
   * Keeps an event of another unit that the hub relayed to this node (the catalogue, a
   * dossier transferred here): hash checked, stored once in `relayed_events`, projection
   * applied. Only a part of that unit's chain reaches a node; the hub holds it whole.
   */
  relay(event: StoredEvent): Promise<'stored' | 'duplicate'>;
}

/** Why an event from elsewhere was refused. */
export class IngestError extends Error {
  constructor(
    readonly kind: 'hash_mismatch' | 'id_conflict' | 'out_of_sequence' | 'broken_link',
    readonly eventId: string,
    detail: string,
  ) {
    super(`Event ${eventId} refused (${kind}): ${detail}`);
    this.name = 'IngestError';
  }
}
