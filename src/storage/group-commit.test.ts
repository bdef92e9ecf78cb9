// Group commit on SQLite: transactions that arrive together share one COMMIT, yet each keeps
// its own outcome — one that fails is rolled back alone, the others are durable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Projectors } from './projections.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';

const projectors: Projectors = {
  'test.noted': async (db, event) => {
    await db
      .insertInto('login_throttle')
      .values({
        key: event.entityId,
        failures: 0,
        locked_until: null,
        last_failure_at: event.occurredAt,
      })
      .execute();
  },
};

let dir: string;
let storage: Storage;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-group-'));
  storage = await openSqliteStorage({
    file: join(dir, 'db.sqlite'),
    unitCode: '20242',
    projectors,
  });
});
afterEach(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const note = (id: string) =>
  storage.transaction(async (tx) => {
    await tx.append(
      { type: 'test.noted', entityType: 'note', entityId: id, payload: { id } },
      { actorId: null },
    );
    return id;
  });

describe('group commit', () => {
  it('keeps each transaction’s outcome when many run together', async () => {
    const results = await Promise.allSettled([
      note('a'),
      note('b'),
      storage.transaction(async (tx) => {
        await tx.append(
          { type: 'test.noted', entityType: 'note', entityId: 'c', payload: {} },
          { actorId: null },
        );
        throw new Error('the use case changed its mind');
      }),
      note('d'),
      // A duplicate key fails inside the projector: only this one is rolled back.
      note('a'),
      note('e'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const events = await storage.db
      .selectFrom('events')
      .select(['entity_id', 'unit_seq'])
      .orderBy('unit_seq')
      .execute();
    expect(events).toEqual([
      { entity_id: 'a', unit_seq: 1 },
      { entity_id: 'b', unit_seq: 2 },
      { entity_id: 'd', unit_seq: 3 },
      { entity_id: 'e', unit_seq: 4 },
    ]);
    const notes = await storage.db
      .selectFrom('login_throttle')
      .select('key')
      .orderBy('key')
      .execute();
    expect(notes.map((n) => n.key)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('still refuses a transaction opened inside another', async () => {
    await expect(
      storage.transaction(() => storage.transaction(() => Promise.resolve(1))),
    ).rejects.toThrow(/inside a transaction/);
    // And the storage keeps working afterwards.
    expect(await note('f')).toBe('f');
  });

  it('stays durable: what was acknowledged is there after reopening', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => note(`n${i}`)));
    await storage.close();
    storage = await openSqliteStorage({
      file: join(dir, 'db.sqlite'),
      unitCode: '20242',
      projectors,
    });
    const count = await storage.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(50);
  });
});
