// The reports' pages, on SQLite and PostgreSQL: at a commune (Phường Hải Châu, Thursday
// 26/11/2026 09:00) the list, each template's page, its CSV and its PDF with the figures of
// dossiers built through the real use cases and births registered through the API; wrong
// input answered at its field in Vietnamese, English and Thai with nothing read or written;
// another commune refused (403, audited); at the hub, the unit chooser and the communes' data.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { birthBody } from '../../test/civil-fixtures.js';
import { forEachDialect } from '../../test/dialects.js';
import { readPdf } from '../../test/pdf-inspect.js';
import { assign, intake, processed, residence, vn, type Desk } from '../../test/report-fixtures.js';
import { actorOf } from '../application/auth.js';
import type { Role } from '../domain/roles.js';

const START = '2026-11-26T02:00:00.000Z';

const headings = [
  'Lĩnh vực',
  'Nhận giải quyết - Tổng số',
  'Nhận giải quyết - Từ kỳ trước',
  'Nhận giải quyết - Mới tiếp nhận trực tuyến',
  'Nhận giải quyết - Mới tiếp nhận trực tiếp, bưu chính',
  'Đã giải quyết - Tổng số',
  'Đã giải quyết - Trước hạn',
  'Đã giải quyết - Đúng hạn',
  'Đã giải quyết - Quá hạn',
  'Đang giải quyết - Tổng số',
  'Đang giải quyết - Trong hạn',
  'Đang giải quyết - Quá hạn',
  'Rút hồ sơ',
  'Dừng giải quyết',
  'Từ chối tiếp nhận',
];

