// The audit trail: who read or wrote what, and when. Append-only like the event log.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';
import { makeAppendOnly } from './append-only.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const sqlite = dialect === 'sqlite';
  await db.schema
    .createTable('audit_entries')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  // "What happened between these times", "what did this person do", "who touched this record".
  await db.schema.createIndex('audit_entries_at_idx').on('audit_entries').column('at').execute();
  await db.schema
    .createIndex('audit_entries_actor_idx')
    .on('audit_entries')
    .columns(['actor_id', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_entries_subject_idx')
    .on('audit_entries')
    .columns(['subject_type', 'subject_id', 'at'])
    .execute();

  await makeAppendOnly(db, dialect, 'audit_entries');
}
