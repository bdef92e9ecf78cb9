// The one place where a dossier event this node writes reaches the outboxes: the applicant's
// notifications on every node, and the national portal's updates on the hub. runUseCase hands
// each use case a transaction whose `append` passes here, so every dossier event appended by a
// use case — intake, online filing, each step, registration at once, a hand-over, a transfer
// taken — is looked at exactly once, in the transaction that appends it (a rolled-back use case
// queues nothing). Events stored by `ingest` or `relay` (a hub storing a commune's push, a node
// receiving the hub's relay, a restored node taking back its chain) never pass here: the node
// that wrote an event is the one that tells the applicant. A commune's pushed events reach the
// portal through handlePush instead (ARCHITECTURE.md, "Notifications and the national portal").
import { dossierEventTypes, reduceDossier, type DossierState } from '../domain/dossiers.js';
import type { EventDraft, StoredEvent } from '../domain/events.js';
import type { AppendContext, Transaction } from '../storage/storage.js';
import { queueNotifications } from './notifications.js';
import { queuePortalUpdate } from './portal-sync.js';
import type { Services } from './services.js';

/**
 * `tx` with an `append` that, for a dossier event, folds the dossier's state before and after
 * it and queues what the change calls for. Appends keep their call order, as the storage's do.
 */
export function withDossierOutboxes(
  tx: Transaction,
  services: Pick<Services, 'node' | 'notifyPhoneChannel'>,
  now: Date,
): Transaction {
  // The state after this use case's last event of each dossier: a second step on the same
  // dossier (intake, then payment, then hand-over) needs no read.
  const states = new Map<string, DossierState>();
  let queue: Promise<unknown> = Promise.resolve();

  async function stateBefore(draft: EventDraft): Promise<DossierState | null> {
    const known = states.get(draft.entityId);
    if (known !== undefined) return known;
    if (
      draft.type === dossierEventTypes.received ||
      draft.type === dossierEventTypes.submittedOnline
    )
      return null;
    const row = await tx.db
      .selectFrom('dossiers')
      .select('state')
      .where('id', '=', draft.entityId)
      .executeTakeFirst();
    return row === undefined ? null : (JSON.parse(row.state) as DossierState);
  }

  async function appendDossierEvent<P>(
    draft: EventDraft<P>,
    context: AppendContext,
  ): Promise<StoredEvent<P>> {
    const before = await stateBefore(draft);
    const event = await tx.append(draft, context);
    const after = reduceDossier(before, event);
    states.set(event.entityId, after);
    const change = { before, event, after };
    await queueNotifications(tx.db, services, now, change);
    if (services.node.role === 'province') await queuePortalUpdate(tx.db, services, now, change);
    return event;
  }

  return {
    db: tx.db,
    append<P>(draft: EventDraft<P>, context: AppendContext): Promise<StoredEvent<P>> {
      const next = queue.then(() =>
        draft.entityType === 'dossier'
          ? appendDossierEvent(draft, context)
          : tx.append(draft, context),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    ingest: (event) => tx.ingest(event),
    ingestMany: (events) => tx.ingestMany(events),
    relay: (event) => tx.relay(event),
  };
}
