// Sync through a link that drops, delays, truncates, duplicates and reorders requests and
// answers (test/fault-proxy.ts). The law (fast-check): whatever the schedule of faults, once
// the link behaves again the hub holds exactly the node's events — each once, in order — and
// the node holds the hub's catalogue once.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { intakeAtCounter, type IntakeInput } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { forEachDialect } from '../../test/dialects.js';
import { scheduleArbitrary, startFaultProxy, type FaultProxy } from '../../test/fault-proxy.js';
import { startCommune, startHub, type TestHub } from '../../test/sync-harness.js';

const meta = { ip: null };
const intake = (unit: string): IntakeInput => ({
  procedureCode: '2.000815',
  competentUnitCode: unit,
  applicant: {
    fullName: 'Lê Văn Tâm',
    citizenId: '048085000456',
    dateOfBirth: '1985-06-01',
    sex: 'male',
  },
  components: [{ code: 'ban_chinh', provided: true, reusedFromData: false, attachments: [] }],
  exemptions: [],
  late: false,
  copies: 1,
  payment: { method: 'cash', reference: 'BL-1' },
  resultDelivery: 'receiving_unit',
  note: '',
});

forEachDialect('sync under faults', (dialect) => {
  let hub: TestHub;
  let proxy: FaultProxy;
  // Each run takes its own commune of Đà Nẵng, so runs share the hub but not a chain.
  const communes = [
    '20242',
    '20257',
    '20209',
    '20305',
    '20275',
    '20263',
    '20285',
    '20200',
    '20194',
    '20197',
    '20260',
    '20314',
    '20320',
    '20332',
    '20308',
    '20333',
    '20965',
    '20984',
    '20977',
    '20971',
  ];
  let next = 0;

  beforeAll(async () => {
    hub = await startHub(await dialect.createDatabase(), { communes });
    proxy = await startFaultProxy({ target: hub.url, plan: [] });
  });
  afterAll(async () => {
    await proxy.close();
    await hub.close();
  });

  it('ends with the hub holding every event of the node exactly once, in order, whatever the faults', async () => {
    await fc.assert(
      fc.asyncProperty(
        scheduleArbitrary({ maxMs: 30, maxKeepBytes: 200, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        async (schedule, intakes) => {
          const unit = communes[next++ % communes.length] ?? '20242';
          proxy.setPlan([]);
          const node = await startCommune(unit, proxy.url, {
            token: await hub.token(unit),
            timeoutMs: 2_000,
          });
          try {
            await node.worker.syncOnce();
            const officer = await node.actor('receiving_officer');
            for (let i = 0; i < intakes; i++)
              await runUseCase(node.services, officer, meta, (uc) =>
                intakeAtCounter(uc, intake(unit)),
              );
            proxy.setPlan(schedule);
            let attempts = 0;
            for (;;) {
              attempts += 1;
              try {
                await node.worker.syncOnce();
                break;
              } catch {
                if (attempts > 60) throw new Error('sync never got through');
              }
            }
            // The link behaves again; whatever is still travelling arrives, then one clean round.
            proxy.setPlan([]);
            while (proxy.stats().inFlight > 0) await new Promise((r) => setTimeout(r, 10));
            await node.worker.syncOnce();

            const mine = await node.services.storage.db
              .selectFrom('events')
              .select(['id', 'unit_seq', 'hash'])
              .where('unit_code', '=', unit)
              .orderBy('unit_seq')
              .execute();
            const held = await hub.services.storage.db
              .selectFrom('events')
              .select(['id', 'unit_seq', 'hash'])
              .where('unit_code', '=', unit)
              .orderBy('unit_seq')
              .execute();
            expect(held).toEqual(mine);
            expect(mine.length).toBe(intakes * 2); // received + payment recorded
            const catalogueHere = await node.services.storage.db
              .selectFrom('relayed_events')
              .select('id')
              .where('type', '=', 'procedure.version_published')
              .execute();
            const catalogueThere = await hub.services.storage.db
              .selectFrom('events')
              .select('id')
              .where('type', '=', 'procedure.version_published')
              .execute();
            expect(new Set(catalogueHere.map((e) => e.id))).toEqual(
              new Set(catalogueThere.map((e) => e.id)),
            );
            expect(catalogueHere.length).toBe(catalogueThere.length);
            expect(node.worker.status()).toMatchObject({ waiting: 0 });
          } finally {
            await node.close();
          }
        },
      ),
      { numRuns: dialect.dialect === 'sqlite' ? 20 : 8, endOnFailure: true },
    );
    // The schedules did bite: requests and answers were lost, cut and doubled along the way.
    const applied = proxy.stats().applied;
    const faults = Object.entries(applied)
      .filter(([kind]) => kind !== 'pass')
      .reduce((sum, [, n]) => sum + n, 0);
    // (A round is only a few requests now — the pull rides on the last push — so about one
    // fault a run; half that is the floor.)
    expect(faults).toBeGreaterThanOrEqual(dialect.dialect === 'sqlite' ? 10 : 4);
    const { verifyStorage } = await import('../storage/verify.js');
    expect(await verifyStorage(hub.services.storage)).toMatchObject({ ok: true });
  }, 600_000);
});
