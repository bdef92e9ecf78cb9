// Runs one set of storage cases on every database under test: SQLite always, PostgreSQL when
// DATABASE_URL is set (Kysely's dialect loop). Each test asks for its own empty database, so
// a case that tampers with the log or counts every chain sees nothing from another case:
//   SQLite      a file in a temporary folder, removed after the suite;
//   PostgreSQL  CREATE DATABASE motcua_t_<random> on the DATABASE_URL server, dropped WITH
//               (FORCE) after the suite.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe } from 'vitest';
import { openPostgresStorage } from '../src/storage/postgres.js';
import type { Projectors } from '../src/storage/projections.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Dialect, Storage } from '../src/storage/storage.js';

export const DATABASE_URL: string | undefined = process.env.DATABASE_URL || undefined;

export const DIALECTS_UNDER_TEST: readonly Dialect[] =
  DATABASE_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

export interface OpenOptions {
  readonly unitCode: string;
  readonly projectors: Projectors;
  readonly clock?: () => Date;
}

export interface TestDatabase {
  readonly dialect: Dialect;
  /** A new Storage on this database (call again to "restart"); closed after the test. */
  readonly open: (options: OpenOptions) => Promise<Storage>;
  /** SQLite: the file; PostgreSQL: the connection URL. */
  readonly location: string;
}

export interface DialectUnderTest {
  readonly dialect: Dialect;
  /** An empty database for the current test. */
  readonly createDatabase: () => Promise<TestDatabase>;
}

/** Declares `describe(\`${name} [dialect]\`)` for each dialect under test, around `cases`. */
export function forEachDialect(name: string, cases: (dialect: DialectUnderTest) => void): void {
  for (const dialect of DIALECTS_UNDER_TEST) {
    describe(`${name} [${dialect}]`, () => {
      const opened: Storage[] = [];
      const harness =
        dialect === 'sqlite' ? sqliteHarness(opened) : postgresHarness(DATABASE_URL!, opened);
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((s) => s.close()));
      });
      afterAll(() => harness.dispose());
      cases(harness);
    });
  }
}

/**
 * Removes the append-only triggers, as someone with direct access to the database could. The
 * tamper cases use it to show that the hash chain catches what the triggers no longer stop.
 */
export async function dropAppendOnlyTriggers(storage: Storage): Promise<void> {
  const statements =
    storage.dialect === 'sqlite'
      ? ['drop trigger events_no_update', 'drop trigger events_no_delete']
      : ['drop trigger events_append_only on events', 'drop trigger events_no_truncate on events'];
  for (const statement of statements) await sql.raw(statement).execute(storage.db);
}

interface Harness extends DialectUnderTest {
  readonly dispose: () => Promise<void>;
}

function sqliteHarness(opened: Storage[]): Harness {
  let folder: Promise<string> | null = null;
  let count = 0;
  return {
    dialect: 'sqlite',
    async createDatabase() {
      folder ??= mkdtemp(join(tmpdir(), 'motcua-test-'));
      count += 1;
      // A folder that does not exist yet: opening must create it.
      const file = join(await folder, `db-${count}`, 'motcua.sqlite');
      return {
        dialect: 'sqlite',
        location: file,
        async open(options) {
          const storage = await openSqliteStorage({ file, ...options });
          opened.push(storage);
          return storage;
        },
      };
    },
    async dispose() {
      if (folder !== null) await rm(await folder, { recursive: true, force: true });
    },
  };
}

function postgresHarness(serverUrl: string, opened: Storage[]): Harness {
  const created: string[] = [];
  let admin: Promise<pg.Client> | null = null;
  const connectAdmin = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    return client;
  };
  return {
    dialect: 'postgres',
    async createDatabase() {
      admin ??= connectAdmin();
      const name = `motcua_t_${randomBytes(6).toString('hex')}`;
      await (await admin).query(`create database ${name}`);
      created.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const location = url.toString();
      return {
        dialect: 'postgres',
        location,
        async open(options) {
          // A small pool, so that many test databases at once stay under max_connections.
          const storage = await openPostgresStorage({ url: location, poolSize: 4, ...options });
          opened.push(storage);
          return storage;
        },
      };
    },
    async dispose() {
      if (admin === null) return;
      const client = await admin;
      try {
        for (const name of created)
          await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
