// Schema migrations, kept in code (not read from a folder at run time) so that the bundled
// app and the tests run exactly the same list. Names are `NNNN_what`, applied in name order;
// a migration, once released, is never edited: add the next one instead.
//
// There are no `down` migrations: the event log is the system of record, and a schema step
// that would drop it is not something to run by accident.
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Database } from '../schema.js';
import type { Dialect } from '../storage.js';
import * as eventLog from './0001-event-log.js';
import * as accounts from './0002-accounts.js';
import * as auditEntries from './0003-audit-entries.js';
import * as calendar from './0004-calendar.js';
import * as procedures from './0005-procedures.js';
import * as dossiers from './0006-dossiers.js';
import * as sync from './0007-sync.js';
import * as duplicates from './0008-duplicates.js';
import * as attachmentSync from './0009-attachment-sync.js';
import * as civilStatus from './0010-civil-status.js';
import * as interlinkOutbox from './0011-interlink-outbox.js';
import * as civilSearch from './0012-civil-search.js';
import * as sealKeys from './0013-seal-keys.js';
import * as notificationOutbox from './0014-notification-outbox.js';
import * as portalSyncOutbox from './0015-portal-sync-outbox.js';
import * as dossierIndicators from './0016-dossier-indicators.js';
import * as directives from './0017-directives.js';
import * as officerFields from './0018-officer-fields.js';
import * as assets from './0019-assets.js';
import * as directiveReviews from './0020-directive-reviews.js';

/**
 * One migration step; it may need to differ by dialect (column types, trigger syntax). It sees
 * the database untyped: a step describes the schema as it was then, not as schema.ts is now.
 */
export type DialectMigration = (db: Kysely<unknown>, dialect: Dialect) => Promise<void>;

const MIGRATIONS: Readonly<Record<string, DialectMigration>> = {
  '0001_event_log': eventLog.up,
  '0002_accounts': accounts.up,
  '0003_audit_entries': auditEntries.up,
  '0004_calendar': calendar.up,
  '0005_procedures': procedures.up,
  '0006_dossiers': dossiers.up,
  '0007_sync': sync.up,
  '0008_duplicates': duplicates.up,
  '0009_attachment_sync': attachmentSync.up,
  '0010_civil_status': civilStatus.up,
  '0011_interlink_outbox': interlinkOutbox.up,
  '0012_civil_search': civilSearch.up,
  '0013_seal_keys': sealKeys.up,
  '0014_notification_outbox': notificationOutbox.up,
  '0015_portal_sync_outbox': portalSyncOutbox.up,
  '0016_dossier_indicators': dossierIndicators.up,
  '0017_directives': directives.up,
  '0018_officer_fields': officerFields.up,
  '0019_assets': assets.up,
  '0020_directive_reviews': directiveReviews.up,
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, up]) => [name, { up: (db) => up(db, dialect) }]),
  );
}

/**
 * Applies every pending migration. On PostgreSQL, Kysely's migrator holds a session advisory
 * lock and runs the pending steps in one transaction, so hub processes starting together apply
 * each step once. SQLite callers wrap this in BEGIN IMMEDIATE themselves (see sqlite.ts).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrationsFor(dialect)) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? '(before any step)';
    throw new Error(`Database migration failed at ${failed}`, { cause: error });
  }
}