forEachDialect('report pages', (dialect) => {
  describe('at a commune', () => {
    let node: TestNode;
    const cookies: Partial<Record<Role, string>> = {};
    beforeEach(async () => {
      node = await startTestNode(await dialect.createDatabase(), { start: START });
      for (const role of ['receiving_officer', 'leader', 'citizen'] as const)
        cookies[role] = await apiLogin(node, role);
    });
    afterEach(async () => {
      await node.app.close();
    });

    const get = (role: Role, url: string) =>
      node.app.inject({ method: 'GET', url, headers: { cookie: cookies[role] ?? '' } });
    const actor = async (username: string) =>
      actorOf(
        node.services,
        await node.storage.db
          .selectFrom('accounts')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirstOrThrow(),
      );

    /**
     * X: received 02/11 08:00, result 02/11 10:00, due 03/11 08:00 — early. Y: received Friday
     * 20/11 09:00, due Monday 23/11 09:00, still with the specialist — overdue by 2 working
     * days at 09:00 on 26/11 (24/11 is a day off). Then, at 08:30 on 26/11, two births
     * registered: their dossiers wait for the leader's signature, due at 17:00 today.
     */
    async function november() {
      const desk: Desk = {
        unit: '20242',
        services: node.services,
        setClock: (at) => {
          node.advance(Date.parse(at) - node.services.clock().getTime());
        },
        receiving: await actor('tiepnhan'),
        specialist: await actor('chuyenvien'),
        leader: await actor('lanhdao'),
      };
      const x = await intake(desk, '2026-11-02T08:00', 1, residence);
      await processed(desk, x, '2026-11-02T08:10', '2026-11-02T10:00');
      const y = await intake(desk, '2026-11-20T09:00', 2, residence);
      await assign(desk, '2026-11-20T09:10', y);
      desk.setClock(vn('2026-11-26T08:30'));
      for (const body of [birthBody(), birthBody({ fullName: 'Lê Văn An', sex: 'male' })]) {
        const response = await node.app.inject({
          method: 'POST',
          url: '/api/v1/civil/registrations',
          headers: { cookie: cookies.receiving_officer ?? '' },
          payload: body,
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      desk.setClock(START);
      return { y };
    }

    it('lists the templates for the commune, with its own unit and no other to choose', async () => {
      const home = await get('receiving_officer', '/');
      expect(home.body).toContain('<a href="/reports">Báo cáo</a>');
      expect((await get('citizen', '/')).body).not.toContain('href="/reports"');
      const page = await get('receiving_officer', '/reports');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Báo cáo định kỳ</h1>');
      expect(page.body).toContain('value="2026-11"');
      expect(page.body).toContain('<strong id="unit">Phường Hải Châu (20242)</strong>');
      expect(page.body).not.toContain('<select');
      for (const [id, title] of [
        ['procedure-results', 'Tình hình, kết quả giải quyết thủ tục hành chính'],
        ['civil-status', 'Số liệu hộ tịch'],
        ['overdue-dossiers', 'Danh sách hồ sơ quá hạn'],
      ])
        expect(page.body).toContain(`<button type="submit" formaction="/reports/${id}">${title}`);
      expect((await get('citizen', '/reports')).statusCode).toBe(403);
    });

    it('shows the procedure results, and gives the same figures as CSV and PDF', async () => {
      await november();
      const page = await get('leader', '/reports/procedure-results?month=2026-11');
      expect(page.statusCode, page.body).toBe(200);
      const html = page.body;
      expect(html).toContain('<h2>Tháng 11/2026 — Phường Hải Châu</h2>');
      expect(html).toContain(
        'Số liệu từ ngày 01/11/2026 đến 09:00 26/11/2026 (tháng chưa kết thúc).',
      );
      // Grouped headings: three groups over their columns, the rest over both rows.
      expect(html).toContain(
        '<th scope="col" rowspan="2">Lĩnh vực</th><th scope="colgroup" colspan="4">Nhận giải quyết</th>',
      );
      expect(html).toContain(
        '<tr><th scope="row">Đăng ký, quản lý cư trú (cu_tru)</th><td>2</td><td>0</td><td>0</td>' +
          '<td>2</td><td>1</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td>1</td>' +
          '<td>0</td><td>0</td><td>0</td></tr>',
      );
      expect(html).toContain(
        '<tfoot><tr><th scope="row">Tổng cộng</th><td>4</td><td>0</td><td>0</td><td>4</td>' +
          '<td>1</td><td>1</td><td>0</td><td>0</td><td>3</td><td>2</td><td>1</td><td>0</td>' +
          '<td>0</td><td>0</td></tr></tfoot>',
      );
      expect(html).toContain('href="/reports/procedure-results.pdf?month=2026-11&amp;unit=20242"');
      expect(html).toContain(
        'href="/reports/procedure-results.csv?month=2026-11&amp;unit=20242&amp;section=by-sector"',
      );
      // A commune's own node has no communes' data to date.
      expect(html).not.toContain('id="sources"');

      const csv = await get('leader', '/reports/procedure-results.csv?month=2026-11');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="bao-cao-procedure-results-20242-2026-11.csv"',
      );
      expect(csv.body.startsWith('\uFEFF')).toBe(true);
      // prettier-ignore
      expect(parse(csv.body, { bom: true })).toEqual([
        headings,
        ['Đăng ký, quản lý cư trú (cu_tru)', '2', '0', '0', '2', '1', '1', '0', '0', '1', '0', '1', '0', '0', '0'],
        ['Hộ tịch (ho_tich)', '2', '0', '0', '2', '0', '0', '0', '0', '2', '2', '0', '0', '0', '0'],
        ['Tổng cộng', '4', '0', '0', '4', '1', '1', '0', '0', '3', '2', '1', '0', '0', '0'],
      ]);

      const pdf = await get('leader', '/reports/procedure-results.pdf?month=2026-11');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const content = await readPdf(pdf.rawPayload);
      expect(content.pages[0]?.width).toBeGreaterThan(content.pages[0]?.height ?? 0);
      for (const phrase of [
        'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Hải Châu, ngày 26 tháng 11 năm 2026',
        'BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 11/2026',
        'Số liệu từ ngày 01/11/2026 đến 09:00 26/11/2026 (tháng chưa kết thúc)',
        'Theo lĩnh vực',
        'Tổng cộng 4 0 0 4 1 1 0 0 3 2 1 0 0 0',
        'NGƯỜI LẬP BIỂU',
        'THỦ TRƯỞNG ĐƠN VỊ',
        'Người thử leader',
      ])
        expect(content.flat).toContain(phrase);
    });

    it('lists the overdue dossiers with the applicant, and audits every read of them', async () => {
      const { y } = await november();
      const page = await get('receiving_officer', '/reports/overdue-dossiers?month=2026-11');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('mỗi lần xem, tải về đều được ghi vào nhật ký truy cập');
      expect(page.body).toContain(`<th scope="row">${y.code}</th>`);
      expect(page.body).toContain('<td>Người nộp 2</td>');
      const csv = parse(
        (await get('receiving_officer', '/reports/overdue-dossiers.csv?month=2026-11')).body,
        { bom: true },
      );
      expect(csv).toEqual([
        [
          'Mã hồ sơ',
          'Thủ tục',
          'Người nộp',
          'Tiếp nhận lúc',
          'Hẹn trả lúc',
          'Hẹn lại (văn bản xin lỗi)',
          'Số ngày làm việc quá hạn',
          'Người xử lý',
          'Trạng thái',
        ],
        [
          y.code,
          'Xác nhận thông tin về cư trú (1.010041)',
          'Người nộp 2',
          '09:00 20/11/2026',
          '09:00 23/11/2026',
          '',
          '2',
          'Người thử specialist',
          'Đang xử lý',
        ],
      ]);
      const pdf = await readPdf(
        (await get('receiving_officer', '/reports/overdue-dossiers.pdf?month=2026-11')).rawPayload,
      );
      expect(pdf.flat).toContain('DANH SÁCH HỒ SƠ QUÁ HẠN GIẢI QUYẾT THÁNG 11/2026');
      expect(pdf.flat).toContain('Người nộp 2');

      // In English and Thai: the same list, headings and status translated.
      const english = await get(
        'receiving_officer',
        '/reports/overdue-dossiers?month=2026-11&lang=en',
      );
      expect(english.body).toContain('<th scope="col">Working days overdue</th>');
      expect(english.body).toContain('<td>Processing</td>');
      const thai = await get(
        'receiving_officer',
        '/reports/overdue-dossiers?month=2026-11&lang=th',
      );
      expect(thai.body).toContain('<th scope="col">จำนวนวันทำการที่เกินกำหนด</th>');

      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome', 'subject_id'])
        .where('action', '=', 'report.read')
        .orderBy('id')
        .execute();
      expect(audit).toEqual(
        Array.from({ length: 5 }, () => ({
          kind: 'read',
          outcome: 'ok',
          subject_id: 'overdue-dossiers/20242/2026-11',
        })),
      );
    });

    it('reports the civil-status figures of the civil-status page', async () => {
      await november();
      const report = await get('leader', '/reports/civil-status.csv?month=2026-11');
      const statistics = await get('leader', '/civil/statistics.csv?month=2026-11');
      // Two births, a girl and a boy, on time: the same figures on both.
      const figures = [
        '20242',
        'Phường Hải Châu',
        '2',
        '1',
        '1',
        '2',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
      ];
      expect(parse(statistics.body, { bom: true })[1]).toEqual(figures);
      expect(parse(report.body, { bom: true })[1]).toEqual([
        'Phường Hải Châu (20242)',
        ...figures.slice(2),
      ]);
    });

    it('answers a wrong month or unit at its field in each language, reading and writing nothing', async () => {
      const before = await node.counts();
      const messages = {
        vi: ['Tháng phải có dạng NNNN-TT (ví dụ 2026-11).', 'Mã đơn vị gồm 2 chữ số'],
        en: ['Enter the month as YYYY-MM (e.g. 2026-11).', 'A unit code has 2 digits'],
        th: ['กรอกเดือนในรูปแบบ ปปปป-ดด (เช่น 2026-11)', 'รหัสหน่วยงานมี 2 หลัก'],
      } as const;
      for (const [lang, [month, unit]] of Object.entries(messages)) {
        const bad = await get('leader', `/reports/procedure-results?month=2026-13&lang=${lang}`);
        expect(bad.statusCode).toBe(400);
        expect(bad.body).toContain(`<p class="error" id="month-error">${month}</p>`);
        expect(bad.body).toContain('value="2026-13"');
        expect(bad.body).not.toContain('<table');
        const badUnit = await get(
          'leader',
          `/reports/overdue-dossiers?month=2026-11&unit=abc&lang=${lang}`,
        );
        expect(badUnit.statusCode).toBe(400);
        expect(badUnit.body).toContain(`<p class="error" id="unit-error">${unit}`);
      }
      const future = await get('leader', '/reports/procedure-results?month=2026-12');
      expect(future.statusCode).toBe(400);
      expect(future.body).toContain('Tháng này chưa bắt đầu nên chưa có số liệu.');
      expect((await get('leader', '/reports/procedure-results.csv?month=abc')).statusCode).toBe(
        400,
      );
      expect((await get('leader', '/reports/procedure-results.pdf?month=abc')).statusCode).toBe(
        400,
      );
      expect(
        (await get('leader', '/reports/procedure-results.csv?month=2026-11&section=nope'))
          .statusCode,
      ).toBe(400);
      expect(await node.counts()).toEqual(before);

      // Another commune's reports are not this officer's (403, the refusal audited).
      const denied = await get('leader', '/reports/procedure-results?month=2026-11&unit=20308');
      expect(denied.statusCode).toBe(403);
      expect(
        await node.storage.db
          .selectFrom('audit_entries')
          .select(['kind', 'outcome', 'subject_id'])
          .where('action', '=', 'report.read')
          .execute(),
      ).toEqual([
        { kind: 'access', outcome: 'denied', subject_id: 'procedure-results/20308/2026-11' },
      ]);
    });
  });

  describe('at the province hub', () => {
    let hub: TestNode;
    beforeEach(async () => {
      hub = await startTestNode(await dialect.createDatabase(), { role: 'province', start: START });
    });
    afterEach(async () => {
      await hub.app.close();
    });

    it('lets the province choose the whole province or a commune, with each commune’s data date', async () => {
      const admin = await apiLogin(hub, 'province_admin');
      const get = (url: string, cookie = admin) =>
        hub.app.inject({ method: 'GET', url, headers: { cookie } });
      const list = await get('/reports');
      expect(list.body).toContain('<a href="/reports">Báo cáo</a>');
      expect(list.body).toContain(
        '<option value="48" selected>Toàn tỉnh (tổng hợp các xã, phường, đặc khu)</option>',
      );
      expect(list.body).toContain('<option value="20308">Xã Bà Nà (20308)</option>');

      const province = await get('/reports/procedure-results?month=2026-11');
      expect(province.statusCode).toBe(200);
      expect(province.body).toContain('<h2>Tháng 11/2026 — Thành phố Đà Nẵng</h2>');
      expect(province.body).toContain('<h2 id="by-unit-heading">Theo đơn vị</h2>');
      expect(province.body).toContain('Không có hồ sơ nào trong kỳ.');

      const one = await get('/reports/overdue-dossiers?month=2026-11&unit=20308');
      expect(one.statusCode).toBe(200);
      expect(one.body).toContain('<option value="20308" selected>Xã Bà Nà (20308)</option>');
      // Bà Nà has never sent data: the page says so rather than showing empty figures as news.
      expect(one.body).toContain(
        '<tr><th scope="row">Xã Bà Nà (20308)</th><td>—</td><td>—</td></tr>',
      );
      const pdf = await readPdf(
        (await get('/reports/overdue-dossiers.pdf?month=2026-11&unit=20308')).rawPayload,
      );
      expect(pdf.flat).toContain('VĂN PHÒNG ỦY BAN NHÂN DÂN');
      expect(pdf.flat).toContain('Xã Bà Nà chưa gửi dữ liệu lên tỉnh.');
      const civil = await readPdf(
        (await get('/reports/civil-status.pdf?month=2026-11')).rawPayload,
      );
      expect(civil.flat).toContain('SỞ TƯ PHÁP');

      // An unknown unit is answered at its field, the value kept.
      const unknown = await get('/reports/procedure-results?month=2026-11&unit=99999');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain(
        '<p class="error" id="unit-error">Không có đơn vị hành chính nào mang mã 99999.</p>',
      );
      expect(unknown.body).toContain('<option value="99999" selected>99999</option>');
      // Another province's commune: not this province's to read.
      expect((await get('/reports/procedure-results?month=2026-11&unit=00004')).statusCode).toBe(
        403,
      );

      // An officer of the province itself reads any commune too.
      const officer = await apiLogin(hub, 'receiving_officer');
      expect(
        (await get('/reports/civil-status?month=2026-11&unit=20242', officer)).statusCode,
      ).toBe(200);
    });
  });
});
