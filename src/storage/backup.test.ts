// Backup and restore of a node's SQLite database: an online copy taken while the node keeps
// writing holds everything committed before it began and verifies; a restore gives a node that
// verifies and carries on its chain; and every refusal leaves the node's folder as it was.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupRefused, backupSqlite, restoreSqlite, type BackupProgress } from './backup.js';
import { SQLITE_FILE_NAME } from './open-storage.js';
import type { Projectors } from './projections.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';
import { verifyStorage } from './verify.js';

const run = promisify(execFile);
const UNIT = '20242';
const projectors: Projectors = { 'test.noop': () => Promise.resolve() };

let root: string;
let nodeDir: string;
const opened: Storage[] = [];

const openNode = async (dataDir: string): Promise<Storage> => {
  const storage = await openSqliteStorage({
    file: join(dataDir, SQLITE_FILE_NAME),
    unitCode: UNIT,
    projectors,
  });
  opened.push(storage);
  return storage;
};
const closeNode = async (storage: Storage): Promise<void> => {
  opened.splice(opened.indexOf(storage), 1);
  await storage.close();
};

const append = (storage: Storage, label: string, i: number) =>
  storage.transaction((tx) =>
    tx.append(
      {
        type: 'test.noop',
        entityType: 'test',
        entityId: `${label}-${i}`,
        // Some bulk, so that the database spans many pages and the copy takes many steps.
        payload: { i, note: `Giấy khai sinh số ${i} — ${'Nguyễn Văn A '.repeat(20)}` },
      },
      { actorId: null },
    ),
  );

/** A closed node database with `count` events. */
const seedNode = async (dataDir: string, count: number): Promise<void> => {
  const storage = await openNode(dataDir);
  for (let i = 0; i < count; i++) await append(storage, 'seed', i);
  await closeNode(storage);
};

/** Event ids of a database file, read without opening it as a node. */
const eventIds = (file: string): string[] => {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], string>('select id from events order by unit_seq').pluck().all();
  } finally {
    db.close();
  }
};

