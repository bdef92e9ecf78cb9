// Likely duplicates the hub found across communes (projection of duplicate.flagged events).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('duplicate_flags')
    .addColumn('pair_key', 'text', (c) => c.primaryKey())
    .addColumn('dossier_a', 'text', (c) => c.notNull())
    .addColumn('dossier_b', 'text', (c) => c.notNull())
    .addColumn('code_a', 'text', (c) => c.notNull())
    .addColumn('code_b', 'text', (c) => c.notNull())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('flagged_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('duplicate_flags_a_idx')
    .on('duplicate_flags')
    .column('dossier_a')
    .execute();
  await db.schema
    .createIndex('duplicate_flags_b_idx')
    .on('duplicate_flags')
    .column('dossier_b')
    .execute();
}
