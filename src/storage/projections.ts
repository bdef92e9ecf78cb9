// Projections are the tables screens read (DESIGN §3.1). Each event type has exactly one
// projector, run by `Transaction.append` in the same database transaction as the event insert,
// so a projection can never show a change the log does not hold, or miss one it does.
import type { Kysely } from 'kysely';
import type { StoredEvent } from '../domain/events.js';
import type { Database } from './schema.js';

/**
 * While a batch of events from elsewhere is stored (`Transaction.ingestMany`): what a projector
 * may keep from one event to the next, and row writes it may leave to the end of the batch
 * (one write per row instead of one per event). Both last for that one call, inside its
 * transaction, and are dropped with it.
 */
export interface ProjectionBatch {
  readonly memo: Map<string, unknown>;
  /** Runs `write` once the batch's events are all applied; a later write for `key` replaces
   * the earlier one. */
  defer(key: string, write: () => Promise<void>): void;
}

/**
 * Applies one event to the projection tables. `db` is bound to the open transaction. The event's
 * payload is the parsed canonical JSON, exactly what a rebuild from the log would see. `batch`
 * is given only inside `ingestMany`; a projector must give the same tables with or without it.
 */
export type Projector = (
  db: Kysely<Database>,
  event: StoredEvent,
  batch?: ProjectionBatch,
) => Promise<void>;

/** A batch for `ingestMany`, and the function that runs its deferred writes. */
export function projectionBatch(): { batch: ProjectionBatch; flush: () => Promise<void> } {
  const writes = new Map<string, () => Promise<void>>();
  return {
    batch: {
      memo: new Map(),
      defer: (key, write) => {
        writes.set(key, write);
      },
    },
    flush: async () => {
      for (const write of writes.values()) await write();
      writes.clear();
    },
  };
}

/** Projector for each event type, keyed by `EventDraft.type`. */
export type Projectors = Readonly<Record<string, Projector>>;

/** The projector for `type`; a missing one is a programming error, reported before any write. */
export function projectorFor(projectors: Projectors, type: string): Projector {
  // Own properties only: a type named "constructor" or "toString" must not find Object's.
  const projector = Object.hasOwn(projectors, type) ? projectors[type] : undefined;
  if (projector === undefined) {
    throw new Error(
      `No projector is registered for event type ${JSON.stringify(type)}; ` +
        'add one to the projectors passed to openStorage. Nothing was written.',
    );
  }
  return projector;
}
