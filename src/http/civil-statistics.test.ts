// The month's civil-status figures, counted from registrations made through the API, on SQLite
// and PostgreSQL: the JSON figures, the page, the CSV and the PDF at a commune; every commune
// of the province at the hub once the communes have synced; refusals that read nothing.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, cookiesOf, startTestNode, type TestNode } from '../../test/app-harness.js';
import { birthBody, deathBody } from '../../test/civil-fixtures.js';
import { forEachDialect } from '../../test/dialects.js';
import { readPdf } from '../../test/pdf-inspect.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';
import { registerCivil, registerInput } from '../application/civil-status.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import type { Role } from '../domain/roles.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';
const paid = { payment: { method: 'cash', reference: 'BL-1' } };

const lateDeath = (deceased: Record<string, unknown>) => {
  const body = deathBody(deceased, paid);
  return {
    ...body,
    facts: {
      ...body.facts,
      dateOfDeath: '2026-11-10',
      deathNotice: { ...body.facts.deathNotice, issuedOn: '2026-11-10' },
    },
  };
};

// The couple of src/http/civil-api.test.ts (whose fixtures cannot be imported without its suites).
const marriageBody = (changes: Record<string, unknown> = {}) => ({
  kind: 'marriage',
  facts: {
    husband: {
      fullName: 'Phạm Minh Quân',
      dateOfBirth: '1995-04-12',
      residence: 'Phường Hải Châu, thành phố Đà Nẵng',
      citizenId: '048095001234',
    },
    wife: {
      fullName: 'Võ Thị Hồng Nhung',
      dateOfBirth: '1998-07-20',
      residence: 'Xã Bà Nà, thành phố Đà Nẵng',
      citizenId: '048198004321',
    },
    presence: { husband: true, wife: true },
    ...changes,
  },
});

const secondCouple = marriageBody({
  husband: {
    fullName: 'Trần Quốc Huy',
    dateOfBirth: '1990-01-15',
    residence: 'Phường Hải Châu, thành phố Đà Nẵng',
    citizenId: '048090007777',
  },
  wife: {
    fullName: 'Lê Thị Thu',
    dateOfBirth: '1992-03-03',
    residence: 'Phường Hải Châu, thành phố Đà Nẵng',
    citizenId: '048192008888',
  },
});

/**
 * November at Phường Hải Châu: births 3 girls and 2 boys, one boy late (born 61 days before);
 * deaths a man and two women, one woman late (16 days after); two marriages.
 */
const november: readonly unknown[] = [
  birthBody(),
  birthBody({ fullName: 'Trần Thị Mai Anh', dateOfBirth: '2026-11-01' }),
  birthBody({ fullName: 'Lê Thị Thu Hà', dateOfBirth: '2026-10-15' }),
  birthBody({ fullName: 'Nguyễn Văn An', sex: 'male' }),
  birthBody({ fullName: 'Phạm Văn Bình', sex: 'male', dateOfBirth: '2026-09-26' }, paid),
  deathBody(),
  lateDeath({
    fullName: 'Trần Thị Lan',
    sex: 'female',
    dateOfBirth: '1945-03-03',
    personalId: '048145000777',
  }),
  deathBody({
    fullName: 'Ngô Thị Cúc',
    sex: 'female',
    dateOfBirth: '1950-06-06',
    personalId: '048150000888',
  }),
  marriageBody(),
  secondCouple,
];

const haiChauNovember = {
  births: { total: 5, male: 2, female: 3, onTime: 4, late: 1 },
  deaths: { total: 3, male: 1, female: 2, onTime: 2, late: 1 },
  marriages: 2,
};
const none = {
  births: { total: 0, male: 0, female: 0, onTime: 0, late: 0 },
  deaths: { total: 0, male: 0, female: 0, onTime: 0, late: 0 },
  marriages: 0,
};

const CSV_HEADER =
  'Mã đơn vị,Đơn vị,Khai sinh,Khai sinh - Nam,Khai sinh - Nữ,Khai sinh - đúng hạn,' +
  'Khai sinh - quá hạn,Khai tử,Khai tử - Nam,Khai tử - Nữ,Khai tử - đúng hạn,' +
  'Khai tử - quá hạn,Kết hôn';

