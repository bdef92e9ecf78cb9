// The server-rendered pages in-process: login with CSRF, each role's home page in Vietnamese
// and English, forms that show field errors and write nothing, and the audit trail page.
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import {
  cookiesOf,
  csrfFrom,
  startTestNode,
  testPassword,
  type TestNode,
} from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import type { Role } from '../domain/roles.js';

/** The text of the page's first <h1>. */
const h1 = (response: LightMyRequestResponse) => /<h1>([^<]*)<\/h1>/.exec(response.body)?.[1];

forEachDialect('pages', (dialect) => {
  let node: TestNode;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase());
  });

  async function loginForm(
    role: Role,
    password = testPassword,
  ): Promise<{ response: LightMyRequestResponse; cookie: string }> {
    const page = await node.app.inject({ method: 'GET', url: '/login' });
    let cookie = cookiesOf(page);
    const response = await node.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie },
      payload: { _csrf: csrfFrom(page.body), username: node.usernames[role], password, next: '/' },
    });
    cookie = cookiesOf(response, cookie);
    return { response, cookie };
  }

  it('sends a visitor without a session to the login page, in Vietnamese', async () => {
    const home = await node.app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/login');
    const login = await node.app.inject({ method: 'GET', url: '/login' });
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(login.body).toContain('<html lang="vi">');
    expect(h1(login)).toBe('Đăng nhập');
    expect(login.body).toContain(
      'Đăng nhập bằng tài khoản do đơn vị cấp để làm việc tại Phường Hải Châu.',
    );
    expect(login.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('refuses a login form without its CSRF token and opens no session', async () => {
    const response = await node.app.inject({
      method: 'POST',
      url: '/login',
      payload: { username: 'lanhdao', password: testPassword },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ.');
    expect(response.cookies.find((c) => c.name === 'motcua_session')).toBeUndefined();
  });

  it('refuses a logout form whose CSRF token belongs to another browser', async () => {
    const { cookie } = await loginForm('leader');
    const other = await node.app.inject({ method: 'GET', url: '/login' });
    const response = await node.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie },
      payload: { _csrf: csrfFrom(other.body) },
    });
    expect(response.statusCode).toBe(403);
    expect(
      (await node.app.inject({ method: 'GET', url: '/', headers: { cookie } })).statusCode,
    ).toBe(200);
  });

  const homes: [Role, string, string][] = [
    ['citizen', 'Dịch vụ công của tôi', 'My public services'],
    ['receiving_officer', 'Bàn tiếp nhận hồ sơ', 'Intake desk'],
    ['specialist', 'Hồ sơ cần xử lý', 'Dossiers to process'],
    ['leader', 'Lãnh đạo đơn vị', 'Unit leadership'],
    ['province_admin', 'Quản trị cấp tỉnh', 'Province administration'],
    ['volunteer', 'Hỗ trợ công dân nộp hồ sơ', 'Help citizens file'],
  ];
  for (const [role, vi, en] of homes)
    it(`shows the ${role} their home page in Vietnamese, then English once chosen`, async () => {
      const { response, cookie } = await loginForm(role);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
      const home = await node.app.inject({ method: 'GET', url: '/', headers: { cookie } });
      expect(h1(home)).toBe(vi);
      expect(home.body).toContain(`Xin chào, Người thử ${role}`);
      const english = await node.app.inject({
        method: 'GET',
        url: '/?lang=en',
        headers: { cookie },
      });
      expect(h1(english)).toBe(en);
      expect(english.body).toContain('<html lang="en">');
      // The choice is remembered by the browser.
      const again = await node.app.inject({
        method: 'GET',
        url: '/',
        headers: { cookie: cookiesOf(english, cookie) },
      });
      expect(h1(again)).toBe(en);
    });

  it('shows a wrong password beside the form, with a 401, and keeps the username typed', async () => {
    const { response } = await loginForm('leader', 'sai-mat-khau');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(response.body).toContain('value="lanhdao"');
  });

  it('shows empty fields as field errors', async () => {
    const page = await node.app.inject({ method: 'GET', url: '/login' });
    const response = await node.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookiesOf(page) },
      payload: { _csrf: csrfFrom(page.body), username: '', password: '' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="username-error">Vui lòng nhập thông tin này.</p>',
    );
    expect(response.body).toContain('aria-describedby="password-error"');
  });

  it('follows a login to the page asked for, but never off the site', async () => {
    const page = await node.app.inject({ method: 'GET', url: '/login?next=%2Fadmin%2Faudit' });
    expect(page.body).toContain('name="next" value="/admin/audit"');
    const evil = await node.app.inject({ method: 'GET', url: '/login?next=%2F%2Fevil.example' });
    expect(evil.body).toContain('name="next" value="/"');
  });

  it('lets a province administrator create an account from the form, and shows field errors without writing', async () => {
    // Accounts are created at the province hub and reach the communes by sync.
    node = await startTestNode(await dialect.createDatabase(), { role: 'province' });
    const { cookie } = await loginForm('province_admin');
    const page = await node.app.inject({
      method: 'GET',
      url: '/admin/accounts',
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    const before = await node.counts();
    const bad = await node.app.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { cookie },
      payload: {
        _csrf: csrfFrom(page.body),
        username: 'Thu',
        displayName: '',
        role: 'specialist',
        unitCode: '20242',
        password: 'x',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Chưa lưu được. Vui lòng sửa 2 lỗi dưới đây.');
    expect(bad.body).toContain(
      '<p class="error" id="displayName-error">Vui lòng nhập thông tin này.</p>',
    );
    expect(bad.body).toContain('<p class="error" id="password-error">Cần ít nhất 10 ký tự.</p>');
    expect(bad.body).toContain('value="Thu"');
    const unknownUnit = await node.app.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { cookie },
      payload: {
        _csrf: csrfFrom(page.body),
        username: 'thu',
        displayName: 'Lê Thu',
        role: 'specialist',
        unitCode: '99999',
        password: 'mot-mat-khau-dai',
      },
    });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.body).toContain(
      '<p class="error" id="unitCode-error">Không có đơn vị hành chính nào mang mã 99999.</p>',
    );
    expect((await node.counts()).events).toBe(before.events);
    const good = await node.app.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { cookie },
      payload: {
        _csrf: csrfFrom(page.body),
        username: 'chuyenvien2',
        displayName: 'Đỗ Văn Tâm',
        role: 'specialist',
        unitCode: '20242',
        password: 'mot-mat-khau-dai',
      },
    });
    expect(good.statusCode).toBe(201);
    expect(good.body).toContain('Đã tạo tài khoản chuyenvien2.');
    expect(good.body).toContain('<td>Đỗ Văn Tâm</td>');
    expect((await node.counts()).events).toBe(before.events + 1);
  });

  it('refuses the accounts page to a receiving officer with a 403 page', async () => {
    const { cookie } = await loginForm('receiving_officer');
    const response = await node.app.inject({
      method: 'GET',
      url: '/admin/accounts',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Bạn không có quyền thực hiện thao tác này.');
  });

  it('shows the leader the audit trail with their own login in it', async () => {
    const { cookie } = await loginForm('leader');
    const response = await node.app.inject({
      method: 'GET',
      url: '/admin/audit',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(h1(response)).toBe('Nhật ký truy cập');
    expect(response.body).toContain(
      '<td>Người thử leader</td><td>Đăng nhập</td><td><code>session.create</code>',
    );
  });

  it('ends the session at logout and says so', async () => {
    const { cookie } = await loginForm('specialist');
    const home = await node.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    const out = await node.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie },
      payload: { _csrf: csrfFrom(home.body) },
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login?loggedOut=1');
    expect(
      (await node.app.inject({ method: 'GET', url: '/', headers: { cookie } })).statusCode,
    ).toBe(303);
  });

  it('searches administrative units without diacritics, for anyone', async () => {
    const response = await node.app.inject({ method: 'GET', url: '/units?q=ba%20na' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<td>20308</td><td>Xã Bà Nà</td>');
  });

  it('answers an unknown page with a 404 page in the chosen language', async () => {
    const response = await node.app.inject({ method: 'GET', url: '/khong-co?lang=th' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<html lang="th">');
    expect(response.body).toContain('ไม่พบหน้าหรือข้อมูลที่ร้องขอ');
  });
});
