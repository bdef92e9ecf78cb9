// Public assets between a commune and the hub: what Bà Nà's leader records while the link is
// down is kept at the commune and reaches the province's overview with the next sync, in Bà
// Nà's own chain; it does not flow down to another commune.
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  assetInput,
  needInput,
  readAssetOverview,
  readAssetRegister,
  registerAsset,
  reportFacilityNeed,
} from '../application/assets.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';

const meta = { ip: null };

forEachDialect('public assets sync', (dialect) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.close();
    await hub.close();
  });
  const commune = async (unit: string) => {
    const node = await startCommune(unit, hub.url, { token: await hub.token(unit) });
    nodes.push(node);
    await node.worker.syncOnce();
    return node;
  };

  it('an asset recorded at an offline commune reaches the hub’s overview after sync', async () => {
    const baNa = await commune('20308');
    const haiChau = await commune('20242');
    await hub.down();
    const leader = await baNa.actor('leader');
    const run = <T>(fn: Parameters<typeof runUseCase<T>>[3]) =>
      runUseCase(baNa.services, leader, meta, fn);
    const asset = await run((uc) =>
      registerAsset(
        uc,
        parseInput(assetInput, {
          name: 'Trụ sở UBND xã Hòa Ninh (cũ)',
          kind: 'headquarters',
          address: 'Thôn An Sơn, xã Bà Nà',
          formerUnit: 'UBND xã Hòa Ninh',
          landArea: '2400',
          floorArea: '620',
          condition: 'degraded',
          use: 'vacant',
          vacantSince: '2025-07-01',
          notes: 'Mái tôn dột, cần sửa trước mùa mưa.',
        }),
      ),
    );
    const need = await run((uc) =>
      reportFacilityNeed(
        uc,
        parseInput(needInput, {
          needKind: 'archive',
          areaNeeded: '80',
          explanation: 'Hồ sơ của ba xã cũ chưa có kho.',
        }),
      ),
    );
    // Offline: the commune works, and sees its own register.
    const local = await run((uc) => readAssetRegister(uc, {}));
    expect(local.assets.map((a) => a.id)).toEqual([asset.id]);
    const admin = hub.admin;
    const overview = () => runUseCase(hub.services, admin, meta, (uc) => readAssetOverview(uc, {}));
    expect((await overview()).assets).toEqual([]);

    await hub.up();
    await baNa.worker.syncOnce();
    const after = await overview();
    expect(after.assets).toMatchObject([
      {
        id: asset.id,
        unitCode: '20308',
        unitName: 'Xã Bà Nà',
        condition: 'degraded',
        use: 'vacant',
        floorAreaM2: 620,
        vacancy: { days: 513, months: 16 },
      },
    ]);
    expect(after.needs).toMatchObject([
      { id: need.id, unitCode: '20308', kind: 'archive', candidates: [{ id: asset.id }] },
    ]);
    // At the hub the events are Bà Nà's, in its chain; the hub wrote none of its own.
    const events = await hub.services.storage.db
      .selectFrom('events')
      .select(['type', 'unit_code'])
      .where('entity_id', 'in', [asset.id, need.id])
      .orderBy('unit_seq')
      .execute();
    expect(events).toEqual([
      { type: 'asset.registered', unit_code: '20308' },
      { type: 'facility_need.reported', unit_code: '20308' },
    ]);

    // Another commune does not receive Bà Nà's register.
    await haiChau.worker.syncOnce();
    expect(await haiChau.services.storage.db.selectFrom('assets').select('id').execute()).toEqual(
      [],
    );
    expect(
      await haiChau.services.storage.db.selectFrom('facility_needs').select('id').execute(),
    ).toEqual([]);
  });
});
