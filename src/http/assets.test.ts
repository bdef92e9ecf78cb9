// The public-asset pages on SQLite and PostgreSQL: the register with its forms at a commune
// (posted with the CSRF token, as a browser does), field errors in Vietnamese, English and
// Thai that keep what was typed and write nothing, an asset's page with its versions, a need
// reported and settled, the CSV; at the hub, the province's overview with its filters and CSVs,
// and the refusals.
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfFrom, pageLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';
import { assetInput, needInput, registerAsset, reportFacilityNeed } from '../application/assets.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import type { Role } from '../domain/roles.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';

const formerHq = {
  name: 'Trụ sở UBND phường Thạch Thang (cũ)',
  kind: 'headquarters',
  address: '34 Bạch Đằng, phường Hải Châu',
  formerUnit: 'UBND phường Thạch Thang',
  landArea: '1250',
  floorArea: '845,5',
  condition: 'good',
  use: 'vacant',
  vacantSince: '2025-07-01',
  notes: '',
};

const ASSET_CSV_HEADER = [
  'Mã đơn vị',
  'Đơn vị quản lý',
  'Tên tài sản',
  'Loại',
  'Địa chỉ',
  'Đơn vị trước sắp xếp',
  'Diện tích đất (m²)',
  'Diện tích sàn (m²)',
  'Tình trạng',
  'Hiện trạng sử dụng',
  'Bỏ trống từ ngày',
  'Số ngày bỏ trống',
  'Ghi chú',
  'Cập nhật lần cuối',
];

const h1 = (response: LightMyRequestResponse) => /<h1>([^<]*)<\/h1>/.exec(response.body)?.[1];

/** The app of a node, as inject sees it, with form posts sent as a browser sends them. */
function client(app: () => TestNode['app']) {
  const get = (cookie: string, url: string) =>
    app().inject({ method: 'GET', url, headers: { cookie } });
  const post = (cookie: string, url: string, body: Record<string, string>) =>
    app().inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(body).toString(),
    });
  /** Opens `page` for its CSRF token, then posts the form to `url`. */
  const submit = async (cookie: string, page: string, url: string, body: Record<string, string>) =>
    post(cookie, url, { _csrf: csrfFrom((await get(cookie, page)).body), ...body });
  return { get, post, submit };
}

