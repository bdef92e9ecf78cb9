// Public assets after the mergers: the register of headquarters and facilities each unit
// manages, and the facility needs communes report (projections of asset.* and
// facility_need.* events). Areas are integers of dm² (hundredths of a m²), exact in both
// databases and comparable in a query.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** The managing unit: the chain its events belong to (single writer). */
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('former_unit', 'text', (c) => c.notNull())
    .addColumn('land_area_dm2', 'integer')
    .addColumn('floor_area_dm2', 'integer')
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('current_use', 'text', (c) => c.notNull())
    .addColumn('vacant_since', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_unit_idx').on('assets').column('unit_code').execute();
  await db.schema.createIndex('assets_use_idx').on('assets').column('current_use').execute();

  await db.schema
    .createTable('facility_needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('area_dm2', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    /** 'open' or 'resolved'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_on', 'text')
    .execute();
  await db.schema
    .createIndex('facility_needs_unit_idx')
    .on('facility_needs')
    .columns(['unit_code', 'status'])
    .execute();
}
