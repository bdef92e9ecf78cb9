// The applicant's notifications (SMS, Zalo, email) of each change of their dossier. Node-local
// operational state, like the liên thông outbox: rows are written in the transaction of the use
// case that appended the dossier event and updated by the delivery loop; they are not events,
// never synced, and a hub or a restored node that replays the events queues nothing
// (ARCHITECTURE.md).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('notification_outbox')
    /** Also the message id the gateway sees, the same on every retry. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    /** The message as JSON, rendered once when queued. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** Null once nothing more is to be tried (sent, undeliverable). */
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    /** The gateway's message id, when it gave one. */
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The delivery loop's question: what is due now?
  await db.schema
    .createIndex('notification_outbox_due_idx')
    .on('notification_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // One message per event and channel, whatever retries the transaction saw.
  await db.schema
    .createIndex('notification_outbox_event_idx')
    .on('notification_outbox')
    .columns(['event_id', 'channel'])
    .unique()
    .execute();
  // The dossier page's lookup.
  await db.schema
    .createIndex('notification_outbox_dossier_idx')
    .on('notification_outbox')
    .columns(['dossier_id', 'created_at'])
    .execute();
}
