// The one-stop desk: dossiers (a projection of dossier events), the daily dossier-code
// counters (also derived from those events, so a restored node continues its sequence), and
// attachments stored by content hash.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('dossiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    // The unit that holds the dossier and alone writes its events (DESIGN §3.2).
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('receiving_unit_code', 'text', (c) => c.notNull())
    .addColumn('competent_unit_code', 'text', (c) => c.notNull())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_citizen_id', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('extended_due_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('pending_approval', 'integer', (c) => c.notNull())
    .addColumn('transfer_pending', 'integer', (c) => c.notNull())
    .addColumn('fee_total_vnd', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** The whole DossierState as JSON, for the dossier page. */
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  // Work queues: a unit's open dossiers by status, soonest due first.
  await db.schema
    .createIndex('dossiers_queue_idx')
    .on('dossiers')
    .columns(['unit_code', 'status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('dossiers_assignee_idx')
    .on('dossiers')
    .columns(['assignee_id', 'status'])
    .execute();
  // Tracking by code + ID number uses the unique code index; lookups by applicant use this one.
  await db.schema
    .createIndex('dossiers_applicant_idx')
    .on('dossiers')
    .column('applicant_citizen_id')
    .execute();
  // The tracking book lists a unit's dossiers by reception time.
  await db.schema
    .createIndex('dossiers_received_idx')
    .on('dossiers')
    .columns(['receiving_unit_code', 'received_at'])
    .execute();

  await db.schema
    .createTable('dossier_code_counters')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_code_counters_pk', ['unit_code', 'local_date'])
    .execute();

  // Which dossier cites which attachment, so that only its officers may open it.
  await db.schema
    .createTable('dossier_attachments')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_attachments_pk', ['hash', 'dossier_id'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
}
