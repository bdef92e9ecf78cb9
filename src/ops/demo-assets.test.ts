// The demo's public assets pass every rule, land at the hub after sync (Bà Nà's need with the
// empty buildings that could serve it), and a second seeding adds nothing.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readAssetOverview } from '../application/assets.js';
import { runUseCase } from '../application/use-case.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';
import { seedDemoAssets } from './demo-assets.js';
import type { DemoNode } from './demo-data.js';

forEachDialect('demo assets', (dialect) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.close();
    await hub.close();
  });

  it('seeds the hub and both communes once, and the hub sees Bà Nà’s need with its candidates', async () => {
    const communes = [];
    for (const unit of ['20242', '20308']) {
      const services = await startCommune(unit, hub.url, { token: await hub.token(unit) });
      nodes.push(services);
      await services.worker.syncOnce();
      // The harness's leader stands in for the demo's.
      const node: DemoNode = {
        key: `commune-${unit}`,
        role: 'commune',
        unitCode: unit,
        portOffset: 0,
        accounts: [
          { username: `lanhdao.${unit}`, displayName: 'Lãnh đạo', role: 'leader', unitCode: unit },
        ],
      };
      communes.push({ services: services.services, node });
    }
    const lines: string[] = [];
    await seedDemoAssets(hub.services, hub.admin, communes, (line) => lines.push(line));
    for (const node of nodes) await node.worker.syncOnce();
    await seedDemoAssets(hub.services, hub.admin, communes, (line) => lines.push(line));
    expect(lines).toEqual([
      'Public assets registered (new): Thành phố Đà Nẵng: 3, Phường Hải Châu: 3, Xã Bà Nà: 3.',
      'Public assets registered (new): Thành phố Đà Nẵng: 0, Phường Hải Châu: 0, Xã Bà Nà: 0.',
    ]);

    const overview = await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
      readAssetOverview(uc, {}),
    );
    expect(overview.assets.map((a) => a.name)).toEqual([
      // Vacant since the merger, by unit code.
      'Trụ sở UBND phường Phước Ninh (cũ)',
      'Trụ sở UBND xã Hòa Phú (cũ)',
      'Trụ sở Huyện ủy, UBND huyện Hòa Vang (cũ)',
      // Not vacant, but awaiting disposal or deteriorating.
      'Kho lưu trữ xã Hòa Phú (cũ)',
      'Trụ sở UBND xã Bà Nà',
      'Kho lưu trữ quận Liên Chiểu (cũ)',
      'Trung tâm Văn hóa - Thể thao quận Ngũ Hành Sơn (cũ)',
    ]);
    expect(overview.needs).toHaveLength(1);
    expect(overview.needs[0]?.unitCode).toBe('20308');
    expect(overview.needs[0]?.candidates.map((c) => c.name)).toEqual([
      'Trụ sở UBND xã Hòa Phú (cũ)',
      'Trụ sở UBND phường Phước Ninh (cũ)',
      'Trụ sở Huyện ủy, UBND huyện Hòa Vang (cũ)',
    ]);
  });
});
