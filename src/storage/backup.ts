// Local backup and restore of a node's SQLite database: to a file in another folder, or to a USB
// disk, and back. A commune node may have no link to the province for days, so its own copy is
// the only one; both directions check the hash chain so that an operator never keeps, or puts
// back, a copy that cannot be trusted.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { chmod, chown, copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ChainProblem } from '../domain/event-chain.js';
import { MIGRATION_NAMES } from './migrations/index.js';
import { SQLITE_FILE_NAME } from './open-storage.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';
import { verifyStorage } from './verify.js';

export interface BackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface BackupOptions {
  /** Replace a file already at the target (default: refuse). */
  readonly overwrite?: boolean;
  /** Called after each step of the copy. */
  readonly onProgress?: (progress: BackupProgress) => void;
  /**
   * Database pages (4 KiB each) copied per step; the event loop runs between steps. Smaller
   * steps keep a node in the same process responsive; tests use 1 to interleave writes.
   */
  readonly pagesPerStep?: number;
}

/** A problem found in a copy: a damaged hash chain, or damaged database pages. */
export type BackupProblem = ChainProblem | { readonly kind: 'integrity'; readonly detail: string };

export interface BackupCheck {
  /** Size of the file written. */
  readonly bytes: number;
  /** Events whose hash chain was checked. */
  readonly events: number;
  /** Unit chains checked. */
  readonly units: number;
  /** True when the chain and the database pages are intact. */
  readonly ok: boolean;
  readonly problems: readonly BackupProblem[];
}

export interface BackupResult extends BackupCheck {
  /** Absolute path of the backup. */
  readonly file: string;
}

export interface RestoreOptions {
  /** Replace the node's database; the old one is kept beside it (default: refuse). */
  readonly force?: boolean;
  /** Names the kept database (`motcua.sqlite.before-restore-<time>`); default: now. */
  readonly now?: Date;
}

export interface RestoreResult extends BackupCheck {
  /** Absolute path of the node's database, now the restored copy. */
  readonly file: string;
  /** Where the replaced database was kept, or null when there was none. */
  readonly keptAs: string | null;
}

export type BackupRefusalKind =
  /** backup: the data folder has no database. */
  | 'no_database'
  /** backup: a file is at the target and overwrite was not asked for. */
  | 'target_exists'
  /** The target or the source is the node's live database itself. */
  | 'same_file'
  /** restore: the backup file does not exist. */
  | 'no_backup_file'
  /** restore: the node has a database and force was not asked for. */
  | 'database_exists'
  /** restore: a running node holds the database open. */
  | 'in_use'
  /** restore: the file is not a Một Cửa SQLite database. */
  | 'not_a_backup'
  /** restore: the backup was written by a newer version, whose schema this one cannot run. */
  | 'newer_schema'
  /** restore: the backup's hash chain or pages are damaged (see `problems`). */
  | 'damaged';