forEachDialect('civil-status statistics', (dialect) => {
  describe('at a commune', () => {
    let node: TestNode;
    const cookies: Partial<Record<Role, string>> = {};
    const roles = ['receiving_officer', 'leader', 'citizen'] as const;
    beforeEach(async () => {
      node = await startTestNode(await dialect.createDatabase(), { start: START });
      for (const role of roles) cookies[role] = await apiLogin(node, role);
    });

    const get = (role: Role, url: string) =>
      node.app.inject({
        method: 'GET',
        url,
        headers: { cookie: cookies[role] ?? '', 'accept-language': 'vi' },
      });
    const register = async (body: unknown) => {
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/civil/registrations',
        headers: { cookie: cookies.receiving_officer ?? '' },
        payload: body as object,
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    /** November's registrations, then one at 00:30 on 01/12 in Vietnam (still 30/11 in UTC). */
    const registerNovemberAndDecember = async () => {
      for (const body of november) await register(body);
      node.advance(Date.parse('2026-11-30T17:30:00.000Z') - Date.parse(START));
      for (const role of roles) cookies[role] = await apiLogin(node, role);
      await register(
        birthBody({ fullName: 'Đỗ Minh Khang', sex: 'male', dateOfBirth: '2026-11-28' }),
      );
    };

    it('counts November exactly, leaves December’s registration out, and audits the read', async () => {
      await registerNovemberAndDecember();
      const response = await get('leader', '/api/v1/civil/statistics?month=2026-11');
      expect(response.statusCode, response.body).toBe(200);
      const unit = { unitCode: '20242', unitName: 'Phường Hải Châu' };
      expect(response.json()).toEqual({
        month: '2026-11',
        scope: unit,
        units: [{ ...unit, figures: haiChauNovember }],
        total: haiChauNovember,
      });
      // Without a month: this month in Vietnam, already December.
      const december = await get('leader', '/api/v1/civil/statistics');
      expect(december.json()).toMatchObject({
        month: '2026-12',
        total: { ...none, births: { total: 1, male: 1, female: 0, onTime: 1, late: 0 } },
      });
      // A month with nothing registered is a row of zeros, not an empty report.
      const october = await get('leader', '/api/v1/civil/statistics?month=2026-10');
      expect(october.json()).toMatchObject({ units: [{ ...unit, figures: none }], total: none });
      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome', 'subject_type', 'subject_id'])
        .where('action', '=', 'civil.statistics')
        .orderBy('id')
        .execute();
      expect(audit).toEqual(
        ['20242/2026-11', '20242/2026-12', '20242/2026-10'].map((subject_id) => ({
          kind: 'read',
          outcome: 'ok',
          subject_type: 'civil_statistics',
          subject_id,
        })),
      );
    });

    it('shows the page, and gives the same figures as CSV (with BOM) and PDF', async () => {
      await registerNovemberAndDecember();
      const page = await get('receiving_officer', '/civil/statistics?month=2026-11');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = page.body;
      expect(html).toContain('<h1>Số liệu hộ tịch</h1>');
      expect(html).toContain('<h2>Tháng 11/2026 — Phường Hải Châu</h2>');
      expect(html).toContain('value="2026-11"');
      expect(html).toContain(
        '<th scope="row">Phường Hải Châu (20242)</th>' +
          '<td>5</td><td>2</td><td>3</td><td>4</td><td>1</td>' +
          '<td>3</td><td>1</td><td>2</td><td>2</td><td>1</td><td>2</td>',
      );
      expect(html).toContain('href="/civil/statistics.csv?month=2026-11"');
      expect(html).toContain('href="/civil/statistics.pdf?month=2026-11"');
      // A commune has no unit to choose.
      expect(html).not.toContain('name="unitCode"');

      const csv = await get('receiving_officer', '/civil/statistics.csv?month=2026-11');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="so-lieu-ho-tich-20242-2026-11.csv"',
      );
      expect(csv.body).toBe(
        `\uFEFF${CSV_HEADER}\r\n20242,Phường Hải Châu,5,2,3,4,1,3,1,2,2,1,2\r\n`,
      );
      // ?format= on the page's address answers the same file.
      const viaFormat = await get(
        'receiving_officer',
        '/civil/statistics?month=2026-11&format=csv',
      );
      expect(viaFormat.body).toBe(csv.body);

      const pdf = await get('receiving_officer', '/civil/statistics.pdf?month=2026-11');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const content = await readPdf(pdf.rawPayload);
      expect(content.pages).toHaveLength(1);
      for (const phrase of [
        'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU',
        'Hải Châu, ngày 01 tháng 12 năm 2026',
        'BÁO CÁO SỐ LIỆU HỘ TỊCH THÁNG 11/2026',
        'Số liệu từ ngày 01/11/2026 đến ngày 30/11/2026',
        '1 Phường Hải Châu (20242) 5 2 3 4 1 3 1 2 2 1 2',
        'Người thử receiving_officer',
      ])
        expect(content.flat).toContain(phrase);
    });

    it('refuses a citizen (403, audited) and reads nothing for a wrong month (400)', async () => {
      for (const url of ['/civil/statistics?month=2026-11', '/api/v1/civil/statistics'])
        expect((await get('citizen', url)).statusCode).toBe(403);
      const denied = await node.storage.db
        .selectFrom('audit_entries')
        .select(['kind', 'outcome'])
        .where('action', '=', 'civil.statistics')
        .execute();
      expect(denied).toEqual([
        { kind: 'access', outcome: 'denied' },
        { kind: 'access', outcome: 'denied' },
      ]);

      const before = await node.counts();
      for (const month of ['2026-13', 'abc']) {
        const page = await get('leader', `/civil/statistics?month=${month}`);
        expect(page.statusCode).toBe(400);
        expect(page.body).toContain(
          '<p class="error" id="month-error">Tháng phải có dạng NNNN-TT (ví dụ 2026-11).</p>',
        );
        expect(page.body).toContain(`value="${month}"`);
        expect(page.body).not.toContain('<table>');
      }
      const english = await get('leader', '/civil/statistics?month=2026-13&lang=en');
      expect(english.statusCode).toBe(400);
      expect(english.body).toContain('Enter the month as YYYY-MM (e.g. 2026-11).');
      expect((await get('leader', '/civil/statistics.csv?month=abc')).statusCode).toBe(400);
      const api = await get('leader', '/api/v1/civil/statistics?month=2026-13');
      expect(api.statusCode).toBe(400);
      expect(api.json()).toMatchObject({
        error: {
          fields: [
            {
              field: 'query.month',
              reason: 'month_format',
              message: 'Tháng phải có dạng NNNN-TT (ví dụ 2026-11).',
            },
          ],
        },
      });
      expect(await node.counts()).toEqual(before);
      // Another commune's figures are not this node's to show.
      expect((await get('leader', '/api/v1/civil/statistics?unitCode=20308')).statusCode).toBe(403);
    });
  });

  describe('at the province hub', () => {
    let hub: TestHub;
    const communes: TestCommune[] = [];
    beforeEach(async () => {
      hub = await startHub(await dialect.createDatabase());
    });
    afterEach(async () => {
      await Promise.all(communes.splice(0).map((c) => c.close()));
      await hub.close();
    });

    const commune = async (unit: string) => {
      const node = await startCommune(unit, hub.url, { token: await hub.token(unit) });
      communes.push(node);
      await node.worker.syncOnce();
      return node;
    };
    const registerAt = async (node: TestCommune, bodies: readonly unknown[]) => {
      const officer = await node.actor('receiving_officer');
      for (const body of bodies)
        await runUseCase(node.services, officer, { ip: null }, (uc) =>
          registerCivil(uc, parseInput(registerInput, body)),
        );
      await node.worker.syncOnce();
    };
    const login = async (username: string) => {
      const response = await hub.app().inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: 'mat-khau-thu-nghiem' },
      });
      expect(response.statusCode, response.body).toBe(200);
      return cookiesOf(response);
    };
    const get = (cookie: string, url: string) =>
      hub.app().inject({ method: 'GET', url, headers: { cookie } });

    it('shows every commune that registered that month, with the total, or one commune', async () => {
      const haiChau = await commune('20242');
      const baNa = await commune('20308');
      await registerAt(haiChau, november);
      await registerAt(baNa, [
        birthBody({ fullName: 'Hồ Văn Núi', sex: 'male', dateOfBirth: '2026-11-10' }),
        marriageBody(),
      ]);
      const baNaNovember = {
        ...none,
        births: { total: 1, male: 1, female: 0, onTime: 1, late: 0 },
        marriages: 1,
      };
      const total = {
        births: { total: 6, male: 3, female: 3, onTime: 5, late: 1 },
        deaths: haiChauNovember.deaths,
        marriages: 3,
      };

      const admin = await login('quantri');
      const figures = await get(admin, '/api/v1/civil/statistics?month=2026-11');
      expect(figures.statusCode, figures.body).toBe(200);
      expect(figures.json()).toEqual({
        month: '2026-11',
        scope: { unitCode: '48', unitName: 'Thành phố Đà Nẵng' },
        units: [
          { unitCode: '20242', unitName: 'Phường Hải Châu', figures: haiChauNovember },
          { unitCode: '20308', unitName: 'Xã Bà Nà', figures: baNaNovember },
        ],
        total,
      });

      const page = await get(admin, '/civil/statistics?month=2026-11');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h2>Tháng 11/2026 — Thành phố Đà Nẵng</h2>');
      expect(page.body).toContain('<option value="20308">Xã Bà Nà (20308)</option>');
      expect(page.body).toContain(
        '<tfoot><tr><th scope="row">Tổng cộng</th>' +
          '<td>6</td><td>3</td><td>3</td><td>5</td><td>1</td>' +
          '<td>3</td><td>1</td><td>2</td><td>2</td><td>1</td><td>3</td></tr></tfoot>',
      );

      const csv = await get(admin, '/civil/statistics.csv?month=2026-11');
      expect(parse(csv.body, { bom: true })).toEqual([
        CSV_HEADER.split(','),
        ['20242', 'Phường Hải Châu', '5', '2', '3', '4', '1', '3', '1', '2', '2', '1', '2'],
        ['20308', 'Xã Bà Nà', '1', '1', '0', '1', '0', '0', '0', '0', '0', '0', '1'],
        ['', 'Tổng cộng', '6', '3', '3', '5', '1', '3', '1', '2', '2', '1', '3'],
      ]);
      const pdf = await readPdf(
        (await get(admin, '/civil/statistics.pdf?month=2026-11')).rawPayload,
      );
      expect(pdf.flat).toContain('SỞ TƯ PHÁP');
      expect(pdf.flat).toContain('Tổng cộng 6 3 3 5 1 3 1 2 2 1 3');

      const one = await get(admin, '/api/v1/civil/statistics?month=2026-11&unitCode=20308');
      expect(one.json()).toMatchObject({
        scope: { unitCode: '20308' },
        units: [{ unitCode: '20308', figures: baNaNovember }],
        total: baNaNovember,
      });
      expect((await get(admin, '/civil/statistics?month=2026-12')).body).toContain(
        'Không có việc hộ tịch nào được đăng ký trong tháng này.',
      );

      const unknown = await get(admin, '/civil/statistics?month=2026-11&unitCode=99999');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain(
        '<p class="error" id="unitCode-error">Không có đơn vị hành chính nào mang mã 99999.</p>',
      );

      // A commune's officer signed in at the hub sees their own commune, and only it.
      const officer = await login('tiepnhan.20308');
      expect((await get(officer, '/api/v1/civil/statistics?month=2026-11')).json()).toMatchObject({
        scope: { unitCode: '20308' },
        total: baNaNovember,
      });
      for (const unit of ['20242', '48'])
        expect(
          (await get(officer, `/api/v1/civil/statistics?month=2026-11&unitCode=${unit}`))
            .statusCode,
        ).toBe(403);
    });
  });
});