forEachDialect('public asset pages', (dialect) => {
  describe('at a commune', () => {
    let node: TestNode;
    let web: ReturnType<typeof client>;
    const cookies: Partial<Record<Role, string>> = {};
    beforeEach(async () => {
      node = await startTestNode(await dialect.createDatabase(), { start: START });
      web = client(() => node.app);
      for (const role of ['leader', 'specialist', 'citizen'] as const)
        cookies[role] = await pageLogin(node, role);
    });
    const leader = () => cookies.leader ?? '';
    const events = async () => (await node.counts()).events;

    const addFormerHq = async () => {
      const response = await web.submit(leader(), '/assets', '/assets', formerHq);
      expect(response.statusCode, response.body).toBe(303);
      const id = /^\/assets\?done=registered#asset-([0-9a-f-]{36})$/.exec(
        String(response.headers.location),
      )?.[1];
      expect(id).toBeDefined();
      return id ?? '';
    };

    it('adds an asset from the form and shows the register in Vietnamese, English and Thai', async () => {
      const empty = await web.get(leader(), '/assets');
      expect(empty.statusCode).toBe(200);
      expect(h1(empty)).toBe('Tài sản công');
      expect(empty.body).toContain('<a href="/assets">Tài sản công</a>');
      expect(empty.body).toContain('Chưa có tài sản nào trong danh sách.');
      expect(empty.body).toContain('<form method="post" action="/assets" id="asset-form">');
      // A commune reports its facility needs; it has no unit to choose.
      expect(empty.body).toContain('<form method="post" action="/assets/needs" id="need-form">');
      expect(empty.body).not.toContain('name="unitCode"');

      const before = await events();
      const id = await addFormerHq();
      expect(await events()).toBe(before + 1);
      const page = await web.get(leader(), '/assets?done=registered');
      expect(page.body).toContain(
        '<p class="notice" role="status">Đã thêm tài sản vào danh sách.</p>',
      );
      expect(page.body).toContain(
        `<th scope="row"><a href="/assets/${id}">Trụ sở UBND phường Thạch Thang (cũ)</a></th>` +
          '<td>Trụ sở làm việc</td><td>34 Bạch Đằng, phường Hải Châu</td>' +
          '<td>UBND phường Thạch Thang</td><td>1.250 m²</td><td>845,5 m²</td><td>Tốt</td>' +
          '<td>Bỏ trống<br/><span class="hint">từ 01/07/2025 — 16 tháng (513 ngày)</span></td>',
      );

      // A page for a weak link (DESIGN §3.6): well under the 60 KB budget.
      expect(Buffer.byteLength(page.body)).toBeLessThan(60 * 1024);
      const en = await web.get(leader(), '/assets?lang=en');
      expect(h1(en)).toBe('Public assets (tài sản công)');
      expect(en.body).toContain('<td>1,250 m²</td><td>845.5 m²</td><td>Good</td>');
      expect(en.body).toContain(
        'Vacant (bỏ trống)<br/><span class="hint">since 01/07/2025 — 16 months (513 days)</span>',
      );
      const th = await web.get(leader(), '/assets?lang=th');
      expect(h1(th)).toBe('ทรัพย์สินของรัฐ (tài sản công)');
      expect(th.body).toContain('ว่าง (bỏ trống)');
      expect(th.body).toContain('16 เดือน (513 วัน)');

      const csv = await web.get(leader(), '/assets.csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="tai-san-cong-20242-2026-11-26.csv"',
      );
      expect(csv.body.startsWith('\uFEFF')).toBe(true);
      expect(parse(csv.body, { bom: true })).toEqual([
        ASSET_CSV_HEADER,
        [
          '20242',
          'Phường Hải Châu',
          'Trụ sở UBND phường Thạch Thang (cũ)',
          'Trụ sở làm việc',
          '34 Bạch Đằng, phường Hải Châu',
          'UBND phường Thạch Thang',
          '1250',
          '845.5',
          'Tốt',
          'Bỏ trống',
          '2025-07-01',
          '513',
          '',
          '09:00 26/11/2026',
        ],
      ]);
    });

    it('answers bad input at its fields in the user’s language, keeps what was typed, writes nothing', async () => {
      const before = await node.counts();
      const typed = {
        ...formerHq,
        name: '',
        landArea: '1.250',
        vacantSince: '',
        notes: 'Đã khóa cửa',
      };
      const response = await web.submit(leader(), '/assets', '/assets', typed);
      expect(response.statusCode).toBe(400);
      const body = response.body;
      expect(body).toContain('Chưa lưu được. Vui lòng sửa 3 lỗi dưới đây.');
      expect(body).toContain('<p class="error" id="name-error">Vui lòng nhập thông tin này.</p>');
      expect(body).toContain(
        '<p class="error" id="landArea-error">Nhập số mét vuông bằng chữ số, tối đa hai chữ số thập phân (ví dụ 245,5), không dùng dấu phân cách hàng nghìn.</p>',
      );
      expect(body).toContain(
        '<p class="error" id="vacantSince-error">Tài sản bỏ trống: cần ghi bỏ trống từ ngày nào.</p>',
      );
      expect(body).toContain('id="landArea" name="landArea" type="text" value="1.250"');
      expect(body).toContain('value="34 Bạch Đằng, phường Hải Châu"');
      expect(body).toContain('Đã khóa cửa</textarea>');
      expect(body).toContain('<option value="vacant" selected>Bỏ trống</option>');
      expect((await node.counts()).events).toBe(before.events);
      expect(await node.storage.db.selectFrom('assets').select('id').execute()).toEqual([]);

      const en = await web.submit(leader(), '/assets?lang=en', '/assets?lang=en', {
        ...formerHq,
        vacantSince: '2027-01-01',
      });
      expect(en.statusCode).toBe(400);
      expect(en.body).toContain(
        '<p class="error" id="vacantSince-error">The vacancy date cannot be after today.</p>',
      );
      expect(en.body).toContain('value="2027-01-01"');
      const th = await web.submit(leader(), '/assets?lang=th', '/assets?lang=th', {
        ...formerHq,
        condition: 'unusable',
        use: 'main_office',
        vacantSince: '',
      });
      expect(th.statusCode).toBe(400);
      expect(th.body).toContain(
        '<p class="error" id="use-error">ทรัพย์สินที่ชำรุดหนักใช้งานไม่ได้ต้องมีสถานะ “ว่าง” หรือ “รอการจัดการหรือโอนย้าย”</p>',
      );
      expect((await node.counts()).events).toBe(before.events);

      // Without the form's CSRF token nothing is taken.
      const forged = await web.post(leader(), '/assets', formerHq);
      expect(forged.statusCode).toBe(403);
      expect((await node.counts()).events).toBe(before.events);
    });

    it('shows officers the register without forms; refuses their writes and a citizen', async () => {
      const id = await addFormerHq();
      const specialist = cookies.specialist ?? '';
      const page = await web.get(specialist, '/assets');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<a href="/assets/${id}">`);
      expect(page.body).not.toContain('method="post" action="/assets"');
      const before = await events();
      const refused = await web.submit(specialist, '/assets', '/assets', formerHq);
      expect(refused.statusCode).toBe(403);
      const edit = await web.submit(specialist, `/assets/${id}`, `/assets/${id}`, {
        ...formerHq,
        notes: 'x',
        version: '1',
      });
      expect(edit.statusCode).toBe(403);
      expect(await events()).toBe(before);

      const citizen = cookies.citizen ?? '';
      expect((await web.get(citizen, '/assets')).statusCode).toBe(403);
      expect((await web.get(citizen, '/')).body).not.toContain('href="/assets"');
      expect((await web.get(leader(), '/assets/overview')).statusCode).toBe(404);
    });

    it('updates an asset on its page, lists its versions, and refuses a form filled before a change', async () => {
      const id = await addFormerHq();
      const page = await web.get(leader(), `/assets/${id}`);
      expect(h1(page)).toBe('Trụ sở UBND phường Thạch Thang (cũ)');
      expect(page.body).toContain('<input type="hidden" name="version" value="1"/>');
      expect(page.body).toContain('id="floorArea" name="floorArea" type="text" value="845,5"');
      node.advance(3_600_000);
      const saved = await web.submit(leader(), `/assets/${id}`, `/assets/${id}`, {
        ...formerHq,
        condition: 'degraded',
        version: '1',
      });
      expect(saved.statusCode, saved.body).toBe(303);
      expect(saved.headers.location).toBe(`/assets/${id}?done=updated`);
      const after = await web.get(leader(), `/assets/${id}?done=updated`);
      expect(after.body).toContain('Đã lưu phiên bản mới của tài sản.');
      expect(after.body).toContain('<span class="badge late">Xuống cấp</span>');
      expect(after.body).toContain('<li>Phiên bản 1, 09:00 26/11/2026, Người thử leader</li>');
      expect(after.body).toContain(
        '<li>Phiên bản 2, 10:00 26/11/2026, Người thử leader — thay đổi: tình trạng</li>',
      );

      const before = await events();
      const stale = await web.submit(leader(), `/assets/${id}`, `/assets/${id}`, {
        ...formerHq,
        notes: 'Sửa từ trang cũ',
        version: '1',
      });
      expect(stale.statusCode).toBe(400);
      expect(stale.body).toContain(
        '<p class="error" id="version">Tài sản vừa được cập nhật ở nơi khác. Hãy mở lại trang để xem phiên bản mới rồi sửa tiếp.</p>',
      );
      expect(stale.body).toContain('Sửa từ trang cũ</textarea>');
      const same = await web.submit(leader(), `/assets/${id}`, `/assets/${id}`, {
        ...formerHq,
        condition: 'degraded',
        version: '2',
      });
      expect(same.statusCode).toBe(400);
      expect(same.body).toContain('Không có thông tin nào thay đổi so với phiên bản hiện tại.');
      expect(await events()).toBe(before);
      expect(
        (await web.get(leader(), '/assets/00000000-0000-7000-8000-000000000000')).statusCode,
      ).toBe(404);
    });

    it('reports a facility need and settles it on its page', async () => {
      const need = {
        needKind: 'one_stop_desk',
        areaNeeded: '60',
        explanation: 'Bộ phận Một cửa chỉ có 12 m².',
      };
      const reported = await web.submit(leader(), '/assets', '/assets/needs', need);
      expect(reported.statusCode, reported.body).toBe(303);
      const id = /#need-([0-9a-f-]{36})$/.exec(String(reported.headers.location))?.[1] ?? '';
      const page = await web.get(leader(), '/assets?done=reported');
      expect(page.body).toContain('Đã báo cáo nhu cầu cơ sở vật chất.');
      expect(page.body).toContain(
        `<th scope="row"><a href="/assets/needs/${id}">Thiếu chỗ cho Bộ phận Một cửa</a></th>` +
          '<td>60 m²</td><td>Bộ phận Một cửa chỉ có 12 m².</td><td>26/11/2026</td>' +
          '<td><span class="badge late">Đang chờ giải quyết</span></td>',
      );
      const again = await web.submit(leader(), '/assets', '/assets/needs', {
        ...need,
        areaNeeded: '60,555',
      });
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain(
        '<p class="error" id="needKind-error">Đơn vị đã báo cáo nhu cầu loại này và đang chờ giải quyết.</p>',
      );
      expect(again.body).toContain('id="areaNeeded-error">Nhập số mét vuông');
      expect(again.body).toContain('value="60,555"');

      const before = await events();
      const noNote = await web.submit(
        leader(),
        `/assets/needs/${id}`,
        `/assets/needs/${id}/resolve`,
        {
          resolution: 'rented_or_borrowed',
          note: '  ',
        },
      );
      expect(noNote.statusCode).toBe(400);
      expect(noNote.body).toContain(
        '<p class="error" id="note-error">Vui lòng nhập thông tin này.</p>',
      );
      expect(noNote.body).toContain(
        '<option value="rented_or_borrowed" selected>Thuê, mượn</option>',
      );
      expect(await events()).toBe(before);
      const settled = await web.submit(
        leader(),
        `/assets/needs/${id}`,
        `/assets/needs/${id}/resolve`,
        { resolution: 'asset_assigned', note: 'Bố trí tầng 1 trụ sở phường Thạch Thang cũ' },
      );
      expect(settled.statusCode).toBe(303);
      expect(await events()).toBe(before + 1);
      expect((await web.get(leader(), '/assets')).body).toContain(
        'Được bố trí, điều chuyển tài sản (26/11/2026)<br/><span class="hint">Bố trí tầng 1 trụ sở phường Thạch Thang cũ</span>',
      );
      const twice = await web.submit(
        leader(),
        `/assets/needs/${id}`,
        `/assets/needs/${id}/resolve`,
        {
          resolution: 'asset_assigned',
          note: 'Lần nữa',
        },
      );
      expect(twice.statusCode).toBe(400);
      expect(twice.body).toContain('Nhu cầu này đã được ghi nhận là đã giải quyết.');
      expect(await events()).toBe(before + 1);
    });
  });

  describe('at the province hub', () => {
    let hub: TestHub;
    let commune: TestCommune;
    let web: ReturnType<typeof client>;
    beforeEach(async () => {
      hub = await startHub(await dialect.createDatabase());
      commune = await startCommune('20242', hub.url, { token: await hub.token('20242') });
      await commune.worker.syncOnce();
      web = client(() => hub.app());
    });
    afterEach(async () => {
      await commune.close();
      await hub.close();
    });
    const login = (username: string) =>
      pageLogin(
        { app: hub.app(), usernames: { leader: username } as Record<Role, string> },
        'leader',
      );

    it('shows the province what stands empty or deteriorates beside what the communes lack, with CSVs', async () => {
      const leader = await commune.actor('leader');
      const run = <T>(fn: Parameters<typeof runUseCase<T>>[3]) =>
        runUseCase(commune.services, leader, { ip: null }, fn);
      await run((uc) => registerAsset(uc, parseInput(assetInput, formerHq)));
      await run((uc) =>
        reportFacilityNeed(
          uc,
          parseInput(needInput, {
            needKind: 'hall',
            areaNeeded: '200',
            explanation: 'Không có chỗ họp dân.',
          }),
        ),
      );
      await commune.worker.syncOnce();

      const admin = await login('quantri');
      const added = await web.submit(admin, '/assets', '/assets', {
        ...formerHq,
        name: 'Nhà văn hóa huyện Hòa Vang (cũ)',
        kind: 'hall',
        address: 'Thôn Dương Lâm, xã Bà Nà',
        formerUnit: 'Huyện Hòa Vang',
        landArea: '',
        floorArea: '350',
        condition: 'degraded',
        vacantSince: '2025-09-15',
      });
      expect(added.statusCode, added.body).toBe(303);

      const page = await web.get(admin, '/assets/overview');
      expect(page.statusCode).toBe(200);
      expect(h1(page)).toBe('Tài sản công toàn tỉnh');
      expect(Buffer.byteLength(page.body)).toBeLessThan(60 * 1024);
      expect(page.body).toContain('2 tài sản.');
      expect(page.body).toContain(
        '<th scope="row">Phường Hải Châu (20242)</th><td>Thiếu hội trường',
      );
      // The culture house first (a hall), then the former HQ (serves a hall too).
      const candidates = /<td><ul>(.*?)<\/ul><\/td>/.exec(page.body)?.[1] ?? '';
      expect(candidates.indexOf('Nhà văn hóa huyện Hòa Vang (cũ)')).toBeGreaterThan(-1);
      expect(candidates.indexOf('Nhà văn hóa huyện Hòa Vang (cũ)')).toBeLessThan(
        candidates.indexOf('Trụ sở UBND phường Thạch Thang (cũ)'),
      );
      expect(page.body).toContain('href="/assets/overview.csv?table=needs"');
      expect((await web.get(admin, '/assets/overview?lang=en')).body).toContain(
        '<h1>Public assets of the province</h1>',
      );

      const assets = parse((await web.get(admin, '/assets/overview.csv')).body, { bom: true });
      expect(assets.map((row: string[]) => [row[0], row[2], row[8], row[11]])).toEqual([
        ['Mã đơn vị', 'Tên tài sản', 'Tình trạng', 'Số ngày bỏ trống'],
        ['20242', 'Trụ sở UBND phường Thạch Thang (cũ)', 'Tốt', '513'],
        ['48', 'Nhà văn hóa huyện Hòa Vang (cũ)', 'Xuống cấp', '437'],
      ]);
      const needs = await web.get(admin, '/assets/overview.csv?table=needs');
      expect(needs.headers['content-disposition']).toBe(
        'attachment; filename="tai-san-cong-nhu-cau-48-2026-11-26.csv"',
      );
      expect(parse(needs.body, { bom: true })).toEqual([
        [
          'Mã đơn vị',
          'Đơn vị',
          'Nhu cầu',
          'Diện tích cần (m²)',
          'Lý do',
          'Ngày báo cáo',
          'Số tài sản có thể đáp ứng',
          'Tài sản có thể đáp ứng',
        ],
        [
          '20242',
          'Phường Hải Châu',
          'Thiếu hội trường',
          '200',
          'Không có chỗ họp dân.',
          '2026-11-26',
          '2',
          'Nhà văn hóa huyện Hòa Vang (cũ) (Thành phố Đà Nẵng, 350 m²); ' +
            'Trụ sở UBND phường Thạch Thang (cũ) (Phường Hải Châu, 845.5 m²)',
        ],
      ]);

      const degraded = await web.get(admin, '/assets/overview?condition=degraded');
      expect(degraded.body).toContain('1 tài sản.');
      expect(degraded.body).toContain('<option value="degraded" selected>Xuống cấp</option>');
      const wrong = await web.get(admin, '/assets/overview?unitCode=99999');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain(
        '<p class="error" id="unitCode-error">Không có đơn vị hành chính nào mang mã 99999.</p>',
      );
      expect((await web.get(admin, '/assets/overview.csv?table=rooms')).statusCode).toBe(400);
    });

    it('refuses a commune’s leader signed in at the hub, who reads only their commune’s register', async () => {
      const before = await hub.services.storage.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const leader = await login('lanhdao.20242');
      expect((await web.get(leader, '/assets/overview')).statusCode).toBe(403);
      const own = await web.get(leader, '/assets');
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain('Danh sách tài sản — Phường Hải Châu');
      expect(own.body).not.toContain('id="asset-form"');
      const csrf = csrfFrom(own.body);
      const refused = await web.post(leader, '/assets', { _csrf: csrf, ...formerHq });
      expect(refused.statusCode).toBe(403);
      expect((await web.get(leader, '/assets?unitCode=20308')).statusCode).toBe(403);
      const after = await hub.services.storage.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
    });
  });
});
