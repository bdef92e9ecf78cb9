// Staffing from live data, on SQLite and PostgreSQL: the hub gives officers their fields, two
// communes (Phường Hải Châu, Xã Bà Nà) take dossiers through the real desk use cases and push
// them to the hub by sync; then every officer's figures for November are checked twice — by
// hand for the scenario below, and against the rows of the dossiers projection and the event
// log counted again here, independently of the use case's SQL — with the ranking, its flags,
// the work outside each officer's field and the fields a commune has nobody for. The commune
// node counts its own officers the same way as the hub.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import {
  startCommune,
  startHub,
  testClock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { figuresAsOf, monthInstants } from '../domain/dashboard.js';
import type { DossierState } from '../domain/dossiers.js';
import type { Actor } from '../domain/permissions.js';
import { bootstrapAccount } from './accounts.js';
import { actorOf } from './auth.js';
import {
  intakeAtCounter,
  intakeInput,
  onlineSubmissionInput,
  submitOnline,
  transitionDossier,
  transitionInputs,
  type OfficerAction,
} from './dossiers.js';
import { readStaffing, setOfficerField, type OfficerWorkload, type Staffing } from './staffing.js';
import { runUseCase, type UseCase } from './use-case.js';
import { parseInput } from './validation.js';

// Thursday 26/11/2026 09:00 in Vietnam: November is read then.
const NOW = '2026-11-26T02:00:00.000Z';
const vn = (local: string) => new Date(`${local}:00.000+07:00`).toISOString();

// Xác nhận tình trạng hôn nhân (hộ tịch, 3 working days, a fee); Hỗ trợ chi phí mai táng
// (bảo trợ xã hội, 3 working days, free); Xác nhận thông tin về cư trú (cư trú: the commune
// police's, 1 working day, free).
const marital = '1.004873';
const burial = '1.001731';
const residence = '1.010041';
const components: Record<string, unknown[]> = {
  [marital]: [
    { code: 'to_khai', provided: true, reusedFromData: false },
    { code: 'giay_to_tuy_than', provided: false, reusedFromData: true },
  ],
  [burial]: [
    { code: 'to_khai_mai_tang', provided: true, reusedFromData: false },
    { code: 'trich_luc_khai_tu', provided: false, reusedFromData: true },
    { code: 'giay_to_tuy_than', provided: false, reusedFromData: true },
  ],
  [residence]: [
    { code: 'to_khai_ct02', provided: true, reusedFromData: false },
    { code: 'giay_to_tuy_than', provided: false, reusedFromData: true },
  ],
};

interface Desk {
  readonly node: TestCommune;
  readonly receiving: Actor;
  readonly leader: Actor;
}

async function at<T>(
  node: TestCommune,
  actor: Actor | null,
  local: string,
  fn: (uc: UseCase) => Promise<T>,
): Promise<T> {
  node.clock.set(vn(local));
  return runUseCase(node.services, actor, { ip: null }, fn);
}

let applicants = 0;
const applicant = () => {
  applicants += 1;
  return { fullName: `Người nộp ${applicants}`, citizenId: `04808500${1000 + applicants}` };
};

const intake = (
  desk: Desk,
  local: string,
  procedure: string,
  options: { competent?: string; refuse?: boolean } = {},
) =>
  at(desk.node, desk.receiving, local, (uc) =>
    intakeAtCounter(
      uc,
      parseInput(intakeInput, {
        procedureCode: procedure,
        competentUnitCode: options.competent ?? desk.node.unit,
        applicant: applicant(),
        components: components[procedure],
        ...(procedure === marital ? { payment: { method: 'cash', reference: 'BL-1' } } : {}),
        ...(options.refuse === true ? { refusal: { reason: 'Không thuộc thẩm quyền.' } } : {}),
      }),
    ),
  );

const step = (
  desk: Desk,
  actor: Actor,
  local: string,
  dossier: DossierState,
  action: OfficerAction,
  body: Record<string, unknown>,
) =>
  at(desk.node, actor, local, (uc) =>
    transitionDossier(uc, dossier.id, action, parseInput(transitionInputs[action], body) as never),
  );

