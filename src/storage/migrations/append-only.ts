// Triggers that make a table append-only: the database itself refuses UPDATE and DELETE (and
// TRUNCATE on PostgreSQL, which skips row triggers), so no code path — a buggy projector, an
// admin script, a future migration — can rewrite history by accident. Someone with direct
// database access can still drop the triggers; the hash chain is what catches that.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

/** The message both dialects give, e.g. `events is append-only: UPDATE refused`. */
export function appendOnlyMessage(table: string, operation: string): string {
  return `${table} is append-only: ${operation} refused`;
}

export async function createAppendOnlyFunction(
  db: Kysely<unknown>,
  dialect: Dialect,
): Promise<void> {
  if (dialect !== 'postgres') return;
  // The message is built the same way as appendOnlyMessage.
  await sql`
    create or replace function motcua_refuse_change() returns trigger
    language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op
        using hint = 'History is never changed; append a correcting event instead.';
    end;
    $$`.execute(db);
}

export async function makeAppendOnly(
  db: Kysely<unknown>,
  dialect: Dialect,
  table: string,
): Promise<void> {
  if (dialect === 'sqlite') {
    // SQLite triggers cannot build a message at run time, hence one trigger per operation.
    for (const operation of ['UPDATE', 'DELETE'] as const) {
      const name = `${table}_no_${operation.toLowerCase()}`;
      const message = appendOnlyMessage(table, operation).replaceAll("'", "''");
      await sql
        .raw(
          `create trigger ${name} before ${operation} on ${table} ` +
            `begin select raise(abort, '${message}'); end`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create trigger ${table}_append_only before update or delete on ${table} ` +
        'for each row execute function motcua_refuse_change()',
    )
    .execute(db);
  await sql
    .raw(
      `create trigger ${table}_no_truncate before truncate on ${table} ` +
        'for each statement execute function motcua_refuse_change()',
    )
    .execute(db);
}