/** Why a backup or a restore was refused; nothing was changed. */
export class BackupRefused extends Error {
  constructor(
    readonly kind: BackupRefusalKind,
    message: string,
    readonly problems: readonly BackupProblem[] = [],
  ) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/** Large enough that a 1 GiB database takes a few hundred steps, small enough to stay responsive. */
const DEFAULT_PAGES_PER_STEP = 1024;

/** A reader waits at most this long for SQLite's own short locks (WAL recovery, checkpoints). */
const READ_BUSY_TIMEOUT_MS = 5000;

/** Files beside a database that belong to it. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/**
 * Copies the node's database in `dataDir` to `targetFile` with SQLite's online backup, safe
 * while the node is running, then checks the copy (database pages and every hash chain).
 * A copy of a damaged database is still written — it is the best copy there is — with
 * `ok: false` and the problems found.
 */
export async function backupSqlite(
  dataDir: string,
  targetFile: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const source = resolve(dataDir, SQLITE_FILE_NAME);
  const target = resolve(targetFile);
  const overwrite = options.overwrite ?? false;
  if (!(await isFile(source))) {
    throw new BackupRefused('no_database', `no database ${source} to back up`);
  }
  if (await isPartOfDatabase(target, source)) {
    throw new BackupRefused('same_file', `${target} is the node's own database`);
  }
  if (!overwrite && (await exists(target))) {
    throw new BackupRefused('target_exists', `${target} already exists`);
  }
  await mkdir(dirname(target), { recursive: true });
  // Written under another name and renamed when complete and checked: a copy cut short (disk
  // full, USB disk pulled out) never has the name of a backup.
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await copyOnline(source, partial, options);
    const check = await checkCopy(partial, { expectKnownSchema: false });
    await restrictToOwner(partial);
    await fsyncFile(partial);
    // Checked again: another backup to the same name may have finished while this one ran.
    if (!overwrite && (await exists(target))) {
      throw new BackupRefused('target_exists', `${target} already exists`);
    }
    await rename(partial, target);
    await fsyncDirectory(dirname(target));
    return { ...check, file: target, bytes: (await stat(target)).size };
  } finally {
    await removeWithSidecars(partial);
  }
}

/**
 * Puts the backup `backupFile` in place as the node's database in `dataDir`. Refuses, changing
 * nothing, when the node has a database and `force` is not set, when a running node holds it
 * open, and when the backup is not an intact Một Cửa database. The replaced database is kept
 * beside it as `motcua.sqlite.before-restore-<time>`.
 */
export async function restoreSqlite(
  backupFile: string,
  dataDir: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const source = resolve(backupFile);
  const folder = resolve(dataDir);
  const live = join(folder, SQLITE_FILE_NAME);
  const force = options.force ?? false;
  if (!(await isFile(source))) {
    throw new BackupRefused('no_backup_file', `no backup file ${source}`);
  }
  if (await isPartOfDatabase(source, live)) {
    throw new BackupRefused('same_file', `${source} is the node's own database`);
  }
  const refuseExisting = async (): Promise<boolean> => {
    const present = await exists(live);
    if (present && !force) {
      throw new BackupRefused('database_exists', `${live} exists; restoring would replace it`);
    }
    // Early, before copying a large file: the operator learns at once that the node must stop.
    if (present) takeOver(live);
    return present;
  };
  await refuseExisting();

  const created = await mkdir(folder, { recursive: true });
  const partial = join(folder, `${SQLITE_FILE_NAME}.restoring-${randomBytes(4).toString('hex')}`);
  let placed = false;
  try {
    // Checked in the copy, not in the backup itself: what is checked is exactly what is put in
    // place, and a backup on read-only media or another user's disk is only ever read.
    await copyFile(source, partial, constants.COPYFILE_EXCL);
    const check = await checkCopy(partial, { expectKnownSchema: true });
    if (!check.ok) {
      throw new BackupRefused(
        'damaged',
        `${source} is damaged: ${check.problems.length} problems`,
        check.problems,
      );
    }
    // Again, right before the swap: a node may have started while the copy was checked.
    const replacing = await refuseExisting();
    await matchOwnership(partial, replacing ? live : folder);
    await fsyncFile(partial);
    const keptAs = replacing ? await setAside(live, options.now ?? new Date()) : null;
    // A WAL file left beside the new database would be replayed into it and corrupt it.
    for (const suffix of SIDECARS) await rm(live + suffix, { force: true });
    await rename(partial, live);
    placed = true;
    await fsyncDirectory(folder);
    return { ...check, file: live, bytes: (await stat(live)).size, keptAs };
  } finally {
    await removeWithSidecars(partial);
    // A refused restore into a folder that did not exist leaves no empty folder behind.
    if (!placed && created !== undefined) await rm(created, { recursive: true, force: true });
  }
}

