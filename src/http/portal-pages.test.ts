// The citizen portal on the hub, driven in-process as a browser without script drives it:
// search the catalogue without diacritics, read a procedure, file a birth online with a scan
// (for a commune: received at the hub and handed over), land on the code with the receipt and
// the fee's VietQR code, be told about every mistake at once with nothing lost, file as a
// volunteer only with the citizen's consent, and keep the large-text view from page to page.
import QRCode from 'qrcode';
import { beforeEach, expect, it } from 'vitest';
import {
  cookiesOf,
  csrfFrom,
  pageLogin,
  startTestNode,
  type TestNode,
} from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { multipart, pngFile, type MultipartFiles } from '../../test/multipart.js';
import { readPdf, readQrCodes } from '../../test/pdf-inspect.js';
import { seedCatalogue } from '../application/catalogue.js';
import { runUseCase } from '../application/use-case.js';
import { attachmentLimits } from '../domain/attachments.js';
import type { DossierState } from '../domain/dossiers.js';
import { buildVietQr } from '../domain/vietqr.js';

const START = '2026-11-26T02:00:00.000Z'; // Thursday 09:00 in Vietnam

/** A birth filed by the mother, the birth notice scanned, her ID taken from existing data. */
const birthFields: Record<string, string> = {
  'applicant.fullName': 'Trần Thị Bích Ngọc',
  'applicant.citizenId': '048196000123',
  'applicant.dateOfBirth': '',
  'applicant.phone': '0905123456',
  'applicant.address': '',
  'civil.facts.child.fullName': 'Lê Hoàng Bảo Châu',
  'civil.facts.child.sex': 'female',
  'civil.facts.child.dateOfBirth': '2026-11-18',
  'civil.facts.child.placeOfBirth': 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
  'civil.facts.child.hometown': '',
  'civil.facts.child.ethnicity': 'Kinh',
  'civil.facts.child.nationality': 'Việt Nam',
  'civil.facts.evidence': 'birth_notice',
  'civil.facts.mother.fullName': 'Trần Thị Bích Ngọc',
  'civil.facts.mother.birthYear': '1996',
  'civil.facts.mother.citizenId': '048196000123',
  'civil.facts.mother.residence': 'Phường Hải Châu, thành phố Đà Nẵng',
  'civil.facts.father.fullName': '',
  'civil.facts.father.birthYear': '',
  'civil.facts.father.citizenId': '',
  'civil.facts.father.residence': '',
  'civil.declarant.relationship': 'mẹ',
  // 1.001193's papers: 0 the form (the e-form here), 1 the birth notice, 5 the ID papers.
  'components.5.reusedFromData': 'on',
  competentUnitCode: '20242',
  resultDelivery: 'competent_unit',
  copies: '1',
};
const birthNotice: MultipartFiles = {
  'components.1.file': { name: 'giay-chung-sinh.png', type: 'image/png', content: pngFile() },
};

