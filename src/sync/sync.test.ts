// Sync between commune nodes and the hub over real HTTP, with the hub on SQLite and on
// PostgreSQL: enrolment, push and pull, a commune working offline and catching up, the
// non-territorial flow end to end, recovery of a dead PC, clock skew, and every refusal.
import { generateKeyPairSync, sign } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeAtCounter, trackDossier, transitionDossier } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { signedText } from '../domain/sync-protocol.js';
import { forEachDialect, type DialectUnderTest } from '../../test/dialects.js';
import {
  birthIntake as birth,
  startCommune,
  startHub,
  testClock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';

const meta = { ip: null };

async function countAt(hub: TestHub, unit: string): Promise<number> {
  const row = await hub.services.storage.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('unit_code', '=', unit)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function localHead(node: TestCommune): Promise<number> {
  const row = await node.services.storage.db
    .selectFrom('chain_heads')
    .select('unit_seq')
    .where('unit_code', '=', node.unit)
    .executeTakeFirst();
  return row?.unit_seq ?? 0;
}

forEachDialect('sync', (dialect: DialectUnderTest) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    await hub.close();
  });
  const commune = async (unit: string, options: Parameters<typeof startCommune>[2] = {}) => {
    const node = await startCommune(unit, hub.url, options);
    nodes.push(node);
    return node;
  };

  describe('enrolment', () => {
    it('enrols a node with a one-time token and brings down the catalogue and its own staff only', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      const procedures = await node.services.storage.db
        .selectFrom('procedure_versions')
        .select('code')
        .execute();
      expect(procedures.length).toBeGreaterThan(60);
      const accounts = await node.services.storage.db
        .selectFrom('accounts')
        .select('username')
        .orderBy('username')
        .execute();
      expect(accounts.map((a) => a.username)).toEqual([
        'chuyenvien.20242',
        'lanhdao.20242',
        'tiepnhan.20242',
      ]);
      const nodesAtHub = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .selectAll()
        .execute();
      expect(nodesAtHub).toMatchObject([{ unit_code: '20242', revoked_at: null }]);
      expect(node.worker.status()).toMatchObject({ enrolled: true, online: true, waiting: 0 });
      // The accounts it received carry personal data: the hub's audit trail names the node.
      const audit = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'action', 'actor_id', 'subject_id'])
        .where('action', 'like', 'sync.%')
        .execute();
      expect(audit).toEqual([
        {
          kind: 'read',
          action: 'sync.pull',
          actor_id: `node:${nodesAtHub[0]?.key_id ?? ''}`,
          subject_id: '20242',
        },
      ]);
    });

    it('answers the same enrolment to the key that used the token, and to no other', async () => {
      // The node died after the hub enrolled it, before it recorded the answer: started again
      // with the same key and token, it is enrolled as before, with one node at the hub.
      const token = await hub.token('20242');
      const first = await commune('20242', { token });
      await first.worker.syncOnce();
      await first.services.storage.db
        .deleteFrom('sync_state')
        .where('key', '=', 'key_id')
        .execute();
      await first.close();
      nodes.splice(nodes.indexOf(first), 1);
      const again = await commune('20242', { token, dir: first.dir });
      await again.worker.syncOnce();
      expect(again.worker.status()).toMatchObject({ enrolled: true });
      const atHub = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select(['key_id', 'revoked_at'])
        .execute();
      expect(atHub).toMatchObject([{ revoked_at: null }]);
      const keyId = atHub[0]?.key_id ?? '';
      // Another key with the same token is refused, and so is the first key once revoked.
      await expect((await commune('20242', { token })).worker.syncOnce()).rejects.toMatchObject({
        refusal: 'token_used',
      });
      const { revokeNode } = await import('../application/sync-hub.js');
      await runUseCase(hub.services, hub.admin, meta, (uc) => revokeNode(uc, keyId, 'máy bị mất'));
      await again.services.storage.db
        .deleteFrom('sync_state')
        .where('key', '=', 'key_id')
        .execute();
      await again.close();
      nodes.splice(nodes.indexOf(again), 1);
      await expect(
        (await commune('20242', { token, dir: first.dir })).worker.syncOnce(),
      ).rejects.toMatchObject({ refusal: 'token_used' });
    });

    it('refuses a used, expired or foreign token', async () => {
      const token = await hub.token('20242', 1);
      await (await commune('20242', { token })).worker.syncOnce();
      await expect((await commune('20242', { token })).worker.syncOnce()).rejects.toMatchObject({
        refusal: 'token_used',
      });
      await expect(
        (await commune('20308', { token: await hub.token('20242') })).worker.syncOnce(),
      ).rejects.toMatchObject({ refusal: 'token_invalid' });
      const old = await hub.token('20308', 1);
      hub.clock.advance(2 * 3_600_000);
      await expect(
        (await commune('20308', { token: old })).worker.syncOnce(),
      ).rejects.toMatchObject({ refusal: 'token_expired' });
    });

    it('refuses a revoked node, and a node that never enrolled', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      const keyId = (
        await hub.services.storage.db
          .selectFrom('sync_nodes')
          .select('key_id')
          .executeTakeFirstOrThrow()
      ).key_id;
      const { revokeNode } = await import('../application/sync-hub.js');
      await runUseCase(hub.services, hub.admin, meta, (uc) => revokeNode(uc, keyId, 'máy bị mất'));
      await expect(node.worker.syncOnce()).rejects.toMatchObject({ refusal: 'revoked' });
      const stranger = await commune('20308');
      expect(await stranger.worker.syncOnce()).toMatchObject({ pushed: 0, pulled: 0 });
      expect(stranger.worker.status()).toMatchObject({ enrolled: false });
    });
  });

  describe('push', () => {
    it('gives the hub the same dossier rows as the commune, however the pushes are cut', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      const desk = await node.actor('receiving_officer');
      const specialist = await node.actor('specialist');
      const leader = await node.actor('leader');
      const ids: string[] = [];
      // Several steps of one dossier land in one batch, and in batches of their own.
      for (let i = 0; i < 12; i++) {
        const d = await runUseCase(node.services, desk, meta, (uc) =>
          intakeAtCounter(uc, birth('20242')),
        );
        ids.push(d.id);
        if (i % 3 === 0) await node.worker.syncOnce();
        if (i % 2 === 0) {
          await runUseCase(node.services, desk, meta, (uc) =>
            transitionDossier(uc, d.id, 'assign', { assigneeId: specialist.id, note: '' }),
          );
          await runUseCase(node.services, specialist, meta, (uc) =>
            transitionDossier(uc, d.id, 'submit_for_approval', { note: '' }),
          );
        }
        if (i % 4 === 0)
          await runUseCase(node.services, leader, meta, (uc) =>
            transitionDossier(uc, d.id, 'approve', { note: '' }),
          );
      }
      await node.worker.syncOnce();
      const rows = (storage: typeof hub.services.storage) =>
        storage.db
          .selectFrom('dossiers')
          .select(['id', 'code', 'status', 'assignee_id', 'due_at', 'completed_at', 'state'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
      const atNode = await rows(node.services.storage);
      expect(atNode.filter((r) => r.status === 'result_ready')).toHaveLength(3);
      expect(await rows(hub.services.storage)).toEqual(atNode);
    });

    it('keeps the desk working with the hub down, then delivers every event exactly once', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      const before = await localHead(node);
      await hub.down(); // the link is cut
      const officer = await node.actor('receiving_officer');
      for (let i = 0; i < 25; i++)
        await runUseCase(node.services, officer, meta, (uc) => intakeAtCounter(uc, birth('20242')));
      await expect(node.worker.syncOnce()).rejects.toMatchObject({ kind: 'network' });
      expect(node.worker.status()).toMatchObject({ online: false });
      await hub.up(); // the link returns
      const { pushed } = await node.worker.syncOnce();
      expect(before).toBe(0);
      expect(pushed).toBe(25);
      expect(await countAt(hub, '20242')).toBe(await localHead(node));
      expect(node.worker.status()).toMatchObject({ online: true, waiting: 0 });
      // The hub's head came with the enrolment and then with each answer: no round trip was
      // spent asking for it.
      const kinds = await hub.services.storage.db
        .selectFrom('sync_receipts')
        .select('kind')
        .distinct()
        .orderBy('kind')
        .execute();
      expect(kinds.map((k) => k.kind)).toEqual(['pull', 'push']);
      // Stored at the hub, and the writing recorded in its audit trail.
      expect(
        await hub.services.storage.db
          .selectFrom('audit_entries')
          .select(['kind', 'action'])
          .where('action', '=', 'sync.push')
          .execute(),
      ).toEqual([{ kind: 'write', action: 'sync.push' }]);
      // The hub's node page shows what still waits once the round is over: nothing.
      const atHub = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select('backlog')
        .executeTakeFirstOrThrow();
      expect(atHub.backlog).toBe(0);
      // Again: nothing more to send, nothing doubled.
      expect(await node.worker.syncOnce()).toMatchObject({ pushed: 0 });
      expect(await countAt(hub, '20242')).toBe(await localHead(node));
      const { verifyStorage } = await import('../storage/verify.js');
      expect(await verifyStorage(hub.services.storage)).toMatchObject({ ok: true });
    });
  });

  describe('a non-territorial dossier, end to end', () => {
    it('goes from the commune that received it to the deciding one, and back for the result', async () => {
      const haiChau = await commune('20242', { token: await hub.token('20242') });
      const baNa = await commune('20308', { token: await hub.token('20308') });
      await haiChau.worker.syncOnce();
      await baNa.worker.syncOnce();
      // Hải Châu's desk receives a birth registration for Bà Nà.
      const received = await runUseCase(
        haiChau.services,
        await haiChau.actor('receiving_officer'),
        meta,
        (uc) => intakeAtCounter(uc, birth('20308')),
      );
      expect(received).toMatchObject({
        ownerUnitCode: '20242',
        transferPending: true,
        transferTo: '20308',
      });
      await haiChau.worker.syncOnce();
      await baNa.worker.syncOnce();
      const atBaNa = await baNa.services.storage.db
        .selectFrom('dossiers')
        .select(['unit_code', 'status', 'code'])
        .where('id', '=', received.id)
        .executeTakeFirstOrThrow();
      expect(atBaNa).toEqual({ unit_code: '20308', status: 'received', code: received.code });
      // Bà Nà decides it.
      const specialist = await baNa.actor('specialist');
      await runUseCase(baNa.services, await baNa.actor('receiving_officer'), meta, (uc) =>
        transitionDossier(uc, received.id, 'assign', { assigneeId: specialist.id, note: '' }),
      );
      await runUseCase(baNa.services, specialist, meta, (uc) =>
        transitionDossier(uc, received.id, 'submit_for_approval', { note: '' }),
      );
      const approved = await runUseCase(baNa.services, await baNa.actor('leader'), meta, (uc) =>
        transitionDossier(uc, received.id, 'approve', { note: '' }),
      );
      // The citizen collects the result where they filed it: back to Hải Châu.
      expect(approved).toMatchObject({ status: 'result_ready', transferTo: '20242' });
      await baNa.worker.syncOnce();
      await haiChau.worker.syncOnce();
      const back = await runUseCase(
        haiChau.services,
        await haiChau.actor('receiving_officer'),
        meta,
        (uc) =>
          transitionDossier(uc, received.id, 'return_result', {
            recipientName: 'Nguyễn Thị Mai',
            relationship: 'người nộp hồ sơ',
            delivery: 'receiving_unit',
          }),
      );
      expect(back).toMatchObject({ status: 'returned', ownerUnitCode: '20242' });
      await haiChau.worker.syncOnce();
      // The citizen follows every step on the hub.
      const tracked = await runUseCase(hub.services, null, meta, (uc) =>
        trackDossier(uc, { code: received.code, citizenId: '048185000123' }),
      );
      expect(tracked.status).toBe('returned');
      expect(tracked.steps.map((s) => s.type)).toEqual([
        'dossier.received',
        'dossier.transferred',
        'dossier.transfer_accepted',
        'dossier.assigned',
        'dossier.submitted_for_approval',
        'dossier.approved',
        'dossier.transferred',
        'dossier.transfer_accepted',
        'dossier.result_returned',
      ]);
    });
  });

  describe('what offline cannot prevent', () => {
    it('flags the same applicant filing the same procedure at two communes, to both, merging nothing', async () => {
      const haiChau = await commune('20242', { token: await hub.token('20242') });
      const baNa = await commune('20308', { token: await hub.token('20308') });
      await haiChau.worker.syncOnce();
      await baNa.worker.syncOnce();
      const a = await runUseCase(
        haiChau.services,
        await haiChau.actor('receiving_officer'),
        meta,
        (uc) => intakeAtCounter(uc, birth('20242')),
      );
      const b = await runUseCase(baNa.services, await baNa.actor('receiving_officer'), meta, (uc) =>
        intakeAtCounter(uc, birth('20308')),
      );
      await haiChau.worker.syncOnce();
      await baNa.worker.syncOnce();
      await haiChau.worker.syncOnce();
      const flags = await hub.services.storage.db
        .selectFrom('duplicate_flags')
        .select(['code_a', 'code_b'])
        .execute();
      expect(flags).toEqual([{ code_a: a.code, code_b: b.code }]);
      for (const [node, own, other] of [
        [haiChau, a, b],
        [baNa, b, a],
      ] as const) {
        const { readDossier } = await import('../application/dossiers.js');
        const view = await runUseCase(
          node.services,
          await node.actor('receiving_officer'),
          meta,
          (uc) => readDossier(uc, own.id),
        );
        expect(view.possibleDuplicates).toEqual([other.code]);
        expect(view.dossier.status).toBe('received');
      }
      // Both dossiers are still there, each its own.
      expect(await countAt(hub, '20242')).toBeGreaterThan(0);
      const both = await hub.services.storage.db
        .selectFrom('dossiers')
        .select('code')
        .where('id', 'in', [a.id, b.id])
        .execute();
      expect(both).toHaveLength(2);
    });
  });

  describe('recovery', () => {
    it('restores a dead PC from the hub, and the new one continues the code sequence', async () => {
      const first = await commune('20242', { token: await hub.token('20242') });
      await first.worker.syncOnce();
      const officer = await first.actor('receiving_officer');
      const codes: string[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await runUseCase(first.services, officer, meta, (uc) =>
              intakeAtCounter(uc, birth('20242')),
            )
          ).code,
        );
      await first.worker.syncOnce();
      const events = await localHead(first);
      await first.close();
      nodes.splice(nodes.indexOf(first), 1);
      // A new PC, enrolled again with a new token.
      const second = await commune('20242', { token: await hub.token('20242') });
      await second.worker.syncOnce();
      expect(await localHead(second)).toBe(events);
      const next = await runUseCase(
        second.services,
        await second.actor('receiving_officer'),
        meta,
        (uc) => intakeAtCounter(uc, birth('20242')),
      );
      expect(codes).toEqual(['20242-261126-0001', '20242-261126-0002', '20242-261126-0003']);
      expect(next.code).toBe('20242-261126-0004');
      await second.worker.syncOnce();
      expect(await countAt(hub, '20242')).toBe(events + 1);
      // The dead PC's key was retired when the unit enrolled again.
      const keys = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select(['revoked_at'])
        .where('unit_code', '=', '20242')
        .orderBy('enrolled_at')
        .execute();
      expect(keys.map((k) => k.revoked_at === null)).toEqual([false, true]);
    });
  });

  describe('time truth', () => {
    it('measures each node’s clock skew and flags one far off', async () => {
      const clock = testClock('2026-11-26T01:40:00.000Z'); // 20 minutes behind the hub
      const node = await commune('20242', { token: await hub.token('20242'), clock });
      await node.worker.syncOnce();
      const row = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select(['skew_ms', 'skew_flags'])
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ skew_ms: 20 * 60_000, skew_flags: 'far_off' });
      clock.set('2026-11-26T02:00:00.000Z'); // someone set the clock right
      await node.worker.syncOnce();
      const after = await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select(['skew_ms', 'skew_flags'])
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ skew_ms: 0, skew_flags: 'jumped' });
    });

    it('counts a dossier handled on time offline as on time at the hub, days later', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      await hub.down();
      const officer = await node.actor('receiving_officer');
      const d = await runUseCase(node.services, officer, meta, (uc) =>
        intakeAtCounter(uc, birth('20242')),
      );
      const specialist = await node.actor('specialist');
      await runUseCase(node.services, officer, meta, (uc) =>
        transitionDossier(uc, d.id, 'assign', { assigneeId: specialist.id, note: '' }),
      );
      await runUseCase(node.services, specialist, meta, (uc) =>
        transitionDossier(uc, d.id, 'submit_for_approval', { note: '' }),
      );
      await runUseCase(node.services, await node.actor('leader'), meta, (uc) =>
        transitionDossier(uc, d.id, 'approve', { note: '' }),
      );
      hub.clock.advance(3 * 86_400_000); // three days offline
      await hub.up();
      await node.worker.syncOnce();
      const atHub = await runUseCase(hub.services, null, meta, (uc) =>
        trackDossier(uc, { code: d.code, citizenId: '048185000123' }),
      );
      expect(atHub).toMatchObject({ status: 'result_ready', overdue: false });
      const stored = await hub.services.storage.db
        .selectFrom('events')
        .select(['occurred_at', 'recorded_at'])
        .where('entity_id', '=', d.id)
        .orderBy('unit_seq')
        .execute();
      expect(stored.every((e) => e.recorded_at > e.occurred_at)).toBe(true);
    });
  });

  describe('refusals', () => {
    // A stranger's key, signing correctly for itself.
    const stranger = generateKeyPairSync('ed25519');
    async function send(path: string, body: Buffer, headers: Record<string, string>) {
      return fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...headers },
        body: new Uint8Array(body),
      });
    }
    function signedHeaders(
      keyId: string,
      privateKey: typeof stranger.privateKey,
      path: string,
      counter: number,
      body: Buffer,
    ) {
      const time = '2026-11-26T02:00:00.000Z';
      const signature = sign(
        null,
        Buffer.from(signedText({ method: 'POST', path, counter, time, body }), 'utf8'),
        privateKey,
      ).toString('base64');
      return {
        'x-motcua-key': keyId,
        'x-motcua-counter': String(counter),
        'x-motcua-time': time,
        'x-motcua-signature': signature,
      };
    }

    it('refuses unsigned, unknown, forged, replayed, truncated, oversized and wrong-unit requests, changing nothing', async () => {
      const node = await commune('20242', { token: await hub.token('20242') });
      await node.worker.syncOnce();
      await runUseCase(node.services, await node.actor('receiving_officer'), meta, (uc) =>
        intakeAtCounter(uc, birth('20242')),
      );
      const keyId = (
        await hub.services.storage.db
          .selectFrom('sync_nodes')
          .select('key_id')
          .executeTakeFirstOrThrow()
      ).key_id;
      const { loadOrCreateNodeKey } = await import('./keys.js');
      const key = await loadOrCreateNodeKey(node.dir);
      const event = await node.services.storage.db
        .selectFrom('events')
        .selectAll()
        .where('unit_code', '=', '20242')
        .executeTakeFirstOrThrow();
      const wire = {
        id: event.id,
        unitCode: event.unit_code,
        unitSeq: event.unit_seq,
        type: event.type,
        entityType: event.entity_type,
        entityId: event.entity_id,
        payload: JSON.parse(event.payload) as unknown,
        actorId: event.actor_id,
        occurredAt: event.occurred_at,
        hlc: event.hlc,
        prevHash: event.prev_hash,
        hash: event.hash,
      };
      const body = gzipSync(Buffer.from(JSON.stringify({ events: [wire] })));
      const before = await countAt(hub, '20242');
      const kinds = async (response: Response) =>
        ((await response.json()) as { error: { kind: string } }).error.kind;

      expect(await kinds(await send('/sync/v1/push', body, {}))).toBe('bad_signature');
      const unknownDer = stranger.publicKey.export({ type: 'spki', format: 'der' });
      const { keyIdOf } = await import('../domain/sync-protocol.js');
      expect(
        await kinds(
          await send(
            '/sync/v1/push',
            body,
            signedHeaders(keyIdOf(unknownDer), stranger.privateKey, '/sync/v1/push', 1, body),
          ),
        ),
      ).toBe('unknown_key');
      // Forged: the node's key id, signed by someone else.
      expect(
        await kinds(
          await send(
            '/sync/v1/push',
            body,
            signedHeaders(keyId, stranger.privateKey, '/sync/v1/push', 1000, body),
          ),
        ),
      ).toBe('bad_signature');
      // A real request, then the same bytes again.
      const genuine = signedHeaders(keyId, key.privateKey, '/sync/v1/push', 1_000_000, body);
      const first = await send('/sync/v1/push', body, genuine);
      expect(first.status).toBe(200);
      const replayed = await send('/sync/v1/push', body, genuine);
      expect(replayed.status).toBe(409);
      expect(await kinds(replayed)).toBe('replay');
      expect(await countAt(hub, '20242')).toBe(before + 1);
      /** Pushes `payload` signed by the node's own key with `counter`: the refusal's kind. */
      const refusedAs = async (
        payload: Buffer,
        counter: number,
        encoding: 'gzip' | 'br' | 'deflate' = 'gzip',
      ) =>
        kinds(
          await send('/sync/v1/push', payload, {
            ...signedHeaders(keyId, key.privateKey, '/sync/v1/push', counter, payload),
            'content-encoding': encoding,
          }),
        );
      // Truncated: the signature is over the whole body, so a cut body is refused either way.
      const cut = body.subarray(0, body.length - 10);
      expect(await refusedAs(cut, 1_000_001)).toBe('malformed');
      // Oversized once decompressed: a bomb of zeros.
      const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024, 32));
      expect(await refusedAs(bomb, 1_000_002)).toBe('too_large');
      // The same as Brotli, the encoding nodes use.
      const brBomb = brotliCompressSync(Buffer.alloc(70 * 1024 * 1024, 32));
      expect(await refusedAs(brBomb, 1_000_003, 'br')).toBe('too_large');
      // An encoding the protocol does not use.
      const deflated = deflateSync(body);
      expect(await refusedAs(deflated, 1_000_004, 'deflate')).toBe('malformed');
      // Another unit's events.
      const foreign = gzipSync(
        Buffer.from(JSON.stringify({ events: [{ ...wire, unitCode: '20308' }] })),
      );
      expect(await refusedAs(foreign, 1_000_005)).toBe('wrong_unit');
      // An altered event.
      const altered = gzipSync(
        Buffer.from(
          JSON.stringify({ events: [{ ...wire, unitSeq: 2, payload: { tampered: true } }] }),
        ),
      );
      expect(await refusedAs(altered, 1_000_006)).toBe('hash_mismatch');
      expect(await countAt(hub, '20242')).toBe(before + 1);
      const { verifyStorage } = await import('../storage/verify.js');
      expect(await verifyStorage(hub.services.storage)).toMatchObject({ ok: true });
    });
  });
});
