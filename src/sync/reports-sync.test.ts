// A commune's report at the province is the commune's own report: the same figures on the
// commune's node and at the hub once they have synced, for every template — including a
// dossier one commune received for another (it counts for the one that decides it) and work
// done offline, which the hub shows only after the next push, saying when that push was.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import {
  assign,
  intake,
  processed,
  residence,
  step,
  vn,
  type Desk,
} from '../../test/report-fixtures.js';
import {
  startCommune,
  startHub,
  testClock,
  type Clock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { readReport } from '../application/reports.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import type { Actor } from '../domain/permissions.js';
import { reportTemplateIds, type ReportTemplateId } from '../domain/reports.js';
import type { ReportSheet } from '../documents/report-sheet.js';

const NOW = vn('2026-12-03T09:00');

forEachDialect('reports after sync', (dialect) => {
  let hub: TestHub;
  let hubClock: Clock;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hubClock = testClock(NOW);
    hub = await startHub(await dialect.createDatabase(), { clock: hubClock });
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((c) => c.close()));
    await hub.close();
  });

  const commune = async (unit: string): Promise<{ node: TestCommune; desk: Desk }> => {
    const node = await startCommune(unit, hub.url, {
      token: await hub.token(unit),
      clock: testClock(vn('2026-11-02T07:00')),
    });
    nodes.push(node);
    hubClock.set(vn('2026-11-02T07:00'));
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
  /** One sync round of the commune, at a Vietnam-local time on both clocks. */
  const sync = async (c: { node: TestCommune }, local: string) => {
    hubClock.set(vn(local));
    c.node.clock.set(vn(local));
    await c.node.worker.syncOnce();
  };
  const read = (
    services: Services,
    actor: Actor,
    template: ReportTemplateId,
    unit?: string,
  ): Promise<ReportSheet> =>
    runUseCase(services, actor, { ip: null }, (uc) =>
      readReport(uc, template, { month: '2026-11', ...(unit === undefined ? {} : { unit }) }),
    );
  const total = (sheet: ReportSheet) => sheet.sections[0]?.total?.slice(1);

  it('matches the commune’s own report at the hub for every template once synced', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const hc = haiChau.desk;
    const bn = baNa.desk;

    // Hải Châu receives a residence confirmation for Bà Nà (the procedure is non-territorial)
    // and one of its own, finished the next day.
    const forBaNa = await intake(hc, '2026-11-05T09:00', 31, residence, {
      competentUnitCode: '20308',
    });
    const own = await intake(hc, '2026-11-05T09:30', 32, residence);
    await processed(hc, own, '2026-11-05T09:40', '2026-11-06T09:00');
    await sync(haiChau, '2026-11-05T12:00');
    await sync(baNa, '2026-11-05T12:05'); // takes the transfer
    await sync(baNa, '2026-11-05T12:10'); // and tells the hub it did
    await assign(bn, '2026-11-05T13:30', forBaNa);
    await step(bn, bn.specialist, '2026-11-06T09:00', forBaNa, 'submit_for_approval');
    await step(bn, bn.leader, '2026-11-06T09:00', forBaNa, 'approve');
    await sync(baNa, '2026-11-06T12:00');
    await sync(haiChau, '2026-11-06T12:05');

    // Bà Nà then works offline: a dossier received on 10/11 that the hub has not seen.
    const offline = await intake(bn, '2026-11-10T09:00', 33, residence);
    await assign(bn, '2026-11-10T09:10', offline);

    for (const c of [haiChau, baNa]) c.node.clock.set(NOW);
    hubClock.set(NOW);
    const admin = hub.admin;
    // Bà Nà's own report counts both of its dossiers: the transferred one resolved on time,
    // the offline one overdue (due 11/11 09:00).
    const own20308 = await read(baNa.node.services, bn.leader, 'procedure-results');
    expect(total(own20308)).toEqual([2, 0, 0, 2, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0]);
    // The hub has only what Bà Nà pushed on 06/11, and says so.
    const stale = await read(hub.services, admin, 'procedure-results', '20308');
    expect(total(stale)).toEqual([1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(stale.sources).toEqual([
      {
        unitCode: '20308',
        unitName: 'Xã Bà Nà',
        lastPushAt: vn('2026-11-06T12:00'),
        lastSeenAt: vn('2026-11-06T12:00'),
      },
    ]);

    await sync(baNa, '2026-12-03T09:00');
    for (const template of reportTemplateIds)
      for (const c of [haiChau, baNa]) {
        const atCommune = await read(c.node.services, c.desk.leader, template);
        const atHub = await read(hub.services, admin, template, c.desk.unit);
        expect(atHub.sections, `${template} ${c.desk.unit}`).toEqual(atCommune.sections);
        expect(atHub.asOf).toBe(atCommune.asOf);
      }
    const fresh = await read(hub.services, admin, 'procedure-results', '20308');
    expect(total(fresh)).toEqual(total(own20308));
    expect(fresh.sources?.[0]?.lastPushAt).toBe(NOW);

    // The dossier Hải Châu received for Bà Nà is Bà Nà's: Hải Châu counts its own one only,
    // on its node (which holds both dossiers) as at the hub.
    const own20242 = await read(haiChau.node.services, hc.leader, 'procedure-results');
    expect(total(own20242)).toEqual([1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const overdue = await read(hub.services, admin, 'overdue-dossiers');
    expect(overdue.sections[0]?.rows.map((r) => r[1])).toEqual([offline.code]);
  });
});
