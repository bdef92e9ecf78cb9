// What the province dashboard counts (Decision 766 indicators), as columns of the dossiers
// projection so that the hub groups millions of dossiers in the database instead of reading
// their JSON: the rating, how many components were taken from existing data instead of paper,
// and how many payments were recorded (and how many by transfer). Rows written before this
// step are filled from their state JSON (the one place where the two dialects differ). The
// indexes serve a month's range: received in it, or finished in or after it.
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('dossiers').addColumn('rating', 'text').execute();
  for (const column of ['reused_components', 'payments', 'online_payments'])
    await db.schema
      .alterTable('dossiers')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

  await fillDossierIndicators(db, dialect);

  await db.schema
    .createIndex('dossiers_received_at_idx')
    .on('dossiers')
    .column('received_at')
    .execute();
  await db.schema
    .createIndex('dossiers_completed_at_idx')
    .on('dossiers')
    .column('completed_at')
    .execute();
}

/** Sets the four columns of every dossier from its state JSON, as the projector writes them. */
export async function fillDossierIndicators(
  db: QueryExecutorProvider,
  dialect: Dialect,
): Promise<void> {
  if (dialect === 'sqlite')
    await sql`update dossiers set
        rating = json_extract(state, '$.rating'),
        reused_components = (select count(*) from json_each(dossiers.state, '$.components')
          where json_extract(value, '$.reusedFromData') = 1),
        payments = coalesce(json_array_length(state, '$.payments'), 0),
        online_payments = (select count(*) from json_each(dossiers.state, '$.payments')
          where json_extract(value, '$.method') = 'bank_transfer')`.execute(db);
  else
    await sql`update dossiers set
        rating = state::jsonb ->> 'rating',
        reused_components = (select count(*) from jsonb_array_elements(state::jsonb -> 'components') c
          where c ->> 'reusedFromData' = 'true'),
        payments = coalesce(jsonb_array_length(state::jsonb -> 'payments'), 0),
        online_payments = (select count(*) from jsonb_array_elements(state::jsonb -> 'payments') p
          where p ->> 'method' = 'bank_transfer')`.execute(db);
}