async function copyOnline(source: string, partial: string, options: BackupOptions): Promise<void> {
  const pagesPerStep = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
  if (!Number.isInteger(pagesPerStep) || pagesPerStep < 1) {
    throw new RangeError(`pagesPerStep must be a positive integer, got ${pagesPerStep}`);
  }
  // Its own connection, which only reads: in WAL mode it never blocks the node's writes. Not
  // opened read-only: when the node is stopped, this is the last connection, and only a
  // read-write one removes on closing the -wal and -shm files it had to create.
  const sqlite = new SqliteDatabase(source, { fileMustExist: true });
  try {
    sqlite.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
    // One read transaction across every step: the copy is the snapshot of this moment, and the
    // node's commits in between do not restart it (without it, SQLite starts the copy over
    // after each commit by another connection, and a busy node could keep it from finishing).
    sqlite.exec('begin');
    sqlite.prepare('select count(*) from sqlite_master').get();
    const done = await sqlite.backup(partial, {
      progress: (progress) => {
        options.onProgress?.(progress);
        return pagesPerStep;
      },
    });
    // better-sqlite3 reports only the steps with pages left; a bar would stop short of 100%.
    options.onProgress?.(done);
    sqlite.exec('commit');
  } finally {
    sqlite.close();
  }
}

/**
 * Checks a copy we own: makes it one self-contained file, then checks its pages and every hash
 * chain. Throws `not_a_backup`/`newer_schema` when the file cannot be a node's database.
 */
async function checkCopy(
  file: string,
  { expectKnownSchema }: { expectKnownSchema: boolean },
): Promise<Omit<BackupCheck, 'bytes'>> {
  const sqlite = new SqliteDatabase(file, { fileMustExist: true });
  try {
    try {
      // A copy of a WAL database says so in its header, and would then need -wal and -shm files
      // beside it to be read: impossible on read-only media, easy to lose when copying one
      // file. The rollback journal makes it one file; the node turns WAL on again when it opens.
      sqlite.pragma('journal_mode = DELETE');
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_NOTADB') {
        throw new BackupRefused('not_a_backup', `${file} is not an SQLite database`);
      }
      if (!isCorruption(error)) throw error;
      return damagedFile(error);
    }
    const tables = sqlite
      .prepare<[], { name: string }>(
        "select name from sqlite_master where type = 'table' and name in ('events', 'chain_heads', 'kysely_migration')",
      )
      .all()
      .map((row) => row.name);
    if (!tables.includes('events') || !tables.includes('chain_heads')) {
      throw new BackupRefused('not_a_backup', `${file} has no event log: not a Một Cửa database`);
    }
    if (expectKnownSchema) {
      const applied = tables.includes('kysely_migration')
        ? sqlite
            .prepare<[], { name: string }>('select name from kysely_migration')
            .all()
            .map((row) => row.name)
        : [];
      const unknown = applied.filter((name) => !MIGRATION_NAMES.includes(name));
      if (unknown.length > 0) {
        throw new BackupRefused(
          'newer_schema',
          `the backup was written by a newer version (schema steps ${unknown.join(', ')}); restore it with that version`,
        );
      }
    }

    const problems: BackupProblem[] = [];
    try {
      // quick_check reads every page (what a bad USB disk damages) without the index
      // cross-checks of integrity_check, which would take minutes on a large node.
      for (const message of sqlite.prepare('pragma quick_check').pluck().all()) {
        const detail = typeof message === 'string' ? message : JSON.stringify(message);
        if (detail !== 'ok') problems.push({ kind: 'integrity', detail });
      }
    } catch (error) {
      if (!isCorruption(error)) throw error;
      return damagedFile(error);
    }

    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const chains = await verifyStorage(readOnlyStorage(db));
      problems.push(...chains.problems);
      return { ok: problems.length === 0, events: chains.events, units: chains.units, problems };
    } catch (error) {
      if (!isCorruption(error)) throw error;
      return damagedFile(error);
    } finally {
      await db.destroy();
    }
  } finally {
    sqlite.close();
  }
}

function damagedFile(error: unknown): Omit<BackupCheck, 'bytes'> {
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, events: 0, units: 0, problems: [{ kind: 'integrity', detail }] };
}

