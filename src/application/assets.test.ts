// The public-asset use cases on SQLite and PostgreSQL: the events they write and the
// projection they leave, every refusal (bad input, a specialist, another commune's asset, a
// commune writing at the hub, the province writing a commune's asset) writing nothing, and the
// province's overview over what the communes' chains brought to the hub.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';
import type { Actor } from '../domain/permissions.js';
import type { Role } from '../domain/roles.js';
import {
  assetInput,
  assetUpdateInput,
  needInput,
  readAsset,
  readAssetOverview,
  readAssetRegister,
  registerAsset,
  reportFacilityNeed,
  resolveFacilityNeed,
  resolveInput,
  updateAsset,
  type AssetInput,
} from './assets.js';
import { actorOf } from './auth.js';
import { AppError } from './errors.js';
import { runUseCase, type UseCase } from './use-case.js';
import { parseInput } from './validation.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';
const meta = { ip: null };

const formerHq = (changes: Partial<AssetInput> = {}) =>
  parseInput(assetInput, {
    name: 'Trụ sở UBND phường Thạch Thang (cũ)',
    kind: 'headquarters',
    address: '34 Bạch Đằng, phường Hải Châu',
    formerUnit: 'UBND phường Thạch Thang',
    landArea: '1250',
    floorArea: '845,5',
    condition: 'good',
    use: 'vacant',
    vacantSince: '2025-07-01',
    notes: '',
    ...changes,
  });

async function actor(node: TestNode, role: Role): Promise<Actor> {
  const row = await node.storage.db
    .selectFrom('accounts')
    .selectAll()
    .where('username', '=', node.usernames[role])
    .executeTakeFirstOrThrow();
  return actorOf(node.services, row);
}

const as = <T>(node: TestNode, who: Actor, fn: (uc: UseCase) => Promise<T>) =>
  runUseCase(node.services, who, meta, fn);

