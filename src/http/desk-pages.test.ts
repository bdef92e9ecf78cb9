// The desk's pages in-process, as an officer uses them without script: choose the procedure,
// fill the intake form (with a scan), land on the dossier page, take steps from its forms,
// print the documents, and let the citizen track the dossier.
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import {
  cookiesOf,
  csrfFrom,
  pageLogin,
  startTestNode,
  type TestNode,
} from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { readPdf } from '../../test/pdf-inspect.js';
import type { Role } from '../domain/roles.js';

const START = '2026-11-26T02:00:00.000Z'; // Thursday 09:00 in Vietnam

/** A multipart/form-data body, as a browser sends a form with a file input. */
function multipart(
  fields: Record<string, string>,
  files: Record<string, { name: string; type: string; content: Buffer }> = {},
) {
  const boundary = '----motcuaFormBoundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  for (const [name, file] of Object.entries(files))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

forEachDialect('desk pages', (dialect) => {
  let node: TestNode;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
  });

  const login = (role: Role) => pageLogin(node, role);
  const get = (url: string, cookie: string) =>
    node.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    node.app.inject({ method: 'POST', url, headers: { cookie }, payload: fields });

  async function receiveBirth(
    cookie: string,
    extra: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const form = await get('/desk/intake?procedure=1.001193', cookie);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);
    const body = multipart(
      {
        _csrf: csrfFrom(form.body),
        'applicant-citizenId': '048185000123',
        'applicant-fullName': 'Nguyễn Thị Mai',
        'applicant-dateOfBirth': '1985-03-14',
        'applicant-sex': 'female',
        'applicant-phone': '0905123456',
        'component-to_khai-provided': 'on',
        'component-giay_to_tuy_than-reused': 'on',
        competentUnitCode: '20242',
        resultDelivery: 'receiving_unit',
        copies: '0',
        decision: 'receive',
        ...extra,
      },
      {
        'component-giay_chung_sinh-file': {
          name: 'giay-chung-sinh.png',
          type: 'image/png',
          content: png,
        },
      },
    );
    return node.app.inject({
      method: 'POST',
      url: '/desk/intake?procedure=1.001193',
      headers: { cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  it('takes a dossier at the counter from the form, scan included, and offers the receipt', async () => {
    const cookie = await login('receiving_officer');
    const choose = await get('/desk', cookie);
    expect(choose.body).toContain(
      '<option value="1.001193">1.001193 — Thủ tục đăng ký khai sinh</option>',
    );
    const form = await get('/desk/intake?procedure=1.001193', cookie);
    expect(form.body).toContain('autofocus');
    expect(form.body).toContain('Tờ khai đăng ký khai sinh');
    const received = await receiveBirth(cookie);
    expect(received.statusCode).toBe(303);
    const page = await get(String(received.headers.location), cookie);
    expect(page.body).toContain('Đã tiếp nhận hồ sơ 20242-261126-0001.');
    expect(page.body).toContain('01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(page.body).toMatch(
      /Giấy chứng sinh[^<]*: Đã nộp <a href="\/attachments\/[0-9a-f]{64}">/,
    );
    const id = String(received.headers.location).split('/')[2]?.split('?')[0] ?? '';
    const pdf = await get(`/dossiers/${id}/documents/01.pdf`, cookie);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).flat;
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('20242-261126-0001');
    expect(text).toContain('Nguyễn Thị Mai');
    expect(text).toContain('17 giờ 00 phút, ngày 26/11/2026');
  });

  it('shows field errors on the form, keeps what was typed, and writes nothing', async () => {
    const cookie = await login('receiving_officer');
    const before = await node.counts();
    const response = await receiveBirth(cookie, {
      'applicant-citizenId': '04818500012',
      'component-to_khai-provided': '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Số định danh cá nhân gồm đúng 12 chữ số.');
    expect(response.body).toContain('value="Nguyễn Thị Mai"');
    expect((await node.counts()).events).toBe(before.events);
    expect(await node.storage.db.selectFrom('attachments').select('hash').execute()).toEqual([]);
  });

  it('walks a dossier through the step forms to the result, and lets the citizen track and rate it', async () => {
    const desk = await login('receiving_officer');
    const location = String((await receiveBirth(desk)).headers.location);
    const id = location.split('/')[2]?.split('?')[0] ?? '';
    const step = async (cookie: string, action: string, fields: Record<string, string> = {}) => {
      const page = await get(`/dossiers/${id}`, cookie);
      expect(page.body, action).toContain(`action="/dossiers/${id}/${action}"`);
      const response = await post(`/dossiers/${id}/${action}`, cookie, {
        _csrf: csrfFrom(page.body),
        ...fields,
      });
      expect(response.statusCode, `${action}: ${response.body.slice(0, 300)}`).toBe(303);
    };
    const specialistId = (
      await node.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'chuyenvien')
        .executeTakeFirstOrThrow()
    ).id;
    await step(desk, 'assign', { assigneeId: specialistId });
    const specialist = await login('specialist');
    const queue = await get('/dossiers', specialist);
    expect(queue.body).toContain('20242-261126-0001');
    await step(specialist, 'submit-for-approval');
    const leader = await login('leader');
    expect((await get('/dossiers?filter=approval', leader)).body).toContain('20242-261126-0001');
    await step(leader, 'approve');
    await step(desk, 'return-result', {
      recipientName: 'Nguyễn Thị Mai',
      relationship: 'người nộp hồ sơ',
      delivery: 'receiving_unit',
    });
    const done = await get(`/dossiers/${id}`, desk);
    expect(done.body).toContain('Đã trả kết quả');
    const slip = (await readPdf((await get(`/dossiers/${id}/documents/06.pdf`, desk)).rawPayload))
      .flat;
    expect(slip).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(slip).toContain('Trình lãnh đạo phê duyệt');

    const trackPage = await node.app.inject({
      method: 'GET',
      url: '/track?code=20242-261126-0001',
    });
    const tracked = await node.app.inject({
      method: 'POST',
      url: '/track',
      headers: { cookie: cookiesOf(trackPage) },
      payload: {
        _csrf: csrfFrom(trackPage.body),
        code: '20242-261126-0001',
        citizenId: '048185000123',
      },
    });
    expect(tracked.body).toContain('Đã trả kết quả');
    expect(tracked.body).toContain('Đánh giá mức độ hài lòng');
    const rated = await node.app.inject({
      method: 'POST',
      url: '/track/rating',
      headers: { cookie: cookiesOf(trackPage) },
      payload: {
        _csrf: csrfFrom(tracked.body),
        code: '20242-261126-0001',
        citizenId: '048185000123',
        rating: 'satisfied',
      },
    });
    expect(rated.body).toContain('Cảm ơn bạn đã đánh giá.');
  });

  it('shows a refused step on the dossier page with the reason, in the officer’s language', async () => {
    const desk = await login('receiving_officer');
    const id =
      String((await receiveBirth(desk)).headers.location)
        .split('/')[2]
        ?.split('?')[0] ?? '';
    const page = await get(`/dossiers/${id}`, desk);
    const response = await post(`/dossiers/${id}/withdraw`, desk, {
      _csrf: csrfFrom(page.body),
      reason: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Vui lòng nhập thông tin này.');
  });

  it('answers a wrong tracking pair without saying which half was wrong', async () => {
    const trackPage = await node.app.inject({ method: 'GET', url: '/track' });
    const response = await node.app.inject({
      method: 'POST',
      url: '/track',
      headers: { cookie: cookiesOf(trackPage) },
      payload: {
        _csrf: csrfFrom(trackPage.body),
        code: '20242-261126-0001',
        citizenId: '048185000123',
      },
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Không tìm thấy hồ sơ với mã hồ sơ và số định danh đã nhập.');
  });

  it('prints the tracking book for a date range as a page, CSV and PDF', async () => {
    const desk = await login('receiving_officer');
    await receiveBirth(desk);
    const page = await get('/tracking-book?from=2026-11-26&to=2026-11-26', desk);
    expect(page.body).toContain('1 hồ sơ tiếp nhận trong khoảng thời gian này.');
    const csv = await get('/tracking-book.csv?from=2026-11-26&to=2026-11-26', desk);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('20242-261126-0001');
    const pdf = (
      await readPdf(
        (await get('/tracking-book.pdf?from=2026-11-26&to=2026-11-26', desk)).rawPayload,
      )
    ).flat;
    expect(pdf).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(pdf).toContain('Nguyễn Thị Mai');
    const wrong = await get('/tracking-book?from=2026-11-30&to=2026-11-26', desk);
    expect(wrong.statusCode).toBe(400);
  });
});
