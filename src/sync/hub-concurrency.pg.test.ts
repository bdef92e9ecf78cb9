// Two hub processes on one PostgreSQL database (how the hub grows past one machine) take
// pushes of the same batch from the same node at the same moment: nothing is stored twice,
// nothing is lost, and the chain stays whole.
import { sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeAtCounter, type IntakeInput } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { signedText } from '../domain/sync-protocol.js';
import { projectors } from '../storage/projectors/index.js';
import type { Storage } from '../storage/storage.js';
import { verifyStorage } from '../storage/verify.js';
import { DATABASE_URL, forEachDialect } from '../../test/dialects.js';
import {
  startCommune,
  startHub,
  testClock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { loadOrCreateNodeKey } from './keys.js';

const meta = { ip: null };
const intake: IntakeInput = {
  procedureCode: '2.000815',
  competentUnitCode: '20242',
  applicant: {
    fullName: 'Lê Văn Tâm',
    citizenId: '048085000456',
    dateOfBirth: '1985-06-01',
    sex: 'male',
  },
  components: [{ code: 'ban_chinh', provided: true, reusedFromData: false, attachments: [] }],
  exemptions: [],
  late: false,
  copies: 1,
  payment: { method: 'cash', reference: 'BL-1' },
  resultDelivery: 'receiving_unit',
  note: '',
};

forEachDialect('two hub processes', (dialect) => {
  if (dialect.dialect !== 'postgres' || DATABASE_URL === undefined) {
    // Several hub processes share a PostgreSQL database; a SQLite file has one process.
    it.skip('needs PostgreSQL', () => undefined);
    return;
  }
  let first: TestHub;
  let second: TestHub;
  let secondStorage: Storage;
  let node: TestCommune;

  beforeAll(async () => {
    const database = await dialect.createDatabase();
    const clock = testClock();
    first = await startHub(database, { clock });
    secondStorage = await database.open({ unitCode: '48', projectors, clock: clock.now });
    second = await startHub(database, { clock, open: secondStorage });
    node = await startCommune('20242', first.url, { token: await first.token('20242') });
    await node.worker.syncOnce();
  });
  afterAll(async () => {
    await node.close();
    await second.close();
    await secondStorage.close();
    await first.close();
  });

  describe('the same batch at both at once', () => {
    it('stores each event once, whichever process wins, with new counters or the same request', async () => {
      const officer = await node.actor('receiving_officer');
      for (let i = 0; i < 40; i++)
        await runUseCase(node.services, officer, meta, (uc) => intakeAtCounter(uc, intake));
      const key = await loadOrCreateNodeKey(node.dir);
      const rows = await node.services.storage.db
        .selectFrom('events')
        .selectAll()
        .where('unit_code', '=', '20242')
        .orderBy('unit_seq')
        .execute();
      const wire = rows.map((e) => ({
        id: e.id,
        unitCode: e.unit_code,
        unitSeq: e.unit_seq,
        type: e.type,
        entityType: e.entity_type,
        entityId: e.entity_id,
        payload: JSON.parse(e.payload) as unknown,
        actorId: e.actor_id,
        occurredAt: e.occurred_at,
        hlc: e.hlc,
        prevHash: e.prev_hash,
        hash: e.hash,
      }));
      const body = gzipSync(Buffer.from(JSON.stringify({ events: wire })));
      let counter = 10_000;
      const push = (url: string, signedCounter: number) => {
        const time = new Date().toISOString();
        const signature = sign(
          null,
          Buffer.from(
            signedText({
              method: 'POST',
              path: '/sync/v1/push',
              counter: signedCounter,
              time,
              body,
            }),
            'utf8',
          ),
          key.privateKey,
        ).toString('base64');
        return fetch(`${url}/sync/v1/push`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'x-motcua-key': key.keyId,
            'x-motcua-counter': String(signedCounter),
            'x-motcua-time': time,
            'x-motcua-signature': signature,
          },
          body: new Uint8Array(body),
        });
      };
      // Different counters: both are genuine requests; both succeed, the second finding
      // duplicates. (Sent at once, the higher counter may be checked first: the other is then a
      // replay to the hub, and goes again with a new counter, as the node's client would.)
      const genuine = async (url: string): Promise<Response> => {
        for (;;) {
          const response = await push(url, ++counter);
          if (response.status !== 409) return response;
          const { error } = (await response.clone().json()) as { error: { kind: string } };
          if (error.kind !== 'replay') return response;
        }
      };
      const [a, b] = await Promise.all([genuine(first.url), genuine(second.url)]);
      const answers = [
        (await a.json()) as { stored: number; duplicates: number; ack: number },
        (await b.json()) as { stored: number; duplicates: number; ack: number },
      ];
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(answers.map((x) => x.stored + x.duplicates)).toEqual([wire.length, wire.length]);
      expect(answers[0]!.stored + answers[1]!.stored).toBe(wire.length);
      expect(answers.map((x) => x.ack)).toEqual([rows.length, rows.length]);
      // The very same signed request at both: one is a replay.
      const same = ++counter;
      const [c, d] = await Promise.all([push(first.url, same), push(second.url, same)]);
      expect([c.status, d.status].sort()).toEqual([200, 409]);
      const held = await first.services.storage.db
        .selectFrom('events')
        .select(['id'])
        .where('unit_code', '=', '20242')
        .orderBy('unit_seq')
        .execute();
      expect(held.map((e) => e.id)).toEqual(rows.map((e) => e.id));
      expect(await verifyStorage(first.services.storage)).toMatchObject({ ok: true });
    });
  });
});
