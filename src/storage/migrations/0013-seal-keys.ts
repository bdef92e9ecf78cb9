// The keys that seal civil-status certificates: the province's, and each unit's as certified
// (a projection of signing.* events, which the hub sends to every node).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('seal_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    /** 'province' or 'unit'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    /** Raw Ed25519 public key, base64 (province keys). */
    .addColumn('public_key', 'text')
    /** The encoded unit key certificate (unit keys). */
    .addColumn('certificate', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('seal_keys_unit_idx').on('seal_keys').column('unit_code').execute();
}