const assign = (desk: Desk, to: Actor, local: string, dossier: DossierState) =>
  step(desk, desk.receiving, local, dossier, 'assign', { assigneeId: to.id });

/** Submitted by the specialist and approved by the leader at `local`: finished (status 9). */
const finish = async (desk: Desk, specialist: Actor, local: string, dossier: DossierState) => {
  await step(desk, specialist, local, dossier, 'submit_for_approval', {});
  return step(desk, desk.leader, local, dossier, 'approve', {});
};

/** The figures of one officer as the page shows them, without the names. */
const figures = (o: OfficerWorkload | undefined) =>
  o === undefined
    ? undefined
    : {
        field: o.field,
        handled: o.handled,
        received: o.received,
        assigned: o.assigned,
        finished: o.finished,
        open: o.open,
        outside: o.mismatch.outside,
        share: o.mismatch.share,
      };

forEachDialect('staffing', (dialect) => {
  let hub: TestHub;
  const communes: TestCommune[] = [];
  beforeEach(async () => {
    applicants = 0;
    hub = await startHub(await dialect.createDatabase(), {
      clock: testClock(NOW),
      // Thanh Khê has officers and no dossier; Hòa Cường will have a dossier and no officer.
      communes: ['20242', '20308', '20209'],
    });
    await runUseCase(hub.services, null, { ip: null }, (uc) =>
      bootstrapAccount(uc, {
        username: 'chuyenvien2.20242',
        displayName: 'Chuyên viên văn hóa Hải Châu',
        role: 'specialist',
        unitCode: '20242',
        password: 'mat-khau-thu-nghiem',
      }),
    );
    const fields: [string, string | null][] = [
      ['tiepnhan.20242', 'mot_cua'],
      ['chuyenvien.20242', 'tu_phap_ho_tich'],
      ['chuyenvien2.20242', 'van_hoa_xa_hoi'],
      ['tiepnhan.20308', 'tu_phap_ho_tich'],
      ['chuyenvien.20308', 'van_hoa_xa_hoi'],
    ];
    for (const [username, field] of fields) {
      const row = await hub.services.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
        setOfficerField(uc, { accountId: row.id, field }),
      );
    }
  });
  afterEach(async () => {
    await Promise.all(communes.splice(0).map((c) => c.close()));
    await hub.close();
  });

  const commune = async (unit: string) => {
    const node = await startCommune(unit, hub.url, {
      token: await hub.token(unit),
      clock: testClock(NOW),
    });
    communes.push(node);
    await node.worker.syncOnce();
    return node;
  };
  const actorNamed = async (node: TestCommune, username: string) =>
    actorOf(
      node.services,
      await node.services.storage.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirstOrThrow(),
    );

  /**
   * Hải Châu (R at the desk: one-stop; A: justice and civil status; B: culture and society):
   * HC0 received 28/10 for A, finished 2/11; HC1 for A, finished on time; HC2 a civil-status
   * dossier for B (outside B's field), finished late; HC3 social protection for B, still open
   * and late; HC4 residence for A, open and late; HC5 refused at intake; HC6 filed online and
   * accepted, the fee unpaid; HC7 received and finished in October; HC8 withdrawn; HC9
   * residence not assigned; HCX received for Phường Hòa Cường (non-territorial).
   * Bà Nà (T at the desk, of justice and civil status; C: culture and society): BN1 a
   * civil-status dossier for C (outside C's field), finished; BN2 social protection received by
   * T (outside T's field) and not assigned; BN3 residence received by T.
   */
  async function november() {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const hc: Desk = {
      node: haiChau,
      receiving: await haiChau.actor('receiving_officer'),
      leader: await haiChau.actor('leader'),
    };
    const bn: Desk = {
      node: baNa,
      receiving: await baNa.actor('receiving_officer'),
      leader: await baNa.actor('leader'),
    };
    const a = await haiChau.actor('specialist');
    const b = await actorNamed(haiChau, 'chuyenvien2.20242');
    const c = await baNa.actor('specialist');

    const hc7 = await intake(hc, '2026-10-20T09:00', marital);
    await assign(hc, a, '2026-10-20T09:30', hc7);
    await finish(hc, a, '2026-10-21T09:00', hc7);
    const hc0 = await intake(hc, '2026-10-28T09:00', marital);
    await assign(hc, a, '2026-10-28T09:30', hc0);
    await finish(hc, a, '2026-11-02T08:00', hc0);
    const hc1 = await intake(hc, '2026-11-02T08:00', marital);
    await assign(hc, a, '2026-11-02T08:30', hc1);
    await finish(hc, a, '2026-11-03T11:00', hc1);
    const hc2 = await intake(hc, '2026-11-03T09:00', marital);
    await assign(hc, b, '2026-11-03T09:30', hc2);
    await finish(hc, b, '2026-11-13T11:00', hc2);
    const hc3 = await intake(hc, '2026-11-04T09:00', burial);
    await assign(hc, b, '2026-11-04T09:10', hc3);
    const hc4 = await intake(hc, '2026-11-05T09:00', residence);
    await assign(hc, a, '2026-11-05T09:10', hc4);
    await intake(hc, '2026-11-06T09:00', residence, { refuse: true });
    const filed = await at(haiChau, null, '2026-11-09T07:00', (uc) =>
      submitOnline(
        uc,
        parseInput(onlineSubmissionInput, {
          procedureCode: marital,
          competentUnitCode: '20242',
          applicant: applicant(),
          components: components[marital],
        }),
      ),
    );
    await step(hc, hc.receiving, '2026-11-09T08:00', filed, 'accept', {});
    const hc8 = await intake(hc, '2026-11-10T09:00', residence);
    await step(hc, hc.receiving, '2026-11-10T10:00', hc8, 'withdraw', {
      reason: 'Công dân xin rút.',
    });
    await intake(hc, '2026-11-16T09:00', residence);
    await intake(hc, '2026-11-12T09:00', marital, { competent: '20257' });

    const bn1 = await intake(bn, '2026-11-03T09:00', marital);
    await assign(bn, c, '2026-11-03T09:30', bn1);
    await finish(bn, c, '2026-11-04T09:00', bn1);
    await intake(bn, '2026-11-05T09:00', burial);
    await intake(bn, '2026-11-06T09:00', residence);

    await haiChau.worker.syncOnce();
    await baNa.worker.syncOnce();
    return { haiChau, baNa };
  }

  const read = (services: TestHub['services'], actor: Actor, unitCode?: string) =>
    runUseCase(services, actor, { ip: null }, (uc) =>
      readStaffing(uc, { month: '2026-11', ...(unitCode === undefined ? {} : { unitCode }) }),
    );
  const officerOf = (staffing: Staffing, name: string) =>
    staffing.officers.find((o) => o.name === name);

  describe('the province', () => {
    it('ranks the communes, flags them against the median, and finds work outside fields', async () => {
      await november();
      const staffing = await read(hub.services, hub.admin);
      expect(staffing.scope).toEqual({
        unitCode: '48',
        unitName: 'Thành phố Đà Nẵng',
        level: 'province',
      });
      // Per officer: Hải Châu 7/4 = 1.75, Bà Nà 3/3 = 1, Thanh Khê 0/3; median 1 → above 1.5
      // is high, below 0.5 is low. Hòa Cường has a dossier and nobody: first.
      expect(staffing.median).toBe(1);
      expect(
        staffing.communes.map((c) => [
          c.rank,
          c.unitCode,
          c.officers,
          c.received,
          c.perOfficer,
          c.flag,
        ]),
      ).toEqual([
        [1, '20257', 0, 1, null, 'no_officers'],
        [2, '20242', 4, 7, 1.75, 'high'],
        [3, '20308', 3, 3, 1, null],
        [4, '20209', 3, 0, 0, 'low'],
      ]);
      const byField = (unit: string) =>
        Object.fromEntries(
          staffing.communes.find((c) => c.unitCode === unit)?.byField ?? new Map(),
        ) as Record<string, number>;
      expect(byField('20242')).toEqual({
        mot_cua: 1,
        tu_phap_ho_tich: 1,
        van_hoa_xa_hoi: 1,
        null: 1,
      });
      expect(byField('20209')).toEqual({ null: 3 });
      expect(staffing.communes.flatMap((c) => c.gaps.map((g) => [c.unitCode, g]))).toEqual([
        ['20257', { sector: 'ho_tich', fields: ['tu_phap_ho_tich'], received: 1 }],
      ]);
      expect(staffing.quietCommunes).toBe(hub.services.units.communeCodesOf('48').length - 4);

      expect(figures(officerOf(staffing, 'receiving_officer 20242'))).toEqual({
        field: 'mot_cua',
        handled: 8,
        received: 8,
        assigned: 0,
        finished: 2,
        open: 5,
        outside: 0,
        share: 0,
      });
      expect(figures(officerOf(staffing, 'specialist 20242'))).toEqual({
        field: 'tu_phap_ho_tich',
        handled: 3,
        received: 0,
        assigned: 3,
        finished: 2,
        open: 1,
        outside: 0,
        share: 0,
      });
      expect(figures(officerOf(staffing, 'Chuyên viên văn hóa Hải Châu'))).toEqual({
        field: 'van_hoa_xa_hoi',
        handled: 2,
        received: 0,
        assigned: 2,
        finished: 1,
        open: 1,
        outside: 1,
        share: 0.5,
      });
      expect(figures(officerOf(staffing, 'receiving_officer 20308'))).toEqual({
        field: 'tu_phap_ho_tich',
        handled: 3,
        received: 3,
        assigned: 0,
        finished: 1,
        open: 2,
        outside: 1,
        share: 1 / 3,
      });
      expect(figures(officerOf(staffing, 'specialist 20308'))).toEqual({
        field: 'van_hoa_xa_hoi',
        handled: 1,
        received: 0,
        assigned: 1,
        finished: 1,
        open: 0,
        outside: 1,
        share: 1,
      });
      expect(officerOf(staffing, 'Chuyên viên văn hóa Hải Châu')?.mismatch.sectors).toEqual([
        { sector: 'ho_tich', count: 1 },
      ]);
      expect(officerOf(staffing, 'receiving_officer 20308')?.mismatch.sectors).toEqual([
        { sector: 'bao_tro_xa_hoi', count: 1 },
      ]);
      // Overdue at 26/11: B's civil-status dossier finished late and the social-protection one
      // is past due; of A's, only the residence dossier (HC0 was finished within its 3 days);
      // of R's, HC2, HC3, HC4, HC9 and HCX (HC6 waits for its fee: the clock stands still);
      // of T's, the two not assigned.
      expect(
        Object.fromEntries(
          staffing.officers.filter((o) => o.overdue > 0).map((o) => [o.name, o.overdue]),
        ),
      ).toEqual({
        'Chuyên viên văn hóa Hải Châu': 2,
        'receiving_officer 20242': 5,
        'specialist 20242': 1,
        'receiving_officer 20308': 2,
      });

      // Every figure of every officer, counted again from the rows.
      const counted = await countFromRows(hub.services, ['20242', '20308', '20209']);
      for (const o of staffing.officers)
        expect(
          {
            handled: o.handled,
            received: o.received,
            assigned: o.assigned,
            finished: o.finished,
            open: o.open,
            overdue: o.overdue,
          },
          o.name,
        ).toEqual(counted.get(o.accountId) ?? zero);
      expect(staffing.officers.length).toBe(10);
      const audit = await hub.services.storage.db
        .selectFrom('audit_entries')
        .select(['action', 'subject_id', 'kind'])
        .where('action', '=', 'staffing.read')
        .execute();
      expect(audit).toEqual([{ action: 'staffing.read', subject_id: '48/2026-11', kind: 'read' }]);
    });
  });

  describe('a commune', () => {
    it('counts its own officers at its node as the hub does', async () => {
      const { haiChau } = await november();
      haiChau.clock.set(NOW);
      const leader = await haiChau.actor('leader');
      const here = await read(haiChau.services, leader);
      const atHub = await read(hub.services, hub.admin, '20242');
      expect(here.scope).toEqual({
        unitCode: '20242',
        unitName: 'Phường Hải Châu',
        level: 'commune',
      });
      expect(here.officers.map(figures)).toEqual(atHub.officers.map(figures));
      expect(here.officers.map((o) => o.name)).toEqual([
        'Chuyên viên văn hóa Hải Châu',
        'leader 20242',
        'receiving_officer 20242',
        'specialist 20242',
      ]);
      expect(here.communes).toEqual([
        expect.objectContaining({ unitCode: '20242', officers: 4, received: 7, flag: null }),
      ]);
      const counted = await countFromRows(haiChau.services, ['20242']);
      for (const o of here.officers)
        expect({ overdue: o.overdue, open: o.open, finished: o.finished }, o.name).toEqual({
          overdue: counted.get(o.accountId)?.overdue ?? 0,
          open: counted.get(o.accountId)?.open ?? 0,
          finished: counted.get(o.accountId)?.finished ?? 0,
        });
    });

    it('refuses another commune to its leader, and a month not yet begun', async () => {
      const haiChau = await commune('20242');
      const leader = await haiChau.actor('leader');
      await expect(read(hub.services, leader, '20308')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
          readStaffing(uc, { month: '2026-12' }),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'month' }] });
    });
  });
});

