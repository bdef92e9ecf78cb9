// Sync between nodes and the hub (DESIGN §3.3). On the hub: the enrolled nodes and their
// one-time enrolment tokens (projections of node.* events, plus operational counters), and a
// receipt of every sync request (its time, the node's clock skew). On a node: the events the
// hub relays to it (other units' events, kept apart from its own chain), and the sync state.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';
import { makeAppendOnly } from './append-only.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const sqlite = dialect === 'sqlite';
  const bigint = sqlite ? 'integer' : 'bigint';

  await db.schema
    .createTable('enrolment_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by_key', 'text')
    .execute();

  await db.schema
    .createTable('sync_nodes')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    // Operational, not events: the replay guard and what the admin page shows.
    .addColumn('last_counter', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen_at', 'text')
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addColumn('skew_ms', bigint)
    .addColumn('skew_flags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('backlog', bigint)
    .execute();
  await db.schema.createIndex('sync_nodes_unit_idx').on('sync_nodes').column('unit_code').execute();

  await db.schema
    .createTable('sync_receipts')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('device_time', 'text', (c) => c.notNull())
    .addColumn('skew_ms', bigint, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_receipts_key_idx')
    .on('sync_receipts')
    .columns(['key_id', 'id'])
    .execute();
  await makeAppendOnly(db, dialect, 'sync_receipts');

  // Events of other units that the hub relays to this node: the hub's catalogue and calendar,
  // dossiers transferred here. A node holds only the part of another unit's chain that concerns
  // it, so these are kept apart from its own, complete chain; the hub verifies every chain.
  await db.schema
    .createTable('relayed_events')
    .addColumn('seq', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_seq', bigint, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('relayed_events_entity_idx')
    .on('relayed_events')
    .columns(['entity_type', 'entity_id', 'hlc'])
    .execute();
  await makeAppendOnly(db, dialect, 'relayed_events');

  await db.schema
    .createTable('sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
