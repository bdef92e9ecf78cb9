// The working calendar's yearly notices: a projection of `calendar.notice_published` events,
// one row per year holding the notice in force for it. Reference data owned by the province
// hub (DESIGN §3.2); the notices shipped in data/calendar/ apply to years with no row.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('calendar_notices')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    // The validated notice as JSON text, as the event carried it.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
}
