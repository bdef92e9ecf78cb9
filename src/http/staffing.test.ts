// The staffing pages as their users see them, on SQLite and PostgreSQL: the province's ranking
// in Vietnamese, English and Thai with its CSV; one commune at the hub with the administrator's
// field forms; the commune's own page at its node. Bad input is answered at its field in the
// user's language with the choice kept and no event written: an unknown field, a field for a
// citizen, a wrong month or unit; a commune's leader may not set fields (403, audited); the
// account form and API take a field too, and refuse a wrong one.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cookiesOf, csrfFrom } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  communeApp,
  startCommune,
  startHub,
  testClock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { bootstrapAccount } from '../application/accounts.js';
import {
  intakeAtCounter,
  intakeInput,
  transitionDossier,
  transitionInputs,
} from '../application/dossiers.js';
import { setOfficerField } from '../application/staffing.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import type { Lang } from '../i18n/languages.js';

const NOW = '2026-11-26T02:00:00.000Z';
const password = 'mat-khau-thu-nghiem';
const vn = (local: string) => new Date(`${local}:00.000+07:00`).toISOString();

forEachDialect('staffing pages', (dialect) => {
  let hub: TestHub;
  let haiChau: TestCommune;
  let haiChauApp: FastifyInstance;
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase(), { clock: testClock(NOW) });
    for (const [username, role, unitCode] of [
      ['congdan', 'citizen', '48'],
      ['chuyenvien2.20242', 'specialist', '20242'],
    ] as const)
      await runUseCase(hub.services, null, { ip: null }, (uc) =>
        bootstrapAccount(uc, {
          username,
          displayName: `Người ${username}`,
          role,
          unitCode,
          password,
        }),
      );
    for (const [username, field] of [
      ['tiepnhan.20242', 'mot_cua'],
      ['chuyenvien.20242', 'tu_phap_ho_tich'],
      ['chuyenvien2.20242', 'van_hoa_xa_hoi'],
    ] as const) {
      const accountId = await idOf(username);
      await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
        setOfficerField(uc, { accountId, field }),
      );
    }
    haiChau = await startCommune('20242', hub.url, {
      token: await hub.token('20242'),
      clock: testClock(NOW),
    });
    await haiChau.worker.syncOnce();
    haiChauApp = await communeApp(haiChau);
    // A civil-status dossier decided by the culture–society officer (outside her field), and
    // a social-protection one by her too, received on 2 and 3 November.
    const receiving = await haiChau.actor('receiving_officer');
    const leader = await haiChau.actor('leader');
    const b = await haiChau.services.storage.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', 'chuyenvien2.20242')
      .executeTakeFirstOrThrow();
    const at = <T>(local: string, fn: Parameters<typeof runUseCase<T>>[3], actor = receiving) => {
      haiChau.clock.set(vn(local));
      return runUseCase(haiChau.services, actor, { ip: null }, fn);
    };
    const specialist = { ...receiving, id: b.id, role: 'specialist' as const };
    const marital = await at('2026-11-02T08:00', (uc) =>
      intakeAtCounter(
        uc,
        parseInput(intakeInput, {
          procedureCode: '1.004873',
          competentUnitCode: '20242',
          applicant: { fullName: 'Trần Văn Bình', citizenId: '048085001234' },
          components: [
            { code: 'to_khai', provided: true, reusedFromData: false },
            { code: 'giay_to_tuy_than', provided: false, reusedFromData: true },
          ],
          payment: { method: 'cash', reference: 'BL-1' },
        }),
      ),
    );
    const burial = await at('2026-11-03T08:00', (uc) =>
      intakeAtCounter(
        uc,
        parseInput(intakeInput, {
          procedureCode: '1.001731',
          competentUnitCode: '20242',
          applicant: { fullName: 'Lê Thị Hoa', citizenId: '048185001235' },
          components: [
            { code: 'to_khai_mai_tang', provided: true, reusedFromData: false },
            { code: 'trich_luc_khai_tu', provided: false, reusedFromData: true },
            { code: 'giay_to_tuy_than', provided: false, reusedFromData: true },
          ],
        }),
      ),
    );
    const step = (
      local: string,
      actor: typeof receiving,
      id: string,
      action: 'assign' | 'submit_for_approval' | 'approve',
      body: Record<string, unknown>,
    ) =>
      at(
        local,
        (uc) =>
          transitionDossier(uc, id, action, parseInput(transitionInputs[action], body) as never),
        actor,
      );
    for (const d of [marital, burial])
      await step('2026-11-03T09:00', receiving, d.id, 'assign', { assigneeId: b.id });
    await step('2026-11-04T09:00', specialist, marital.id, 'submit_for_approval', {});
    await step('2026-11-04T09:30', leader, marital.id, 'approve', {});
    haiChau.clock.set(NOW);
    await haiChau.worker.syncOnce();
  });
  afterEach(async () => {
    await haiChauApp.close();
    await haiChau.close();
    await hub.close();
  });

  async function idOf(username: string) {
    return (
      await hub.services.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  }

  /** Logs in through the form, as a browser does. */
  async function login(app: FastifyInstance, username: string) {
    const page = await app.inject({ method: 'GET', url: '/login' });
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookiesOf(page) },
      payload: { _csrf: csrfFrom(page.body), username, password },
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    return cookiesOf(response, cookiesOf(page));
  }
  const get = (app: FastifyInstance, cookie: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie } });
  const eventCount = async () =>
    Number(
      (
        await hub.services.storage.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Posts the field form of the commune's page, as the browser would (CSRF from the page). */
  async function postField(cookie: string, accountId: string, field: string, lang: Lang = 'vi') {
    const page = await get(
      hub.app(),
      cookie,
      `/staffing?month=2026-11&unitCode=20242&lang=${lang}`,
    );
    return hub.app().inject({
      method: 'POST',
      url: `/staffing/officers/${accountId}/field`,
      headers: { cookie: cookiesOf(page, cookie) },
      payload: { _csrf: csrfFrom(page.body), field, month: '2026-11', unitCode: '20242' },
    });
  }

  it('shows the province’s ranking in Vietnamese, English and Thai, and downloads it', async () => {
    const admin = await login(hub.app(), 'quantri');
    const expected: Record<Lang, string[]> = {
      vi: [
        '<a href="/staffing">Nhân sự</a>',
        'Tháng 11/2026 — Thành phố Đà Nẵng',
        'Phường Hải Châu',
        'Công chức giải quyết hồ sơ ngoài lĩnh vực',
        'Người chuyenvien2.20242',
        'Hộ tịch: 1',
        '50 %',
        'Tư pháp – hộ tịch',
        'Tải bảng xếp hạng (CSV)',
      ],
      en: [
        '<a href="/staffing">Staffing</a>',
        '11/2026 — Thành phố Đà Nẵng',
        'Officers handling dossiers outside their field',
        'Civil status (hộ tịch): 1',
        'Justice and civil status (Tư pháp – hộ tịch)',
        'Download the ranking (CSV)',
      ],
      th: [
        '<a href="/staffing">บุคลากร</a>',
        'เดือน 11/2026 — Thành phố Đà Nẵng',
        'เจ้าหน้าที่ที่ดำเนินการแฟ้มนอกสายงาน',
        'การทะเบียนราษฎร (hộ tịch): 1',
        'ดาวน์โหลดตารางอันดับ (CSV)',
      ],
    };
    for (const lang of ['vi', 'en', 'th'] as const) {
      const response = await get(hub.app(), admin, `/staffing?month=2026-11&lang=${lang}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain(`<html lang="${lang}"`);
      for (const text of expected[lang]) expect(response.body, `${lang}: ${text}`).toContain(text);
      expect(response.body).not.toContain('<script');
    }

    const csv = await get(hub.app(), admin, '/staffing.csv?month=2026-11');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="nhan-su-48-2026-11.csv"',
    );
    const rows: string[][] = parse(csv.body, { bom: true });
    // Hải Châu: 4 officers, 2 dossiers → 0.5; Bà Nà: 3 officers, none → 0; median 0.25.
    expect(rows).toEqual([
      [
        'Hạng',
        'Mã đơn vị',
        'Đơn vị',
        'Số công chức',
        'Lĩnh vực: Một cửa',
        'Lĩnh vực: Văn phòng–thống kê',
        'Lĩnh vực: Địa chính (phường)',
        'Lĩnh vực: Địa chính (xã)',
        'Lĩnh vực: Tài chính–kế toán',
        'Lĩnh vực: Tư pháp–hộ tịch',
        'Lĩnh vực: Văn hóa–xã hội',
        'Chưa gán lĩnh vực',
        'Hồ sơ tiếp nhận trong tháng',
        'Hồ sơ trên một công chức',
        'Trung vị của tỉnh',
        'Cảnh báo',
      ],
      [
        '1',
        '20242',
        'Phường Hải Châu',
        '4',
        '1',
        '0',
        '0',
        '0',
        '0',
        '1',
        '1',
        '1',
        '2',
        '0.50',
        '0.25',
        'Nhiều hồ sơ trên một công chức (thiếu người)',
      ],
      [
        '2',
        '20308',
        'Xã Bà Nà',
        '3',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '3',
        '0',
        '0.00',
        '0.25',
        'Ít hồ sơ trên một công chức (thừa người)',
      ],
    ]);
    const audit = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['subject_id'])
      .where('action', '=', 'staffing.read')
      .where('kind', '=', 'read')
      .execute();
    expect(audit.map((a) => a.subject_id)).toEqual([
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
      '48/2026-11',
    ]);
  });

  it('lets the administrator set a field from the commune’s page, and the commune read it', async () => {
    const admin = await login(hub.app(), 'quantri');
    const page = await get(hub.app(), admin, '/staffing?month=2026-11&unitCode=20242');
    expect(page.statusCode).toBe(200);
    const leaderId = await idOf('lanhdao.20242');
    expect(page.body).toContain(`action="/staffing/officers/${leaderId}/field"`);
    expect(page.body).toContain('aria-label="Lĩnh vực của leader 20242"');

    const before = await eventCount();
    const response = await postField(admin, leaderId, 'van_phong_thong_ke');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Đã cập nhật lĩnh vực của leader 20242.');
    expect(await eventCount()).toBe(before + 1);
    const event = await hub.services.storage.db
      .selectFrom('events')
      .select(['type', 'payload', 'actor_id', 'unit_code'])
      .where('entity_id', '=', leaderId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      type: 'account.field_set',
      payload: '{"field":"van_phong_thong_ke"}',
      actor_id: hub.admin.id,
      unit_code: '48',
    });
    // The same choice again writes nothing.
    expect((await postField(admin, leaderId, 'van_phong_thong_ke')).statusCode).toBe(200);
    expect(await eventCount()).toBe(before + 1);

    // At the commune, after sync, its leader sees the fields and the work, without forms.
    await haiChau.worker.syncOnce();
    const leader = await login(haiChauApp, 'lanhdao.20242');
    for (const [lang, texts] of [
      ['vi', ['Văn phòng – thống kê', 'Văn hóa – xã hội', '1 (50 %): Hộ tịch', 'Nhân sự']],
      ['en', ['Office and statistics (Văn phòng – thống kê)', '1 (50 %): Civil status (hộ tịch)']],
      ['th', ['สำนักงานและสถิติ (Văn phòng – thống kê)', 'การทะเบียนราษฎร (hộ tịch)']],
    ] as const) {
      const own = await get(haiChauApp, leader, `/staffing?lang=${lang}`);
      expect(own.statusCode).toBe(200);
      for (const text of texts) expect(own.body, `${lang}: ${text}`).toContain(text);
      expect(own.body).not.toContain('/field"');
    }
    // A specialist of the commune does not see staffing.
    const specialist = await login(haiChauApp, 'chuyenvien.20242');
    expect((await get(haiChauApp, specialist, '/staffing')).statusCode).toBe(403);
    expect((await get(haiChauApp, specialist, '/')).body).not.toContain('href="/staffing"');
  });

  it('answers an unknown field and a field for a citizen at the field, in the user’s language, writing nothing', async () => {
    const admin = await login(hub.app(), 'quantri');
    const officer = await idOf('chuyenvien.20242');
    const before = await eventCount();

    const unknown = await postField(admin, officer, 'thu_quy');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain(
      `<p class="error" id="field-${officer}-error">Không có lĩnh vực nào mang mã thu_quy.</p>`,
    );
    // The choice is kept, and the summary links to it.
    expect(unknown.body).toContain('<option value="thu_quy" selected>thu_quy</option>');
    expect(unknown.body).toContain(`href="#field-${officer}"`);
    const english = await postField(admin, officer, 'thu_quy', 'en');
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('There is no field with the code thu_quy.');
    const thai = await postField(admin, officer, 'thu_quy', 'th');
    expect(thai.body).toContain('ไม่มีสายงานรหัส thu_quy');

    const citizen = await postField(admin, await idOf('congdan'), 'tu_phap_ho_tich');
    expect(citizen.statusCode).toBe(400);
    expect(citizen.body).toContain(
      'Chỉ công chức tiếp nhận, công chức chuyên môn và lãnh đạo mới được gán lĩnh vực.',
    );

    const nobody = await postField(admin, '0190aaaa-0000-7000-8000-000000000000', 'mot_cua');
    expect(nobody.statusCode).toBe(404);
    expect(await eventCount()).toBe(before);
    expect(
      (
        await hub.services.storage.db
          .selectFrom('accounts')
          .select('officer_field')
          .where('id', '=', officer)
          .executeTakeFirstOrThrow()
      ).officer_field,
    ).toBe('tu_phap_ho_tich');
  });

  it('forbids a commune’s leader to set a field, and audits the refusal', async () => {
    const leader = await login(hub.app(), 'lanhdao.20242');
    // The leader sees their own commune at the hub, without the forms.
    const own = await get(hub.app(), leader, '/staffing?month=2026-11');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Tháng 11/2026 — Phường Hải Châu');
    expect(own.body).not.toContain('/field"');
    expect(
      (await get(hub.app(), leader, '/staffing?month=2026-11&unitCode=20308')).statusCode,
    ).toBe(403);

    const before = await eventCount();
    const officer = await idOf('chuyenvien.20242');
    const response = await hub.app().inject({
      method: 'POST',
      url: `/staffing/officers/${officer}/field`,
      headers: { cookie: cookiesOf(own, leader) },
      payload: { _csrf: csrfFrom(own.body), field: 'van_hoa_xa_hoi', month: '2026-11' },
    });
    expect(response.statusCode).toBe(403);
    expect(await eventCount()).toBe(before);
    const denied = await hub.services.storage.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_id', 'outcome'])
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { action: 'staffing.manage', subject_id: officer, outcome: 'denied' },
        { action: 'staffing.read', subject_id: '20308/2026-11', outcome: 'denied' },
      ]),
    );
  });

  it('answers a wrong month or unit beside the field, keeping what was typed', async () => {
    const admin = await login(hub.app(), 'quantri');
    const month = await get(hub.app(), admin, '/staffing?month=2026-13&lang=en');
    expect(month.statusCode).toBe(400);
    expect(month.body).toContain('<p class="error" id="month-error">');
    expect(month.body).toContain('value="2026-13"');
    const future = await get(hub.app(), admin, '/staffing?month=2027-01');
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain(
      'Tháng này chưa bắt đầu: hãy chọn tháng hiện tại hoặc một tháng đã qua.',
    );
    const unit = await get(hub.app(), admin, '/staffing?month=2026-11&unitCode=99999');
    expect(unit.statusCode).toBe(400);
    expect(unit.body).toContain('Không có đơn vị hành chính nào mang mã 99999.');
    const csv = await get(hub.app(), admin, '/staffing.csv?month=11-2026');
    expect(csv.statusCode).toBe(400);
    expect(csv.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('takes a field with a new account, on the form and the API, and refuses a wrong one', async () => {
    const admin = await login(hub.app(), 'quantri');
    const page = await get(hub.app(), admin, '/admin/accounts');
    expect(page.body).toContain('<select id="field" name="field"');
    const created = await hub.app().inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { cookie: cookiesOf(page, admin) },
      payload: {
        _csrf: csrfFrom(page.body),
        username: 'chuyenvien3.20242',
        displayName: 'Đỗ Minh Tâm',
        role: 'specialist',
        unitCode: '20242',
        field: 'dia_chinh_do_thi',
        password,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain('Địa chính – xây dựng – đô thị và môi trường');
    const row = await hub.services.storage.db
      .selectFrom('accounts')
      .select(['id', 'officer_field'])
      .where('username', '=', 'chuyenvien3.20242')
      .executeTakeFirstOrThrow();
    expect(row.officer_field).toBe('dia_chinh_do_thi');

    const before = await eventCount();
    const refused = await hub.app().inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { cookie: cookiesOf(page, admin) },
      payload: {
        _csrf: csrfFrom(page.body),
        username: 'congdan2',
        displayName: 'Công dân hai',
        role: 'citizen',
        unitCode: '48',
        field: 'tu_phap_ho_tich',
        password,
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-error"');
    expect(refused.body).toContain('value="congdan2"');

    const api = await hub.app().inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { cookie: admin, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: {
        username: 'tiepnhan2.20242',
        displayName: 'Phan Thị Mai',
        role: 'receiving_officer',
        unitCode: '20242',
        password,
        field: 'thu_quy',
      },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json<{ error: unknown }>().error).toMatchObject({
      code: 'validation_failed',
      fields: [
        {
          field: 'field',
          reason: 'field_unknown',
          message: 'There is no field with the code thu_quy.',
        },
      ],
    });
    expect(await eventCount()).toBe(before);
    const ok = await hub.app().inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: {
        username: 'tiepnhan2.20242',
        displayName: 'Phan Thị Mai',
        role: 'receiving_officer',
        unitCode: '20242',
        password,
        field: 'mot_cua',
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ username: 'tiepnhan2.20242', field: 'mot_cua' });
  });
});