/** Every file of a folder with a digest of its bytes: what "changes nothing" compares. */
const snapshot = async (folder: string): Promise<Record<string, string>> => {
  if (!existsSync(folder)) return {};
  const names = (await readdir(folder)).sort();
  const entries = await Promise.all(
    names.map(
      async (name) =>
        [
          name,
          createHash('sha256')
            .update(await readFile(join(folder, name)))
            .digest('hex'),
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
};

const refusal = async (promise: Promise<unknown>): Promise<BackupRefused> => {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!(error instanceof BackupRefused)) throw error;
  return error;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motcua-backup-'));
  nodeDir = join(root, 'node');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

describe('backupSqlite', () => {
  it('copies a node that keeps appending: the copy verifies and holds every event committed before it began', async () => {
    const storage = await openNode(nodeDir);
    for (let i = 0; i < 150; i++) await append(storage, 'before', i);

    const writing = { stop: false, written: 0 };
    const writer = (async () => {
      while (!writing.stop) await append(storage, 'during', writing.written++);
    })();
    // Let the writer commit a few first, so the copy starts in the middle of its work.
    while (writing.written < 5) await new Promise((r) => setImmediate(r));

    const committed = eventIds(join(nodeDir, SQLITE_FILE_NAME));
    const writtenAtStart = writing.written;
    const target = join(root, 'usb', 'daily', 'motcua-2026-05-04.sqlite');
    let steps = 0;
    let last: BackupProgress | null = null;
    const result = await backupSqlite(nodeDir, target, {
      pagesPerStep: 1,
      onProgress: (progress) => {
        steps++;
        last = progress;
      },
    });
    const writtenDuring = writing.written - writtenAtStart;
    writing.stop = true;
    await writer;

    // The node really wrote while the copy was being taken, over many steps.
    expect(steps).toBeGreaterThan(10);
    expect(writtenDuring).toBeGreaterThan(0);
    expect(last).toEqual({ totalPages: expect.any(Number), remainingPages: 0 });
    expect(result).toMatchObject({ ok: true, units: 1, problems: [], file: target });
    const copied = eventIds(target);
    expect(result.events).toBe(copied.length);
    expect(copied.length).toBeGreaterThanOrEqual(committed.length);
    // A snapshot: a prefix of the node's log, with nothing missing in between.
    expect(copied.slice(0, committed.length)).toEqual(committed);
    expect(eventIds(join(nodeDir, SQLITE_FILE_NAME)).slice(0, copied.length)).toEqual(copied);
    expect(await verifyStorage(storage)).toMatchObject({ ok: true });

    // One self-contained file under its final name: rollback-journal header, nothing beside it.
    expect(await readdir(join(root, 'usb', 'daily'))).toEqual([basename(target)]);
    const header = await readFile(target);
    expect([header[18], header[19]]).toEqual([1, 1]);
    expect(result.bytes).toBe(header.length);
  });

  it('refuses to overwrite an existing file unless asked to', async () => {
    await seedNode(nodeDir, 3);
    const target = join(root, 'motcua.sqlite.bak');
    await writeFile(target, 'last week');

    const refused = await refusal(backupSqlite(nodeDir, target));
    expect(refused.kind).toBe('target_exists');
    expect(await readFile(target, 'utf8')).toBe('last week');
    expect(await readdir(root)).toEqual(['motcua.sqlite.bak', 'node']);

    const result = await backupSqlite(nodeDir, target, { overwrite: true });
    expect(result).toMatchObject({ ok: true, events: 3 });
    expect(eventIds(target)).toHaveLength(3);
  });

  it('refuses a folder without a database, and a target that is the database itself', async () => {
    expect((await refusal(backupSqlite(nodeDir, join(root, 'x.sqlite')))).kind).toBe('no_database');
    await seedNode(nodeDir, 1);
    const live = join(nodeDir, SQLITE_FILE_NAME);
    const refused = await refusal(backupSqlite(nodeDir, live, { overwrite: true }));
    expect(refused.kind).toBe('same_file');
    expect(eventIds(live)).toHaveLength(1);
  });
});

describe('restoreSqlite', () => {
  const backupOf = async (count: number): Promise<string> => {
    await seedNode(nodeDir, count);
    const target = join(root, 'backup.sqlite');
    await backupSqlite(nodeDir, target);
    return target;
  };

  it('restores onto a fresh data folder a node that verifies and carries on its chain', async () => {
    const backup = await backupOf(12);
    const fresh = join(root, 'new-pc', 'motcua');

    const result = await restoreSqlite(backup, fresh);
    expect(result).toMatchObject({
      ok: true,
      events: 12,
      units: 1,
      keptAs: null,
      file: join(fresh, SQLITE_FILE_NAME),
    });
    expect(await readdir(fresh)).toEqual([SQLITE_FILE_NAME]);

    const storage = await openNode(fresh);
    expect(await verifyStorage(storage)).toMatchObject({ ok: true, events: 12, units: 1 });
    await append(storage, 'after-restore', 0);
    expect(await verifyStorage(storage)).toMatchObject({ ok: true, events: 13 });
  });

  it('refuses a damaged backup, lists the problem, and changes nothing', async () => {
    const backup = await backupOf(10);
    const db = new SqliteDatabase(backup);
    db.exec('drop trigger events_no_update');
    const altered = db
      .prepare("update events set payload = replace(payload, 'số 7 ', 'số 8 ') where unit_seq = 8")
      .run();
    db.close();
    expect(altered.changes).toBe(1);

    const fresh = join(root, 'fresh');
    const onFresh = await refusal(restoreSqlite(backup, fresh));
    expect(onFresh.kind).toBe('damaged');
    expect(onFresh.problems).toEqual([
      expect.objectContaining({ kind: 'hash_mismatch', unitCode: UNIT, unitSeq: 8 }),
    ]);
    expect(existsSync(fresh)).toBe(false);

    const before = await snapshot(nodeDir);
    const onNode = await refusal(restoreSqlite(backup, nodeDir, { force: true }));
    expect(onNode.kind).toBe('damaged');
    expect(await snapshot(nodeDir)).toEqual(before);
  });

  it('refuses a file that is not a database', async () => {
    const notes = join(root, 'notes.sqlite');
    await writeFile(notes, 'Biên bản họp giao ban '.repeat(200));
    expect((await refusal(restoreSqlite(notes, join(root, 'fresh')))).kind).toBe('not_a_backup');
    expect(existsSync(join(root, 'fresh'))).toBe(false);
  });

  it('refuses to replace a database unless forced, and then keeps the old one complete', async () => {
    const backup = await backupOf(4);
    // The node has worked on since the backup, and then stopped without closing cleanly: its
    // last transaction is only in the WAL file.
    await seedNode(nodeDir, 0);
    const storage = await openNode(nodeDir);
    await append(storage, 'later', 0);
    await closeNode(storage);
    const live = join(nodeDir, SQLITE_FILE_NAME);
    await run(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(live)});
         db.exec('create table crash_marker (x)'); process.exit(0);`,
      ],
      { cwd: process.cwd() },
    );
    expect(existsSync(`${live}-wal`)).toBe(true);

    const before = await snapshot(nodeDir);
    expect((await refusal(restoreSqlite(backup, nodeDir))).kind).toBe('database_exists');
    expect(await snapshot(nodeDir)).toEqual(before);

    const result = await restoreSqlite(backup, nodeDir, {
      force: true,
      now: new Date('2026-05-04T01:30:00.250Z'),
    });
    const keptAs = join(nodeDir, 'motcua.sqlite.before-restore-20260504T013000Z');
    expect(result).toMatchObject({ ok: true, events: 4, keptAs });
    expect((await readdir(nodeDir)).sort()).toEqual([SQLITE_FILE_NAME, basename(keptAs)]);
    expect(eventIds(live)).toEqual(eventIds(backup));
    // The old database alone, without its WAL, has every event and the last transaction.
    expect(eventIds(keptAs)).toHaveLength(5);
    const kept = new SqliteDatabase(keptAs, { readonly: true });
    expect(
      kept.prepare("select count(*) from sqlite_master where name = 'crash_marker'").pluck().get(),
    ).toBe(1);
    kept.close();
  });

  it('refuses while a running node holds the database open', async () => {
    const backup = await backupOf(2);
    const storage = await openNode(nodeDir);
    const before = await snapshot(nodeDir);

    const refused = await refusal(restoreSqlite(backup, nodeDir, { force: true }));
    expect(refused.kind).toBe('in_use');
    expect(await snapshot(nodeDir)).toEqual(before);
    await append(storage, 'still-working', 0);
    expect(await verifyStorage(storage)).toMatchObject({ ok: true, events: 3 });
  });

  it('refuses a backup file that does not exist', async () => {
    await mkdir(nodeDir);
    const refused = await refusal(restoreSqlite(join(root, 'missing.sqlite'), nodeDir));
    expect(refused.kind).toBe('no_backup_file');
  });
});