/** The error a refused use case throws, with its code and field problems. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, fields: error.fields.map((f) => [f.field, f.reason]) };
    throw error;
  }
  throw new Error('expected a refusal');
}

const assetRows = (node: TestNode) =>
  node.storage.db.selectFrom('assets').selectAll().orderBy('registered_at').execute();

forEachDialect('public assets', (dialect) => {
  describe('at a commune', () => {
    let node: TestNode;
    let leader: Actor;
    beforeEach(async () => {
      node = await startTestNode(await dialect.createDatabase(), { start: START });
      leader = await actor(node, 'leader');
    });

    it('registers an asset: one event in the commune’s chain, the projection, the audit', async () => {
      const view = await as(node, leader, (uc) => registerAsset(uc, formerHq()));
      const events = await node.storage.db
        .selectFrom('events')
        .select(['id', 'type', 'entity_type', 'entity_id', 'unit_code', 'actor_id', 'payload'])
        .where('type', 'like', 'asset.%')
        .execute();
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({
        type: 'asset.registered',
        entity_type: 'asset',
        entity_id: view.id,
        unit_code: '20242',
        actor_id: leader.id,
      });
      expect(JSON.parse(event?.payload ?? '')).toEqual({
        name: 'Trụ sở UBND phường Thạch Thang (cũ)',
        kind: 'headquarters',
        address: '34 Bạch Đằng, phường Hải Châu',
        formerUnit: 'UBND phường Thạch Thang',
        landAreaM2: 1250,
        floorAreaM2: 845.5,
        condition: 'good',
        use: 'vacant',
        vacantSince: '2025-07-01',
        notes: '',
      });
      expect(await assetRows(node)).toEqual([
        {
          id: view.id,
          unit_code: '20242',
          version: 1,
          name: 'Trụ sở UBND phường Thạch Thang (cũ)',
          kind: 'headquarters',
          address: '34 Bạch Đằng, phường Hải Châu',
          former_unit: 'UBND phường Thạch Thang',
          land_area_dm2: 125000,
          floor_area_dm2: 84550,
          condition: 'good',
          current_use: 'vacant',
          vacant_since: '2025-07-01',
          notes: '',
          registered_at: START,
          updated_at: START,
        },
      ]);
      // 01/07/2025 to 26/11/2026: 16 whole months, 513 days.
      expect(view.vacancy).toEqual({ days: 513, months: 16 });
      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'action', 'subject_type', 'subject_id', 'event_id', 'outcome'])
        .where('action', '=', 'asset.manage')
        .execute();
      expect(audit).toEqual([
        {
          kind: 'write',
          action: 'asset.manage',
          subject_type: 'asset',
          subject_id: view.id,
          event_id: event?.id,
          outcome: 'ok',
        },
      ]);
    });

    it('updates with a full new version naming what changed, and keeps every version', async () => {
      const { id } = await as(node, leader, (uc) => registerAsset(uc, formerHq()));
      node.advance(86_400_000);
      const update = parseInput(assetUpdateInput, {
        ...formerHq(),
        use: 'secondary_office',
        vacantSince: '',
        notes: 'Bố trí làm điểm tiếp nhận hồ sơ từ 27/11/2026',
        version: '1',
      });
      const view = await as(node, leader, (uc) => updateAsset(uc, id, update));
      expect(view).toMatchObject({ version: 2, use: 'secondary_office', vacantSince: null });
      expect(view.vacancy).toBeNull();
      const updated = await node.storage.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'asset.updated')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(updated.payload)).toEqual({
        version: 2,
        facts: {
          ...JSON.parse(
            (
              await node.storage.db
                .selectFrom('events')
                .select('payload')
                .where('type', '=', 'asset.registered')
                .executeTakeFirstOrThrow()
            ).payload,
          ),
          use: 'secondary_office',
          vacantSince: null,
          notes: 'Bố trí làm điểm tiếp nhận hồ sơ từ 27/11/2026',
        },
        changed: ['use', 'vacantSince', 'notes'],
      });
      expect(await assetRows(node)).toMatchObject([
        {
          version: 2,
          current_use: 'secondary_office',
          vacant_since: null,
          updated_at: '2026-11-27T02:00:00.000Z',
        },
      ]);
      const detail = await as(node, leader, (uc) => readAsset(uc, id));
      expect(detail.history).toEqual([
        { version: 1, at: START, by: 'Người thử leader', changed: [] },
        {
          version: 2,
          at: '2026-11-27T02:00:00.000Z',
          by: 'Người thử leader',
          changed: ['use', 'vacantSince', 'notes'],
        },
      ]);
      expect(detail.canManage).toBe(true);

      // The form filled from version 1 again: refused, the change made meanwhile is kept.
      const before = await node.counts();
      expect(
        await refusal(
          as(node, leader, (uc) =>
            updateAsset(uc, id, { ...update, notes: 'Sửa khác', version: '1' }),
          ),
        ),
      ).toEqual({ code: 'validation_failed', fields: [['version', 'stale_version']] });
      // Nothing changed: no new version.
      expect(
        await refusal(as(node, leader, (uc) => updateAsset(uc, id, { ...update, version: '2' }))),
      ).toEqual({ code: 'validation_failed', fields: [['asset', 'unchanged']] });
      expect(await node.counts()).toEqual(before);
    });

    it('refuses bad input field by field and writes nothing', async () => {
      const before = await node.counts();
      const cases: [Partial<AssetInput>, [string, string][]][] = [
        [{ vacantSince: '' }, [['vacantSince', 'vacant_since_required']]],
        [{ vacantSince: '2026-11-27' }, [['vacantSince', 'vacant_since_future']]],
        [{ vacantSince: '1999-12-31' }, [['vacantSince', 'vacant_since_too_early']]],
        [{ vacantSince: '2026-02-30' }, [['vacantSince', 'date_format']]],
        [{ use: 'main_office' }, [['vacantSince', 'vacant_since_not_vacant']]],
        [
          { condition: 'unusable', use: 'main_office', vacantSince: '' },
          [['use', 'unusable_in_use']],
        ],
        [
          { landArea: '1.250', floorArea: '0' },
          [
            ['landArea', 'area_format'],
            ['floorArea', 'area_range'],
          ],
        ],
        [{ floorArea: '2000000' }, [['floorArea', 'area_range']]],
      ];
      for (const [changes, fields] of cases)
        expect(
          await refusal(as(node, leader, (uc) => registerAsset(uc, formerHq(changes)))),
          JSON.stringify(changes),
        ).toEqual({ code: 'validation_failed', fields });
      // The schema's own problems: a missing name, an unknown kind, a stray field.
      const schema = (body: Record<string, unknown>) => {
        try {
          parseInput(assetInput, body);
        } catch (error) {
          if (error instanceof AppError) return error.fields.map((f) => [f.field, f.reason]);
        }
        return [];
      };
      const typed = { ...formerHq(), name: 'x'.repeat(201), kind: 'castle', owner: 'x' };
      expect(schema(typed)).toEqual([
        ['name', 'too_long'],
        ['kind', 'invalid_option'],
        ['owner', 'not_allowed'],
      ]);
      // Everything a person can get wrong in the form is reported together.
      expect(
        await refusal(
          as(node, leader, (uc) =>
            registerAsset(
              uc,
              formerHq({ name: '  ', address: '', landArea: '12,345', vacantSince: '' }),
            ),
          ),
        ),
      ).toEqual({
        code: 'validation_failed',
        fields: [
          ['name', 'required'],
          ['address', 'required'],
          ['landArea', 'area_format'],
          ['vacantSince', 'vacant_since_required'],
        ],
      });
      expect(await node.counts()).toEqual(before);
      expect(await assetRows(node)).toEqual([]);
    });

    it('lets only the commune’s leader write; officers read; others are refused and audited', async () => {
      for (const role of ['specialist', 'receiving_officer', 'volunteer', 'citizen'] as const)
        expect(
          await refusal(as(node, await actor(node, role), (uc) => registerAsset(uc, formerHq()))),
          role,
        ).toEqual({ code: 'forbidden', fields: [] });
      const denied = await node.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome', 'action'])
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied).toHaveLength(4);
      expect(denied[0]).toEqual({ kind: 'access', outcome: 'denied', action: 'asset.manage' });
      expect(await assetRows(node)).toEqual([]);

      const { id } = await as(node, leader, (uc) => registerAsset(uc, formerHq()));
      const specialist = await actor(node, 'specialist');
      const register = await as(node, specialist, (uc) => readAssetRegister(uc, {}));
      expect(register).toMatchObject({
        scope: { unitCode: '20242', unitName: 'Phường Hải Châu' },
        canManage: false,
        canReportNeeds: false,
      });
      expect(register.assets.map((a) => a.id)).toEqual([id]);
      expect(
        await refusal(
          as(node, specialist, (uc) =>
            updateAsset(uc, id, { ...formerHq({ notes: 'x' }), version: '1' }),
          ),
        ),
      ).toEqual({ code: 'forbidden', fields: [] });
      expect(
        await refusal(as(node, await actor(node, 'citizen'), (uc) => readAssetRegister(uc, {}))),
      ).toEqual({ code: 'forbidden', fields: [] });
      // Another commune's register is not this node's officers' to read.
      expect(
        await refusal(as(node, specialist, (uc) => readAssetRegister(uc, { unitCode: '20308' }))),
      ).toEqual({ code: 'forbidden', fields: [] });
      expect(
        await refusal(
          as(node, leader, (uc) => updateAsset(uc, 'not-an-id', { ...formerHq(), version: '1' })),
        ),
      ).toEqual({ code: 'not_found', fields: [] });
    });

    it('reports a need once per kind while it is open, and settles it once', async () => {
      const report = parseInput(needInput, {
        needKind: 'one_stop_desk',
        areaNeeded: '60',
        explanation: 'Bộ phận Một cửa chỉ có 12 m², người dân phải đứng chờ ngoài hành lang.',
      });
      const need = await as(node, leader, (uc) => reportFacilityNeed(uc, report));
      expect(need).toMatchObject({
        unitCode: '20242',
        kind: 'one_stop_desk',
        areaNeededM2: 60,
        reportedOn: '2026-11-26',
        status: 'open',
      });
      const reported = await node.storage.db
        .selectFrom('events')
        .select(['payload', 'entity_id', 'entity_type'])
        .where('type', '=', 'facility_need.reported')
        .executeTakeFirstOrThrow();
      expect(reported.entity_type).toBe('facility_need');
      expect(JSON.parse(reported.payload)).toEqual({
        kind: 'one_stop_desk',
        areaNeededM2: 60,
        explanation: 'Bộ phận Một cửa chỉ có 12 m², người dân phải đứng chờ ngoài hành lang.',
        reportedOn: '2026-11-26',
      });
      const before = await node.counts();
      expect(await refusal(as(node, leader, (uc) => reportFacilityNeed(uc, report)))).toEqual({
        code: 'validation_failed',
        fields: [['needKind', 'need_already_open']],
      });
      expect(
        await refusal(
          as(node, leader, (uc) =>
            reportFacilityNeed(
              uc,
              parseInput(needInput, { needKind: 'archive', areaNeeded: '', explanation: ' ' }),
            ),
          ),
        ),
      ).toEqual({
        code: 'validation_failed',
        fields: [
          ['areaNeeded', 'required'],
          ['explanation', 'required'],
        ],
      });
      for (const areaNeeded of ['0', 'sáu mươi'])
        expect(
          await refusal(
            as(node, leader, (uc) =>
              reportFacilityNeed(uc, { ...report, needKind: 'archive', areaNeeded }),
            ),
          ),
        ).toEqual({
          code: 'validation_failed',
          fields: [['areaNeeded', areaNeeded === '0' ? 'area_range' : 'area_format']],
        });
      expect(
        await refusal(
          as(node, await actor(node, 'specialist'), (uc) => reportFacilityNeed(uc, report)),
        ),
      ).toEqual({ code: 'forbidden', fields: [] });
      expect(await node.counts()).toEqual({ ...before, audit: before.audit + 1 });

      const settle = parseInput(resolveInput, {
        resolution: 'asset_assigned',
        note: 'Bố trí tầng 1 trụ sở phường Thạch Thang cũ',
      });
      const settled = await as(node, leader, (uc) => resolveFacilityNeed(uc, need.id, settle));
      expect(settled).toMatchObject({
        status: 'resolved',
        resolution: 'asset_assigned',
        resolutionNote: 'Bố trí tầng 1 trụ sở phường Thạch Thang cũ',
        resolvedOn: '2026-11-26',
      });
      expect(
        await refusal(as(node, leader, (uc) => resolveFacilityNeed(uc, need.id, settle))),
      ).toEqual({ code: 'validation_failed', fields: [['resolution', 'need_already_resolved']] });
      // Settled: the same kind may be reported again.
      await as(node, leader, (uc) => reportFacilityNeed(uc, report));
      const types = await node.storage.db
        .selectFrom('events')
        .select('type')
        .where('entity_type', '=', 'facility_need')
        .orderBy('unit_seq')
        .execute();
      expect(types.map((t) => t.type)).toEqual([
        'facility_need.reported',
        'facility_need.resolved',
        'facility_need.reported',
      ]);
    });
  });

  describe('at the province hub', () => {
    let hub: TestHub;
    let commune: TestCommune;
    let admin: Actor;
    let haiChauLeader: Actor;
    let baNaLeader: Actor;
    beforeEach(async () => {
      hub = await startHub(await dialect.createDatabase());
      commune = await startCommune('20242', hub.url, { token: await hub.token('20242') });
      await commune.worker.syncOnce();
      admin = hub.admin;
      const hubActor = async (username: string) =>
        actorOf(
          hub.services,
          await hub.services.storage.db
            .selectFrom('accounts')
            .selectAll()
            .where('username', '=', username)
            .executeTakeFirstOrThrow(),
        );
      haiChauLeader = await hubActor('lanhdao.20242');
      baNaLeader = await hubActor('lanhdao.20308');
    });
    afterEach(async () => {
      await commune.close();
      await hub.close();
    });

    const at = <T>(who: Actor, fn: (uc: UseCase) => Promise<T>) =>
      runUseCase(hub.services, who, meta, fn);
    const hubAssets = () =>
      hub.services.storage.db.selectFrom('assets').selectAll().orderBy('registered_at').execute();

    /** Hải Châu registers a vacant former HQ and reports a need; sync brings both to the hub. */
    const haiChauSynced = async () => {
      const leader = await commune.actor('leader');
      const run = <T>(fn: (uc: UseCase) => Promise<T>) =>
        runUseCase(commune.services, leader, meta, fn);
      const hq = await run((uc) => registerAsset(uc, formerHq()));
      await run((uc) =>
        reportFacilityNeed(
          uc,
          parseInput(needInput, {
            needKind: 'archive',
            areaNeeded: '120',
            explanation: 'Hồ sơ lưu trữ của ba phường cũ đang để ở hành lang.',
          }),
        ),
      );
      await commune.worker.syncOnce();
      return hq;
    };

    it('the province administrator manages the province’s own assets there, and only those', async () => {
      const hq = await haiChauSynced();
      const province = await at(admin, (uc) =>
        registerAsset(
          uc,
          formerHq({
            name: 'Trụ sở Huyện ủy Hòa Vang (cũ)',
            address: 'Thôn Dương Lâm, xã Bà Nà',
            formerUnit: 'Huyện Hòa Vang',
            floorArea: '1500',
          }),
        ),
      );
      expect(province.unitCode).toBe('48');
      const own = await hub.services.storage.db
        .selectFrom('events')
        .select('unit_code')
        .where('entity_id', '=', province.id)
        .execute();
      expect(own).toEqual([{ unit_code: '48' }]);

      const before = await hub.services.storage.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const change = { ...formerHq({ notes: 'x' }), version: '1' };
      // The province writing a commune's asset; a commune's leader signed in at the hub writing
      // their own commune's asset (the hub's chain is the province's), another commune's, or
      // the province's; a commune's leader registering at the hub.
      for (const [who, id] of [
        [admin, hq.id],
        [haiChauLeader, hq.id],
        [baNaLeader, hq.id],
        [haiChauLeader, province.id],
      ] as const)
        expect(
          await refusal(at(who, (uc) => updateAsset(uc, id, change))),
          `${who.role} ${who.unitCode} → ${id}`,
        ).toEqual({ code: 'forbidden', fields: [] });
      expect(await refusal(at(haiChauLeader, (uc) => registerAsset(uc, formerHq())))).toEqual({
        code: 'forbidden',
        fields: [],
      });
      // A province does not report facility needs; the communes do.
      expect(
        await refusal(
          at(admin, (uc) =>
            reportFacilityNeed(
              uc,
              parseInput(needInput, { needKind: 'hall', areaNeeded: '200', explanation: 'x' }),
            ),
          ),
        ),
      ).toEqual({ code: 'validation_failed', fields: [['needKind', 'commune_only']] });
      const after = await hub.services.storage.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      expect((await hubAssets()).map((a) => a.version)).toEqual([1, 1]);

      // The province reads the commune's register, but the form is not offered there.
      const register = await at(admin, (uc) => readAssetRegister(uc, { unitCode: '20242' }));
      expect(register.canManage).toBe(false);
      expect(register.assets.map((a) => a.id)).toEqual([hq.id]);
      expect(register.needs.map((n) => n.kind)).toEqual(['archive']);
      expect((await at(admin, (uc) => readAsset(uc, hq.id))).canManage).toBe(false);
      expect((await at(admin, (uc) => readAsset(uc, province.id))).canManage).toBe(true);
    });

    it('shows the province what stands empty or deteriorates beside what the communes lack', async () => {
      const hq = await haiChauSynced();
      const register = (input: Partial<AssetInput>) =>
        at(admin, (uc) => registerAsset(uc, formerHq(input)));
      const culture = await register({
        name: 'Nhà văn hóa huyện Hòa Vang (cũ)',
        kind: 'hall',
        condition: 'degraded',
        use: 'other_purpose',
        vacantSince: '',
        floorArea: '400',
      });
      const store = await register({
        name: 'Kho lưu trữ huyện (cũ)',
        kind: 'archive',
        floorArea: '150',
        vacantSince: '2025-08-15',
      });
      await register({ name: 'Trụ sở Sở đang dùng', use: 'main_office', vacantSince: '' });

      const overview = await at(admin, (uc) => readAssetOverview(uc, {}));
      expect(overview.province).toEqual({ unitCode: '48', unitName: 'Thành phố Đà Nẵng' });
      // The longest empty first; the deteriorating one (not empty) last; the one in use absent.
      expect(overview.assets.map((a) => [a.id, a.unitCode])).toEqual([
        [hq.id, '20242'],
        [store.id, '48'],
        [culture.id, '48'],
      ]);
      expect(overview.assets[0]?.vacancy).toEqual({ days: 513, months: 16 });
      expect(overview.needs).toHaveLength(1);
      const [need] = overview.needs;
      expect(need).toMatchObject({ unitCode: '20242', kind: 'archive', areaNeededM2: 120 });
      // The archive store first (the kind asked for), then the former HQ (serves an archive).
      expect(need?.candidates.map((c) => c.id)).toEqual([store.id, hq.id]);

      const filtered = await at(admin, (uc) =>
        readAssetOverview(uc, { unitCode: '48', condition: 'degraded' }),
      );
      expect(filtered.assets.map((a) => a.id)).toEqual([culture.id]);
      expect(filtered.needs).toEqual([]);
      expect(
        (
          await at(admin, (uc) => readAssetOverview(uc, { use: 'vacant', unitCode: '20242' }))
        ).assets.map((a) => a.id),
      ).toEqual([hq.id]);
      expect(
        await refusal(at(admin, (uc) => readAssetOverview(uc, { unitCode: '00004' }))),
      ).toEqual({
        code: 'validation_failed',
        fields: [['unitCode', 'unit_unknown']],
      });
      // A commune's leader does not see the province's overview.
      expect(await refusal(at(haiChauLeader, (uc) => readAssetOverview(uc, {})))).toEqual({
        code: 'forbidden',
        fields: [],
      });
    });
  });
});
