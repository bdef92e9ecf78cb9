// Projections are the tables screens read (DESIGN §3.1). Each event type has exactly one
// projector, run by `Transaction.append` in the same database transaction as the event insert,
// so a projection can never show a change the log does not hold, or miss one it does.
import type { Kysely } from 'kysely';
import type { StoredEvent } from '../domain/events.js';
import type { Database } from './schema.js';

/**
 * Applies one event to the projection tables. `db` is bound to the open transaction. The event's
 * payload is the parsed canonical JSON, exactly what a rebuild from the log would see.
 */
export type Projector = (db: Kysely<Database>, event: StoredEvent) => Promise<void>;

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
