// Storing events written elsewhere (a node's push at the hub, a restore): `ingestMany` takes a
// batch with the checks of `ingest` — hash, position, link — stores it whole or not at all, and
// ends in the same chain and projections as ingesting the events one by one, whatever the
// batches (resent, overlapping, repeated). On SQLite and PostgreSQL.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import { hashEvent } from '../domain/event-chain.js';
import type { StoredEvent } from '../domain/events.js';
import { readEvents } from './event-log.js';
import type { Projectors } from './projections.js';
import type { Storage } from './storage.js';
import { IngestError } from './storage.js';
import { verifyStorage } from './verify.js';

const SOURCE = '20308';
const T0 = Date.parse('2026-11-26T02:00:00.000Z');

/** Each event creates an account: a projection to compare. */
const projectors: Projectors = {
  'account.created': async (db, event) => {
    const payload = event.payload as { username: string };
    await db
      .insertInto('accounts')
      .values({
        id: event.entityId,
        username: payload.username,
        display_name: payload.username,
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
};

forEachDialect('ingestMany', ({ createDatabase }) => {
  let t = T0;
  const clock = () => new Date((t += 1000));
  const open = async (unitCode: string) =>
    (await createDatabase()).open({ unitCode, projectors, clock });

  /** A source chain of `n` events, as the node that wrote them holds it. */
  async function sourceChain(n: number): Promise<StoredEvent[]> {
    const source = await open(SOURCE);
    for (let i = 1; i <= n; i++)
      await source.transaction((tx) =>
        tx.append(
          {
            type: 'account.created',
            entityType: 'account',
            entityId: `acc-${i}`,
            payload: { username: `canbo.${i}`, note: 'Tiếp nhận hồ sơ' },
          },
          { actorId: null },
        ),
      );
    return (await readEvents(source.db, { unitCode: SOURCE, limit: 10_000 })).map(
      ({ seq: _seq, recordedAt: _recordedAt, ...event }) => event,
    );
  }

  async function held(storage: Storage) {
    const events = await readEvents(storage.db, { unitCode: SOURCE, limit: 10_000 });
    const accounts = await storage.db
      .selectFrom('accounts')
      .select(['id', 'username'])
      .orderBy('id')
      .execute();
    return { events: events.map((e) => [e.unitSeq, e.id, e.hash]), accounts };
  }

  it('stores batches, resent and overlapping, like one-by-one ingest, once each', async () => {
    const events = await sourceChain(30);
    const oneByOne = await open('48');
    for (const event of events) await oneByOne.transaction((tx) => tx.ingest(event));
    const expected = await held(oneByOne);
    await fc.assert(
      fc.asyncProperty(
        // Batches as [from, length] ranges; each may repeat what was sent before.
        fc.array(fc.tuple(fc.nat(29), fc.integer({ min: 1, max: 12 })), { maxLength: 12 }),
        async (ranges) => {
          const hub = await open('48');
          let head = 0;
          for (const [from, length] of ranges) {
            // A node sends from somewhere it already holds, up to the next unacknowledged one.
            const start = Math.min(from, head);
            const batch = events.slice(start, start + length);
            const before = head;
            const counts = await hub.transaction((tx) => tx.ingestMany(batch));
            head = Math.max(head, start + batch.length);
            expect(counts).toEqual({
              stored: head - before,
              duplicates: batch.length - (head - before),
            });
          }
          const rest = await hub.transaction((tx) => tx.ingestMany(events.slice(head)));
          expect(rest.stored).toBe(events.length - head);
          expect(await held(hub)).toEqual(expected);
          expect(await verifyStorage(hub)).toMatchObject({ ok: true });
          await hub.close();
        },
      ),
      { numRuns: 15 },
    );
  });

  it('stores an event repeated inside one batch once', async () => {
    const events = await sourceChain(3);
    const hub = await open('48');
    const [a, b, c] = events as [StoredEvent, StoredEvent, StoredEvent];
    expect(await hub.transaction((tx) => tx.ingestMany([a, b, b, c]))).toEqual({
      stored: 3,
      duplicates: 1,
    });
  });

  const refusals: [
    name: string,
    kind: IngestError['kind'],
    spoil: (events: StoredEvent[]) => StoredEvent[],
  ][] = [
    [
      'an altered payload',
      'hash_mismatch',
      (e) => e.map((x, i) => (i === 3 ? { ...x, payload: { username: 'ke.gian' } } : x)),
    ],
    ['a gap', 'out_of_sequence', (e) => e.filter((_, i) => i !== 3)],
    [
      'a link to another previous event, rehashed',
      'broken_link',
      (e) =>
        e.map((x, i) => {
          if (i !== 3) return x;
          const forged = { ...x, prevHash: 'f'.repeat(64) };
          return { ...forged, hash: hashEvent(forged) };
        }),
    ],
    [
      'another event at a position already held',
      'id_conflict',
      (e) =>
        e.map((x, i) => {
          if (i !== 1) return x;
          const other = { ...x, id: '01900000-0000-7000-8000-000000000000' };
          return { ...other, hash: hashEvent(other) };
        }),
    ],
  ];
  for (const [name, kind, spoil] of refusals)
    it(`refuses ${name} (${kind}) and stores nothing of the batch`, async () => {
      const events = await sourceChain(6);
      const hub = await open('48');
      await hub.transaction((tx) => tx.ingestMany(events.slice(0, 2)));
      const before = await held(hub);
      const error = await hub
        .transaction((tx) => tx.ingestMany(spoil(events)))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).kind).toBe(kind);
      expect(await held(hub)).toEqual(before);
      // The genuine batch still goes in afterwards.
      await hub.transaction((tx) => tx.ingestMany(events));
      expect((await held(hub)).events).toHaveLength(6);
    });
});
