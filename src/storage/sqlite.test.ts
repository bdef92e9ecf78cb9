// What only the SQLite implementation promises: its pragmas, one Storage per file per process,
// and BEGIN IMMEDIATE keeping one chain intact when several OS processes write the same file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEvents } from './event-log.js';
import type { Projectors } from './projections.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';
import { verifyStorage } from './verify.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('../../test/sqlite-append-worker.ts', import.meta.url));
const UNIT = '20242';
const projectors: Projectors = { 'test.noop': () => Promise.resolve() };

let dir: string;
const opened: Storage[] = [];
const open = async (file: string): Promise<Storage> => {
  const storage = await openSqliteStorage({ file, unitCode: UNIT, projectors });
  opened.push(storage);
  return storage;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-sqlite-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('openSqliteStorage', () => {
  it('creates the folder and sets durable, concurrent-safe pragmas', async () => {
    const file = join(dir, 'a', 'b', 'motcua.sqlite');
    const storage = await open(file);
    expect(existsSync(file)).toBe(true);
    const pragma = async (name: string) =>
      Object.values(
        (await sql.raw(`pragma ${name}`).execute(storage.db)).rows[0] as object,
      )[0] as unknown;
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('refuses a second Storage on the same file in one process, and allows it after close', async () => {
    const file = join(dir, 'motcua.sqlite');
    const first = await open(file);
    await expect(open(join(dir, '.', 'motcua.sqlite'))).rejects.toThrow(
      'already open in this process',
    );
    await first.close();
    const second = await open(file);
    expect(await second.ping()).toBe(true);
  });

  it('refuses a unit code that cannot name an HLC node', async () => {
    await expect(
      openSqliteStorage({ file: join(dir, 'x.sqlite'), unitCode: '20-242', projectors }),
    ).rejects.toThrow('Invalid unit code');
  });

  it('keeps one gapless chain when three processes migrate and append to one file at once', async () => {
    const file = join(dir, 'shared.sqlite');
    const worker = (label: string) =>
      run(process.execPath, ['--import', 'tsx', WORKER, file, UNIT, '40', label], {
        timeout: 60_000,
      });
    const here = async () => {
      const storage = await open(file);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          storage.transaction(async (tx) => {
            // Read first, like a use case (see the worker).
            await tx.db.selectFrom('chain_heads').selectAll().execute();
            return tx.append(
              { type: 'test.noop', entityType: 'test', entityId: `main-${i}`, payload: { i } },
              { actorId: null },
            );
          }),
        ),
      );
      return storage;
    };
    const [a, b, storage] = await Promise.all([worker('a'), worker('b'), here()]);
    expect([a.stdout.trim(), b.stdout.trim()]).toEqual(['done', 'done']);
    const events = await readEvents(storage.db, { limit: 1000 });
    expect(events.map((e) => e.unitSeq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.entityId.split('-')[0]))).toEqual(
      new Set(['a', 'b', 'main']),
    );
    expect(await verifyStorage(storage)).toMatchObject({ ok: true, events: 120 });
  }, 60_000);
});
