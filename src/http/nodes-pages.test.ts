// The province administrator's node page on the hub: the list with sync health, a token issued
// from the form and shown once, revocation with its reason, field errors that write nothing,
// and the refusals (another role, a commune node, a form without its CSRF token).
import { generateKeyPairSync } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { csrfFrom, pageLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { enrolNode } from '../application/sync-hub.js';
import type { Role } from '../domain/roles.js';

const h1 = (response: LightMyRequestResponse) => /<h1>([^<]*)<\/h1>/.exec(response.body)?.[1];

forEachDialect('node pages', (dialect) => {
  let hub: TestNode;
  beforeEach(async () => {
    hub = await startTestNode(await dialect.createDatabase(), { role: 'province' });
  });

  const login = (node: TestNode, role: Role) => pageLogin(node, role);

  const get = (cookie: string, url = '/admin/nodes') =>
    hub.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (cookie: string, url: string, payload: Record<string, string>) =>
    hub.app.inject({ method: 'POST', url, headers: { cookie }, payload });

  async function enrol(unitCode: string): Promise<string> {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const cookie = await login(hub, 'province_admin');
    const page = await get(cookie);
    const issued = await post(cookie, '/admin/nodes/tokens', {
      _csrf: csrfFrom(page.body),
      unitCode,
      hours: '',
    });
    const token = /<code class="token">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? '';
    const { keyId } = await enrolNode(
      hub.services,
      { ip: null },
      { token, unitCode, publicKey: der.toString('base64') },
    );
    return keyId;
  }

  it('shows the administrator a link to the page, and no node yet', async () => {
    const cookie = await login(hub, 'province_admin');
    const home = await get(cookie, '/');
    expect(home.body).toContain('<a href="/admin/nodes">Các điểm kết nối</a>');
    const page = await get(cookie);
    expect(page.statusCode).toBe(200);
    expect(h1(page)).toBe('Các điểm kết nối của tỉnh');
    expect(page.body).toContain('Chưa có điểm kết nối nào.');
    const en = await get(cookie, '/admin/nodes?lang=en');
    expect(h1(en)).toBe('Nodes of the province');
  });

  it('issues a token from the form, shows it once with the command that uses it', async () => {
    const cookie = await login(hub, 'province_admin');
    const page = await get(cookie);
    const before = await hub.counts();
    const issued = await post(cookie, '/admin/nodes/tokens', {
      _csrf: csrfFrom(page.body),
      unitCode: '20308',
      hours: '24',
    });
    expect(issued.statusCode).toBe(201);
    const token = /<code class="token">(mce_[^<]+)<\/code>/.exec(issued.body)?.[1];
    expect(token).toBeDefined();
    expect(issued.body).toContain(
      'Mã đăng ký cho 20308 Xã Bà Nà (dùng một lần, hết hạn 09:00 27/11/2026):',
    );
    expect(issued.body).toContain(
      `motcua serve --role commune --unit 20308 --hub-url http://127.0.0.1:4801 --enrolment-token ${token ?? ''}`,
    );
    expect((await hub.counts()).events).toBe(before.events + 1);
    // Only the hash is kept: the page never shows the token again.
    expect((await get(cookie)).body).not.toContain(token);
    const stored = await hub.storage.db
      .selectFrom('enrolment_tokens')
      .select(['unit_code', 'expires_at', 'token_hash'])
      .execute();
    expect(stored).toEqual([
      {
        unit_code: '20308',
        expires_at: '2026-11-27T02:00:00.000Z',
        token_hash: expect.any(String),
      },
    ]);
    expect(stored[0]?.token_hash).not.toBe(token);
  });

  describe('bad input: the field error beside the field, and nothing written', () => {
    const cases: [name: string, form: Record<string, string>, field: string, message: string][] = [
      [
        'an empty unit',
        { unitCode: '', hours: '' },
        'unitCode',
        'Mã đơn vị gồm 2 chữ số (tỉnh, thành phố) hoặc 5 chữ số (xã, phường, đặc khu).',
      ],
      [
        'an unknown unit',
        { unitCode: '99999', hours: '' },
        'unitCode',
        'Không có đơn vị hành chính nào mang mã 99999.',
      ],
      [
        'a commune of another province',
        { unitCode: '00004', hours: '' },
        'unitCode',
        'Đơn vị 00004 không thuộc tỉnh, thành phố của bạn.',
      ],
      [
        'hours that are not a number',
        { unitCode: '20242', hours: 'ba ngày' },
        'hours',
        'Nhập số giờ bằng chữ số, từ 1 đến 720.',
      ],
      [
        'hours beyond thirty days',
        { unitCode: '20242', hours: '721' },
        'hours',
        'Giá trị không được vượt quá 720.',
      ],
      ['zero hours', { unitCode: '20242', hours: '0' }, 'hours', 'Giá trị phải từ 1 trở lên.'],
    ];
    for (const [name, form, field, message] of cases)
      it(`answers ${name} with a 400 and the message under “${field}”`, async () => {
        const cookie = await login(hub, 'province_admin');
        const page = await get(cookie);
        const before = await hub.counts();
        const response = await post(cookie, '/admin/nodes/tokens', {
          _csrf: csrfFrom(page.body),
          ...form,
        });
        expect(response.statusCode).toBe(400);
        expect(response.body).toContain(`<p class="error" id="${field}-error">${message}</p>`);
        expect(response.body).not.toContain('class="token"');
        expect((await hub.counts()).events).toBe(before.events);
      });
  });

  it('lists an enrolled node, and revokes it only with a reason', async () => {
    const keyId = await enrol('20242');
    const cookie = await login(hub, 'province_admin');
    const page = await get(cookie);
    expect(page.body).toContain('<td>20242 Phường Hải Châu</td>');
    expect(page.body).toContain(`<code title="${keyId}">${keyId.slice(0, 12)}</code>`);
    const before = await hub.counts();
    const empty = await post(cookie, `/admin/nodes/${keyId}/revoke`, {
      _csrf: csrfFrom(page.body),
      reason: '   ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(
      `<p class="error" id="reason-${keyId}-error">Vui lòng nhập thông tin này.</p>`,
    );
    expect((await hub.counts()).events).toBe(before.events);
    const unknown = await post(cookie, `/admin/nodes/${'0'.repeat(32)}/revoke`, {
      _csrf: csrfFrom(page.body),
      reason: 'máy bị mất',
    });
    expect(unknown.statusCode).toBe(404);
    const done = await post(cookie, `/admin/nodes/${keyId}/revoke`, {
      _csrf: csrfFrom(page.body),
      reason: 'Máy bị mất cắp',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/nodes?revoked=${keyId}`);
    const after = await get(cookie, `/admin/nodes?revoked=${keyId}`);
    expect(after.body).toContain(
      `Đã thu hồi khóa ${keyId.slice(0, 12)} của 20242 Phường Hải Châu: máy này không đồng bộ được nữa.`,
    );
    expect(after.body).toContain('<td>Đã thu hồi 09:00 26/11/2026</td>');
    const row = await hub.storage.db
      .selectFrom('sync_nodes')
      .select(['revoked_at', 'revoked_reason'])
      .where('key_id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      revoked_at: '2026-11-26T02:00:00.000Z',
      revoked_reason: 'Máy bị mất cắp',
    });
  });

  it('refuses a form without its CSRF token, and writes nothing', async () => {
    const cookie = await login(hub, 'province_admin');
    const before = await hub.counts();
    const response = await post(cookie, '/admin/nodes/tokens', { unitCode: '20242', hours: '' });
    expect(response.statusCode).toBe(403);
    expect((await hub.counts()).events).toBe(before.events);
  });

  for (const role of ['receiving_officer', 'specialist', 'leader', 'volunteer', 'citizen'] as const)
    it(`refuses the page and the forms to a ${role} with a 403, and shows no link`, async () => {
      const cookie = await login(hub, role);
      expect((await get(cookie, '/')).body).not.toContain('/admin/nodes');
      const page = await get(cookie);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('Bạn không có quyền thực hiện thao tác này.');
      const form = await get(cookie, '/units');
      const before = await hub.counts();
      const issued = await post(cookie, '/admin/nodes/tokens', {
        _csrf: csrfFrom(form.body),
        unitCode: '20242',
        hours: '',
      });
      expect(issued.statusCode).toBe(403);
      expect((await hub.counts()).events).toBe(before.events);
    });

  it('sends a visitor without a session to the login page', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/admin/nodes' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/login');
  });

  it('has no node page on a commune node', async () => {
    const commune = await startTestNode(await dialect.createDatabase());
    const cookie = await login(commune, 'province_admin');
    const response = await commune.app.inject({
      method: 'GET',
      url: '/admin/nodes',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(
      (await commune.app.inject({ method: 'GET', url: '/', headers: { cookie } })).body,
    ).not.toContain('/admin/nodes');
  });
});
