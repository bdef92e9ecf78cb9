// The province dashboard from live data, on SQLite and PostgreSQL: dossiers built through the
// real use cases at two communes (Phường Hải Châu, Xã Bà Nà) and pushed to the hub by their
// sync workers; then the exact 766 rates and points, the late list, the work per commune and
// per specialist, the nodes' sync health, the CSV files and the page with its SVG charts and
// their tables. Refusals: a commune officer (403, audited), a wrong month (400, nothing
// written), the page at a commune node (it does not exist there).
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cookiesOf, startTestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  startCommune,
  startHub,
  testClock,
  type Clock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { bootstrapAccount } from '../application/accounts.js';
import { actorOf } from '../application/auth.js';
import {
  intakeAtCounter,
  intakeInput,
  onlineSubmissionInput,
  rateDossier,
  submitOnline,
  transitionDossier,
  transitionInputs,
  type OfficerAction,
} from '../application/dossiers.js';
import { runUseCase, type UseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import type { DossierState } from '../domain/dossiers.js';
import type { Actor } from '../domain/permissions.js';

// Thursday 26/11/2026 09:00 in Vietnam: the dashboard is read then, for November.
const NOW = '2026-11-26T02:00:00.000Z';
const password = 'mat-khau-thu-nghiem';

/** A Vietnam-local time ("2026-11-02T08:00") as the UTC instant the clocks are set to. */
const vn = (local: string) => new Date(`${local}:00.000+07:00`).toISOString();

// Xác nhận tình trạng hôn nhân: 3 working days, a 5.000 đồng fee; the ID card may be taken
// from the population database. Xác nhận thông tin về cư trú: 1 working day, free.
const marital = '1.004873';
const residence = '1.010041';

const applicant = (n: number) => ({
  fullName: `Người nộp ${n}`,
  citizenId: `04808500${String(1000 + n)}`,
});
const components = (procedure: string, reused: boolean) => [
  {
    code: procedure === marital ? 'to_khai' : 'to_khai_ct02',
    provided: true,
    reusedFromData: false,
  },
  { code: 'giay_to_tuy_than', provided: !reused, reusedFromData: reused },
];

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

const intake = (
  desk: Desk,
  local: string,
  n: number,
  procedure: string,
  options: { reused?: boolean; payment?: 'cash' | 'bank_transfer'; refuse?: boolean } = {},
) =>
  at(desk.node, desk.receiving, local, (uc) =>
    intakeAtCounter(
      uc,
      parseInput(intakeInput, {
        procedureCode: procedure,
        competentUnitCode: desk.node.unit,
        applicant: applicant(n),
        components: components(procedure, options.reused ?? false),
        ...(options.payment === undefined
          ? {}
          : { payment: { method: options.payment, reference: `BL-${n}` } }),
        ...(options.refuse === true ? { refusal: { reason: 'Không thuộc thẩm quyền.' } } : {}),
      }),
    ),
  );

/** Filed online (status 1) at `filed`, accepted by the desk at `accepted`: the clock starts. */
const online = async (
  desk: Desk,
  filed: string,
  accepted: string,
  n: number,
  procedure: string,
) => {
  const submitted = await at(desk.node, null, filed, (uc) =>
    submitOnline(
      uc,
      parseInput(onlineSubmissionInput, {
        procedureCode: procedure,
        competentUnitCode: desk.node.unit,
        applicant: applicant(n),
        components: components(procedure, true),
      }),
    ),
  );
  return step(desk.node, desk.receiving, accepted, submitted, 'accept', {});
};

const step = (
  node: TestCommune,
  actor: Actor,
  local: string,
  dossier: DossierState,
  action: OfficerAction,
  body: Record<string, unknown>,
) =>
  at(node, actor, local, (uc) =>
    transitionDossier(uc, dossier.id, action, parseInput(transitionInputs[action], body) as never),
  );

/** Assigned, submitted and approved: finished (status 9) at `approved`. */
const processed = async (
  desk: Desk,
  specialist: Actor,
  dossier: DossierState,
  assigned: string,
  approved: string,
) => {
  await step(desk.node, desk.receiving, assigned, dossier, 'assign', {
    assigneeId: specialist.id,
  });
  await step(desk.node, specialist, approved, dossier, 'submit_for_approval', {});
  return step(desk.node, desk.leader, approved, dossier, 'approve', {});
};

const returned = (desk: Desk, dossier: DossierState, local: string) =>
  step(desk.node, desk.receiving, local, dossier, 'return_result', {
    recipientName: dossier.applicant.fullName,
    relationship: 'người nộp hồ sơ',
  });

const rate = (
  desk: Desk,
  dossier: DossierState,
  local: string,
  rating: 'satisfied' | 'dissatisfied',
) =>
  at(desk.node, null, local, (uc) =>
    rateDossier(uc, {
      code: dossier.code,
      citizenId: dossier.applicant.citizenId,
      rating,
      comment: '',
    }),
  );

forEachDialect('province dashboard', (dialect) => {
  let hub: TestHub;
  let hubClock: Clock;
  const communes: TestCommune[] = [];
  beforeEach(async () => {
    hubClock = testClock(NOW);
    hub = await startHub(await dialect.createDatabase(), { clock: hubClock });
    const meta = { ip: null };
    // A second specialist at Hải Châu, and an officer of the province itself.
    for (const [username, role, unitCode] of [
      ['chuyenvien2.20242', 'specialist', '20242'],
      ['chuyenvien.48', 'specialist', '48'],
    ] as const)
      await runUseCase(hub.services, null, meta, (uc) =>
        bootstrapAccount(uc, {
          username,
          displayName: `Chuyên viên ${username}`,
          role,
          unitCode,
          password,
        }),
      );
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
  const login = async (username: string) => {
    const response = await hub.app().inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password },
    });
    expect(response.statusCode, response.body).toBe(200);
    return cookiesOf(response);
  };
  const get = (cookie: string, url: string) =>
    hub.app().inject({ method: 'GET', url, headers: { cookie } });

  /**
   * November 2026. Hải Châu (specialists A and B): HC1 on time, paid cash, ID card from data,
   * rated satisfied; HC2 online, on time, rated dissatisfied; HC3 still open a fortnight past
   * its due date; HC4 paid by transfer, finished late; HC5 refused at intake; HC6 received this
   * morning. Bà Nà (specialist C): BN0 received in October, finished late in November; BN1 on
   * time; BN2 online, paid by transfer, waiting for a supplement (the clock stands still);
   * BN3 withdrawn; BN9 received and finished in October (not November's).
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

    const hc1 = await intake(hc, '2026-11-02T08:00', 1, marital, { reused: true, payment: 'cash' });
    await processed(hc, a, hc1, '2026-11-02T08:30', '2026-11-03T11:00');
    await returned(hc, hc1, '2026-11-03T15:00');
    await rate(hc, hc1, '2026-11-03T16:00', 'satisfied');
    const hc2 = await online(hc, '2026-11-03T07:00', '2026-11-03T08:00', 2, residence);
    await processed(hc, b, hc2, '2026-11-03T08:10', '2026-11-03T16:00');
    await returned(hc, hc2, '2026-11-03T16:30');
    await rate(hc, hc2, '2026-11-03T17:00', 'dissatisfied');
    const hc3 = await intake(hc, '2026-11-04T09:00', 3, residence);
    await step(hc.node, hc.receiving, '2026-11-04T09:10', hc3, 'assign', { assigneeId: a.id });
    const hc4 = await intake(hc, '2026-11-05T09:00', 4, marital, {
      reused: true,
      payment: 'bank_transfer',
    });
    const hc4done = await processed(hc, b, hc4, '2026-11-05T09:30', '2026-11-13T11:00');
    await intake(hc, '2026-11-06T09:00', 5, residence, { refuse: true });
    const hc6 = await intake(hc, '2026-11-26T08:00', 6, residence);
    await step(hc.node, hc.receiving, '2026-11-26T08:15', hc6, 'assign', { assigneeId: a.id });

    const bn9 = await intake(bn, '2026-10-20T09:00', 9, residence);
    await processed(bn, c, bn9, '2026-10-20T09:30', '2026-10-21T09:00');
    const bn0 = await intake(bn, '2026-10-28T09:00', 10, residence);
    const bn0done = await processed(bn, c, bn0, '2026-10-28T09:30', '2026-11-02T09:00');
    const bn1 = await intake(bn, '2026-11-03T09:00', 11, marital, {
      reused: true,
      payment: 'cash',
    });
    await processed(bn, c, bn1, '2026-11-03T09:30', '2026-11-04T09:00');
    const bn2 = await online(bn, '2026-11-09T07:00', '2026-11-09T08:00', 12, marital);
    await step(bn.node, bn.receiving, '2026-11-09T08:30', bn2, 'record_payment', {
      method: 'bank_transfer',
      reference: 'FT-12',
    });
    await step(bn.node, bn.receiving, '2026-11-09T09:00', bn2, 'assign', { assigneeId: c.id });
    await step(bn.node, c, '2026-11-10T09:00', bn2, 'request_supplement', {
      reason: 'Thiếu giấy tờ.',
      missing: ['Tờ khai có chữ ký'],
    });
    const bn3 = await intake(bn, '2026-11-10T09:00', 13, residence);
    await step(bn.node, bn.receiving, '2026-11-10T10:00', bn3, 'withdraw', {
      reason: 'Công dân xin rút.',
    });

    // Hải Châu last reached the hub 30 hours ago; Bà Nà now, with its clock 10 minutes slow.
    hubClock.set(new Date(Date.parse(NOW) - 30 * 3_600_000).toISOString());
    haiChau.clock.set(hubClock.now().toISOString());
    await haiChau.worker.syncOnce();
    hubClock.set(NOW);
    baNa.clock.set(new Date(Date.parse(NOW) - 10 * 60_000).toISOString());
    await baNa.worker.syncOnce();
    return { hc3, hc4: hc4done, bn0: bn0done };
  }

  it('counts November exactly: 766 rates and points, late list, workload, officers, nodes', async () => {
    const built = await november();
    const admin = await login('quantri');

    const csv = async (table: string, query = 'month=2026-11') => {
      const response = await get(admin, `/admin/dashboard?${query}&format=csv&table=${table}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.body.startsWith('\uFEFF')).toBe(true);
      const rows: string[][] = parse(response.body, { bom: true });
      return rows;
    };

    // By unit: Hải Châu 5 in hand, 2 late (60 % on time), 5 received, 1 online, 3 with data
    // reused, 2 paid (1 by transfer), 1 dissatisfied → 40 % satisfied, 3 finished in
    // 9.54 days. Bà Nà 3 in hand (the withdrawn one is not), 1 late, 3 received, 1 online,
    // 2 reused, 2 paid (1 by transfer), 2 finished in 6 days.
    // Province: on time 5/8 → 6.25 of 10; online 2/8 = 25 % of a 50 % target → 2 of 4;
    // transfer 2/4 → 1.67 of 3.33; reuse 5/8 = 62.5 % of 80 % → 3.44 of 4.4; satisfaction
    // (8 − 3 − 1)/8 = 50 % of 90 % → 3.33 of 6; 16.69 of 27.73 in all.
    // prettier-ignore
    expect(await csv('units')).toEqual([
      ['Mã đơn vị', 'Đơn vị', 'Hồ sơ giải quyết trong kỳ', 'Trễ hạn', 'Đúng hạn (%)',
        'Tiếp nhận trong kỳ', 'Trực tuyến (%)', 'Sử dụng lại dữ liệu (%)',
        'Thanh toán trực tuyến (%)', 'Hài lòng (%)', 'Thời gian giải quyết trung bình (ngày)',
        'Điểm', 'Điểm tối đa đo được'],
      ['20242', 'Phường Hải Châu', '5', '2', '60.0', '5', '20.0', '60.0', '50.0', '40.0', '3.2', '15.23', '27.73'],
      ['20308', 'Xã Bà Nà', '3', '1', '66.7', '3', '33.3', '66.7', '50.0', '66.7', '3.0', '19.11', '27.73'],
      ['', 'Toàn tỉnh', '8', '3', '62.5', '8', '25.0', '62.5', '50.0', '50.0', '3.1', '16.69', '27.73'],
    ]);

    // Every indicator of the index, the unsupported ones with their reason and no figure.
    // Columns: numerator, denominator, rate %, days, target %, points, maximum points.
    const indicators = await csv('indicators');
    expect(indicators).toHaveLength(21);
    const indicator = (code: string) => indicators.find((r) => r[1] === code)?.slice(3, 10);
    expect(indicators.find((r) => r[1] === '2.1')?.slice(0, 3)).toEqual([
      '2. Tiến độ giải quyết',
      '2.1',
      'Tỷ lệ hồ sơ giải quyết đúng hạn',
    ]);
    expect(indicator('2.1')).toEqual(['5', '8', '62.5', '', '', '6.25', '10.00']);
    expect(indicator('2.2')).toEqual(['', '', '', '3.1', '', '', '10.00']);
    expect(indicator('3.3')).toEqual(['2', '8', '25.0', '', '50.0', '2.00', '4.00']);
    expect(indicator('4.3')).toEqual(['2', '4', '50.0', '', '', '1.67', '3.33']);
    expect(indicator('5.3')).toEqual(['5', '8', '62.5', '', '80.0', '3.44', '4.40']);
    expect(indicator('6.3')).toEqual(['4', '8', '50.0', '', '90.0', '3.33', '6.00']);
    expect(indicators.find((r) => r[1] === '1.4')?.slice(3)).toEqual([
      ...['', '', '', '', '', ''],
      '4.50',
      'Chưa tính được: Hệ thống chưa đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia.',
    ]);

    // Late, oldest due date first: BN0 (finished 02/11), HC3 (still open), HC4 (finished 13/11).
    // 1 working day from 28/10 and 04/11, 3 from 05/11: due at the same hour (450 office
    // minutes a day); days late count started days, up to now for the open one.
    const late = await csv('late');
    // prettier-ignore
    expect(late.map((r) => [r[0], r[1], r[5], r[6], r[7], r[8], r[9], r[10]])).toEqual([
      ['Mã hồ sơ', 'Mã đơn vị', 'Trạng thái', 'Tiếp nhận lúc', 'Hạn giải quyết', 'Giải quyết xong lúc', 'Số ngày trễ', 'Người xử lý'],
      [built.bn0.code, '20308', 'Đã xử lý xong', '09:00 28/10/2026', '09:00 29/10/2026', '09:00 02/11/2026', '4', 'specialist 20308'],
      [built.hc3.code, '20242', 'Đang xử lý', '09:00 04/11/2026', '09:00 05/11/2026', '', '21', 'specialist 20242'],
      [built.hc4.code, '20242', 'Đã xử lý xong', '09:00 05/11/2026', '09:00 10/11/2026', '11:00 13/11/2026', '4', 'Chuyên viên chuyenvien2.20242'],
    ]);
    expect(late[0]).toHaveLength(11);

    // Received, then finished, per week (01/11, 02–08, 09–15, 16–22, 23–29, 30/11); totals,
    // open at the end, specialists, finished per specialist.
    const weeks = ['01/11', '02/11–08/11', '09/11–15/11', '16/11–22/11', '23/11–29/11', '30/11'];
    // prettier-ignore
    expect(await csv('workload')).toEqual([
      ['Mã đơn vị', 'Đơn vị', ...weeks.map((w) => `Tiếp nhận ${w}`),
        ...weeks.map((w) => `Giải quyết xong ${w}`), 'Tổng tiếp nhận', 'Tổng giải quyết xong',
        'Chưa xong cuối kỳ', 'Công chức chuyên môn', 'Giải quyết xong trên một công chức'],
      ['20242', 'Phường Hải Châu', '0', '4', '0', '0', '1', '0', '0', '2', '1', '0', '0', '0', '5', '3', '2', '2', '1.5'],
      ['20308', 'Xã Bà Nà', '0', '1', '2', '0', '0', '0', '0', '2', '0', '0', '0', '0', '3', '2', '1', '1', '2.0'],
      ['', 'Toàn tỉnh', '0', '5', '2', '0', '1', '0', '0', '4', '1', '0', '0', '0', '8', '5', '3', '3', '1.7'],
    ]);

    // Per specialist: finished per week, total, still holding at the end, late.
    // prettier-ignore
    expect((await csv('officers')).slice(1)).toEqual([
      ['Chuyên viên chuyenvien2.20242', 'Công chức chuyên môn', '20242', 'Phường Hải Châu', '0', '1', '1', '0', '0', '0', '2', '0', '1'],
      ['specialist 20242', 'Công chức chuyên môn', '20242', 'Phường Hải Châu', '0', '1', '0', '0', '0', '0', '1', '2', '1'],
      ['specialist 20308', 'Công chức chuyên môn', '20308', 'Xã Bà Nà', '0', '2', '0', '0', '0', '0', '2', '1', '1'],
    ]);

    // Sync health: Hải Châu silent for 30 hours; Bà Nà's clock 10 minutes slow (and it jumped).
    // Columns: unit, last contact, contact, backlog, skew in seconds, flags.
    const nodes = await csv('nodes');
    // prettier-ignore
    expect(nodes.slice(1).map((r) => [r[0], r[3], r[4], r[7], r[8], r[9]])).toEqual([
      ['20242', '03:00 25/11/2026', 'Mất liên lạc quá 24 giờ', '0', '0', ''],
      ['20308', '09:00 26/11/2026', 'Có liên lạc', '0', '600', 'Đồng hồ lệch nhiều; Đồng hồ bị chỉnh đột ngột'],
    ]);

    // One commune: its figures alone.
    // prettier-ignore
    expect((await csv('units', 'month=2026-11&unitCode=20308')).slice(1)).toEqual([
      ['20308', 'Xã Bà Nà', '3', '1', '66.7', '3', '33.3', '66.7', '50.0', '66.7', '3.0', '19.11', '27.73'],
    ]);
    // October at Bà Nà: BN9 on time, BN0 still open past its due date at the month's end.
    const october = await csv('units', 'month=2026-10&unitCode=20308');
    expect(october[1]?.slice(0, 6)).toEqual(['20308', 'Xã Bà Nà', '2', '1', '50.0', '2']);

    // Every read is audited.
    const audit = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['kind', 'outcome', 'subject_id'])
      .where('action', '=', 'dashboard.read')
      .orderBy('id')
      .execute();
    expect(audit.map((e) => e.subject_id)).toEqual([
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
      '20308/2026-11',
      '20308/2026-10',
    ]);
    expect(new Set(audit.map((e) => `${e.kind}/${e.outcome}`))).toEqual(new Set(['read/ok']));

    // The page: charts as SVG with a title and a description, each followed by its table.
    const page = await get(admin, '/admin/dashboard?month=2026-11');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('<a href="/admin/dashboard">Bảng điều hành</a>');
    expect(html).toContain('<h1>Bảng điều hành của tỉnh</h1>');
    expect(html).toContain('<h2>Tháng 11/2026 — Thành phố Đà Nẵng</h2>');
    expect(html).toContain('Điểm đạt được: 16,69 trên 27,73 điểm');
    for (const id of ['points-chart', 'workload-chart', 'staff-chart']) {
      expect(html).toContain(`role="img" aria-labelledby="${id}-title ${id}-desc"`);
      expect(html).toMatch(
        new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">`),
      );
    }
    expect(html).toMatch(/<svg viewBox="0 0 640 \d+" width="100%"/);
    expect(html).toContain('<title>Xã Bà Nà: 19,11 / 27,73</title>');
    expect(html).toContain('<title>02/11–08/11 — Tiếp nhận: 5</title>');
    expect(html).toContain(
      '<tr><th scope="row">Phường Hải Châu (20242)</th><td>5</td><td>2</td><td>60%</td><td>5</td>' +
        '<td>20%</td><td>60%</td><td>50%</td><td>40%</td><td>3,2</td><td>15,23 / 27,73</td></tr>',
    );
    // Each chart comes right before the table that holds its figures.
    const before = (a: string, b: string) => {
      expect(html.indexOf(a)).toBeGreaterThan(-1);
      expect(html.indexOf(a)).toBeLessThan(html.indexOf(b));
    };
    before('id="points-chart-title"', '<table id="by-unit">');
    before('<table id="by-unit">', 'id="workload-chart-title"');
    before('id="workload-chart-title"', '<table id="by-period">');
    expect(html).toContain(
      '<tr><th scope="row">Xã Bà Nà (20308)</th><td>0 / 0</td><td>1 / 2</td><td>2 / 0</td>' +
        '<td>0 / 0</td><td>0 / 0</td><td>0 / 0</td><td>3 / 2</td><td>1</td><td>1</td><td>2</td></tr>',
    );
    expect(html).toContain(`<th scope="row">${built.hc3.code}</th>`);
    expect(html.indexOf(built.bn0.code)).toBeLessThan(html.indexOf(built.hc3.code));
    expect(html.indexOf(built.hc3.code)).toBeLessThan(html.indexOf(built.hc4.code));
    expect(html).toContain('Chưa tính được: <span lang="vi">');
    expect(html).toContain(
      'href="/admin/dashboard?month=2026-11&amp;unitCode=48&amp;by=week&amp;format=csv&amp;table=late"',
    );
    expect(html).toContain('<span class="badge late">Mất liên lạc quá 24 giờ</span>');

    // By day, in English: the same figures, 30 columns.
    const byDay = await get(admin, '/admin/dashboard?month=2026-11&by=day&lang=en');
    expect(byDay.statusCode).toBe(200);
    expect(byDay.body).toContain('<h1>Province dashboard</h1>');
    expect(byDay.body).toContain('<title>03 — Received: 2</title>');
    expect((await csv('workload', 'month=2026-11&by=day'))[0]).toHaveLength(2 + 30 + 30 + 5);

    // An officer of the province reads it too.
    const provinceOfficer = await login('chuyenvien.48');
    expect((await get(provinceOfficer, '/admin/dashboard?month=2026-11')).statusCode).toBe(200);
  });

  it('refuses a commune officer (403, audited) and a wrong month (400) without writing', async () => {
    const officer = await login('tiepnhan.20308');
    const denied = await get(officer, '/admin/dashboard?month=2026-11');
    expect(denied.statusCode).toBe(403);
    expect((await get(officer, '/')).body).not.toContain('/admin/dashboard');
    expect(
      await hub.services.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome', 'subject_id'])
        .where('action', '=', 'dashboard.read')
        .execute(),
    ).toEqual([{ kind: 'access', outcome: 'denied', subject_id: '48/2026-11' }]);

    const admin = await login('quantri');
    const count = async (table: 'events' | 'audit_entries') =>
      Number(
        (
          await hub.services.storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = [await count('events'), await count('audit_entries')];
    for (const month of ['2026-13', 'abc']) {
      const page = await get(admin, `/admin/dashboard?month=${month}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(
        '<p class="error" id="month-error">Tháng phải có dạng NNNN-TT (ví dụ 2026-11).</p>',
      );
      expect(page.body).toContain(`value="${month}"`);
      expect(page.body).not.toContain('<table');
    }
    const english = await get(admin, '/admin/dashboard?month=2026-13&lang=en');
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('Enter the month as YYYY-MM (e.g. 2026-11).');
    const future = await get(admin, '/admin/dashboard?month=2026-12');
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Tháng này chưa bắt đầu');
    expect((await get(admin, '/admin/dashboard?month=abc&format=csv&table=units')).statusCode).toBe(
      400,
    );
    expect((await get(admin, '/admin/dashboard?month=2026-11&format=csv&table=x')).statusCode).toBe(
      400,
    );
    const unknown = await get(admin, '/admin/dashboard?month=2026-11&unitCode=99999');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Không có đơn vị hành chính nào mang mã 99999.');
    expect([await count('events'), await count('audit_entries')]).toEqual(before);
    // Another province's commune is not this province's to show.
    expect((await get(admin, '/admin/dashboard?month=2026-11&unitCode=00004')).statusCode).toBe(
      403,
    );
  });
});

forEachDialect('province dashboard, where it is served', (dialect) => {
  it('answers a service account of the province at the hub, and does not exist at a commune', async () => {
    const hub = await startTestNode(await dialect.createDatabase(), { role: 'province' });
    const response = await hub.app.inject({
      method: 'GET',
      url: '/admin/dashboard?month=2026-11&format=csv&table=units',
      headers: { authorization: `Bearer ${hub.serviceToken}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(parse(response.body, { bom: true })).toEqual([
      expect.arrayContaining(['Mã đơn vị']) as unknown as string[],
      ['', 'Toàn tỉnh', '0', '0', '', '0', '', '', '', '', '', '0.00', '0.00'],
    ]);
    await hub.app.close();
    const node = await startTestNode(await dialect.createDatabase());
    const login = await node.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'quantri', password },
    });
    const atCommune = await node.app.inject({
      method: 'GET',
      url: '/admin/dashboard?month=2026-11',
      headers: { cookie: cookiesOf(login) },
    });
    expect(atCommune.statusCode).toBe(404);
    await node.app.close();
  });
});
