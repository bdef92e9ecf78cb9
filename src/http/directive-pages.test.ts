// Directives as the people who use them see them: the province's form (bad input answered next
// to each field in Vietnamese, English and Thai, with what was typed kept and nothing written),
// the commune's steps from its own pages, and the province's table once the commune has synced.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Role } from '../domain/roles.js';
import { cookiesOf, csrfFrom, pageLogin } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { multipart, pngFile } from '../../test/multipart.js';
import { readPdf } from '../../test/pdf-inspect.js';
import {
  communeApp,
  communeStaff,
  startCommune,
  startHub,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';

const pdf = Buffer.from('%PDF-1.4\n% chi dao\n%%EOF\n');
const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

const communeUsers = (unit: string): Record<Role, string> => {
  const users: Record<Role, string> = {
    citizen: '',
    receiving_officer: '',
    specialist: '',
    leader: '',
    province_admin: 'quantri',
    volunteer: '',
    service: '',
  };
  for (const s of communeStaff) users[s.role] = s.username(unit);
  return users;
};

forEachDialect('directive pages', (dialect) => {
  let hub: TestHub;
  let baNa: TestCommune;
  let baNaApp: FastifyInstance;
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
    baNa = await startCommune('20308', hub.url, { token: await hub.token('20308') });
    await baNa.worker.syncOnce();
    baNaApp = await communeApp(baNa);
  });
  afterEach(async () => {
    await baNaApp.close();
    await baNa.close();
    await hub.close();
  });

  const hubLogin = (role: 'province_admin' | 'leader') =>
    pageLogin(
      {
        app: hub.app(),
        usernames: communeUsers('20308'),
      },
      role,
    );

  async function postForm(
    app: FastifyInstance,
    cookie: string,
    url: string,
    formUrl: string,
    fields: Record<string, string | readonly string[]>,
    files: Parameters<typeof multipart>[1] = {},
  ) {
    const form = await app.inject({ method: 'GET', url: formUrl, headers: { cookie } });
    expect(form.statusCode, `${formUrl}: ${form.headers.location ?? ''}`).toBe(200);
    const body = multipart({ _csrf: csrfFrom(form.body), ...fields }, files);
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookiesOf(form, cookie), 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  const directiveCount = async () =>
    (await hub.services.storage.db.selectFrom('directives').select('id').execute()).length;

  it('answers bad input next to each field in three languages, keeps what was typed, writes nothing', async () => {
    hub.clock.set(vn('2026-11-26 09:00'));
    const cookie = await hubLogin('province_admin');
    const bad = {
      number: '',
      title: 'Báo cáo trụ sở dôi dư',
      deadlineKind: 'date',
      deadlineDate: '2026-11-28',
    };
    const expected = {
      vi: ['Chọn ít nhất một xã nhận văn bản.', 'Vui lòng'],
      en: ['Choose at least one commune.', 'required'],
      th: ['เลือกอย่างน้อยหนึ่งตำบล', ''],
    } as const;
    for (const [lang, [targets]] of Object.entries(expected)) {
      const response = await postForm(
        hub.app(),
        cookie,
        `/directives?lang=${lang}`,
        `/directives/new?lang=${lang}`,
        bad,
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(targets);
      expect(response.body).toContain('id="number-error"');
      expect(response.body).toContain('value="Báo cáo trụ sở dôi dư"');
    }
    // The date is checked once the form is otherwise right: a Saturday names the next working day.
    const saturday = await postForm(hub.app(), cookie, '/directives', '/directives/new', {
      ...bad,
      number: '7/UBND-VP',
      unitCodes: ['20308'],
    });
    expect(saturday.statusCode).toBe(400);
    expect(saturday.body).toContain('Ngày làm việc kế tiếp là 30/11/2026');
    // A file that is not a PDF or an image is the file's own error.
    const wrongFile = await postForm(
      hub.app(),
      cookie,
      '/directives',
      '/directives/new',
      { ...bad, number: '7/UBND-VP', deadlineDate: '2026-11-30', unitCodes: ['20308'] },
      { 'attachments.0': { name: 'a.txt', type: 'text/plain', content: Buffer.from('hello') } },
    );
    expect(wrongFile.statusCode).toBe(400);
    expect(wrongFile.body).toContain('id="attachments.0-error"');
    expect(await directiveCount()).toBe(0);
  });

  it('is issued at the hub, acknowledged, assigned and reported at the commune, and seen done at the hub', async () => {
    hub.clock.set(vn('2026-11-26 09:00'));
    baNa.clock.set(vn('2026-11-26 09:00'));
    const admin = await hubLogin('province_admin');
    const issued = await postForm(
      hub.app(),
      admin,
      '/directives',
      '/directives/new',
      {
        number: '125/UBND-VP',
        title: 'Rà soát trụ sở dôi dư',
        body: 'Báo cáo trước hạn.',
        priority: 'urgent',
        deadlineKind: 'working_days',
        deadlineDays: '5',
        unitCodes: ['20308', '20242'],
      },
      { 'attachments.0': { name: 'cv.pdf', type: 'application/pdf', content: pdf } },
    );
    expect(issued.statusCode).toBe(303);
    const path = issued.headers.location?.split('?')[0] ?? '';
    expect(path).toMatch(/^\/directives\/[0-9a-f-]{36}$/);
    const atHub = await hub.app().inject({ method: 'GET', url: path, headers: { cookie: admin } });
    expect(atHub.body).toContain('125/UBND-VP');
    expect(atHub.body).toContain('03/12/2026 (5 ngày làm việc)');
    expect(atHub.body).toContain('Chưa (xã chưa đồng bộ)');

    // A commune's leader may not read the province's list at the hub.
    const communeAtHub = await hubLogin('leader');
    const denied = await hub
      .app()
      .inject({ method: 'GET', url: '/directives', headers: { cookie: communeAtHub } });
    expect(denied.statusCode).toBe(403);

    // At Bà Nà after sync.
    await baNa.worker.syncOnce();
    const leader = await pageLogin({ app: baNaApp, usernames: communeUsers('20308') }, 'leader');
    // The leader's home page says what waits.
    const home = await baNaApp.inject({ method: 'GET', url: '/', headers: { cookie: leader } });
    expect(home.body).toContain('Văn bản chỉ đạo của tỉnh cần xử lý');
    expect(home.body).toContain('125/UBND-VP — Rà soát trụ sở dôi dư');
    const list = await baNaApp.inject({
      method: 'GET',
      url: '/directives',
      headers: { cookie: leader },
    });
    expect(list.body).toContain('Rà soát trụ sở dôi dư');
    expect(list.body).toContain('Chưa xác nhận');
    const file = await baNaApp.inject({
      method: 'GET',
      url: `${path}/attachments/${(/attachments\/([0-9a-f]{64})/.exec(atHub.body) ?? [])[1] ?? ''}`,
      headers: { cookie: leader },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');

    // The letter prints from the directive's data at the commune too.
    const letter = await baNaApp.inject({
      method: 'GET',
      url: `${path}/letter.pdf`,
      headers: { cookie: leader },
    });
    expect(letter.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(letter.rawPayload)).flat;
    for (const expected of [
      'Số: 125/UBND-VP',
      'V/v Rà soát trụ sở dôi dư',
      'KHẨN',
      'Ủy ban nhân dân xã Bà Nà',
      'Báo cáo trước hạn.',
      '(05 ngày làm việc)',
      'Đà Nẵng, ngày 26 tháng 11 năm 2026',
    ])
      expect(text).toContain(expected);

    const ack = await postForm(baNaApp, leader, `${path}/acknowledge`, path, {});
    expect(ack.statusCode).toBe(303);
    // The assign form: no officer chosen is a field error; then the specialist.
    const none = await postForm(baNaApp, leader, `${path}/assign`, path, { assigneeId: '' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('id="assigneeId-error"');
    const specialist = await baNa.actor('specialist');
    const assigned = await postForm(baNaApp, leader, `${path}/assign`, path, {
      assigneeId: specialist.id,
      note: 'Làm ngay',
    });
    expect(assigned.statusCode).toBe(303);

    const officer = await pageLogin(
      { app: baNaApp, usernames: communeUsers('20308') },
      'specialist',
    );
    const empty = await postForm(baNaApp, officer, `${path}/report?lang=en`, path, {
      summary: ' ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="summary-error"');
    // Days later (sessions last a working day: log in again).
    baNa.clock.set(vn('2026-12-01 10:00'));
    const officerLater = await pageLogin(
      { app: baNaApp, usernames: communeUsers('20308') },
      'specialist',
    );
    const reported = await postForm(
      baNaApp,
      officerLater,
      `${path}/report`,
      path,
      { summary: 'Đã rà soát xong.' },
      { 'attachments.0': { name: 'anh.png', type: 'image/png', content: pngFile() } },
    );
    expect(reported.statusCode).toBe(303);
    // Reporting twice is refused on the page.
    const leaderLater = await pageLogin(
      { app: baNaApp, usernames: communeUsers('20308') },
      'leader',
    );
    const twice = await postForm(baNaApp, leaderLater, `${path}/report`, path, {
      summary: 'Lần nữa',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Đơn vị đã báo cáo hoàn thành văn bản này.');

    // Reported: nothing waits on the home page any more.
    const homeAfter = await baNaApp.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: leaderLater },
    });
    expect(homeAfter.body).not.toContain('125/UBND-VP');
    await baNa.worker.syncOnce();
    hub.clock.set(vn('2026-12-04 09:00'));
    const adminLater = await hubLogin('province_admin');
    const after = await hub.app().inject({
      method: 'GET',
      url: `${path}?filter=done`,
      headers: { cookie: adminLater },
    });
    expect(after.body).toContain('Hoàn thành đúng hạn');
    expect(after.body).toContain('Đã rà soát xong.');
    const late = await hub.app().inject({
      method: 'GET',
      url: `${path}?filter=late&lang=en`,
      headers: { cookie: adminLater },
    });
    // Hải Châu never synced: late and not acknowledged.
    expect(late.body).toContain('Overdue');
    expect(late.body).not.toContain('Đã rà soát xong.');

    // The province reviews Bà Nà's report: returning it needs a comment, said at the field.
    expect(after.body).toContain(`${path}/review/20308`);
    const noComment = await postForm(
      hub.app(),
      adminLater,
      `${path}/review/20308?lang=vi`,
      `${path}/review/20308?lang=vi`,
      { verdict: 'returned', comment: '' },
    );
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('Ghi rõ cần làm lại hoặc bổ sung gì.');
    const accepted = await postForm(
      hub.app(),
      adminLater,
      `${path}/review/20308`,
      `${path}/review/20308`,
      { verdict: 'accepted', comment: 'Tốt' },
    );
    expect(accepted.statusCode).toBe(303);
    const reviewed = await hub.app().inject({
      method: 'GET',
      url: path,
      headers: { cookie: adminLater },
    });
    expect(reviewed.body).toContain('Chấp nhận — Quản trị');
    expect(reviewed.body).not.toContain(`${path}/review/20308`);
    // A commune officer at the hub cannot open the review form.
    const noReview = await hub.app().inject({
      method: 'GET',
      url: `${path}/review/20308`,
      headers: { cookie: await hubLogin('leader') },
    });
    expect(noReview.statusCode).toBe(403);
  });
});
