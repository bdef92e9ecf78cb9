// The calendar projector on every database under test: it keeps one row per year, the newest
// notice, and refuses a payload that is not a valid notice (the whole append rolls back).
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../test/dialects.js';
import type { EventDraft } from '../../domain/events.js';
import type { CalendarNotice } from '../../domain/working-calendar.js';
import type { Storage } from '../storage.js';
import { projectors } from './index.js';

const HUB = '48';
const SYSTEM = { actorId: null };

function notice(year: number, title = `Lịch nghỉ năm ${year}`): CalendarNotice {
  return {
    year,
    title,
    documents: [{ number: 'TB 1/TB-BNV' }],
    daysOff: [],
    swaps: [],
    rules: [{ rule: 'culture_day', action: 'confirm', source: 'TB 1/TB-BNV' }],
  };
}

const published = (payload: unknown, entityId: string): EventDraft => ({
  type: 'calendar.notice_published',
  entityType: 'calendar_notice',
  entityId,
  payload,
});

async function publish(storage: Storage, draft: EventDraft): Promise<void> {
  await storage.transaction(async (tx) => {
    await tx.append(draft, SYSTEM);
  });
}

forEachDialect('calendar projector', (dialect) => {
  it('writes one row per year and replaces it when the year is published again', async () => {
    const storage = await (await dialect.createDatabase()).open({ unitCode: HUB, projectors });
    await publish(storage, published(notice(2027), '2027'));
    await publish(storage, published(notice(2028), '2028'));
    await publish(storage, published(notice(2027, 'Sửa đổi'), '2027'));
    const rows = await storage.db
      .selectFrom('calendar_notices')
      .selectAll()
      .orderBy('year')
      .execute();
    expect(rows.map((r) => [r.year, (JSON.parse(r.payload) as CalendarNotice).title])).toEqual([
      [2027, 'Sửa đổi'],
      [2028, 'Lịch nghỉ năm 2028'],
    ]);
    for (const r of rows) expect(r.published_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  describe('refuses, writing nothing', () => {
    it('a payload that is not a valid notice', async () => {
      const storage = await (await dialect.createDatabase()).open({ unitCode: HUB, projectors });
      const bad = {
        ...notice(2027),
        swaps: [{ dayOff: '2027-04-24', workday: '2027-04-26', source: 'TB 1/TB-BNV' }],
      };
      await expect(publish(storage, published(bad, '2027'))).rejects.toThrow(/swaps\.0\.dayOff/);
      expect(await storage.db.selectFrom('events').selectAll().execute()).toEqual([]);
      expect(await storage.db.selectFrom('calendar_notices').selectAll().execute()).toEqual([]);
    });

    it('a notice filed under another year', async () => {
      const storage = await (await dialect.createDatabase()).open({ unitCode: HUB, projectors });
      await expect(publish(storage, published(notice(2027), '2028'))).rejects.toThrow(
        /holds the notice of 2027/,
      );
      expect(await storage.db.selectFrom('calendar_notices').selectAll().execute()).toEqual([]);
    });
  });
});
