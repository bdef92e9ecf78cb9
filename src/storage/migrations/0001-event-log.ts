// The event log and the chain heads (DESIGN §3.1).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';
import { createAppendOnlyFunction, makeAppendOnly } from './append-only.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const sqlite = dialect === 'sqlite';
  await db.schema
    .createTable('events')
    // Local storage order; on SQLite AUTOINCREMENT so a number is never reused after a delete.
    .addColumn('seq', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_seq', sqlite ? 'integer' : 'bigint', (c) =>
      c.notNull().check(sql`unit_seq >= 1`),
    )
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    // Text, not jsonb: the exact canonical bytes that were hashed are kept.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    // One event per position in a unit's chain: two writers can never fork it.
    .addUniqueConstraint('events_unit_seq_key', ['unit_code', 'unit_seq'])
    .execute();

  // An entity's history, in causal order, across units (a dossier moves between units).
  await db.schema
    .createIndex('events_entity_idx')
    .on('events')
    .columns(['entity_type', 'entity_id', 'hlc'])
    .execute();
  // Seeding the clock on start-up: the largest HLC of this node's unit.
  await db.schema
    .createIndex('events_unit_hlc_idx')
    .on('events')
    .columns(['unit_code', 'hlc'])
    .execute();

  await db.schema
    .createTable('chain_heads')
    .addColumn('unit_code', 'text', (c) => c.primaryKey())
    .addColumn('unit_seq', sqlite ? 'integer' : 'bigint', (c) =>
      c.notNull().check(sql`unit_seq >= 0`),
    )
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await createAppendOnlyFunction(db, dialect);
  await makeAppendOnly(db, dialect, 'events');
}
