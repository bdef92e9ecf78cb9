// The procedure catalogue (a projection of `procedure.version_published` events): one row per
// published version, never updated, since a version is never edited once published.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('procedure_versions')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    // Null: in force until a later version starts.
    .addColumn('valid_to', 'text')
    .addColumn('name_vi', 'text', (c) => c.notNull())
    // Words of the code and names, folded (no diacritics, lower case), between spaces: what a search without accents matches, word by word.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('sector_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('non_territorial', 'integer', (c) => c.notNull())
    // The whole version as canonical JSON (RFC 8785), so an identical re-import is recognised
    // by comparing text.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('procedure_versions_pkey', ['code', 'version'])
    .execute();
  await db.schema
    .createIndex('procedure_versions_sector_idx')
    .on('procedure_versions')
    .columns(['sector_code', 'code'])
    .execute();
}
