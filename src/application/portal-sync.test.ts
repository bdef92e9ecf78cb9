// The hub's link to the national portal, with the hub on SQLite and on PostgreSQL and communes
// syncing over HTTP: a commune's pushed dossier events queue one update each, with the right
// status codes; a batch pushed again queues nothing; a dossier handed between two communes is
// judged across both chains; the hub's own online filing queues one; delivery keeps each
// dossier's order through failures; the administrator's page counts them. Communes queue none.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pageLogin, testPassword } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  birthIntake,
  startCommune,
  startHub,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import type { PortalStatusMessage } from '../domain/portal-sync.js';
import { bootstrapAccount } from './accounts.js';
import { intakeAtCounter, transitionDossier } from './dossiers.js';
import {
  deliverDuePortalUpdates,
  type PortalSyncAdapter,
  type PortalSyncAnswer,
} from './portal-sync.js';
import { handlePush } from './sync-hub.js';
import { runUseCase, type UseCase } from './use-case.js';

const meta = { ip: null };

forEachDialect('national portal sync', (dialect) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
    await hub.close();
  });
  const commune = async (unit: string) => {
    const node = await startCommune(unit, hub.url, { token: await hub.token(unit) });
    nodes.push(node);
    await node.worker.syncOnce();
    return node;
  };
  const updates = async () =>
    (
      await hub.services.storage.db
        .selectFrom('portal_sync_outbox')
        .selectAll()
        .orderBy('hlc')
        .execute()
    ).map((r) => ({ ...r, message: JSON.parse(r.payload) as PortalStatusMessage }));
  const act = async <T>(
    node: TestCommune,
    role: 'receiving_officer' | 'specialist' | 'leader',
    fn: (uc: UseCase) => Promise<T>,
  ): Promise<T> => runUseCase(node.services, await node.actor(role), meta, fn);

  /** A commune's dossier from intake to the returned result, with a supplement on the way. */
  async function fullLifecycle(node: TestCommune) {
    const d = await act(node, 'receiving_officer', (uc) =>
      intakeAtCounter(uc, birthIntake(node.unit)),
    );
    const specialist = await node.actor('specialist');
    const steps: [
      'receiving_officer' | 'specialist' | 'leader',
      Parameters<typeof transitionDossier>[2],
      unknown,
    ][] = [
      ['receiving_officer', 'assign', { assigneeId: specialist.id, note: '' }],
      ['specialist', 'request_supplement', { reason: 'Thiếu giấy', missing: ['Tờ khai'] }],
      ['receiving_officer', 'resubmit', { note: '' }],
      ['specialist', 'submit_for_approval', { note: '' }],
      ['leader', 'approve', { note: '' }],
      [
        'receiving_officer',
        'return_result',
        {
          recipientName: 'Nguyễn Thị Mai',
          relationship: 'người nộp hồ sơ',
          delivery: 'receiving_unit',
        },
      ],
    ];
    for (const [role, action, input] of steps) {
      node.clock.advance(10 * 60_000);
      await act(node, role, (uc) => transitionDossier(uc, d.id, action, input as never));
    }
    return d;
  }

  it('queues one update per pushed event that changed the record, with its status code', async () => {
    const haiChau = await commune('20242');
    const d = await fullLifecycle(haiChau);
    expect(await updates()).toEqual([]);
    await haiChau.worker.syncOnce();
    const rows = await updates();
    // Submission to the leader changes nothing the portal shows: no update for it.
    expect(rows.map((r) => [r.message.event.type, r.status_code])).toEqual([
      ['dossier.received', 2],
      ['dossier.assigned', 4],
      ['dossier.supplement_requested', 5],
      ['dossier.resubmitted', 4],
      ['dossier.approved', 9],
      ['dossier.result_returned', 10],
    ]);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
    const events = await hub.services.storage.db
      .selectFrom('events')
      .select(['id', 'type'])
      .where('entity_id', '=', d.id)
      .execute();
    // Keyed by the event: the portal's idempotency key.
    for (const row of rows) {
      expect(row.id).toBe(row.message.messageId);
      expect(events.find((e) => e.id === row.id)?.type).toBe(row.message.event.type);
    }
    const returned = rows.at(-1)?.message;
    expect(returned).toMatchObject({
      dossierCode: d.code,
      receivingAgencyId: '20242',
      procedureCode: '1.001193',
      statusCode: 10,
      status: 'returned',
      channel: 1,
      receivingUnitCode: '20242',
      competentUnitCode: '20242',
      handlingUnitCode: '20242',
      receivedAt: d.receivedAt,
      result: { outcome: 'approved', reason: null, delivery: 'receiving_unit' },
      event: { unitCode: '20242', type: 'dossier.result_returned' },
      provinceCode: '48',
    });
    expect(returned?.completedAt).not.toBeNull();
    expect(returned?.returnedAt).not.toBeNull();
    expect(rows[2]?.message).toMatchObject({ statusCode: 5, paused: true });
    // The commune itself never talks to the national portal.
    expect(
      await haiChau.services.storage.db.selectFrom('portal_sync_outbox').selectAll().execute(),
    ).toEqual([]);

    // The same batch pushed again (a lost answer, a replay): stored once, queued once.
    const keyId = (
      await hub.services.storage.db
        .selectFrom('sync_nodes')
        .select('key_id')
        .executeTakeFirstOrThrow()
    ).key_id;
    const wire = (
      await hub.services.storage.db
        .selectFrom('events')
        .selectAll()
        .where('unit_code', '=', '20242')
        .orderBy('unit_seq')
        .execute()
    ).map((r) => ({
      id: r.id,
      unitCode: r.unit_code,
      unitSeq: r.unit_seq,
      type: r.type,
      entityType: r.entity_type,
      entityId: r.entity_id,
      payload: JSON.parse(r.payload) as unknown,
      actorId: r.actor_id,
      occurredAt: r.occurred_at,
      hlc: r.hlc,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const again = await handlePush(hub.services, { keyId, unitCode: '20242' }, wire);
    expect(again).toMatchObject({ stored: 0, duplicates: wire.length });
    expect((await updates()).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('judges a dossier handed between two communes across both chains', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const d = await act(haiChau, 'receiving_officer', (uc) =>
      intakeAtCounter(uc, birthIntake('20308')),
    );
    await haiChau.worker.syncOnce();
    await baNa.worker.syncOnce();
    const specialist = await baNa.actor('specialist');
    await act(baNa, 'receiving_officer', (uc) =>
      transitionDossier(uc, d.id, 'assign', { assigneeId: specialist.id, note: '' }),
    );
    await act(baNa, 'specialist', (uc) =>
      transitionDossier(uc, d.id, 'submit_for_approval', { note: '' }),
    );
    await act(baNa, 'leader', (uc) => transitionDossier(uc, d.id, 'approve', { note: '' }));
    await baNa.worker.syncOnce();
    await haiChau.worker.syncOnce(); // takes the dossier back…
    await haiChau.worker.syncOnce(); // …and pushes that
    const rows = await updates();
    expect(
      rows.map((r) => [
        r.message.event.unitCode,
        r.message.event.type,
        r.status_code,
        r.message.handlingUnitCode,
      ]),
    ).toEqual([
      ['20242', 'dossier.received', 2, '20242'],
      // Bà Nà takes it: the handling unit changes.
      ['20308', 'dossier.transfer_accepted', 2, '20308'],
      ['20308', 'dossier.assigned', 4, '20308'],
      ['20308', 'dossier.approved', 9, '20308'],
      // Back at Hải Châu for the citizen to collect.
      ['20242', 'dossier.transfer_accepted', 9, '20242'],
    ]);
    expect(rows[0]?.message).toMatchObject({
      receivingUnitCode: '20242',
      competentUnitCode: '20308',
    });
  });

  it("queues one update for the hub's own online filing, and the applicant's message in their language", async () => {
    const filed = await hub.app().inject({
      method: 'POST',
      url: '/api/v1/dossiers/online',
      headers: { 'accept-language': 'en' },
      payload: {
        procedureCode: '1.004873',
        competentUnitCode: '20242',
        applicant: {
          fullName: 'Nguyễn Thị Mai',
          citizenId: '048185000123',
          dateOfBirth: '1985-03-14',
          sex: 'female',
          email: 'mai@example.vn',
        },
        components: [
          { code: 'to_khai', provided: true },
          { code: 'giay_to_tuy_than', reusedFromData: true },
        ],
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const d = filed.json<{ id: string; code: string }>();
    const rows = await updates();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.message).toMatchObject({
      messageId: rows[0]?.id,
      dossierCode: d.code,
      statusCode: 1,
      status: 'submitted_online',
      channel: 2,
      receivingUnitCode: '48',
      competentUnitCode: '20242',
      receivedAt: null,
      event: { type: 'dossier.submitted_online', unitCode: '48' },
    });
    expect(rows[0]?.message.submittedAt).not.toBeNull();
    const notices = await hub.services.storage.db
      .selectFrom('notification_outbox')
      .select(['channel', 'recipient', 'lang', 'kind'])
      .execute();
    expect(notices).toEqual([
      { channel: 'email', recipient: 'mai@example.vn', lang: 'en', kind: 'submitted' },
    ]);
    // The hub's desk sees both on the dossier's page.
    await runUseCase(hub.services, null, meta, (uc) =>
      bootstrapAccount(uc, {
        username: 'tiepnhan.48',
        displayName: 'Tiếp nhận tỉnh',
        role: 'receiving_officer',
        unitCode: '48',
        password: testPassword,
      }),
    );
    const cookie = await pageLogin(
      { app: hub.app(), usernames: { receiving_officer: 'tiepnhan.48' } as never },
      'receiving_officer',
    );
    const page = (
      await hub.app().inject({ method: 'GET', url: `/dossiers/${d.id}`, headers: { cookie } })
    ).body;
    expect(page).toContain('Thông báo cho người nộp');
    expect(page).toContain('m***@example.vn');
    expect(page).toContain('Đồng bộ Cổng Dịch vụ công quốc gia');
    expect(page).toContain('Chờ gửi');
  });

  it("sends each dossier's updates in order, holding the later ones while an earlier one fails", async () => {
    const haiChau = await commune('20242');
    const first = await act(haiChau, 'receiving_officer', (uc) =>
      intakeAtCounter(uc, birthIntake('20242')),
    );
    const specialist = await haiChau.actor('specialist');
    await act(haiChau, 'receiving_officer', (uc) =>
      transitionDossier(uc, first.id, 'assign', { assigneeId: specialist.id, note: '' }),
    );
    haiChau.clock.advance(60_000);
    const second = await act(haiChau, 'receiving_officer', (uc) =>
      intakeAtCounter(uc, {
        ...birthIntake('20242'),
        applicant: { ...birthIntake('20242').applicant, citizenId: '048185000124' },
      }),
    );
    await haiChau.worker.syncOnce();
    // The portal does not answer for the first dossier's receipt, then takes everything.
    const sent: PortalStatusMessage[] = [];
    let failures = 1;
    const adapter: PortalSyncAdapter = {
      name: 'scripted',
      send(message) {
        sent.push(message);
        if (message.dossierCode === first.code && failures > 0) {
          failures -= 1;
          return Promise.reject(new Error('portal timeout'));
        }
        return Promise.resolve<PortalSyncAnswer>({ outcome: 'sent', reference: 'P-1' });
      },
    };
    const deliver = () => deliverDuePortalUpdates(hub.services, adapter, hub.clock.now());
    expect(await deliver()).toEqual({ attempted: 2, sent: 1, failed: 1, rejected: 0 });
    // The first dossier's assignment (status 4) waits behind its failed receipt (status 2).
    expect(sent.map((m) => [m.dossierCode, m.statusCode])).toEqual([
      [first.code, 2],
      [second.code, 2],
    ]);
    expect(await deliver()).toMatchObject({ attempted: 0 });
    const page = async () => {
      const cookie = await pageLogin(
        { app: hub.app(), usernames: { province_admin: 'quantri' } as never },
        'province_admin',
      );
      return (
        await hub.app().inject({ method: 'GET', url: '/admin/portal-sync', headers: { cookie } })
      ).body;
    };
    let body = await page();
    expect(body).toContain('Đồng bộ Cổng Dịch vụ công quốc gia');
    expect(body).toMatch(/id="portal-failed">1</);
    expect(body).toMatch(/id="portal-pending">1</);
    expect(body).toMatch(/id="portal-sent">1</);
    expect(body).toContain('portal timeout');
    expect(body).toContain(first.code);

    hub.clock.advance(60_000);
    expect(await deliver()).toMatchObject({ attempted: 1, sent: 1 });
    expect(await deliver()).toMatchObject({ attempted: 1, sent: 1 });
    expect(sent.slice(2).map((m) => [m.dossierCode, m.statusCode])).toEqual([
      [first.code, 2],
      [first.code, 4],
    ]);
    const rows = await updates();
    expect(rows.map((r) => [r.status, r.reference])).toEqual(rows.map(() => ['sent', 'P-1']));
    expect(rows.find((r) => r.dossier_id === first.id && r.status_code === 2)?.attempts).toBe(2);
    body = await page();
    expect(body).toMatch(/id="portal-sent">3</);
    expect(body).toContain('Không có cập nhật lỗi.');
    const audits = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['action', 'outcome'])
      .where('subject_type', '=', 'portal_sync_update')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.outcome)).toEqual(['failed', 'ok', 'ok', 'ok']);
  });
});
