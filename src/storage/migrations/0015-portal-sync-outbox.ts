// The hub's updates for the national public-service portal (Cổng Dịch vụ công quốc gia): one
// row per dossier event that changed what the portal shows, keyed by the event's id so that a
// batch pushed twice queues each update once. Operational state of the hub, not events.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // HLC values compare as plain text (domain/hlc.ts), not by a locale's collation.
  const hlcType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('portal_sync_outbox')
    /** The dossier event's id: the portal's idempotency key. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addColumn('dossier_code', 'text', (c) => c.notNull())
    .addColumn('hlc', hlcType, (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('portal_sync_outbox_due_idx')
    .on('portal_sync_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // A dossier's updates in order: "is an earlier one still unsent?", and the dossier page.
  await db.schema
    .createIndex('portal_sync_outbox_dossier_idx')
    .on('portal_sync_outbox')
    .columns(['dossier_id', 'hlc'])
    .execute();
}
