// The officer's field (lĩnh vực: tư pháp – hộ tịch, văn hóa – xã hội, …) as a column of the
// accounts projection, from `account.field_set` events (domain/staffing.ts). Null: not set,
// as for every account before this step and every account that is not an officer's.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('officer_field', 'text').execute();
}
