// Directives (văn bản chỉ đạo) from the province to its communes: a projection of directive.*
// events. On the hub every directive and every commune's response; on a commune node the
// directives addressed to it (and its own response). `delivered_at` is the hub's own note of
// when the commune's node confirmed holding the directive (its pull went past it): operational
// state, not an event.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('directives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('issued_by_name', 'text', (c) => c.notNull())
    /** The deadline as stated (JSON: working days or a date). */
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .execute();
  await db.schema
    .createIndex('directives_issued_idx')
    .on('directives')
    .column('issued_at')
    .execute();

  await db.schema
    .createTable('directive_targets')
    .addColumn('directive_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_by_name', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('assignee_name', 'text')
    .addColumn('assigned_at', 'text')
    .addColumn('assign_note', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('reported_by', 'text')
    .addColumn('reported_by_name', 'text')
    .addColumn('report_summary', 'text')
    .addPrimaryKeyConstraint('directive_targets_pk', ['directive_id', 'unit_code'])
    .execute();
  await db.schema
    .createIndex('directive_targets_unit_idx')
    .on('directive_targets')
    .columns(['unit_code', 'directive_id'])
    .execute();

  await db.schema
    .createTable('directive_attachments')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('directive_id', 'text', (c) => c.notNull())
    /** The province's code for the directive's own papers, a commune's for its report's. */
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('directive_attachments_pk', ['directive_id', 'unit_code', 'position'])
    .execute();
  await db.schema
    .createIndex('directive_attachments_hash_idx')
    .on('directive_attachments')
    .column('hash')
    .execute();
}
