// The province's review of a commune's report on a directive (directive.report_reviewed):
// accepted, or returned to be done again. The latest review is kept beside the latest report.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const column of [
    'reviewed_at',
    'reviewed_by_name',
    'review_verdict',
    'review_comment',
    /** The report reviewed (its time at the commune). */
    'review_report_at',
  ])
    await db.schema.alterTable('directive_targets').addColumn(column, 'text').execute();
}
