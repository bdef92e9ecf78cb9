// Searching registers of a million records (measured with `npm run bench:civil`). A search
// shows the newest registrations first, 50 at a time; with 0010's indexes it read every
// matching record to sort them — 7,000 for a common name such as "Nguyễn Văn Minh" (40 ms),
// 90,000 for a given name alone (0.5 s). Each person row now carries its record's
// registration date, and the indexes let a search sort and cut to the page it shows from the
// person index alone, then read only the records it returns:
// - a name (or its beginning): one index holding every column the search filters on and
//   returns, so the range of namesakes is read from the index without touching the table;
// - a given name alone, a date of birth alone: in registration order, so the newest 50 are
//   the first 50 the index gives.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('civil_record_people')
    .addColumn('registered_on', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update civil_record_people set registered_on = (
      select r.registered_on from civil_records r where r.id = civil_record_people.record_id)`.execute(
    db,
  );
  await db.schema.dropIndex('civil_people_name_idx').execute();
  await db.schema.dropIndex('civil_people_dob_idx').execute();
  await db.schema
    .createIndex('civil_people_name_search_idx')
    .on('civil_record_people')
    .columns([
      'name_fold',
      'registered_on',
      'unit_code',
      'kind',
      'date_of_birth',
      'role',
      'record_id',
    ])
    .execute();
  await db.schema
    .createIndex('civil_people_given_order_idx')
    .on('civil_record_people')
    .columns(['given_fold', 'registered_on'])
    .execute();
  await db.schema
    .createIndex('civil_people_dob_order_idx')
    .on('civil_record_people')
    .columns(['date_of_birth', 'registered_on'])
    .execute();
}
