// The storage contract, run on SQLite and (with DATABASE_URL) on PostgreSQL.
import { basename, dirname } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  dropAppendOnlyTriggers,
  forEachDialect,
  type OpenOptions,
  type TestDatabase,
} from '../../test/dialects.js';
import { hashEvent } from '../domain/event-chain.js';
import { GENESIS_HASH, type EventDraft, type StoredEvent } from '../domain/events.js';
import { compareHlc, parseHlc } from '../domain/hlc.js';
import { readEvents } from './event-log.js';
import { MIGRATION_NAMES } from './migrations/index.js';
import { openStorage, SQLITE_FILE_NAME } from './open-storage.js';
import type { Projectors } from './projections.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';
import { verifyStorage } from './verify.js';

const UNIT = '20242';
const OTHER_UNIT = '20245';
const T0 = Date.parse('2025-11-26T03:00:00.000Z');
const SYSTEM = { actorId: null };
const OFFICER = { actorId: 'acc-officer' };

/** A device clock that advances `stepMs` at every reading. */
function steppingClock(startMs = T0, stepMs = 1000): () => Date {
  let next = startMs;
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

/** A device clock that returns the given readings in turn, then repeats the last one. */
function scriptedClock(readings: readonly number[]): () => Date {
  let i = 0;
  return () => new Date(readings[Math.min(i++, readings.length - 1)]!);
}

interface AccountCreated {
  readonly username: string;
  readonly displayName: string;
}

function accountCreated(
  n: number,
  overrides: Partial<AccountCreated> = {},
): EventDraft<AccountCreated> {
  return {
    type: 'account.created',
    entityType: 'account',
    entityId: `acc-${n}`,
    payload: { username: `officer.${n}`, displayName: `Cán bộ ${n}`, ...overrides },
  };
}

/** Projectors for the tests: account events write the accounts table; one always fails. */
const projectors: Projectors = {
  'account.created': async (db, event) => {
    const payload = event.payload as AccountCreated;
    await db
      .insertInto('accounts')
      .values({
        id: event.entityId,
        username: payload.username,
        display_name: payload.displayName,
        role: 'officer',
        unit_code: event.unitCode,
        password_hash: null,
        token_hash: null,
        active: 1,
        created_at: event.occurredAt,
        updated_at: event.occurredAt,
      })
      .execute();
  },
  'test.projector_fails': () => Promise.reject(new Error('projector failed on purpose')),
  'test.noop': () => Promise.resolve(),
};

const noop = (n: number): EventDraft<{ n: number }> => ({
  type: 'test.noop',
  entityType: 'test',
  entityId: `t-${n}`,
  payload: { n },
});

async function appendEach(storage: Storage, drafts: readonly EventDraft[]): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (const draft of drafts) {
    events.push(await storage.transaction((tx) => tx.append(draft, OFFICER)));
  }
  return events;
}

async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  // A number on PostgreSQL too: postgres.ts parses bigint results as numbers.
  return row.n;
}

/** Events of the unit in local storage order. */
async function chain(storage: Storage, unitCode = UNIT) {
  return readEvents(storage.db, { unitCode, limit: 10_000 });
}

function expectValidChain(events: readonly StoredEvent[]): void {
  events.forEach((event, i) => {
    expect(event.unitSeq).toBe(i + 1);
    expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1]!.hash);
    expect(event.hash).toBe(hashEvent(event));
    if (i > 0) expect(compareHlc(parseHlc(event.hlc), parseHlc(events[i - 1]!.hlc))).toBe(1);
  });
}

const summary = (problems: readonly { kind: string; unitSeq?: number }[]) =>
  problems.map((p) => [p.kind, p.unitSeq ?? null]);

