// Civil-status registers (hộ tịch): the records (a projection of civil.* events), the people
// each record names (for search by folded name, date of birth and ID number), and the register
// books with the last number each gave (also derived from events, so a node rebuilt from its
// log continues the same sequence).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // Folded names are compared by byte order (prefix ranges), whatever the server's locale.
  const folded = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('civil_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('book_year', 'integer', (c) => c.notNull())
    .addColumn('book_no', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('dossier_id', 'text')
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** The whole CivilRecord as JSON, for the record page. */
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  // One number per book-year and kind in a unit: the database refuses a second.
  await db.schema
    .createIndex('civil_records_number_idx')
    .on('civil_records')
    .columns(['unit_code', 'kind', 'book_year', 'number'])
    .unique()
    .execute();
  // The register book view and the monthly statistics.
  await db.schema
    .createIndex('civil_records_registered_idx')
    .on('civil_records')
    .columns(['unit_code', 'registered_on'])
    .execute();

  await db.schema
    .createTable('civil_record_people')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_fold', folded, (c) => c.notNull())
    /** The last word of the folded name (tên), for a search by given name alone. */
    .addColumn('given_fold', folded, (c) => c.notNull())
    .addColumn('date_of_birth', 'text')
    .addColumn('citizen_id', 'text')
    .addPrimaryKeyConstraint('civil_record_people_pk', ['record_id', 'role'])
    .execute();
  await db.schema
    .createIndex('civil_people_name_idx')
    .on('civil_record_people')
    .columns(['name_fold', 'date_of_birth'])
    .execute();
  await db.schema
    .createIndex('civil_people_given_idx')
    .on('civil_record_people')
    .columns(['given_fold', 'date_of_birth'])
    .execute();
  await db.schema
    .createIndex('civil_people_dob_idx')
    .on('civil_record_people')
    .column('date_of_birth')
    .execute();
  await db.schema
    .createIndex('civil_people_id_idx')
    .on('civil_record_people')
    .column('citizen_id')
    .execute();

  await db.schema
    .createTable('civil_books')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('book_no', 'integer', (c) => c.notNull())
    .addColumn('first_number', 'integer', (c) => c.notNull())
    /** The last number given in this book; first_number - 1 while it is empty. */
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('close_reason', 'text')
    .addPrimaryKeyConstraint('civil_books_pk', ['unit_code', 'kind', 'year', 'book_no'])
    .execute();
}
