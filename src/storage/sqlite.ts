// SQLite storage: the commune node's embedded database, and the hub's in demos.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';
import { isValidHlcNode } from '../domain/hlc.js';
import { createKyselyStorage } from './kysely-storage.js';
import { migrateToLatest } from './migrations/index.js';
import type { Projectors } from './projections.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

export interface SqliteStorageOptions {
  /** Path of the database file; its folder is created if missing. */
  readonly file: string;
  readonly unitCode: string;
  readonly projectors: Projectors;
  readonly clock?: (() => Date) | undefined;
}

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

// Files open in this process. better-sqlite3 waits for a busy lock synchronously, blocking the
// event loop — so two Storage objects on one file in one process deadlock: the waiting one
// stops the other from ever finishing its transaction. One file, one Storage per process.
const openFiles = new Set<string>();

export async function openSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  if (!isValidHlcNode(options.unitCode)) {
    throw new RangeError(`Invalid unit code ${JSON.stringify(options.unitCode)}`);
  }
  const file = resolve(options.file);
  if (openFiles.has(file)) {
    throw new Error(`SQLite database ${file} is already open in this process; share that Storage`);
  }
  mkdirSync(dirname(file), { recursive: true });

  const sqlite = new SqliteDatabase(file);
  let db: Kysely<Database> | null = null;
  try {
    configure(sqlite);
    db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect(sqlite, cachedStatements(sqlite)),
    });
    await migrate(sqlite, db);
    const storage = await createKyselyStorage({
      dialect: 'sqlite',
      unitCode: options.unitCode,
      db,
      projectors: options.projectors,
      clock: options.clock ?? (() => new Date()),
      lockHeadRow: false,
      afterClose: () => openFiles.delete(file),
      // One fsync for every transaction that arrived while the previous commit was running:
      // at the counter's peak this is what keeps intake latency low with synchronous=FULL.
      groupCommit: {
        maxBatch: 16,
        inTransaction: () => sqlite.inTransaction,
      },
    });
    openFiles.add(file);
    return storage;
  } catch (error) {
    if (db === null) sqlite.close();
    else await db.destroy();
    throw error;
  }
}

function configure(sqlite: SqliteDatabase.Database): void {
  // WAL: readers never block the writer. FULL: a commit is on disk before it is acknowledged
  // (DESIGN §3.1: an acknowledged action is durable, even through a power cut).
  const mode: unknown = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new Error(`SQLite could not use WAL journaling for ${sqlite.name} (got ${String(mode)})`);
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

async function migrate(sqlite: SqliteDatabase.Database, db: Kysely<Database>): Promise<void> {
  // Kysely runs SQLite migrations outside any transaction and without a lock. Holding the write
  // lock around the whole run makes it atomic (a failed step leaves no half-made schema) and
  // makes a second process that starts at the same moment wait, then find nothing to do.
  sqlite.exec('begin immediate');
  try {
    await migrateToLatest(db, 'sqlite');
    sqlite.exec('commit');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw error;
  }
}

/**
 * Kysely's SQLite driver with BEGIN IMMEDIATE: the transaction takes the write lock when it
 * starts, not at its first write. A deferred transaction that reads the chain head and then
 * writes could find another process has written in between, and fail with SQLITE_BUSY
 * mid-transaction instead of waiting at the start.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #sqlite: SqliteDatabase.Database;

  constructor(sqlite: SqliteDatabase.Database, database: KyselySqliteDatabase) {
    super({ database });
    this.#sqlite = sqlite;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite rolls back by itself on some errors (disk full, I/O); a second ROLLBACK would then
    // fail and hide the error that caused it.
    if (this.#sqlite.inTransaction) {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #sqlite: SqliteDatabase.Database;
  readonly #database: KyselySqliteDatabase;

  constructor(sqlite: SqliteDatabase.Database, database: KyselySqliteDatabase) {
    super({ database });
    this.#sqlite = sqlite;
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#sqlite, this.#database);
  }
}

/**
 * The database as Kysely's driver sees it, with prepared statements kept by SQL text: Kysely
 * prepares every query anew, and preparing costs more than running most of ours. Bounded, so
 * queries with varying text (IN lists) cannot grow it without limit.
 */
function cachedStatements(sqlite: SqliteDatabase.Database, limit = 500): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        if (statements.size >= limit) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
