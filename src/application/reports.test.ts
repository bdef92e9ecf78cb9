// The reports' figures against the dossiers they are counted from, on SQLite and PostgreSQL:
// November 2026 at two communes, built through the real desk use cases (test/report-fixtures.ts
// tells each dossier's story) and pushed to the hub by their sync workers. Every figure below
// is worked out by hand from that story; the same figures are then read at the commune itself,
// for a running month, and as the overdue list with its working days. Refusals read nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import { haiChauAndBaNa, vn, type Desk } from '../../test/report-fixtures.js';
import {
  startCommune,
  startHub,
  testClock,
  type Clock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import type { Actor } from '../domain/permissions.js';
import type { ReportTemplateId } from '../domain/reports.js';
import type { Cell, ReportSheet } from '../documents/report-sheet.js';
import { civilStatistics } from './civil-statistics.js';
import { AppError } from './errors.js';
import { countProcedureResults, listOverdueDossiers, readReport } from './reports.js';
import type { Services } from './services.js';
import { runUseCase } from './use-case.js';

// Thursday 03/12/2026 09:00 in Vietnam: November is over, December runs.
const NOW = vn('2026-12-03T09:00');

/**
 * The columns of the procedure-results tables, after the row's label: to handle (total,
 * carried over, online, in person), resolved (total, early, on time, late), in process (total,
 * within time, overdue), withdrawn, stopped, refused at intake.
 */
const figures = (
  toHandle: [number, number, number, number],
  resolved: [number, number, number, number],
  open: [number, number, number],
  withdrawn: number,
  stopped: number,
  refused: number,
) => [...toHandle, ...resolved, ...open, withdrawn, stopped, refused];

// Hải Châu in November: A, C carried over; E online; D, F, G, H, I, J, L, M in person (K was
// refused). D early; C, E on time; A, F late. H (clock stopped) and M within time; G, L
// overdue. I withdrawn, J stopped. 11 = 5 resolved + 1 + 1 + 4 in process.
const haiChauNovember = figures([11, 2, 1, 8], [5, 1, 2, 2], [4, 2, 2], 1, 1, 1);
// Bà Nà: P early, Q overdue.
const baNaNovember = figures([2, 0, 0, 2], [1, 1, 0, 0], [1, 0, 1], 0, 0, 0);
const provinceNovember = figures([13, 2, 1, 10], [6, 2, 2, 2], [5, 2, 3], 1, 1, 1);
// By sector at Hải Châu: D alone is hộ tịch; the rest cư trú.
const haiChauResidence = figures([10, 2, 1, 7], [4, 0, 2, 2], [4, 2, 2], 1, 1, 1);
const haiChauCivil = figures([1, 0, 0, 1], [1, 1, 0, 0], [0, 0, 0], 0, 0, 0);

const residenceSector = 'Đăng ký, quản lý cư trú (cu_tru)';
const civilSector = 'Hộ tịch (ho_tich)';

forEachDialect('reports from live data', (dialect) => {
  let hub: TestHub;
  let hubClock: Clock;
  const communes: TestCommune[] = [];
  beforeEach(async () => {
    hubClock = testClock(NOW);
    hub = await startHub(await dialect.createDatabase(), { clock: hubClock });
  });
  afterEach(async () => {
    await Promise.all(communes.splice(0).map((c) => c.close()));
    await hub.close();
  });

  const commune = async (unit: string): Promise<{ node: TestCommune; desk: Desk }> => {
    const node = await startCommune(unit, hub.url, {
      token: await hub.token(unit),
      clock: testClock(NOW),
    });
    communes.push(node);
    await node.worker.syncOnce();
    return {
      node,
      desk: {
        unit,
        services: node.services,
        setClock: (at) => {
          node.clock.set(at);
        },
        receiving: await node.actor('receiving_officer'),
        specialist: await node.actor('specialist'),
        leader: await node.actor('leader'),
      },
    };
  };

  /** Both communes' work, pushed to the hub on 03/12 at 09:00. */
  async function november() {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const built = await haiChauAndBaNa(haiChau.desk, baNa.desk);
    for (const c of [haiChau, baNa]) {
      c.node.clock.set(NOW);
      await c.node.worker.syncOnce();
    }
    return { haiChau, baNa, built };
  }

  const read = (
    services: Services,
    actor: Actor,
    template: ReportTemplateId,
    month: string,
    unit?: string,
  ): Promise<ReportSheet> =>
    runUseCase(services, actor, { ip: null }, (uc) =>
      readReport(uc, template, { month, ...(unit === undefined ? {} : { unit }) }),
    );
  const rowsOf = (sheet: ReportSheet, section: string): (readonly Cell[])[] => {
    const found = sheet.sections.find((s) => s.id === section);
    if (found === undefined) throw new Error(`no section ${section}`);
    return [...found.rows, ...(found.total === undefined ? [] : [found.total])];
  };

  it('counts November at the province: each column from the dossiers, by unit and by sector', async () => {
    await november();
    const sheet = await read(hub.services, hub.admin, 'procedure-results', '2026-11');
    expect(sheet).toMatchObject({
      month: '2026-11',
      scope: { unitCode: '48', unitName: 'Thành phố Đà Nẵng' },
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
      asOf: '2026-11-30T17:00:00.000Z',
      running: false,
    });
    expect(rowsOf(sheet, 'by-unit')).toEqual([
      ['Phường Hải Châu (20242)', ...haiChauNovember],
      ['Xã Bà Nà (20308)', ...baNaNovember],
      [null, ...provinceNovember],
    ]);
    expect(rowsOf(sheet, 'by-sector')).toEqual([
      [residenceSector, ...figures([11, 2, 1, 8], [4, 0, 2, 2], [5, 2, 3], 1, 1, 1)],
      [civilSector, ...figures([2, 0, 0, 2], [2, 2, 0, 0], [0, 0, 0], 0, 0, 0)],
      [null, ...provinceNovember],
    ]);
    // The hub says when each commune's data last reached it: both pushed at 09:00 today.
    expect(sheet.sources).toEqual([
      { unitCode: '20242', unitName: 'Phường Hải Châu', lastPushAt: NOW, lastSeenAt: NOW },
      { unitCode: '20308', unitName: 'Xã Bà Nà', lastPushAt: NOW, lastSeenAt: NOW },
    ]);

    // One commune, at the hub: its sectors and its total.
    const one = await read(hub.services, hub.admin, 'procedure-results', '2026-11', '20242');
    expect(one.sections.map((s) => s.id)).toEqual(['by-sector']);
    expect(rowsOf(one, 'by-sector')).toEqual([
      [residenceSector, ...haiChauResidence],
      [civilSector, ...haiChauCivil],
      [null, ...haiChauNovember],
    ]);
    expect(one.sources).toEqual([
      { unitCode: '20242', unitName: 'Phường Hải Châu', lastPushAt: NOW, lastSeenAt: NOW },
    ]);

    // October at Hải Châu: A, B, C received; B finished; A and C still open at its end, both
    // within time then? A was due 29/10 09:00: overdue; C due 02/11: within time.
    const october = await read(hub.services, hub.admin, 'procedure-results', '2026-10', '20242');
    expect(rowsOf(october, 'by-sector').at(-1)).toEqual([
      null,
      ...figures([3, 0, 0, 3], [1, 0, 1, 0], [2, 1, 1], 0, 0, 0),
    ]);

    // The typed figures agree with the sheet, and the columns balance.
    const counts = await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
      countProcedureResults({
        uc,
        scope: { unitCode: '20308', unitName: 'Xã Bà Nà' },
        province: false,
        unitCodes: ['20308'],
        period: {
          month: '2026-11',
          from: vn('2026-11-01T00:00'),
          to: vn('2026-12-01T00:00'),
          asOf: vn('2026-12-01T00:00'),
        },
        limit: 10,
      }),
    );
    expect(counts.total).toEqual({
      carriedOver: 0,
      receivedOnline: 0,
      receivedOther: 2,
      resolvedEarly: 1,
      resolvedOnTime: 0,
      resolvedLate: 0,
      openWithin: 0,
      openOverdue: 1,
      withdrawn: 0,
      stopped: 0,
      refused: 0,
    });
  });

  it('gives the commune the figures the province has for it, and takes a running month now', async () => {
    const { haiChau } = await november();
    const officer = haiChau.desk.receiving;
    for (const template of ['procedure-results', 'overdue-dossiers', 'civil-status'] as const) {
      const atCommune = await read(haiChau.node.services, officer, template, '2026-11');
      const atHub = await read(hub.services, hub.admin, template, '2026-11', '20242');
      expect(atCommune.sections, template).toEqual(atHub.sections);
      expect(atCommune.sources).toBeNull();
    }

    // December runs: taken at 09:00 on 03/12. G, H, L, M carried over, N new; only H (its
    // clock stopped) is within time: M was due 01/12 16:00, N 02/12 08:00.
    const december = await read(haiChau.node.services, officer, 'procedure-results', '2026-12');
    expect(december).toMatchObject({ asOf: NOW, running: true, firstDay: '2026-12-01' });
    expect(rowsOf(december, 'by-sector')).toEqual([
      [residenceSector, ...figures([5, 4, 0, 1], [0, 0, 0, 0], [5, 1, 4], 0, 0, 0)],
      [null, ...figures([5, 4, 0, 1], [0, 0, 0, 0], [5, 1, 4], 0, 0, 0)],
    ]);
  });

  it('lists the overdue dossiers with their working days late, and audits the read', async () => {
    const { built } = await november();
    const sheet = await read(hub.services, hub.admin, 'overdue-dossiers', '2026-11');
    // At the end of November: G (due 05/11 09:00: 16 working days and most of the 17th, 24/11
    // being a day off), L (due 30/11 09:00: most of one), Bà Nà's Q (due 11/11 09:00: 13).
    expect(rowsOf(sheet, 'overdue')).toEqual([
      [
        'Phường Hải Châu (20242)',
        built.g.code,
        'Xác nhận thông tin về cư trú (1.010041)',
        'Người nộp 7',
        vn('2026-11-04T09:00'),
        vn('2026-11-05T09:00'),
        null,
        17,
        'specialist 20242',
        'processing',
      ],
      [
        'Phường Hải Châu (20242)',
        built.l.code,
        'Xác nhận thông tin về cư trú (1.010041)',
        'Người nộp 12',
        vn('2026-11-27T09:00'),
        vn('2026-11-30T09:00'),
        null,
        1,
        'specialist 20242',
        'processing',
      ],
      [
        'Xã Bà Nà (20308)',
        built.q.code,
        'Xác nhận thông tin về cư trú (1.010041)',
        'Người nộp 22',
        vn('2026-11-10T09:00'),
        vn('2026-11-11T09:00'),
        null,
        13,
        'specialist 20308',
        'processing',
      ],
    ]);
    // The list is exactly the "in process, overdue" column of the results report.
    const results = await read(hub.services, hub.admin, 'procedure-results', '2026-11');
    expect(rowsOf(results, 'by-unit').at(-1)?.[11]).toBe(3);

    // Now (03/12 09:00) at Hải Châu: G, L, M and N. G: 17 working days by the month's end
    // (7,560 office minutes), then 01/12, 02/12 and 90 minutes of 03/12: 8,550 minutes, 19
    // days exactly; L: 360 + 990 minutes, 3 days.
    const now = await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
      listOverdueDossiers({
        uc,
        scope: { unitCode: '20242', unitName: 'Phường Hải Châu' },
        province: false,
        unitCodes: ['20242'],
        period: {
          month: '2026-12',
          from: vn('2026-12-01T00:00'),
          to: vn('2027-01-01T00:00'),
          asOf: NOW,
        },
        limit: 2,
      }),
    );
    // Only the first two are read, oldest appointment first; the total says how many there are.
    expect(now.total).toBe(4);
    expect(now.rows.map((r) => [r.code, r.workingDaysOverdue])).toEqual([
      [built.g.code, 19],
      [built.l.code, 3],
    ]);

    const audit = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['kind', 'outcome', 'subject_type', 'subject_id', 'actor_id'])
      .where('action', '=', 'report.read')
      .orderBy('id')
      .execute();
    expect(audit).toEqual(
      ['overdue-dossiers/48/2026-11', 'procedure-results/48/2026-11'].map((subject_id) => ({
        kind: 'read',
        outcome: 'ok',
        subject_type: 'report',
        subject_id,
        actor_id: hub.admin.id,
      })),
    );
  });

  it('reports the civil-status figures exactly as the civil-status statistics do', async () => {
    const { haiChau } = await november();
    const officer = haiChau.desk.leader;
    const statistics = await runUseCase(haiChau.node.services, officer, { ip: null }, (uc) =>
      civilStatistics(uc, { month: '2026-11' }),
    );
    const sheet = await read(haiChau.node.services, officer, 'civil-status', '2026-11');
    const f = statistics.total;
    const cells = (r: typeof f.births) => [r.total, r.male, r.female, r.onTime, r.late];
    expect(rowsOf(sheet, 'civil-status')).toEqual([
      ['Phường Hải Châu (20242)', ...cells(f.births), ...cells(f.deaths), f.marriages],
    ]);
  });

  describe('refusals', () => {
    it('refuses an unknown unit, a month not begun, another unit at a commune, a commune officer elsewhere', async () => {
      const { haiChau } = await november();
      const problem = async (promise: Promise<unknown>) => {
        const error = await promise.then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppError);
        const app = error as AppError;
        return app.code === 'validation_failed'
          ? app.fields.map((f) => [f.field, f.reason])
          : app.code;
      };
      const before = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(
        await problem(read(hub.services, hub.admin, 'procedure-results', '2026-11', '99999')),
      ).toEqual([['unit', 'unit_unknown']]);
      expect(await problem(read(hub.services, hub.admin, 'procedure-results', '2027-01'))).toEqual([
        ['month', 'month_future'],
      ]);
      // A commune's node holds only its own figures: the province's are read at the hub.
      expect(
        await problem(read(haiChau.node.services, hub.admin, 'procedure-results', '2026-11', '48')),
      ).toEqual([['unit', 'unit_not_here']]);
      const after = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));

      // A commune's officer at the hub: their commune, not another one nor the province.
      const officer = haiChau.desk.receiving;
      expect(
        (await read(hub.services, officer, 'overdue-dossiers', '2026-11')).scope.unitCode,
      ).toBe('20242');
      for (const unit of ['20308', '48'])
        expect(
          await problem(read(hub.services, officer, 'overdue-dossiers', '2026-11', unit)),
        ).toBe('forbidden');
      const denied = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome', 'subject_id'])
        .where('action', '=', 'report.read')
        .where('outcome', '=', 'denied')
        .orderBy('id')
        .execute();
      expect(denied).toEqual([
        { kind: 'access', outcome: 'denied', subject_id: 'overdue-dossiers/20308/2026-11' },
        { kind: 'access', outcome: 'denied', subject_id: 'overdue-dossiers/48/2026-11' },
      ]);
    });
  });
});
