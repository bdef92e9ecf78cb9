// The event log's vocabulary (DESIGN §3.1). Every change in Một Cửa is one of these,
// appended once and never changed; screens read projections built from them.

/** What a use case asks to append. The storage layer adds identity, time and chain fields. */
export interface EventDraft<P = unknown> {
  /** Dotted name, e.g. `account.created`. */
  readonly type: string;
  /** The kind of record the event is about, e.g. `account`, `dossier`. */
  readonly entityType: string;
  readonly entityId: string;
  readonly payload: P;
}

/** An event as stored, on the node where it happened and on every copy of it. */
export interface StoredEvent<P = unknown> extends EventDraft<P> {
  /** UUIDv7, made where the action happened. */
  readonly id: string;
  /** The unit whose chain this event belongs to (2-digit province or 5-digit commune code). */
  readonly unitCode: string;
  /** Position in the unit's chain, 1, 2, 3 … with no gap. */
  readonly unitSeq: number;
  /** Account that acted, or null for the system itself (migrations, seeding). */
  readonly actorId: string | null;
  /** Device clock at the moment of the action, ISO-8601 UTC with milliseconds. */
  readonly occurredAt: string;
  /** Hybrid logical clock value (see hlc.ts); orders events across nodes. */
  readonly hlc: string;
  /** Hash of the unit's previous event, or GENESIS_HASH for the first. */
  readonly prevHash: string;
  /** SHA-256 over the canonical form of every field above. */
  readonly hash: string;
}

/** The fields of an event the hash covers, in the order they are hashed. */
export type HashedEventFields = Omit<StoredEvent, 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
