// Public assets for the demo: a few headquarters and facilities at each commune (its leader
// registers them at the commune node; sync brings them to the hub) and at the province (a
// vacant former district headquarters, a deteriorating culture house), and a facility need
// reported by Bà Nà. Through the real use cases; a unit that already has assets is left alone,
// so a second `npm start` reuses what the first made. All names are invented for the demo.
import { actorOf } from '../application/auth.js';
import {
  assetInput,
  needInput,
  registerAsset,
  reportFacilityNeed,
  type AssetInput,
} from '../application/assets.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import type { Actor } from '../domain/permissions.js';
import type { DemoNode } from './demo-data.js';

type DemoAsset = Omit<AssetInput, 'formerUnit' | 'landArea' | 'notes'> &
  Partial<Pick<AssetInput, 'formerUnit' | 'landArea' | 'notes'>>;

const MERGER_DAY = '2025-07-01';

const demoAssets: Readonly<Record<string, readonly DemoAsset[]>> = {
  '48': [
    {
      name: 'Trụ sở Huyện ủy, UBND huyện Hòa Vang (cũ)',
      kind: 'headquarters',
      address: 'Đường Hoàng Văn Thái, thôn Dương Lâm',
      formerUnit: 'Huyện Hòa Vang (cấp huyện, đã kết thúc hoạt động)',
      landArea: '12500',
      floorArea: '4800',
      condition: 'good',
      use: 'vacant',
      vacantSince: MERGER_DAY,
      notes: 'Chờ phương án bố trí cho đơn vị sự nghiệp y tế, giáo dục hoặc các xã lân cận.',
    },
    {
      name: 'Trung tâm Văn hóa - Thể thao quận Ngũ Hành Sơn (cũ)',
      kind: 'hall',
      address: 'Đường Lê Văn Hiến',
      formerUnit: 'Quận Ngũ Hành Sơn',
      landArea: '3200',
      floorArea: '1350',
      condition: 'degraded',
      use: 'other_purpose',
      vacantSince: '',
      notes: 'Cho các tổ dân phố mượn sinh hoạt; mái và hệ thống điện xuống cấp.',
    },
    {
      name: 'Kho lưu trữ quận Liên Chiểu (cũ)',
      kind: 'archive',
      address: 'Đường Nguyễn Lương Bằng',
      formerUnit: 'Quận Liên Chiểu',
      floorArea: '420',
      condition: 'good',
      use: 'pending_disposal',
      vacantSince: '',
    },
  ],
  '20242': [
    {
      name: 'Trụ sở UBND phường Hải Châu',
      kind: 'headquarters',
      address: 'Đường Bạch Đằng',
      landArea: '1800',
      floorArea: '2600',
      condition: 'good',
      use: 'main_office',
      vacantSince: '',
    },
    {
      name: 'Trụ sở UBND phường Thạch Thang (cũ)',
      kind: 'headquarters',
      address: 'Đường Lê Lợi',
      formerUnit: 'UBND phường Thạch Thang',
      landArea: '900',
      floorArea: '1100',
      condition: 'good',
      use: 'secondary_office',
      vacantSince: '',
      notes: 'Điểm tiếp nhận hồ sơ của Trung tâm Phục vụ hành chính công phường.',
    },
    {
      name: 'Trụ sở UBND phường Phước Ninh (cũ)',
      kind: 'headquarters',
      address: 'Đường Nguyễn Văn Linh',
      formerUnit: 'UBND phường Phước Ninh',
      landArea: '650',
      floorArea: '640,5',
      condition: 'good',
      use: 'vacant',
      vacantSince: MERGER_DAY,
    },
  ],
  '20308': [
    {
      name: 'Trụ sở UBND xã Bà Nà',
      kind: 'headquarters',
      address: 'Thôn Phú Túc',
      landArea: '2400',
      floorArea: '380',
      condition: 'degraded',
      use: 'main_office',
      vacantSince: '',
      notes: 'Trụ sở của một xã cũ, chật so với bộ máy sau sắp xếp.',
    },
    {
      name: 'Trụ sở UBND xã Hòa Phú (cũ)',
      kind: 'headquarters',
      address: 'Thôn Hòa Hải',
      formerUnit: 'UBND xã Hòa Phú',
      landArea: '3000',
      floorArea: '450',
      condition: 'good',
      use: 'vacant',
      vacantSince: MERGER_DAY,
      notes: 'Cách trụ sở chính khoảng 18 km.',
    },
    {
      name: 'Kho lưu trữ xã Hòa Phú (cũ)',
      kind: 'archive',
      address: 'Thôn Hòa Hải',
      formerUnit: 'UBND xã Hòa Phú',
      floorArea: '60',
      condition: 'unusable',
      use: 'pending_disposal',
      vacantSince: '',
    },
  ],
};

const demoNeeds: Readonly<Record<string, readonly Record<string, string>[]>> = {
  '20308': [
    {
      needKind: 'one_stop_desk',
      areaNeeded: '80',
      explanation:
        'Bộ phận Một cửa đặt tạm ở hành lang tầng 1 (khoảng 18 m²); người dân phải đứng chờ ngoài trời. Cần khoảng 80 m² gần trụ sở chính.',
    },
  ],
};

async function seedUnit(services: Services, actor: Actor): Promise<number> {
  const unit = services.node.unitCode;
  const existing = await services.storage.db
    .selectFrom('assets')
    .select('id')
    .where('unit_code', '=', unit)
    .limit(1)
    .executeTakeFirst();
  if (existing !== undefined) return 0;
  const run = <T>(fn: Parameters<typeof runUseCase<T>>[3]) =>
    runUseCase(services, actor, { ip: null }, fn);
  let made = 0;
  for (const asset of demoAssets[unit] ?? []) {
    const input = parseInput(assetInput, { formerUnit: '', landArea: '', notes: '', ...asset });
    await run((uc) => registerAsset(uc, input));
    made += 1;
  }
  for (const need of demoNeeds[unit] ?? [])
    await run((uc) => reportFacilityNeed(uc, parseInput(needInput, need)));
  return made;
}

/**
 * The demo's assets: the province's at the hub (by its administrator), each commune's at the
 * commune (by its leader, whose account sync has already brought there). The caller's next
 * sync round takes the communes' to the hub.
 */
export async function seedDemoAssets(
  hub: Services,
  admin: Actor,
  communes: readonly { readonly services: Services; readonly node: DemoNode }[],
  print: (line: string) => void,
): Promise<void> {
  const counts = [`${hub.node.unitName}: ${await seedUnit(hub, admin)}`];
  for (const { services, node } of communes) {
    const username = node.accounts.find((a) => a.role === 'leader')?.username ?? '';
    const row = await services.storage.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    if (row === undefined) continue;
    counts.push(`${services.node.unitName}: ${await seedUnit(services, actorOf(services, row))}`);
  }
  print(`Public assets registered (new): ${counts.join(', ')}.`);
}