/**
 * verifyStorage reads only `db`. A full Storage (openSqliteStorage) would migrate the copy and
 * switch it to WAL — changing the file being checked — so it gets this view instead.
 */
function readOnlyStorage(db: Kysely<Database>): Storage {
  return {
    dialect: 'sqlite',
    unitCode: '',
    db,
    transaction: () => Promise.reject(new Error('A backup is checked read-only')),
    ping: () => Promise.resolve(true),
    close: () => db.destroy(),
  };
}

/**
 * Refuses when a running node holds `live` open, and otherwise folds its WAL into the main file
 * so that, once set aside, the old database is complete on its own.
 */
function takeOver(live: string): void {
  const probe = new SqliteDatabase(live, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    // In WAL mode an open connection holds a shared lock on the database file for as long as it
    // stays open, even idle. A plain BEGIN EXCLUSIVE would not see it (in WAL mode it only
    // excludes writers); in exclusive locking mode it needs the file's exclusive lock, which
    // that shared lock denies. Whatever the other process is, it fails at once with SQLITE_BUSY.
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('begin exclusive');
    probe.exec('commit');
    probe.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new BackupRefused(
        'in_use',
        `${live} is open in a running node; stop the node before restoring`,
      );
    }
    // A database too damaged to lock is the one being replaced; it is set aside as it is.
    if (!isCorruption(error) && code !== 'SQLITE_NOTADB') throw error;
  } finally {
    probe.close();
  }
}

/** Renames the old database (and a WAL the checkpoint could not fold in) out of the way. */
async function setAside(live: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let keptAs = `${live}.before-restore-${stamp}`;
  for (let n = 2; await exists(keptAs); n++) keptAs = `${live}.before-restore-${stamp}-${n}`;
  await rename(live, keptAs);
  for (const suffix of ['-wal', '-journal'] as const) {
    if (await exists(live + suffix)) await rename(live + suffix, keptAs + suffix);
  }
  return keptAs;
}

/**
 * The node must be able to open what restore put in place: when an operator restores as root,
 * the new file takes the owner and mode of the database it replaces (or of the data folder).
 */
async function matchOwnership(file: string, reference: string): Promise<void> {
  const ref = await stat(reference);
  await chmod(file, ref.isDirectory() ? 0o600 : ref.mode & 0o666);
  if (process.getuid?.() === 0) await chown(file, ref.uid, ref.gid);
}

/**
 * A backup holds citizens' personal data and password hashes. Best effort: FAT-formatted USB
 * disks have no permissions and may refuse the call.
 */
async function restrictToOwner(file: string): Promise<void> {
  try {
    await chmod(file, 0o600);
  } catch {
    // Nothing to restrict on such a file system.
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable. Best effort: some systems cannot open or sync a directory. */
async function fsyncDirectory(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory; some file systems refuse to sync one.
  }
}

async function removeWithSidecars(file: string): Promise<void> {
  await rm(file, { force: true });
  for (const suffix of SIDECARS) await rm(file + suffix, { force: true });
}

/** True when `file` is `database` or one of its -wal/-shm/-journal files (links included). */
async function isPartOfDatabase(file: string, database: string): Promise<boolean> {
  for (const candidate of [database, ...SIDECARS.map((s) => database + s)]) {
    if (resolve(file) === resolve(candidate)) return true;
    const [a, b] = await Promise.all([statOrNull(file), statOrNull(candidate)]);
    if (a !== null && b !== null && a.dev === b.dev && a.ino === b.ino) return true;
  }
  return false;
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await statOrNull(file)) !== null;
}

async function isFile(file: string): Promise<boolean> {
  return (await statOrNull(file))?.isFile() ?? false;
}

function sqliteCode(error: unknown): string | null {
  return error instanceof SqliteDatabase.SqliteError ? error.code : null;
}

function isCorruption(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_CORRUPT') ?? false;
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