forEachDialect('storage', ({ dialect, createDatabase }) => {
  let database: TestDatabase;
  const open = async (overrides: Partial<OpenOptions> = {}): Promise<Storage> => {
    database = await createDatabase();
    return reopen(overrides);
  };
  const reopen = (overrides: Partial<OpenOptions> = {}): Promise<Storage> =>
    database.open({ unitCode: UNIT, projectors, clock: steppingClock(), ...overrides });

  describe('append', () => {
    it('numbers a unit chain 1, 2, 3 … and links each event to the previous hash', async () => {
      const storage = await open();
      const appended = await appendEach(storage, [accountCreated(1), accountCreated(2), noop(3)]);
      expect(appended.map((e) => e.unitSeq)).toEqual([1, 2, 3]);
      expectValidChain(appended);
      expect(await chain(storage)).toEqual(
        appended.map((e) => expect.objectContaining({ ...e }) as unknown),
      );
    });

    it('makes UUIDv7 ids and stamps device time from the clock', async () => {
      const storage = await open({ clock: steppingClock(T0, 250) });
      const [first, second] = await appendEach(storage, [accountCreated(1), accountCreated(2)]);
      for (const event of [first!, second!]) {
        expect(isUuid(event.id)).toBe(true);
        expect(uuidVersion(event.id)).toBe(7);
      }
      expect(first!.occurredAt).toBe('2025-11-26T03:00:00.000Z');
      expect(second!.occurredAt).toBe('2025-11-26T03:00:00.250Z');
      expect(first!.hlc).toBe(`${String(T0).padStart(15, '0')}-0000-${UNIT}`);
      const [row] = await storage.db.selectFrom('events').selectAll().orderBy('seq').execute();
      expect(row).toMatchObject({
        id: first!.id,
        unit_code: UNIT,
        actor_id: 'acc-officer',
        occurred_at: first!.occurredAt,
        recorded_at: first!.occurredAt,
        payload: '{"displayName":"Cán bộ 1","username":"officer.1"}',
      });
    });

    it('keeps the HLC increasing when the device clock goes backwards', async () => {
      const storage = await open({ clock: scriptedClock([T0, T0 - 60_000, T0 - 60_000, T0 + 5]) });
      const events = await appendEach(storage, [noop(1), noop(2), noop(3), noop(4)]);
      // Device time is recorded as the device gave it …
      expect(events.map((e) => e.occurredAt)).toEqual([
        '2025-11-26T03:00:00.000Z',
        '2025-11-26T02:59:00.000Z',
        '2025-11-26T02:59:00.000Z',
        '2025-11-26T03:00:00.005Z',
      ]);
      // … while the HLC never goes back.
      expect(events.map((e) => parseHlc(e.hlc))).toEqual([
        { wallMs: T0, counter: 0, node: UNIT },
        { wallMs: T0, counter: 1, node: UNIT },
        { wallMs: T0, counter: 2, node: UNIT },
        { wallMs: T0 + 5, counter: 0, node: UNIT },
      ]);
    });

    it('stores the payload as canonical JSON and returns it as a reader will see it', async () => {
      const storage = await open();
      const event = await storage.transaction((tx) =>
        tx.append(
          {
            type: 'test.noop',
            entityType: 'test',
            entityId: 't-1',
            payload: { z: 1, a: { when: new Date(T0), gone: undefined }, neg: -0 },
          },
          SYSTEM,
        ),
      );
      expect(event.payload).toEqual({ a: { when: '2025-11-26T03:00:00.000Z' }, neg: 0, z: 1 });
      const row = await storage.db.selectFrom('events').select('payload').executeTakeFirstOrThrow();
      expect(row.payload).toBe('{"a":{"when":"2025-11-26T03:00:00.000Z"},"neg":0,"z":1}');
      expect(event.actorId).toBeNull();
    });

    it('serialises appends started together inside one transaction', async () => {
      const storage = await open();
      const events = await storage.transaction((tx) =>
        Promise.all([
          tx.append(noop(1), SYSTEM),
          tx.append(noop(2), SYSTEM),
          tx.append(noop(3), SYSTEM),
        ]),
      );
      expect(events.map((e) => [e.unitSeq, e.entityId])).toEqual([
        [1, 't-1'],
        [2, 't-2'],
        [3, 't-3'],
      ]);
      expectValidChain(events);
    });
  });

  describe('projections', () => {
    it('writes the projection in the same transaction as the event', async () => {
      const storage = await open();
      const event = await storage.transaction(async (tx) => {
        const appended = await tx.append(accountCreated(1), OFFICER);
        // Visible inside the transaction already.
        const account = await tx.db
          .selectFrom('accounts')
          .select('username')
          .where('id', '=', 'acc-1')
          .executeTakeFirst();
        expect(account?.username).toBe('officer.1');
        return appended;
      });
      const account = await storage.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(account).toMatchObject({
        id: 'acc-1',
        username: 'officer.1',
        display_name: 'Cán bộ 1',
        unit_code: UNIT,
        created_at: event.occurredAt,
      });
    });

    it('rolls back the event, its projection and the chain head when the transaction throws', async () => {
      const storage = await open();
      const failure = new Error('use case failed after appending');
      await expect(
        storage.transaction(async (tx) => {
          await tx.append(accountCreated(1), OFFICER);
          await tx.append(accountCreated(2), OFFICER);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await countRows(storage.db, 'events')).toBe(0);
      expect(await countRows(storage.db, 'accounts')).toBe(0);
      expect(await countRows(storage.db, 'chain_heads')).toBe(0);
      // The chain stays gapless: the next event is still number 1.
      const [next] = await appendEach(storage, [accountCreated(3)]);
      expect(next).toMatchObject({ unitSeq: 1, prevHash: GENESIS_HASH });
    });

    it('writes nothing when the projector fails', async () => {
      const storage = await open();
      await appendEach(storage, [accountCreated(1)]);
      await expect(
        storage.transaction(async (tx) => {
          await tx.append(accountCreated(2), OFFICER);
          return tx.append(
            { type: 'test.projector_fails', entityType: 'test', entityId: 'x', payload: null },
            OFFICER,
          );
        }),
      ).rejects.toThrow('projector failed on purpose');
      expect(await countRows(storage.db, 'events')).toBe(1);
      expect(await countRows(storage.db, 'accounts')).toBe(1);
      expect((await verifyStorage(storage)).ok).toBe(true);
    });

    it('rolls everything back when a failed append is caught and the transaction carries on', async () => {
      const storage = await open();
      const failing = {
        type: 'test.projector_fails',
        entityType: 'test',
        entityId: 'x',
        payload: null,
      };
      const outcome = storage.transaction(async (tx) => {
        await tx.append(accountCreated(1), OFFICER);
        // The projector fails after the event row is written; a careless use case swallows it.
        await tx.append(failing, OFFICER).catch(() => undefined);
        await expect(tx.append(accountCreated(2), OFFICER)).rejects.toThrow(
          'an earlier append in it failed',
        );
        return 'looks fine';
      });
      await expect(outcome).rejects.toThrow('Transaction rolled back: an append in it failed');
      expect(await countRows(storage.db, 'events')).toBe(0);
      expect(await countRows(storage.db, 'accounts')).toBe(0);
      expect(await countRows(storage.db, 'chain_heads')).toBe(0);
    });

    it('refuses an event type without a projector, before writing anything', async () => {
      const storage = await open();
      await expect(
        storage.transaction((tx) =>
          tx.append({ type: 'toString', entityType: 'test', entityId: 'x', payload: {} }, SYSTEM),
        ),
      ).rejects.toThrow('No projector is registered for event type "toString"');
      expect(await countRows(storage.db, 'events')).toBe(0);
      expect(await countRows(storage.db, 'chain_heads')).toBe(0);
    });

    it('refuses a payload that JSON cannot carry', async () => {
      const storage = await open();
      await expect(
        storage.transaction((tx) =>
          tx.append(
            { type: 'test.noop', entityType: 'test', entityId: 'x', payload: { n: 1n } },
            SYSTEM,
          ),
        ),
      ).rejects.toThrow('Payload of a test.noop event is not a JSON value');
      expect(await countRows(storage.db, 'events')).toBe(0);
    });
  });

  describe('transactions', () => {
    it('refuses a nested storage.transaction instead of deadlocking or committing separately', async () => {
      const storage = await open();
      const event = await storage.transaction(async (tx) => {
        await expect(storage.transaction(() => Promise.resolve(1))).rejects.toThrow(
          'storage.transaction() called inside a transaction',
        );
        // Kysely's own nesting is refused too, rather than issuing a second BEGIN.
        expect(() => tx.db.transaction()).toThrow('not supported');
        return tx.append(noop(1), SYSTEM);
      });
      expect(event.unitSeq).toBe(1);
      expect(await countRows(storage.db, 'events')).toBe(1);
    });

    it('refuses storage.db inside a transaction', async () => {
      const storage = await open();
      await storage.transaction(async () => {
        await expect(storage.db.selectFrom('events').selectAll().execute()).rejects.toThrow(
          'storage.db used inside storage.transaction(): use tx.db instead',
        );
        await expect(sql`select 1`.execute(storage.db)).rejects.toThrow('use tx.db instead');
      });
      // And is usable again afterwards.
      expect(await storage.ping()).toBe(true);
    });

    it('refuses a transaction handle used after commit', async () => {
      const storage = await open();
      let leaked: Parameters<Parameters<Storage['transaction']>[0]>[0] | undefined;
      await storage.transaction((tx) => {
        leaked = tx;
        return Promise.resolve();
      });
      await expect(leaked!.append(noop(1), SYSTEM)).rejects.toThrow();
      expect(await countRows(storage.db, 'events')).toBe(0);
    });

    it('lets running transactions finish on close, then refuses new ones', async () => {
      const storage = await open();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const running = storage.transaction(async (tx) => {
        await gate;
        return tx.append(noop(1), SYSTEM);
      });
      const closed = storage.close();
      release();
      await expect(running).resolves.toMatchObject({ unitSeq: 1 });
      await closed;
      await expect(storage.transaction(() => Promise.resolve())).rejects.toThrow(
        'Storage is closed',
      );
      const again = await reopen();
      expect(await countRows(again.db, 'events')).toBe(1);
    });

    it('answers ping', async () => {
      const storage = await open();
      expect(await storage.ping()).toBe(true);
      expect(storage.dialect).toBe(dialect);
      expect(storage.unitCode).toBe(UNIT);
    });
  });

  describe('append-only tables', () => {
    it('refuses UPDATE and DELETE on events', async () => {
      const storage = await open();
      await appendEach(storage, [accountCreated(1)]);
      await expect(
        storage.db.updateTable('events').set({ payload: '{}' }).execute(),
      ).rejects.toThrow('events is append-only: UPDATE refused');
      await expect(storage.db.deleteFrom('events').execute()).rejects.toThrow(
        'events is append-only: DELETE refused',
      );
      expect(await countRows(storage.db, 'events')).toBe(1);
    });

    it('refuses UPDATE and DELETE on audit entries', async () => {
      const storage = await open();
      await storage.db
        .insertInto('audit_entries')
        .values({
          at: '2025-11-26T03:00:00.000Z',
          actor_id: 'acc-1',
          actor_role: 'officer',
          unit_code: UNIT,
          kind: 'read',
          action: 'account.read',
          subject_type: 'account',
          subject_id: 'acc-2',
          outcome: 'allowed',
          event_id: null,
          ip: '10.0.0.7',
        })
        .execute();
      await expect(
        storage.db.updateTable('audit_entries').set({ outcome: 'denied' }).execute(),
      ).rejects.toThrow('audit_entries is append-only: UPDATE refused');
      await expect(storage.db.deleteFrom('audit_entries').execute()).rejects.toThrow(
        'audit_entries is append-only: DELETE refused',
      );
      expect(await countRows(storage.db, 'audit_entries')).toBe(1);
    });

    it.runIf(dialect === 'postgres')('refuses TRUNCATE, which skips row triggers', async () => {
      const storage = await open();
      await appendEach(storage, [noop(1)]);
      await expect(sql`truncate events`.execute(storage.db)).rejects.toThrow(
        'events is append-only: TRUNCATE refused',
      );
      await expect(sql`truncate audit_entries`.execute(storage.db)).rejects.toThrow(
        'audit_entries is append-only: TRUNCATE refused',
      );
    });
  });

  describe('verifyStorage', () => {
    it('passes a good log of several units, read in small batches', async () => {
      const storage = await open();
      await appendEach(storage, [1, 2, 3, 4, 5, 6, 7].map(noop));
      await storage.close();
      const other = await reopen({ unitCode: OTHER_UNIT });
      await appendEach(other, [8, 9].map(noop));
      for (const batchSize of [1, 2, 3, 1000]) {
        expect(await verifyStorage(other, { batchSize })).toEqual({
          ok: true,
          units: 2,
          events: 9,
          problems: [],
        });
      }
    });

    it('passes an empty database', async () => {
      const storage = await open();
      expect(await verifyStorage(storage)).toEqual({ ok: true, units: 0, events: 0, problems: [] });
    });

    it('is not confused by events appended while it runs', async () => {
      const storage = await open();
      await appendEach(storage, [1, 2, 3].map(noop));
      const [result] = await Promise.all([
        verifyStorage(storage, { batchSize: 1 }),
        appendEach(
          storage,
          Array.from({ length: 20 }, (_, i) => noop(i + 4)),
        ),
      ]);
      expect(result.problems).toEqual([]);
      expect((await verifyStorage(storage)).events).toBe(23);
    });

    interface TamperCase {
      readonly name: string;
      readonly tamper: (db: Kysely<Database>, events: readonly StoredEvent[]) => Promise<unknown>;
      readonly expected: readonly (readonly [string, number | null])[];
    }
    const at = (db: Kysely<Database>, unitSeq: number) =>
      db.updateTable('events').where('unit_code', '=', UNIT).where('unit_seq', '=', unitSeq);
    const swap = async (
      db: Kysely<Database>,
      column: 'unit_seq' | 'seq',
      a: number,
      b: number,
    ): Promise<void> => {
      // Through a value out of the way, as the unique keys require.
      await db.updateTable('events').set(column, 1_000_000).where(column, '=', a).execute();
      await db.updateTable('events').set(column, a).where(column, '=', b).execute();
      await db.updateTable('events').set(column, b).where(column, '=', 1_000_000).execute();
    };
    const tamperCases: TamperCase[] = [
      {
        name: 'an altered payload',
        tamper: (db) => at(db, 3).set({ payload: '{"n":300}' }).execute(),
        expected: [['hash_mismatch', 3]],
      },
      {
        name: 'an altered type',
        tamper: (db) => at(db, 3).set({ type: 'account.deleted' }).execute(),
        expected: [['hash_mismatch', 3]],
      },
      {
        name: 'an altered occurred_at (backdating)',
        tamper: (db) => at(db, 3).set({ occurred_at: '2025-11-20T03:00:00.000Z' }).execute(),
        expected: [['hash_mismatch', 3]],
      },
      {
        name: 'an altered actor',
        tamper: (db) => at(db, 3).set({ actor_id: 'acc-mallory' }).execute(),
        expected: [['hash_mismatch', 3]],
      },
      {
        name: 'an altered HLC',
        tamper: (db) => at(db, 3).set({ hlc: '001764126000000-0000-20242' }).execute(),
        expected: [['hash_mismatch', 3]],
      },
      {
        name: 'an altered payload with its hash recomputed',
        tamper: (db, events) => {
          const forged = { ...events[2]!, payload: { n: 300 } };
          return at(db, 3)
            .set({ payload: '{"n":300}', hash: hashEvent(forged) })
            .execute();
        },
        expected: [['broken_link', 4]],
      },
      {
        name: 'a payload that is not JSON',
        tamper: (db) => at(db, 3).set({ payload: '{"n":3' }).execute(),
        expected: [
          ['unreadable_payload', 3],
          ['hash_mismatch', 3],
        ],
      },
      {
        name: 'a deleted middle event',
        tamper: (db) => db.deleteFrom('events').where('unit_seq', '=', 3).execute(),
        expected: [
          ['sequence_gap', 4],
          ['broken_link', 4],
        ],
      },
      {
        name: 'a deleted first event',
        tamper: (db) => db.deleteFrom('events').where('unit_seq', '=', 1).execute(),
        expected: [
          ['sequence_gap', 2],
          ['broken_link', 2],
        ],
      },
      {
        name: 'a deleted last event',
        tamper: (db) => db.deleteFrom('events').where('unit_seq', '=', 5).execute(),
        expected: [['head_mismatch', 5]],
      },
      {
        name: "two events' unit_seq swapped",
        tamper: (db) => swap(db, 'unit_seq', 2, 3),
        expected: [
          ['hash_mismatch', 2],
          ['broken_link', 2],
          ['hash_mismatch', 3],
          ['broken_link', 3],
          ['out_of_order', 3],
          ['broken_link', 4],
        ],
      },
      {
        name: 'rows reordered in local storage (seq swapped)',
        tamper: async (db) => {
          const rows = await db.selectFrom('events').select('seq').orderBy('unit_seq').execute();
          await swap(db, 'seq', rows[1]!.seq, rows[2]!.seq);
        },
        expected: [['out_of_order', 3]],
      },
      {
        name: 'the chain head removed',
        tamper: (db) => db.deleteFrom('chain_heads').execute(),
        expected: [['missing_head', null]],
      },
      {
        name: 'an event slipped in after the head without moving it',
        tamper: (db, events) => {
          const last = events.at(-1)!;
          const forged = {
            ...last,
            id: '019ac0de-0000-7000-8000-000000000006',
            unitSeq: 6,
            prevHash: last.hash,
            payload: { n: 6 },
          };
          return db
            .insertInto('events')
            .values({
              id: forged.id,
              unit_code: UNIT,
              unit_seq: 6,
              type: forged.type,
              entity_type: forged.entityType,
              entity_id: forged.entityId,
              payload: '{"n":6}',
              actor_id: forged.actorId,
              occurred_at: forged.occurredAt,
              hlc: forged.hlc,
              prev_hash: forged.prevHash,
              hash: hashEvent(forged),
              recorded_at: forged.occurredAt,
            })
            .execute();
        },
        expected: [['head_mismatch', 6]],
      },
    ];

    it.each(tamperCases)('detects $name', async ({ tamper, expected }) => {
      const storage = await open();
      const events = await appendEach(storage, [1, 2, 3, 4, 5].map(noop));
      expect((await verifyStorage(storage)).ok).toBe(true);
      await dropAppendOnlyTriggers(storage);
      await tamper(storage.db, events);
      const result = await verifyStorage(storage, { batchSize: 2 });
      expect(result.ok).toBe(false);
      expect(summary(result.problems)).toEqual(expected);
      for (const problem of result.problems) expect(problem.unitCode).toBe(UNIT);
    });
  });

  describe('concurrency', () => {
    it('gives one gapless, valid chain under many concurrent transactions', async () => {
      const storage = await open({ clock: steppingClock(T0, 1) });
      const appended = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          storage.transaction((tx) => tx.append(noop(i + 1), SYSTEM)),
        ),
      );
      expect(appended.map((e) => e.unitSeq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      const stored = await chain(storage);
      expect(stored).toHaveLength(100);
      expectValidChain(stored);
      expect(await verifyStorage(storage)).toMatchObject({ ok: true, events: 100 });
    });

    it.runIf(dialect === 'postgres')(
      'gives one gapless, valid chain when two hub processes append to it at once',
      async () => {
        const first = await open({ clock: steppingClock(T0, 1) });
        // The second "process" has a clock two seconds behind: the HLC must still increase.
        const second = await reopen({ clock: steppingClock(T0 - 2000, 1) });
        const burst = (storage: Storage, offset: number) =>
          Array.from({ length: 50 }, (_, i) =>
            storage.transaction((tx) => tx.append(noop(offset + i), SYSTEM)),
          );
        await Promise.all([...burst(first, 0), ...burst(second, 1000)]);
        const stored = await chain(first);
        expect(stored).toHaveLength(100);
        expectValidChain(stored);
        expect(new Set(stored.map((e) => e.entityId)).size).toBe(100);
        expect(await verifyStorage(second)).toMatchObject({ ok: true, events: 100 });
      },
    );

    it.runIf(dialect === 'postgres')(
      'migrates once when two processes start together',
      async () => {
        database = await createDatabase();
        const [a, b] = await Promise.all([reopen(), reopen()]);
        await appendEach(a, [noop(1)]);
        await appendEach(b, [noop(2)]);
        const names = await sql<{
          name: string;
        }>`select name from kysely_migration order by name`.execute(a.db);
        expect(names.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
      },
    );
  });

  describe('reopening', () => {
    it('continues the chain and the HLC, even with a clock that went back meanwhile', async () => {
      const storage = await open({ clock: steppingClock(T0, 1000) });
      const before = await appendEach(storage, [1, 2, 3].map(noop));
      await storage.close();

      const later = await reopen({ clock: steppingClock(T0 - 3_600_000, 1000) });
      const [next] = await appendEach(later, [noop(4)]);
      expect(next).toMatchObject({
        unitSeq: 4,
        prevHash: before[2]!.hash,
        occurredAt: '2025-11-26T02:00:00.000Z',
      });
      expect(compareHlc(parseHlc(next!.hlc), parseHlc(before[2]!.hlc))).toBe(1);
      expect(await verifyStorage(later)).toMatchObject({ ok: true, events: 4 });
    });

    it('treats migrating an up-to-date database as a no-op', async () => {
      const storage = await open();
      await appendEach(storage, [accountCreated(1)]);
      await storage.close();
      await (await reopen()).close();
      const again = await reopen();
      const names = await sql<{
        name: string;
      }>`select name from kysely_migration order by name`.execute(again.db);
      expect(names.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
      expect(await countRows(again.db, 'events')).toBe(1);
      expect(await countRows(again.db, 'accounts')).toBe(1);
      const tables = (await again.db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'events',
          'chain_heads',
          'accounts',
          'sessions',
          'login_throttle',
          'audit_entries',
        ]),
      );
    });
  });

  describe('openStorage', () => {
    it(`opens ${dialect} from the configuration`, async () => {
      database = await createDatabase();
      const storage = await openStorage(
        database.dialect === 'postgres'
          ? { databaseUrl: database.location, dataDir: '/nonexistent', unitCode: UNIT, projectors }
          : { dataDir: dirname(database.location), unitCode: UNIT, projectors },
      );
      try {
        expect(storage.dialect).toBe(dialect);
        const [event] = await appendEach(storage, [noop(1)]);
        expect(event!.unitSeq).toBe(1);
      } finally {
        await storage.close();
      }
      if (dialect === 'sqlite') expect(basename(database.location)).toBe(SQLITE_FILE_NAME);
      // The same database the harness made: the event is there.
      expect(await countRows((await reopen()).db, 'events')).toBe(1);
    });
  });

  describe('readEvents', () => {
    it('pages through the log in local order after a cursor', async () => {
      const storage = await open();
      await appendEach(storage, [1, 2, 3, 4, 5].map(noop));
      const first = await readEvents(storage.db, { limit: 2 });
      expect(first.map((e) => e.unitSeq)).toEqual([1, 2]);
      const second = await readEvents(storage.db, { afterSeq: first[1]!.seq, limit: 2 });
      expect(second.map((e) => e.unitSeq)).toEqual([3, 4]);
      expect(second[0]).toMatchObject({ payload: { n: 3 }, unitCode: UNIT, type: 'test.noop' });
      expect(typeof second[0]!.seq).toBe('number');
      expect(await readEvents(storage.db, { unitCode: OTHER_UNIT, limit: 10 })).toEqual([]);
      await expect(readEvents(storage.db, { limit: 0 })).rejects.toThrow(RangeError);
    });
  });
});
