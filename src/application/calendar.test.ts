// Importing a year's calendar notice at the province hub, and building the working calendar
// from the shipped data overlaid by the imported notices. SQLite always, PostgreSQL with
// DATABASE_URL.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { parseCalendarDataJson, type CalendarData } from '../domain/calendar-notices.js';
import type { Actor } from '../domain/permissions.js';
import type { Role } from '../domain/roles.js';
import { importCalendarNotice, loadWorkingCalendar, provinceDeadline } from './calendar.js';
import { AppError } from './errors.js';
import { runUseCase } from './use-case.js';

function shippedData(): CalendarData {
  const text = readFileSync(new URL('../../data/calendar/notices.json', import.meta.url), 'utf8');
  const parsed = parseCalendarDataJson(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}
const shipped = shippedData();

/** The 2027 notice a province would import (dates are an example, not the real notice). */
function notice2027(overrides: Record<string, unknown> = {}): string {
  const source = 'TB 1234/TB-BNV';
  return JSON.stringify({
    year: 2027,
    title: 'Lịch nghỉ lễ, Tết năm 2027 của cán bộ, công chức, viên chức',
    documents: [{ number: source, issuer: 'Bộ Nội vụ', date: '2026-10-15' }],
    daysOff: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map((date) => ({
      date,
      kind: 'holiday',
      rule: 'lunar_new_year',
      source,
    })),
    swaps: [],
    rules: [{ rule: 'culture_day', action: 'confirm', source }],
    ...overrides,
  });
}

async function actorOf(node: TestNode, role: Role): Promise<Actor> {
  const row = await node.storage.db
    .selectFrom('accounts')
    .select(['id', 'role', 'unit_code'])
    .where('username', '=', node.usernames[role])
    .executeTakeFirstOrThrow();
  const provinceCode = node.services.units.unit(row.unit_code)?.provinceCode ?? '';
  return { id: row.id, role, unitCode: row.unit_code, provinceCode };
}

async function importAs(node: TestNode, role: Role, content: string) {
  const actor = await actorOf(node, role);
  return runUseCase(node.services, actor, { ip: '10.0.0.7' }, (uc) =>
    importCalendarNotice(uc, content),
  );
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

forEachDialect('calendar use cases', (dialect) => {
  describe('at the province hub', () => {
    let node: TestNode;
    beforeEach(async () => {
      node = await startTestNode(await dialect.createDatabase(), { role: 'province', unit: '48' });
    });

    it('works from the shipped notices until a province imports its own', async () => {
      const calendar = await loadWorkingCalendar(node.storage.db, '48', shipped);
      expect([2025, 2026, 2027].map((y) => calendar.hasNoticeFor(y))).toEqual([true, true, false]);
      expect(calendar.isWorkingDay('2026-02-20')).toBe(false);
      expect(calendar.officeHours).toBe(shipped.officeHours.default);
    });

    it('imports 2027: one event, its projection and an audit entry, then the calendar follows it', async () => {
      const before = await node.counts();
      const result = await importAs(node, 'province_admin', notice2027());
      expect(result).toMatchObject({ year: 2027, replaced: false });

      const event = await node.storage.db
        .selectFrom('events')
        .selectAll()
        .where('id', '=', result.eventId)
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({
        type: 'calendar.notice_published',
        entity_type: 'calendar_notice',
        entity_id: '2027',
        unit_code: '48',
      });
      expect(JSON.parse(event.payload)).toEqual(JSON.parse(notice2027()));

      const row = await node.storage.db
        .selectFrom('calendar_notices')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ year: 2027, published_at: event.occurred_at });

      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('event_id', '=', result.eventId)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({
        kind: 'write',
        action: 'calendar.import',
        subject_type: 'calendar_notice',
        subject_id: '2027',
        outcome: 'ok',
        ip: '10.0.0.7',
      });
      const after = await node.counts();
      expect(after.events - before.events).toBe(1);
      expect(after.audit - before.audit).toBe(1);

      const calendar = await loadWorkingCalendar(node.storage.db, '48', shipped);
      expect(calendar.hasNoticeFor(2027)).toBe(true);
      // The imported Tết days, not the suggestion (which would start on Thursday 04/02).
      expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
      expect(calendar.isWorkingDay('2027-02-11')).toBe(false);
      expect(calendar.describeDay('2027-11-24').reasons[0]?.unconfirmed).toBe(false);
    });

    it('computes a deadline on the province calendar, imported notice included', async () => {
      const question = {
        provinceCode: '48',
        processingTime: { unit: 'same_day', value: 0 } as const,
        receivedAt: '2027-02-04T09:00:00.000Z', // Thursday 04/02/2027 16:00, after 15:00
        pauses: [],
        now: '2027-02-04T09:00:00.000Z',
      };
      // Without a notice the suggested Tết starts Thursday 04/02: due Thursday 11/02.
      expect(await provinceDeadline(node.storage.db, shipped, question)).toMatchObject({
        dueAt: '2027-02-11T10:00:00.000Z',
        provisional: true,
      });
      await importAs(node, 'province_admin', notice2027());
      // The imported Tết starts Friday 05/02 and runs to Thursday 11/02: due Friday 12/02.
      expect(await provinceDeadline(node.storage.db, shipped, question)).toMatchObject({
        dueAt: '2027-02-12T10:00:00.000Z',
        overdue: false,
      });
    });

    it('replaces a year on a second import, and overrides a shipped year', async () => {
      const drop = JSON.stringify({
        year: 2026,
        title: 'Bản sửa đổi',
        documents: [{ number: 'NQ thử' }],
        rules: [{ rule: 'culture_day', action: 'drop', source: 'NQ thử' }],
      });
      expect((await importAs(node, 'province_admin', drop)).replaced).toBe(false);
      expect((await importAs(node, 'province_admin', drop)).replaced).toBe(true);
      const rows = await node.storage.db.selectFrom('calendar_notices').selectAll().execute();
      expect(rows.map((r) => r.year)).toEqual([2026]);
      const calendar = await loadWorkingCalendar(node.storage.db, '48', shipped);
      expect(calendar.noticeFor(2026)?.title).toBe('Bản sửa đổi');
      expect(calendar.isWorkingDay('2026-11-24')).toBe(true);
    });

    it('refuses a bad file with every problem by entry and field, and writes nothing', async () => {
      const before = await node.counts();
      const error = await refusal(
        importAs(
          node,
          'province_admin',
          notice2027({
            daysOff: [
              {
                date: '2027-02-31',
                kind: 'holiday',
                rule: 'lunar_new_year',
                source: 'TB 1234/TB-BNV',
              },
              { date: '2027-02-08', kind: 'holiday', rule: 'lunar_new_year', source: 'TB 99' },
            ],
            swaps: [{ dayOff: '2027-04-24', workday: '2027-04-26', source: 'TB 1234/TB-BNV' }],
          }),
        ),
      );
      expect(error.code).toBe('validation_failed');
      expect(error.fields.map((f) => `${f.field} ${f.reason} ${f.message}`)).toEqual([
        'daysOff.0.date date_format field.date_format',
        'daysOff.1.source unknown_source field.invalid',
        'swaps.0.dayOff not_a_weekday field.invalid',
        'swaps.0.workday not_a_weekend field.invalid',
      ]);
      expect(await node.counts()).toEqual(before);
    });

    it('refuses a file that is not JSON', async () => {
      const error = await refusal(importAs(node, 'province_admin', '{"year": 2027'));
      expect(error.fields).toEqual([
        { field: 'file', reason: 'invalid_json', message: 'error.invalid_json' },
      ]);
    });

    it('forbids anyone but a province administrator, and audits the refusal', async () => {
      for (const role of ['receiving_officer', 'leader', 'service', 'citizen'] as const) {
        const error = await refusal(importAs(node, role, notice2027()));
        expect(error.code).toBe('forbidden');
      }
      const denied = await node.storage.db
        .selectFrom('audit_entries')
        .select(['action', 'outcome', 'subject_id'])
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied).toHaveLength(4);
      expect(denied[0]).toEqual({
        action: 'calendar.import',
        outcome: 'denied',
        subject_id: '2027',
      });
      expect(await node.storage.db.selectFrom('calendar_notices').selectAll().execute()).toEqual(
        [],
      );
    });
  });

  it('forbids importing at a commune node: the calendar has one writer, the hub', async () => {
    const commune = await startTestNode(await dialect.createDatabase(), { role: 'commune' });
    const error = await refusal(importAs(commune, 'province_admin', notice2027()));
    expect(error.code).toBe('forbidden');
  });
});