const zero = { handled: 0, received: 0, assigned: 0, finished: 0, open: 0, overdue: 0 };

/**
 * Each officer's figures for November counted in plain code from every dossier row and the
 * reception events: the definitions of docs/staffing.md, written a second time.
 */
async function countFromRows(
  services: TestHub['services'],
  units: readonly string[],
): Promise<Map<string, typeof zero>> {
  const { from, to } = monthInstants('2026-11');
  const asOf = figuresAsOf('2026-11', NOW);
  const dossiers = await services.storage.db.selectFrom('dossiers').selectAll().execute();
  const receptions = await services.storage.db
    .selectFrom('events')
    .select(['entity_id', 'actor_id', 'hlc'])
    .where('type', 'in', ['dossier.received', 'dossier.accepted'])
    .orderBy('hlc')
    .execute();
  const receiverOf = new Map<string, string | null>();
  for (const e of receptions)
    if (!receiverOf.has(e.entity_id)) receiverOf.set(e.entity_id, e.actor_id);
  const result = new Map<string, typeof zero>();
  const add = (
    officer: string,
    d: (typeof dossiers)[number],
    assigned: boolean,
    received: boolean,
  ) => {
    const c = { ...(result.get(officer) ?? zero) };
    const done = d.completed_at;
    c.handled += 1;
    if (assigned) c.assigned += 1;
    if (received) c.received += 1;
    if (
      done !== null &&
      done >= from &&
      done < to &&
      ['stopped', 'result_ready', 'returned'].includes(d.status)
    )
      c.finished += 1;
    if (d.status !== 'withdrawn' && (done === null || done >= asOf)) c.open += 1;
    const due = d.due_at;
    const paused = done === null && ['supplement_requested', 'awaiting_payment'].includes(d.status);
    if (
      due !== null &&
      d.status !== 'withdrawn' &&
      ((done !== null && done < asOf && done > due) ||
        ((done === null || done >= asOf) && due < asOf && !paused))
    )
      c.overdue += 1;
    result.set(officer, c);
  };
  for (const d of dossiers) {
    if (d.status === 'refused' || d.received_at === null || d.received_at >= to) continue;
    const held =
      d.assignee_id !== null &&
      (d.completed_at === null || d.completed_at >= from) &&
      units.includes(d.competent_unit_code);
    const receiver = receiverOf.get(d.id) ?? null;
    const took = d.received_at >= from && units.includes(d.receiving_unit_code);
    if (held && d.assignee_id !== null)
      add(d.assignee_id, d, true, took && receiver === d.assignee_id);
    if (took && receiver !== null && !(held && receiver === d.assignee_id))
      add(receiver, d, false, true);
  }
  return result;
}
