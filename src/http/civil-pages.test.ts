// The civil-status pages as an officer and a citizen use them: the registration form (with its
// errors in Vietnamese and nothing lost of what was typed), the record page, the certificates
// as PDFs read back as text, their QR seals verified on this node and on another one offline,
// a tampered or superseded seal refused, copies with their fee, and the register books.
import { beforeEach, expect, it } from 'vitest';
import {
  cookiesOf,
  csrfFrom,
  pageLogin,
  startTestNode,
  testPassword,
  type TestNode,
} from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { readPdf, readQrCodes } from '../../test/pdf-inspect.js';
import { revokeUnitSealKey } from '../application/seal.js';
import { runUseCase } from '../application/use-case.js';
import { testSealKeys } from '../../test/app-harness.js';

const START = '2026-11-26T02:00:00.000Z'; // Thursday 09:00 in Vietnam

const birthForm = {
  'facts.child.fullName': 'Nguyễn Thị Ánh Dương',
  'facts.child.sex': 'female',
  'facts.child.dateOfBirth': '2026-11-20',
  'facts.child.placeOfBirth': 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
  'facts.child.hometown': '',
  'facts.child.ethnicity': 'Kinh',
  'facts.child.nationality': 'Việt Nam',
  'facts.child.personalId': '',
  'facts.evidence': 'birth_notice',
  'facts.mother.fullName': 'Trần Thị Bích Ngọc',
  'facts.mother.birthYear': '1996',
  'facts.mother.ethnicity': 'Kinh',
  'facts.mother.nationality': 'Việt Nam',
  'facts.mother.residence': 'Phường Hải Châu, thành phố Đà Nẵng',
  'facts.mother.citizenId': '048196000123',
  'facts.father.fullName': '',
  'facts.father.birthYear': '',
  'facts.father.ethnicity': 'Kinh',
  'facts.father.nationality': 'Việt Nam',
  'facts.father.residence': '',
  'facts.father.citizenId': '',
  'declarant.fullName': 'Trần Thị Bích Ngọc',
  'declarant.citizenId': '048196000123',
  'declarant.relationship': 'mẹ',
  copies: '0',
  paymentMethod: 'cash',
  'payment.reference': '',
  note: '',
};

const marriageForm = {
  'facts.husband.fullName': 'Phạm Minh Quân',
  'facts.husband.dateOfBirth': '1995-04-12',
  'facts.husband.ethnicity': 'Kinh',
  'facts.husband.nationality': 'Việt Nam',
  'facts.husband.residence': 'Phường Hải Châu, thành phố Đà Nẵng',
  'facts.husband.citizenId': '048095001234',
  'facts.presence.husband': 'on',
  'facts.wife.fullName': 'Võ Thị Hồng Nhung',
  'facts.wife.dateOfBirth': '1998-07-20',
  'facts.wife.ethnicity': 'Kinh',
  'facts.wife.nationality': 'Việt Nam',
  'facts.wife.residence': 'Xã Bà Nà, thành phố Đà Nẵng',
  'facts.wife.citizenId': '048198004321',
  'facts.presence.wife': 'on',
  copies: '0',
};

const deathForm = {
  'facts.deceased.fullName': 'Lê Văn Đức',
  'facts.deceased.sex': 'male',
  'facts.deceased.dateOfBirth': '1940-05-02',
  'facts.deceased.personalId': '048040000321',
  'facts.deceased.lastResidence': 'Phường Hải Châu, thành phố Đà Nẵng',
  'facts.dateOfDeath': '2026-11-20',
  'facts.timeOfDeath': '04:30',
  'facts.placeOfDeath': 'Tại nhà',
  'facts.cause': 'Già yếu',
  'declarant.fullName': 'Lê Thị Hoa',
  'declarant.citizenId': '048170000999',
  'declarant.relationship': 'con',
  'interlinked-funeral_allowance': 'on',
};

