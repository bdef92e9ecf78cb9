// PostgreSQL storage: the province hub in production, where several stateless hub processes
// share one database.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isValidHlcNode } from '../domain/hlc.js';
import { createKyselyStorage } from './kysely-storage.js';
import { migrateToLatest } from './migrations/index.js';
import type { Projectors } from './projections.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  readonly unitCode: string;
  readonly projectors: Projectors;
  readonly clock?: (() => Date) | undefined;
  /** Connections in this process's pool (default 10). */
  readonly poolSize?: number | undefined;
  /**
   * Called when an idle pooled connection fails (server restart, network cut). The pool drops
   * that connection and opens a new one when needed, so this is for logging only. Default: ignore.
   */
  readonly onIdleConnectionError?: ((error: Error) => void) | undefined;
}

export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  if (!isValidHlcNode(options.unitCode)) {
    throw new RangeError(`Invalid unit code ${JSON.stringify(options.unitCode)}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: { getTypeParser },
  });
  // Without a listener, an idle connection's error event would crash the process.
  const onIdleError = options.onIdleConnectionError ?? (() => undefined);
  pool.on('error', onIdleError);

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, 'postgres');
    return await createKyselyStorage({
      dialect: 'postgres',
      unitCode: options.unitCode,
      db,
      projectors: options.projectors,
      clock: options.clock ?? (() => new Date()),
      lockHeadRow: true,
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

// bigint columns (seq, unit_seq, count(*)) come back from pg as strings by default, so that
// values past 2^53 are not silently rounded. Ours stay far below; parse them as numbers, as
// SQLite gives them, and fail loudly rather than round if one ever does not.
const getTypeParser: typeof pg.types.getTypeParser = (oid, format) =>
  oid === pg.types.builtins.INT8 && format !== 'binary'
    ? parseInt8
    : (pg.types.getTypeParser(oid, format) as (value: string) => unknown);

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint value ${text} is outside the safe integer range`);
  }
  return value;
}