forEachDialect('portal pages', (dialect) => {
  let hub: TestNode;
  beforeEach(async () => {
    hub = await startTestNode(await dialect.createDatabase(), { role: 'province', start: START });
    await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
  });

  const get = (url: string, cookie = '') =>
    hub.app.inject({ method: 'GET', url, headers: { cookie } });

  /** Opens the filing form (for its CSRF token) and posts it as a browser would. */
  async function file(
    fields: Record<string, string>,
    files: MultipartFiles = birthNotice,
    options: { cookie?: string; procedure?: string } = {},
  ) {
    const procedure = options.procedure ?? '1.001193';
    const form = await get(`/portal/procedures/${procedure}/file`, options.cookie ?? '');
    expect(form.statusCode).toBe(200);
    const cookie = cookiesOf(form, options.cookie ?? '');
    const body = multipart({ _csrf: csrfFrom(form.body), ...fields }, files);
    return hub.app.inject({
      method: 'POST',
      url: `/portal/procedures/${procedure}/file`,
      headers: { cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  const dossierByCode = async (code: string) => {
    const row = await hub.storage.db
      .selectFrom('dossiers')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return { row, state: JSON.parse(row.state) as DossierState };
  };

  it('finds “Thủ tục đăng ký khai sinh” typed without diacritics, with its level, fee and time', async () => {
    const page = await get('/portal?q=khai+sinh');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<a href="/portal/procedures/1.001193">Thủ tục đăng ký khai sinh</a>',
    );
    const hit = page.body.slice(page.body.indexOf('/portal/procedures/1.001193"'));
    expect(hit.slice(0, hit.indexOf('</li>'))).toContain(
      '<span>Cấp xã</span><span>Phí, lệ phí: Miễn phí nếu đăng ký đúng hạn</span>' +
        '<span>Thời hạn giải quyết: Trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo)</span>',
    );
    // The same words with diacritics find the same; a fee is shown in đồng.
    expect((await get('/portal?q=khai%20sinh')).body).toContain('/portal/procedures/1.001193"');
    const residence = await get('/portal?q=tam+tru');
    expect(residence.body).toContain('Đăng ký tạm trú');
    expect(residence.body).toContain('Phí, lệ phí: 15.000 đồng');
    expect((await get('/portal?q=xyzzy')).body).toContain('Không tìm thấy thủ tục nào.');
  });

  it('explains a procedure: the papers (and which the office takes from its data), fee, time, where', async () => {
    const page = await get('/portal/procedures/1.001193');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Thủ tục đăng ký khai sinh</h1>');
    expect(page.body).toContain('Giấy chứng sinh; nếu không có thì văn bản');
    expect(page.body).toContain(
      'Không cần nộp khi tra cứu được trong: Cơ sở dữ liệu quốc gia về dân cư',
    );
    expect(page.body).toContain(
      'Lệ phí đăng ký khai sinh quá hạn: 5.000 đồng (chỉ thu khi đăng ký quá hạn)',
    );
    expect(page.body).toContain('8.000 đồng mỗi bản (khi có yêu cầu)');
    expect(page.body).toContain(
      'Được miễn: Người thuộc gia đình có công với cách mạng; Người thuộc hộ nghèo; Người khuyết tật.',
    );
    expect(page.body).toContain('Tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh');
    expect(page.body).toContain('href="/portal/procedures/1.001193/file">Nộp trực tuyến</a>');
    // A procedure not offered online says so, with no button.
    const mobile = await get('/portal/procedures/1.000419');
    expect(mobile.body).toContain('Thủ tục này chưa nhận hồ sơ trực tuyến.');
    expect(mobile.body).not.toContain('/portal/procedures/1.000419/file');
    expect((await get('/portal/procedures/9.999999')).statusCode).toBe(404);
    // In English, the English name, with the official Vietnamese one beside it.
    const english = await get('/portal/procedures/1.001193?lang=en');
    expect(english.body).toContain('<h1>Birth registration</h1>');
    expect(english.body).toContain('Official name: Thủ tục đăng ký khai sinh');
  });

  it('files a birth online with a scan: status 1 at the hub, handed to the commune, receipt and VietQR', async () => {
    const before = await hub.counts();
    const filed = await file(birthFields);
    expect(filed.statusCode, filed.body.slice(0, 500)).toBe(303);
    const location = String(filed.headers.location);
    const code = '48-261126-0001';
    expect(location).toMatch(new RegExp(`^/portal/filed/${code}\\?k=[0-9a-f]{32}$`));

    const { row, state } = await dossierByCode(code);
    expect(row).toMatchObject({
      status: 'submitted_online',
      status_code: 1,
      channel: 'online',
      unit_code: '48',
      receiving_unit_code: '48',
      competent_unit_code: '20242',
      transfer_pending: 1,
      fee_total_vnd: 8000,
    });
    const scan = state.components.find((c) => c.code === 'giay_chung_sinh');
    expect(scan?.attachments).toHaveLength(1);
    expect(state.components.find((c) => c.code === 'to_khai')?.provided).toBe(true);
    expect(state.components.find((c) => c.code === 'giay_to_tuy_than')?.reusedFromData).toBe(true);
    expect(state.applicant.accountId).toBeNull();
    const stored = await hub.storage.db.selectFrom('dossier_attachments').selectAll().execute();
    expect(stored).toEqual([{ hash: scan?.attachments[0], dossier_id: row.id }]);
    const events = await hub.storage.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('entity_id', '=', row.id)
      .orderBy('unit_seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['dossier.submitted_online', 'dossier.transferred']);
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({
      civilDraft: {
        kind: 'birth',
        facts: { child: { fullName: 'Lê Hoàng Bảo Châu', dateOfBirth: '2026-11-18' } },
        declarant: { fullName: 'Trần Thị Bích Ngọc', relationship: 'mẹ' },
      },
    });
    expect((await hub.counts()).events).toBe(before.events + 2);

    // The filer's page: the code, the receipt, the fee as the same VietQR the receipt prints.
    const page = await get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<strong>${code}</strong>`);
    expect(page.body).toContain('Mới đăng ký');
    expect(page.body).toContain('Phí, lệ phí phải nộp: 8.000 đồng');
    const vietQr = buildVietQr({
      bin: '970415',
      accountNumber: '1140480000001',
      amount: 8000,
      purpose: code,
    });
    if (!vietQr.ok) throw new Error('bad VietQR');
    const svg = await QRCode.toString(vietQr.payload, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 4,
    });
    expect(page.body).toContain(svg);
    const receiptHref = /href="(\/portal\/filed\/[^"]+\/receipt\.pdf\?k=[0-9a-f]+)"/.exec(
      page.body,
    )?.[1];
    expect(receiptHref).toBeDefined();
    const receipt = await get(receiptHref ?? '');
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(receipt.rawPayload)).flat;
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(code);
    expect(text).toContain('Trần Thị Bích Ngọc');
    expect(text).toContain('Thời gian nộp hồ sơ trực tuyến');
    // The eight papers of a birth push the codes to the second page.
    const codes = [];
    for (let n = 1; n <= (await readPdf(receipt.rawPayload)).pages.length; n++)
      codes.push(...(await readQrCodes(receipt.rawPayload, n)));
    expect(codes).toEqual([`http://127.0.0.1:4801/track?code=${code}`, vietQr.payload]);
    // Without the filer's token there is nothing to see.
    expect((await get(`/portal/filed/${code}?k=${'0'.repeat(32)}`)).statusCode).toBe(404);
    expect((await get(`/portal/filed/${code}/receipt.pdf`)).statusCode).toBe(404);
  });

  it('answers every mistake on the page, keeps what was typed, stores nothing', async () => {
    const before = await hub.counts();
    const oversize = Buffer.concat([pngFile(0), Buffer.alloc(attachmentLimits.maxBytes, 1)]);
    const response = await file(
      {
        ...birthFields,
        'applicant.fullName': '',
        'applicant.citizenId': '04819600012',
        'civil.facts.child.placeOfBirth': '',
      },
      { 'components.1.file': { name: 'scan.png', type: 'image/png', content: oversize } },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Vui lòng nhập thông tin này.');
    expect(response.body).toContain('Số định danh cá nhân gồm đúng 12 chữ số.');
    expect(response.body).toContain('Tệp vượt quá 10 MB.');
    expect(response.body).toMatch(/id="components\.1\.file-error">Tệp vượt quá 10 MB\./);
    expect(response.body).toContain('vui lòng chọn lại các tệp đính kèm');
    expect(response.body).toContain('value="Lê Hoàng Bảo Châu"');
    expect(response.body).toContain('value="04819600012"');
    expect(response.body).toContain('value="0905123456"');
    expect(response.body).toMatch(/<option value="20242" selected>/);
    expect((await hub.counts()).events).toBe(before.events);
    expect(await hub.storage.db.selectFrom('attachments').select('hash').execute()).toEqual([]);
    expect(await hub.storage.db.selectFrom('dossiers').select('id').execute()).toEqual([]);

    // No commune chosen, in English: a missing answer, in the user's language.
    const english = await file({ ...birthFields, competentUnitCode: '' }, birthNotice, {
      cookie: 'motcua_lang=en',
    });
    expect(english.statusCode).toBe(400);
    expect(english.body).toMatch(/id="competentUnitCode-error">Please fill in this field\./);
    expect(english.body).toContain('Browsers do not keep chosen files');
  });

  it('takes a volunteer’s filing only with the citizen’s consent, and shows who helped', async () => {
    const volunteer = await pageLogin(hub, 'volunteer');
    const form = await get('/portal/procedures/1.001193/file', volunteer);
    expect(form.body).toContain('Nộp thay công dân');
    expect(form.body).toContain('name="assistance.consent" required');
    const before = await hub.counts();
    const refused = await file(birthFields, birthNotice, { cookie: volunteer });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Cần xác nhận công dân đã đồng ý để bạn nộp hồ sơ thay.');
    expect((await hub.counts()).events).toBe(before.events);

    const filed = await file(
      { ...birthFields, 'assistance.consent': 'on', 'assistance.method': 'in_person_id_shown' },
      birthNotice,
      { cookie: volunteer },
    );
    expect(filed.statusCode, filed.body.slice(0, 300)).toBe(303);
    const code = '48-261126-0001';
    const { state } = await dossierByCode(code);
    const account = await hub.storage.db
      .selectFrom('accounts')
      .select(['id', 'display_name'])
      .where('username', '=', 'tinhnguyen')
      .executeTakeFirstOrThrow();
    expect(state.assistedBy).toBe(account.display_name);
    expect(state.assistance).toEqual({
      accountId: account.id,
      name: account.display_name,
      consent: 'in_person_id_shown',
    });
    expect(state.applicant).toMatchObject({ citizenId: '048196000123', accountId: null });
    const landing = await get(String(filed.headers.location), volunteer);
    expect(landing.body).toContain(`<dt>Người hỗ trợ nộp</dt><dd>${account.display_name}</dd>`);

    // The citizen sees it when tracking; the desk sees it with the consent on the dossier page.
    const trackPage = await get(`/track?code=${code}`);
    const tracked = await hub.app.inject({
      method: 'POST',
      url: '/track',
      headers: { cookie: cookiesOf(trackPage) },
      payload: { _csrf: csrfFrom(trackPage.body), code, citizenId: '048196000123' },
    });
    expect(tracked.body).toContain(`<dt>Người hỗ trợ nộp</dt><dd>${account.display_name}</dd>`);
    const desk = await pageLogin(hub, 'receiving_officer');
    const dossierPage = await get(`/dossiers/${state.id}`, desk);
    expect(dossierPage.body).toContain(
      `${account.display_name} — Gặp trực tiếp, công dân đã xuất trình căn cước`,
    );
  });

  it('files as the signed-in citizen', async () => {
    const citizen = await pageLogin(hub, 'citizen');
    const form = await get('/portal/procedures/1.001193/file', citizen);
    expect(form.body).toContain('Bạn đang nộp bằng tài khoản Người thử citizen');
    expect(form.body).not.toContain('assistance.consent');
    const filed = await file(birthFields, birthNotice, { cookie: citizen });
    expect(filed.statusCode).toBe(303);
    const account = await hub.storage.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'congdan')
      .executeTakeFirstOrThrow();
    expect((await dossierByCode('48-261126-0001')).state.applicant.accountId).toBe(account.id);
  });

  it('remembers large text and high contrast from one page to the next', async () => {
    const plain = await get('/portal');
    expect(plain.body).toContain('<html lang="vi">');
    expect(plain.body).toContain('href="/portal?view=large">Chữ lớn, tương phản cao</a>');
    const switched = await get('/portal?view=large');
    expect(switched.body).toContain('<html lang="vi" class="large">');
    const cookie = cookiesOf(switched);
    expect(cookie).toContain('motcua_view=large');
    const track = await get('/track', cookie);
    expect(track.body).toContain('<html lang="vi" class="large">');
    expect(track.body).toContain('href="/track?view=standard">Cỡ chữ thường</a>');
    const back = await get('/login?view=standard', cookie);
    expect(back.body).toContain('<html lang="vi">');
    expect((await get('/login', cookiesOf(back, cookie))).body).toContain('<html lang="vi">');
  });
});
