// The JSON API in-process, on SQLite and on PostgreSQL: status and exact bodies, every bad
// input answered with a field-level error and nothing written, permissions enforced and
// audited, back-off after failed logins.
import { beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, startTestNode, testPassword, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';

forEachDialect('JSON API', (dialect) => {
  let node: TestNode;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase());
  });

  describe('health and description', () => {
    it('reports role, unit, version and database', async () => {
      const response = await node.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        role: 'commune',
        unit: { code: '20242', name: 'Phường Hải Châu' },
        version: '0.0.0-test',
        database: 'ok',
      });
    });

    it('answers 503 when the database does not answer', async () => {
      await node.storage.close();
      const response = await node.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'degraded', database: 'unavailable' });
    });

    it('describes every JSON endpoint in /openapi.json', async () => {
      const doc = (await node.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
        openapi: string;
        paths: Record<string, Record<string, { summary: string }>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(described.sort()).toEqual(
        [
          'GET /healthz',
          'GET /api/v1/units',
          'GET /api/v1/units/{code}',
          'POST /api/v1/citizen-ids/validate',
          'POST /api/v1/session',
          'DELETE /api/v1/session',
          'GET /api/v1/me',
          'GET /api/v1/accounts',
          'POST /api/v1/accounts',
          'GET /api/v1/audit',
          'POST /api/v1/calendar/notices',
          'POST /api/v1/dossiers',
          'POST /api/v1/dossiers/online',
          'GET /api/v1/dossiers',
          'GET /api/v1/dossiers/{id}',
          'POST /api/v1/civil/registrations',
          'GET /api/v1/civil/records',
          'GET /api/v1/civil/records/{id}',
          'POST /api/v1/civil/records/{id}/corrections',
          'POST /api/v1/civil/records/{id}/copies',
          'GET /api/v1/civil/books',
          'GET /api/v1/civil/books/{kind}/{year}/{bookNo}',
          'POST /api/v1/civil/books',
          'POST /api/v1/civil/books/close',
          'GET /api/v1/civil/statistics',
          // At a commune node: the directives addressed to it and its own steps.
          'GET /api/v1/directives',
          'GET /api/v1/directives/{id}',
          'POST /api/v1/directives/{id}/acknowledge',
          'POST /api/v1/directives/{id}/assign',
          'POST /api/v1/directives/{id}/report',
          ...[
            'accept',
            'refuse',
            'assign',
            'request-supplement',
            'resubmit',
            'request-payment',
            'record-payment',
            'submit-for-approval',
            'approve',
            'send-back',
            'stop',
            'withdraw',
            'return-result',
            'extend',
          ].map((step) => `POST /api/v1/dossiers/{id}/${step}`),
          'POST /api/v1/track',
          'POST /api/v1/track/rating',
        ].sort(),
      );
      for (const methods of Object.values(doc.paths))
        for (const op of Object.values(methods)) expect(op.summary).not.toBe('');
    });
  });

  describe('login', () => {
    it('opens a session in an HttpOnly, SameSite cookie and audits it', async () => {
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'lanhdao', password: testPassword },
      });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'motcua_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(response.json()).toMatchObject({
        account: { role: 'leader', unitCode: '20242' },
        expiresAt: '2026-11-26T14:00:00.000Z',
      });
      const me = await node.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: `motcua_session=${cookie?.value ?? ''}` },
      });
      expect(me.json()).toMatchObject({ username: 'lanhdao', role: 'leader' });
      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('action', '=', 'session.create')
        .execute();
      expect(audit.map((a) => a.outcome)).toEqual(['ok']);
    });

    it('refuses a wrong password or unknown user with the same answer, in the caller’s language', async () => {
      for (const username of ['lanhdao', 'khongco']) {
        const response = await node.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username, password: 'sai-mat-khau' },
        });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({
          error: { code: 'login_failed', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' },
        });
      }
      const english = await node.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'accept-language': 'en-GB,en;q=0.9' },
        payload: { username: 'lanhdao', password: 'sai' },
      });
      expect(english.json()).toEqual({
        error: { code: 'login_failed', message: 'The username or password is wrong.' },
      });
    });

    it('locks a username after five failures, doubling the wait, and lets it in once the lock has passed', async () => {
      const attempt = (password: string) =>
        node.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'tiepnhan', password },
        });
      for (let i = 0; i < 5; i++) expect((await attempt('sai')).statusCode).toBe(401);
      const locked = await attempt(testPassword);
      expect(locked.statusCode).toBe(429);
      expect(locked.headers['retry-after']).toBe('30');
      expect(locked.json()).toEqual({
        error: {
          code: 'login_throttled',
          message: 'Bạn đã nhập sai nhiều lần. Vui lòng thử lại sau 30 giây.',
        },
      });
      node.advance(31_000);
      expect((await attempt('sai')).statusCode).toBe(401);
      expect((await attempt(testPassword)).headers['retry-after']).toBe('60');
      node.advance(61_000);
      expect((await attempt(testPassword)).statusCode).toBe(200);
      // Success clears the count: the next mistake costs nothing.
      expect((await attempt('sai')).statusCode).toBe(401);
      expect((await attempt(testPassword)).statusCode).toBe(200);
    });

    it('ends the session at logout', async () => {
      const cookie = await apiLogin(node, 'specialist');
      expect(
        (await node.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } }))
          .statusCode,
      ).toBe(204);
      expect(
        (await node.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }))
          .statusCode,
      ).toBe(401);
    });

    it('expires a session after the configured hours', async () => {
      const cookie = await apiLogin(node, 'specialist');
      node.advance(12 * 3_600_000 + 1);
      const response = await node.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'unauthenticated', message: 'Vui lòng đăng nhập để tiếp tục.' },
      });
    });
  });

  describe('creating an account', () => {
    beforeEach(async () => {
      // Accounts are created at the province hub and reach the communes by sync.
      node = await startTestNode(await dialect.createDatabase(), { role: 'province' });
    });
    const valid = {
      username: 'tiepnhan2.haichau',
      displayName: 'Lê Thị Thu',
      role: 'receiving_officer',
      unitCode: '20242',
      password: 'mot-mat-khau-dai',
    };
    let cookie: string;
    beforeEach(async () => {
      cookie = await apiLogin(node, 'province_admin');
    });
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });

    it('writes the event, the projection and the audit entry together', async () => {
      const response = await post(valid);
      expect(response.statusCode).toBe(201);
      const body = response.json<{ id: string }>();
      expect(body).toEqual({
        id: body.id,
        username: 'tiepnhan2.haichau',
        displayName: 'Lê Thị Thu',
        role: 'receiving_officer',
        unitCode: '20242',
        active: true,
        createdAt: '2026-11-26T02:00:00.000Z',
        field: null,
      });
      const event = await node.storage.db
        .selectFrom('events')
        .selectAll()
        .where('entity_id', '=', body.id)
        .executeTakeFirstOrThrow();
      const admin = await node.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'quantri')
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({
        type: 'account.created',
        unit_code: '48',
        actor_id: admin.id,
        occurred_at: '2026-11-26T02:00:00.000Z',
      });
      expect(JSON.parse(event.payload)).toMatchObject({
        username: 'tiepnhan2.haichau',
        role: 'receiving_officer',
        tokenHash: null,
      });
      expect(event.payload).not.toContain('mot-mat-khau-dai');
      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('event_id', '=', event.id)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({
        kind: 'write',
        action: 'account.create',
        subject_id: body.id,
        outcome: 'ok',
        actor_id: admin.id,
      });
    });

    const refused: [
      string,
      () => Promise<import('fastify').LightMyRequestResponse>,
      number,
      unknown,
    ][] = [
      [
        'malformed JSON',
        () => post('{"username": "x",'),
        400,
        {
          error: {
            code: 'invalid_json',
            message: 'Nội dung gửi lên không phải JSON hợp lệ.',
            fields: [{ field: 'body', reason: 'invalid_json', message: 'Sai định dạng.' }],
          },
        },
      ],
      [
        'an unknown field',
        () => post({ ...valid, nickname: 'Thu' }),
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng xem lỗi của từng trường.',
            fields: [
              {
                field: 'nickname',
                reason: 'not_allowed',
                message: 'Trường này không được phép gửi lên.',
              },
            ],
          },
        },
      ],
      [
        'missing and malformed fields, all named at once',
        () => post({ username: 'Lê Thu', role: 'mayor', unitCode: '2024', password: 'ngan' }),
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng xem lỗi của từng trường.',
            fields: [
              {
                field: 'username',
                reason: 'username_format',
                message:
                  'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.',
              },
              { field: 'displayName', reason: 'required', message: 'Vui lòng nhập thông tin này.' },
              {
                field: 'role',
                reason: 'invalid_option',
                message:
                  'Giá trị không nằm trong danh sách cho phép: citizen, receiving_officer, specialist, leader, province_admin, volunteer.',
              },
              {
                field: 'unitCode',
                reason: 'unit_code_format',
                message:
                  'Mã đơn vị gồm 2 chữ số (tỉnh, thành phố) hoặc 5 chữ số (xã, phường, đặc khu).',
              },
              { field: 'password', reason: 'too_short', message: 'Cần ít nhất 10 ký tự.' },
            ],
          },
        },
      ],
      [
        'an unknown unit code',
        () => post({ ...valid, unitCode: '99999' }),
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng xem lỗi của từng trường.',
            fields: [
              {
                field: 'unitCode',
                reason: 'unit_unknown',
                message: 'Không có đơn vị hành chính nào mang mã 99999.',
              },
            ],
          },
        },
      ],
      [
        'a role that does not fit the unit',
        () => post({ ...valid, role: 'volunteer', unitCode: '48' }),
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng xem lỗi của từng trường.',
            fields: [
              {
                field: 'unitCode',
                reason: 'role_needs_commune',
                message: 'Vai trò này phải gắn với một xã, phường hoặc đặc khu.',
              },
            ],
          },
        },
      ],
      [
        'a username already taken',
        () => post({ ...valid, username: 'lanhdao' }),
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng xem lỗi của từng trường.',
            fields: [
              {
                field: 'username',
                reason: 'username_taken',
                message: 'Tên đăng nhập lanhdao đã được dùng.',
              },
            ],
          },
        },
      ],
      [
        'a body over the limit',
        () => post({ ...valid, displayName: 'x'.repeat(1024 * 1024) }),
        413,
        {
          error: {
            code: 'body_too_large',
            message: 'Nội dung gửi lên vượt quá giới hạn 1.048.576 byte.',
            fields: [
              {
                field: 'body',
                reason: 'too_large',
                message: 'Giá trị không được vượt quá 1.048.576.',
              },
            ],
          },
        },
      ],
      [
        'a text/plain body',
        () => post('username=x', { 'content-type': 'text/plain' }),
        415,
        {
          error: {
            code: 'unsupported_media_type',
            message: 'Kiểu nội dung “text/plain” không được hỗ trợ. Hãy gửi application/json.',
            fields: [{ field: 'content-type', reason: 'unsupported', message: 'Sai định dạng.' }],
          },
        },
      ],
      [
        'a form body sent to the JSON API',
        () => post('username=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        {
          error: {
            code: 'unsupported_media_type',
            message:
              'Kiểu nội dung “application/x-www-form-urlencoded” không được hỗ trợ. Hãy gửi application/json.',
            fields: [{ field: 'content-type', reason: 'unsupported', message: 'Sai định dạng.' }],
          },
        },
      ],
      [
        // Valid JSON, refused by the parser because of the __proto__ key.
        'a prototype-poisoning key',
        () => post('{"__proto__": {"admin": true}, "username": "x"}'),
        400,
        {
          error: {
            code: 'invalid_json',
            message: 'Nội dung gửi lên không phải JSON hợp lệ.',
            fields: [
              {
                field: 'body',
                reason: 'invalid_json',
                message: 'Sai định dạng.',
              },
            ],
          },
        },
      ],
      [
        'an empty JSON body',
        () => post(''),
        400,
        {
          error: {
            code: 'empty_body',
            message: 'Yêu cầu này cần có nội dung, nhưng nội dung gửi lên trống.',
            fields: [
              { field: 'body', reason: 'required', message: 'Vui lòng nhập thông tin này.' },
            ],
          },
        },
      ],
    ];

    for (const [what, send, status, body] of refused)
      it(`refuses ${what} with ${status}, naming the field, and writes nothing`, async () => {
        const before = await node.counts();
        const response = await send();
        expect(response.statusCode).toBe(status);
        expect(response.json()).toEqual(body);
        expect(response.body).not.toMatch(/at \w+ \(|node_modules|stack/i);
        const after = await node.counts();
        expect(after.events).toBe(before.events);
        expect(after.accounts).toBe(before.accounts);
      });

    it('answers in English when asked', async () => {
      const response = await post({ ...valid, unitCode: '99999' }, { 'accept-language': 'en' });
      expect(response.json()).toEqual({
        error: {
          code: 'validation_failed',
          message: 'The data sent is not valid. See the error on each field.',
          fields: [
            {
              field: 'unitCode',
              reason: 'unit_unknown',
              message: 'There is no administrative unit with code 99999.',
            },
          ],
        },
      });
    });

    it('refuses an account for a unit of another province, and audits the refusal', async () => {
      const before = await node.counts();
      const response = await post({ ...valid, unitCode: '00004' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        error: { code: 'forbidden', message: 'Bạn không có quyền thực hiện thao tác này.' },
      });
      expect((await node.counts()).events).toBe(before.events);
      const denied = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied).toMatchObject([
        { action: 'account.create', kind: 'access', actor_role: 'province_admin' },
      ]);
    });
  });

  describe('permissions at the endpoints', () => {
    for (const role of ['receiving_officer', 'specialist', 'volunteer', 'citizen'] as const)
      it(`refuses ${role} creating accounts or reading the audit trail`, async () => {
        const cookie = await apiLogin(node, role);
        const create = await node.app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          headers: { cookie },
          payload: {
            username: 'moi.nguoi',
            displayName: 'Người Mới',
            role: 'specialist',
            unitCode: '20242',
            password: 'mot-mat-khau-dai',
          },
        });
        expect(create.statusCode).toBe(403);
        expect(
          (await node.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie } }))
            .statusCode,
        ).toBe(403);
        expect(
          (await node.app.inject({ method: 'GET', url: '/api/v1/accounts', headers: { cookie } }))
            .statusCode,
        ).toBe(403);
      });

    it('asks for a login on protected endpoints', async () => {
      for (const url of ['/api/v1/me', '/api/v1/accounts', '/api/v1/audit'])
        expect((await node.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    });

    it('lets a leader read the unit’s audit trail and its accounts; both reads are audited', async () => {
      const cookie = await apiLogin(node, 'leader');
      const accounts = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts',
        headers: { cookie },
      });
      expect(accounts.statusCode).toBe(200);
      expect(
        accounts.json<{ accounts: { username: string }[] }>().accounts.map((a) => a.username),
      ).toEqual(['chuyenvien', 'lanhdao', 'tiepnhan', 'tinhnguyen']);
      const audit = await node.app.inject({
        method: 'GET',
        url: '/api/v1/audit?limit=3',
        headers: { cookie },
      });
      expect(audit.statusCode).toBe(200);
      const entries = audit.json<{ entries: { action: string; kind: string }[] }>().entries;
      expect(entries.slice(0, 2)).toMatchObject([
        { action: 'account.list', kind: 'read' },
        { action: 'session.create', kind: 'login' },
      ]);
      const last = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({ action: 'audit.read', kind: 'read', actor_role: 'leader' });
    });

    it('accepts a service account’s bearer token and refuses a wrong one', async () => {
      const ok = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?unitCode=20242',
        headers: { authorization: `Bearer ${node.serviceToken}` },
      });
      expect(ok.statusCode).toBe(200);
      const wrong = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts',
        headers: { authorization: 'Bearer mc_not-a-token' },
      });
      expect(wrong.statusCode).toBe(401);
    });

    it('a province administrator sees the province’s accounts but not another province’s', async () => {
      const cookie = await apiLogin(node, 'province_admin');
      const mine = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?unitCode=48',
        headers: { cookie },
      });
      expect(mine.json<{ accounts: unknown[] }>().accounts).toHaveLength(7);
      const other = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?unitCode=01',
        headers: { cookie },
      });
      expect(other.statusCode).toBe(403);
      const bad = await node.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?unitCode=1',
        headers: { cookie },
      });
      expect(bad.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          fields: [{ field: 'query.unitCode', reason: 'unit_code_format' }],
        },
      });
    });
  });

  describe('reference data', () => {
    it('finds a commune by its name without diacritics', async () => {
      const response = await node.app.inject({
        method: 'GET',
        url: '/api/v1/units?q=hai%20chau&province=48',
      });
      expect(response.json<{ units: unknown[] }>().units[0]).toEqual({
        code: '20242',
        name: 'Phường Hải Châu',
        kind: 'commune',
        type: 'Phường',
        provinceCode: '48',
        provinceName: 'Thành phố Đà Nẵng',
      });
    });

    it('answers a malformed code with 400 and an unknown one with 404', async () => {
      const malformed = await node.app.inject({ method: 'GET', url: '/api/v1/units/ABC' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          fields: [{ field: 'path.code', reason: 'unit_code_format' }],
        },
      });
      const unknown = await node.app.inject({ method: 'GET', url: '/api/v1/units/99999' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({
        error: { code: 'unit_not_found', message: 'Không có đơn vị hành chính nào mang mã 99999.' },
      });
      const unknownQuery = await node.app.inject({
        method: 'GET',
        url: '/api/v1/units?q=x&sort=name',
      });
      expect(unknownQuery.json()).toMatchObject({
        error: { fields: [{ field: 'query.sort', reason: 'not_allowed' }] },
      });
    });

    it('checks a citizen ID against the declared birth date and sex', async () => {
      const good = await node.app.inject({
        method: 'POST',
        url: '/api/v1/citizen-ids/validate',
        payload: { citizenId: '048185000123', dateOfBirth: '1985-03-14', sex: 'female' },
      });
      expect(good.json()).toEqual({
        provincePrefix: '048',
        provinceName: 'Thành phố Đà Nẵng',
        sex: 'female',
        birthYear: 1985,
      });
      const bad = await node.app.inject({
        method: 'POST',
        url: '/api/v1/citizen-ids/validate',
        payload: { citizenId: '048185000123', dateOfBirth: '1986-03-14', sex: 'male' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: {
          fields: [
            { field: 'sex', reason: 'sex_mismatch' },
            {
              field: 'dateOfBirth',
              reason: 'birth_year_mismatch',
              message: 'Năm sinh theo số định danh (1985) khác năm sinh đã khai (1986).',
            },
          ],
        },
      });
      const notADate = await node.app.inject({
        method: 'POST',
        url: '/api/v1/citizen-ids/validate',
        payload: { citizenId: '048185000123', dateOfBirth: '1985-02-30' },
      });
      expect(notADate.json()).toMatchObject({
        error: { fields: [{ field: 'dateOfBirth', reason: 'date_format' }] },
      });
    });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const response = await node.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'Không tìm thấy trang hoặc tài nguyên được yêu cầu.' },
    });
  });

  it('answers an unexpected failure with a generic 500 that leaks nothing', async () => {
    await node.app.close();
    node = await startTestNode(await dialect.createDatabase());
    const secret = 'connection string with password hunter2';
    node.app.get('/api/v1/boom', () => {
      throw new Error(secret);
    });
    const response = await node.app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal',
        message: 'Đã xảy ra lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng thử lại.',
      },
    });
    expect(response.body).not.toContain('hunter2');
  });
});