forEachDialect('civil-status pages', (dialect) => {
  let node: TestNode;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
  });
  const get = (url: string, cookie = '') =>
    node.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    node.app.inject({ method: 'POST', url, headers: { cookie }, payload: fields });

  async function register(kind: string, fields: Record<string, string>, cookie: string) {
    const form = await get(`/civil/register/${kind}`, cookie);
    expect(form.statusCode, form.body.slice(0, 300)).toBe(200);
    return post(`/civil/register/${kind}`, cookie, { _csrf: csrfFrom(form.body), ...fields });
  }

  it('registers a birth from the form and shows the record with its number', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    const response = await register('birth', birthForm, cookie);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    const page = await get(response.headers.location as string, cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đã đăng ký: Số 1, Quyển số 01/2026.');
    expect(page.body).toContain('Nguyễn Thị Ánh Dương');
    expect(page.body).toContain('In Giấy khai sinh');
    // The search page finds her without diacritics.
    const search = await get('/civil?q=nguyen+thi+anh+duong', cookie);
    expect(search.body).toContain('Số 1, Quyển số 01/2026');
    const books = await get('/civil/books', cookie);
    expect(books.body).toContain('01/2026');
    const book = await get('/civil/books/birth/2026/1', cookie);
    expect(book.body).toContain('Nguyễn Thị Ánh Dương');
  });

  it('takes every field its own forms render: filled as a browser would, each kind registers', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    for (const [kind, typed] of [
      ['birth', birthForm],
      ['marriage', marriageForm],
      ['death', deathForm],
    ] as const) {
      const form = await get(`/civil/register/${kind}`, cookie);
      // What a browser sends: every text field with its value (typed over the defaults), the
      // selects' chosen options, checked boxes only.
      const sent: Record<string, string> = {};
      for (const m of form.body.matchAll(/<input ([^>]*)>/g)) {
        const attrs = m[1] ?? '';
        const name = /name="([^"]+)"/.exec(attrs)?.[1];
        if (name === undefined || name === '_csrf') continue;
        const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
        if (/type="checkbox"/.test(attrs)) {
          if (name in typed) sent[name] = 'on';
          continue;
        }
        sent[name] = value;
      }
      for (const m of form.body.matchAll(/<select [^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/gs))
        sent[m[1] ?? ''] = /<option value="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
      Object.assign(sent, typed);
      const response = await post(`/civil/register/${kind}`, cookie, {
        _csrf: csrfFrom(form.body),
        ...sent,
      });
      expect(
        response.statusCode,
        response.body.slice(response.body.indexOf('<main'), response.body.indexOf('<main') + 900),
      ).toBe(303);
      // And its paper prints, whatever the form left blank.
      const location = (response.headers.location as string).split('?')[0] ?? '';
      const pdf = await get(`${location}/certificate.pdf`, cookie);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    }
  });

  it('answers a bad form on the page, in Vietnamese, keeping what was typed, writing nothing', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    const before = await node.counts();
    const response = await register(
      'birth',
      { ...birthForm, 'facts.child.dateOfBirth': '2026-11-27', 'declarant.citizenId': '12345' },
      cookie,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Ngày sinh không thể sau ngày đăng ký.');
    expect(response.body).toContain('Số định danh cá nhân gồm đúng 12 chữ số.');
    expect(response.body).toContain('value="Nguyễn Thị Ánh Dương"');
    expect(response.body).toContain('value="Trần Thị Bích Ngọc"');
    expect((await node.counts()).events).toBe(before.events);
    // The form tells the browser the latest date of birth it may take, and the late cutoff.
    const form = await get('/civil/register/birth', cookie);
    expect(form.body).toContain('max="2026-11-26"');
    expect(form.body).toContain('Sinh trước ngày 27/09/2026 (quá 60 ngày) là đăng ký quá hạn.');
    const marriage = await get('/civil/register/marriage', cookie);
    expect(marriage.body).toContain('max="2006-11-26"');
    expect(marriage.body).toContain('max="2008-11-26"');
  });

  it('prints a sealed birth certificate that verifies here and at another commune, offline', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    const registered = await register('birth', birthForm, cookie);
    const recordUrl = (registered.headers.location as string).split('?')[0] ?? '';
    const pdf = await get(`${recordUrl}/certificate.pdf`, cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).flat;
    expect(text).toContain('GIẤY KHAI SINH');
    expect(text).toContain('NGUYỄN THỊ ÁNH DƯƠNG');
    expect(text).toContain('01/2026');
    expect(text).toContain('Ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu');
    expect(text).toContain('Trần Thị Bích Ngọc');
    const [qr] = await readQrCodes(pdf.rawPayload, 1, 4);
    expect(qr).toMatch(/^http:\/\/127\.0\.0\.1:4800\/verify\?c=[A-Za-z0-9_-]+$/);
    const seal = new URL(qr ?? '').searchParams.get('c') ?? '';

    // Anyone verifies it, here …
    const here = await get(`/verify?c=${seal}`);
    expect(here.statusCode).toBe(200);
    expect(here.body).toContain('Giấy tờ hợp lệ');
    expect(here.body).toContain('Sổ hộ tịch ở đây có bản ghi này');
    expect(here.body).toContain('Nguyễn Thị Ánh Dương');
    // … and at Bà Nà, which holds the province's keys but not the record.
    const other = await startTestNode(await dialect.createDatabase(), {
      start: START,
      unit: '20308',
    });
    const there = await other.app.inject({ method: 'GET', url: `/verify?c=${seal}` });
    expect(there.body).toContain('Giấy tờ hợp lệ');
    expect(there.body).toContain('Sổ ở đây không lưu bản ghi này');

    // One byte changed: refused, saying why, showing the claim only as a claim.
    const bytes = Buffer.from(seal, 'base64url');
    bytes[30] = (bytes[30] ?? 0) ^ 0x01;
    const tampered = await get(`/verify?c=${bytes.toString('base64url')}`);
    expect(tampered.body).toContain('Không hợp lệ:');
    expect(tampered.body).not.toContain('Giấy tờ hợp lệ');
    const garbage = await get('/verify?c=hello');
    expect(garbage.body).toContain('mã bị hỏng hoặc không phải mã của giấy tờ hộ tịch.');

    // A correction re-issues the certificate: the old one is superseded here.
    const specialist = await pageLogin(node, 'specialist');
    const recordPage = await get(recordUrl, specialist);
    const corrected = await post(`${recordUrl}/corrections`, specialist, {
      _csrf: csrfFrom(recordPage.body),
      type: 'correction',
      'changes.0.path': 'child.fullName',
      'changes.0.to': 'Nguyễn Thị Ánh Dung',
      reason: 'Viết sai tên',
      legalBasis: 'Điều 7 Nghị định 123/2015/NĐ-CP',
    });
    expect(corrected.statusCode, corrected.body.slice(0, 400)).toBe(303);
    const history = await get(recordUrl, specialist);
    expect(history.body).toContain('“Nguyễn Thị Ánh Dương” → “Nguyễn Thị Ánh Dung”');
    const old = await get(`/verify?c=${seal}`);
    expect(old.body).toContain('đã có giấy cấp lại sau khi cải chính');

    // A unit key withdrawn by the province: nothing it sealed verifies any more.
    const key = testSealKeys.units.get('20242');
    await runUseCase(node.services, null, { ip: null }, (uc) =>
      revokeUnitSealKey(uc, key?.keyId ?? '', 'máy bị mất'),
    );
    const reprinted = await get(`${recordUrl}/certificate.pdf`, cookie);
    expect(await readQrCodes(reprinted.rawPayload, 1, 4)).toEqual([]);
    const revoked = await get(`/verify?c=${seal}`);
    expect(revoked.body).toContain('khóa ký của đơn vị đã bị thu hồi.');
  });

  it('prints the marriage certificate twice, one original per spouse, and charges for copies', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    const registered = await register('marriage', marriageForm, cookie);
    expect(registered.statusCode, registered.body.slice(0, 400)).toBe(303);
    const recordUrl = (registered.headers.location as string).split('?')[0] ?? '';
    const pdf = await readPdf((await get(`${recordUrl}/certificate.pdf`, cookie)).rawPayload);
    expect(pdf.pages).toHaveLength(2);
    expect(pdf.pages[0]?.text).toContain('Bản chính cấp cho người chồng');
    expect(pdf.pages[1]?.text).toContain('Bản chính cấp cho người vợ');
    expect(pdf.flat).toContain('GIẤY CHỨNG NHẬN KẾT HÔN');

    const page = await get(recordUrl, cookie);
    const unpaid = await post(`${recordUrl}/copies`, cookie, {
      _csrf: csrfFrom(page.body),
      copies: '3',
      requestedBy: 'Phạm Minh Quân',
    });
    expect(unpaid.statusCode).toBe(400);
    expect(unpaid.body).toContain('Cần thu lệ phí 24.000 đồng');
    const copies = await post(`${recordUrl}/copies`, cookie, {
      _csrf: csrfFrom(page.body),
      copies: '3',
      requestedBy: 'Phạm Minh Quân',
      'payment.reference': 'BL-0099',
    });
    expect(copies.statusCode).toBe(200);
    const copy = await readPdf(copies.rawPayload);
    expect(copy.pages).toHaveLength(3);
    expect(copy.flat).toContain('TRÍCH LỤC KẾT HÔN (BẢN SAO)');
    expect(copy.flat).toContain('Bản sao số 2/3');
    expect(copy.flat).toContain('8.000');
    const after = await get(recordUrl, cookie);
    expect(after.body).toContain('cấp 3 bản sao');
  });

  it('registers a birth filed online from what the citizen typed, never re-typed', async () => {
    const filing = {
      procedureCode: '1.001193',
      competentUnitCode: '20242',
      applicant: {
        fullName: 'Trần Thị Bích Ngọc',
        citizenId: '048196000123',
        phone: '0905123456',
      },
      components: [
        { code: 'to_khai', provided: true },
        { code: 'giay_chung_sinh', provided: true },
        { code: 'giay_to_tuy_than', reusedFromData: true },
      ],
      civil: {
        kind: 'birth',
        facts: {
          child: {
            fullName: 'Lê Hoàng Bảo Châu',
            sex: 'female',
            dateOfBirth: '2026-11-18',
            placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
          },
          mother: { fullName: 'Trần Thị Bích Ngọc', birthYear: 1996, citizenId: '048196000123' },
          evidence: 'birth_notice',
        },
        declarant: {
          fullName: 'Trần Thị Bích Ngọc',
          citizenId: '048196000123',
          relationship: 'mẹ',
        },
        interlinked: ['health_insurance_card'],
      },
    };
    // Facts of another procedure are refused with the submission, and nothing is written.
    const before = await node.counts();
    const wrong = await node.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers/online',
      payload: { ...filing, procedureCode: '1.000656' },
    });
    expect(wrong.statusCode).toBe(400);
    expect((await node.counts()).events).toBe(before.events);
    const filed = await node.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers/online',
      payload: filing,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const dossier = filed.json<{ id: string; code: string }>();

    const cookie = await pageLogin(node, 'receiving_officer');
    // The dossier page sends the officer to the registration, not to a bare acceptance.
    const dossierPage = await get(`/dossiers/${dossier.id}`, cookie);
    expect(dossierPage.body).toContain(`href="/civil/register/birth?fromDossier=${dossier.id}"`);
    expect(dossierPage.body).not.toContain(`action="/dossiers/${dossier.id}/accept"`);
    const home = await get('/civil', cookie);
    expect(home.body).toContain('Hồ sơ nộp trực tuyến chờ đăng ký');
    expect(home.body).toContain(dossier.code);
    const form = await get(`/civil/register/birth?fromDossier=${dossier.id}`, cookie);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`Đăng ký từ hồ sơ trực tuyến ${dossier.code}`);
    expect(form.body).toContain('value="Lê Hoàng Bảo Châu"');
    expect(form.body).toContain('value="2026-11-18"');
    expect(form.body).toMatch(
      /id="interlinked-health_insurance_card" name="interlinked-health_insurance_card" checked/,
    );
    // The officer checks the papers and submits the form as it came.
    const sent: Record<string, string> = {};
    for (const m of form.body.matchAll(/<input ([^>]*)>/g)) {
      const attrs = m[1] ?? '';
      const name = /name="([^"]+)"/.exec(attrs)?.[1];
      if (name === undefined) continue;
      if (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs)) continue;
      sent[name] = /type="checkbox"/.test(attrs)
        ? 'on'
        : (/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
    }
    for (const m of form.body.matchAll(/<select [^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/gs))
      sent[m[1] ?? ''] =
        /<option value="([^"]*)" selected/.exec(m[2] ?? '')?.[1] ??
        /<option value="([^"]*)"/.exec(m[2] ?? '')?.[1] ??
        '';
    const registered = await post('/civil/register/birth', cookie, sent);
    expect(registered.statusCode, registered.body.slice(0, 300)).toBe(303);
    const record = await get(registered.headers.location as string, cookie);
    expect(record.body).toContain('Lê Hoàng Bảo Châu');
    expect(record.body).toContain(dossier.code);
    const events = await node.storage.db
      .selectFrom('events')
      .select('type')
      .where('entity_id', '=', dossier.id)
      .orderBy('unit_seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'dossier.submitted_online',
      'dossier.accepted',
      'dossier.assigned',
      'dossier.submitted_for_approval',
    ]);
    expect((await get(`/dossiers/${dossier.id}`, cookie)).body).toContain(
      'Xem bản ghi trong sổ hộ tịch',
    );
    // Registered once: the filing is no longer waiting, and cannot be registered again.
    expect((await get('/civil', cookie)).body).not.toContain('Hồ sơ nộp trực tuyến chờ đăng ký');
    const again = await post('/civil/register/birth', cookie, sent);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('không phải hồ sơ hộ tịch nộp trực tuyến đang chờ đăng ký');
  });

  it('keeps what was typed when the session ran out: log in again, then send it on', async () => {
    const cookie = await pageLogin(node, 'receiving_officer');
    const form = await get('/civil/register/birth', cookie);
    node.advance(13 * 3_600_000); // past the 12-hour session
    const expired = await post('/civil/register/birth', cookie, {
      _csrf: csrfFrom(form.body),
      ...birthForm,
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('Phiên làm việc đã hết hạn');
    expect(expired.body).toContain('name="_resume_to" value="/civil/register/birth"');
    const saved = /name="_resume" value="([^"]*)"/.exec(expired.body)?.[1] ?? '';
    const fields = JSON.parse(saved.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<
      string,
      string
    >;
    expect(fields['facts.child.fullName']).toBe('Nguyễn Thị Ánh Dương');
    expect(await node.counts()).toMatchObject({ events: (await node.counts()).events });

    const login = await post('/login', cookie, {
      _csrf: csrfFrom(expired.body),
      next: '/',
      username: node.usernames.receiving_officer,
      password: testPassword,
      _resume_to: '/civil/register/birth',
      _resume: JSON.stringify(fields),
    });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('Gửi tiếp');
    expect(login.body).toContain('value="Nguyễn Thị Ánh Dương"');
    const fresh = cookiesOf(login, cookie);
    const resent: Record<string, string> = { _csrf: csrfFrom(login.body) };
    for (const m of login.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      if (m[1] !== '_csrf') resent[m[1] ?? ''] = (m[2] ?? '').replaceAll('&amp;', '&');
    const registered = await post('/civil/register/birth', fresh, resent);
    expect(registered.statusCode, registered.body.slice(0, 300)).toBe(303);
    // A resume that points off the site is ignored.
    const off = await post('/login', fresh, {
      _csrf: csrfFrom(login.body),
      next: '/',
      username: node.usernames.receiving_officer,
      password: testPassword,
      _resume_to: '//evil.example/x',
      _resume: '{}',
    });
    expect(off.statusCode).toBe(303);
  });

  it('keeps the registers from those not entitled', async () => {
    const citizen = await pageLogin(node, 'citizen');
    expect((await get('/civil', citizen)).statusCode).toBe(403);
    expect((await get('/civil/register/birth', citizen)).statusCode).toBe(403);
    const leader = await pageLogin(node, 'leader');
    expect((await get('/civil/register/birth', leader)).statusCode).toBe(403);
    expect((await get('/civil', leader)).statusCode).toBe(200);
    expect((await get('/civil')).statusCode).toBe(303);
    expect((await get('/verify')).statusCode).toBe(200);
  });
});
