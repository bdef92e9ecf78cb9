// The outbox of the inter-linked procedures (liên thông: birth → permanent residence and the
// BHYT card; death → deletion of residence and the funeral allowance). Node-local operational
// state, like sessions: rows are written by the registration's use case in its transaction and
// updated by the delivery loop; they are not events and are never synced (ARCHITECTURE.md).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('interlink_outbox')
    /** Also the message id the recipient sees, the same on every retry. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    /** The message as JSON, built once when queued. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** Null once nothing more is to be sent (sent, accepted, rejected). */
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    /** The recipient's reference, when it gave one. */
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The delivery loop's question: what is due now?
  await db.schema
    .createIndex('interlink_outbox_due_idx')
    .on('interlink_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // One message per service of a record; also the record page's lookup.
  await db.schema
    .createIndex('interlink_outbox_record_idx')
    .on('interlink_outbox')
    .columns(['record_id', 'service'])
    .unique()
    .execute();
}
