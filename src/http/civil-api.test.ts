// The civil-status registers through the JSON API, on SQLite and PostgreSQL: each rule with
// real dates, numbering (concurrent, across the year boundary, continuing a paper book,
// year-end closing), corrections with their history, search, and refusals that write nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import type { Role } from '../domain/roles.js';
import {
  birthBody,
  deathBody,
  husband,
  marriageBody,
  mother,
  wife,
} from '../../test/civil-fixtures.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';

forEachDialect('civil-status API', (dialect) => {
  let node: TestNode;
  const cookies: Partial<Record<Role, string>> = {};
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
    for (const role of ['receiving_officer', 'specialist', 'leader', 'citizen'] as const)
      cookies[role] = await apiLogin(node, role);
  });

  const travel = async (to: string) => {
    node.advance(Date.parse(to) - node.services.clock().getTime());
    for (const role of ['receiving_officer', 'specialist', 'leader', 'citizen'] as const)
      cookies[role] = await apiLogin(node, role);
  };
  const as = (role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { cookie: cookies[role] ?? '', 'accept-language': 'vi' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const register = (body: unknown, role: Role = 'receiving_officer') =>
    as(role, 'POST', '/api/v1/civil/registrations', body);
  type Registered = {
    record: { id: string; number: number; book: { year: number; bookNo: number }; late: boolean };
    dossier: {
      id: string;
      code: string;
      status: string;
      pendingApproval: boolean;
      fee: { totalVnd: number };
    };
  };
  const registered = async (body: unknown): Promise<Registered> => {
    const response = await register(body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Registered>();
  };
  const refusedWithNothingWritten = async (body: unknown, role: Role = 'receiving_officer') => {
    const before = await node.counts();
    const response = await register(body, role);
    const after = await node.counts();
    expect(after.events).toBe(before.events);
    return response;
  };
  const fields = (response: { json: () => unknown }) =>
    (response.json() as { error: { fields: { field: string; reason: string; message: string }[] } })
      .error.fields;

  describe('birth', () => {
    it('registers on time: a dossier processed at once, number 1 in book 01/2026, no fee', async () => {
      const { record, dossier } = await registered(birthBody());
      expect(record.number).toBe(1);
      expect(record.book).toEqual({ year: 2026, bookNo: 1 });
      expect(record.late).toBe(false);
      expect(dossier.status).toBe('processing');
      expect(dossier.pendingApproval).toBe(true);
      expect(dossier.fee.totalVnd).toBe(0);
      const second = await registered(birthBody({ fullName: 'Nguyễn Văn An', sex: 'male' }));
      expect(second.record.number).toBe(2);
      // The dossier is the desk's: the leader signs it like any other.
      const approve = await as('leader', 'POST', `/api/v1/dossiers/${dossier.id}/approve`, {});
      expect(approve.statusCode, approve.body).toBe(200);
    });

    it('late after 60 days: the catalogue’s fee must be paid first (5.000 đồng)', async () => {
      // Born 26/09/2026: 61 days before 26/11/2026.
      const late = birthBody({ dateOfBirth: '2026-09-26' });
      const unpaid = await refusedWithNothingWritten(late);
      expect(unpaid.statusCode).toBe(400);
      expect(fields(unpaid)).toEqual([
        expect.objectContaining({ field: 'payment.reference', reason: 'payment_required' }),
      ]);
      expect(fields(unpaid)[0]!.message).toContain('5.000');
      const paid = await registered({ ...late, payment: { method: 'cash', reference: 'BL-0042' } });
      expect(paid.record.late).toBe(true);
      expect(paid.dossier.fee.totalVnd).toBe(5000);
      // Day 60 (27/09/2026) is still on time.
      const onTime = await registered(
        birthBody({ dateOfBirth: '2026-09-27', fullName: 'Lê Bảo Anh' }),
      );
      expect(onTime.record.late).toBe(false);
    });

    it('refuses a birth after the registration date, in Vietnamese, writing nothing', async () => {
      const response = await refusedWithNothingWritten(birthBody({ dateOfBirth: '2026-11-27' }));
      expect(response.statusCode).toBe(400);
      expect(fields(response)).toEqual([
        {
          field: 'facts.child.dateOfBirth',
          reason: 'birth_after_registration',
          message: 'Ngày sinh không thể sau ngày đăng ký.',
        },
      ]);
    });

    it('refuses a parent’s ID number that contradicts the year of birth, and a missing declarant', async () => {
      const body = birthBody();
      const response = await refusedWithNothingWritten({
        ...body,
        declarant: undefined,
        facts: { ...body.facts, mother: { ...mother, citizenId: '048195000123' } },
      });
      expect(response.statusCode).toBe(400);
      expect(
        fields(response)
          .map((f) => f.field)
          .sort(),
      ).toEqual(['declarant.fullName', 'facts.mother.dateOfBirth']);
    });

    it('refuses the same child registered twice at this commune', async () => {
      const first = await registered(birthBody());
      const again = await refusedWithNothingWritten(
        birthBody({ fullName: 'NGUYEN THI ANH DUONG' }),
      );
      expect(again.statusCode).toBe(400);
      expect(fields(again)[0]).toMatchObject({ reason: 'already_registered' });
      expect(fields(again)[0]!.message).toContain(`Số ${first.record.number}, Quyển số 01/2026`);
    });

    it('offers the inter-linked health-insurance card only under 6', async () => {
      const ok = await registered(
        birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
      );
      expect(ok.record.number).toBe(1);
      const wrong = await refusedWithNothingWritten(
        birthBody({}, { interlinked: ['funeral_allowance'] }),
      );
      expect(fields(wrong)[0]).toMatchObject({
        field: 'interlinked.0',
        reason: 'interlink_not_offered',
      });
    });
  });

  describe('death', () => {
    it('registers, counts 15 days for lateness, and refuses the same person twice', async () => {
      const { record } = await registered(deathBody());
      expect(record.late).toBe(false);
      const again = await refusedWithNothingWritten(deathBody());
      expect(fields(again)[0]).toMatchObject({ reason: 'already_dead' });
    });
    it('refuses a death before the birth', async () => {
      const response = await refusedWithNothingWritten(deathBody({ dateOfBirth: '2026-11-21' }));
      expect(fields(response).map((f) => f.reason)).toContain('death_before_birth');
    });
    it('a death 16 days ago is late and pays the catalogue’s fee', async () => {
      const body = deathBody();
      const late = {
        ...body,
        facts: {
          ...body.facts,
          dateOfDeath: '2026-11-10',
          deathNotice: { ...body.facts.deathNotice, issuedOn: '2026-11-10' },
        },
      };
      const unpaid = await refusedWithNothingWritten(late);
      expect(fields(unpaid)[0]).toMatchObject({ reason: 'payment_required' });
      const paid = await registered({ ...late, payment: { method: 'cash', reference: 'BL-7' } });
      expect(paid.record.late).toBe(true);
    });
  });

  describe('marriage', () => {
    it('registers when both are of age and present', async () => {
      const { record } = await registered(marriageBody());
      expect(record.number).toBe(1);
    });
    it('refuses a man under 20 on the registration date (20th birthday tomorrow)', async () => {
      const response = await refusedWithNothingWritten(
        marriageBody({
          husband: { ...husband, dateOfBirth: '2006-11-27', citizenId: '048206001234' },
        }),
      );
      expect(fields(response)).toEqual([
        expect.objectContaining({ field: 'facts.husband.dateOfBirth', reason: 'underage' }),
      ]);
      expect(fields(response)[0]!.message).toContain('19 tuổi');
    });
    it('refuses when a party is absent', async () => {
      const response = await refusedWithNothingWritten(
        marriageBody({ presence: { husband: true, wife: false } }),
      );
      expect(fields(response)).toEqual([
        expect.objectContaining({ field: 'facts.presence.wife', reason: 'party_absent' }),
      ]);
    });
    it('refuses a husband’s ID number that reads female', async () => {
      const response = await refusedWithNothingWritten(
        marriageBody({ husband: { ...husband, citizenId: '048195001234' } }),
      );
      expect(fields(response)).toEqual([
        expect.objectContaining({ field: 'facts.husband.citizenId', reason: 'sex_mismatch' }),
      ]);
    });
    it('refuses someone already married, until the spouse’s death is registered', async () => {
      await registered(marriageBody());
      const other = {
        fullName: 'Đặng Thu Trang',
        dateOfBirth: '1997-02-03',
        residence: 'Phường Hải Châu',
        citizenId: '048197000777',
      };
      const second = await refusedWithNothingWritten(marriageBody({ wife: other }));
      expect(fields(second)).toEqual([
        expect.objectContaining({ field: 'facts.husband.citizenId', reason: 'already_married' }),
      ]);
      await registered(
        deathBody({
          fullName: wife.fullName,
          sex: 'female',
          dateOfBirth: wife.dateOfBirth,
          personalId: wife.citizenId,
        }),
      );
      const widower = await registered(marriageBody({ wife: other }));
      expect(widower.record.number).toBe(2);
    });
  });

  describe('register books', () => {
    it('gives concurrent registrations distinct numbers with no gap', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `Nguyễn Văn Con Số ${i + 1}`);
      const responses = await Promise.all(
        names.map((fullName) => register(birthBody({ fullName, sex: 'male' }))),
      );
      for (const r of responses) expect(r.statusCode, r.body).toBe(201);
      const numbers = responses
        .map((r) => r.json<Registered>().record.number)
        .sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });

    it('a refused registration gives no number away', async () => {
      await registered(birthBody());
      await refusedWithNothingWritten(birthBody({ dateOfBirth: '2030-01-01', fullName: 'X' }));
      const next = await registered(birthBody({ fullName: 'Nguyễn Văn Bình', sex: 'male' }));
      expect(next.record.number).toBe(2);
    });

    it('numbers by the Vietnam date: 23:59 on 31/12 is 2026, one minute later book 01/2027 starts at 1', async () => {
      await travel('2026-12-31T16:59:00.000Z');
      const last = await registered(birthBody({ dateOfBirth: '2026-12-30' }));
      expect(last.record.book).toEqual({ year: 2026, bookNo: 1 });
      node.advance(60_000);
      const first = await registered(
        birthBody({ dateOfBirth: '2026-12-31', fullName: 'Trần Gia Bảo', sex: 'male' }),
      );
      expect(first.record.book).toEqual({ year: 2027, bookNo: 1 });
      expect(first.record.number).toBe(1);
    });

    it('continues where the paper book stopped, and refuses a first number that would repeat', async () => {
      await registered(birthBody());
      const open = await as('specialist', 'POST', '/api/v1/civil/books', {
        kind: 'birth',
        year: 2026,
        bookNo: 2,
        firstNumber: 58,
      });
      expect(open.statusCode).toBe(400);
      expect(fields(open).map((f) => f.reason)).toEqual(['book_open']);
      const close = await as('specialist', 'POST', '/api/v1/civil/books/close', {
        year: 2026,
        reason: 'full',
        kind: 'birth',
      });
      expect(close.statusCode, close.body).toBe(200);
      const tooLow = await as('specialist', 'POST', '/api/v1/civil/books', {
        kind: 'birth',
        year: 2026,
        bookNo: 2,
        firstNumber: 1,
      });
      expect(fields(tooLow)).toEqual([
        expect.objectContaining({ field: 'firstNumber', reason: 'first_number_too_low' }),
      ]);
      const opened = await as('specialist', 'POST', '/api/v1/civil/books', {
        kind: 'birth',
        year: 2026,
        bookNo: 2,
        firstNumber: 58,
        note: 'Tiếp theo sổ giấy quyển 01/2026 (đến số 57)',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const next = await registered(birthBody({ fullName: 'Hồ Ngọc Hà' }));
      expect(next.record).toMatchObject({ number: 58, book: { year: 2026, bookNo: 2 } });
    });

    it('closes the year from 31/12 only; after that the year takes no more registrations', async () => {
      await registered(birthBody());
      const early = await as('leader', 'POST', '/api/v1/civil/books/close', {
        year: 2026,
        reason: 'year_end',
      });
      expect(fields(early)).toEqual([expect.objectContaining({ reason: 'year_not_ended' })]);
      await travel('2026-12-31T09:00:00.000Z');
      const closed = await as('leader', 'POST', '/api/v1/civil/books/close', {
        year: 2026,
        reason: 'year_end',
      });
      expect(closed.statusCode, closed.body).toBe(200);
      const after = await refusedWithNothingWritten(
        birthBody({ fullName: 'Muộn', dateOfBirth: '2026-12-30' }),
      );
      expect(fields(after)).toEqual([expect.objectContaining({ reason: 'year_closed' })]);
    });
  });

  describe('corrections and reading', () => {
    it('a correction is a new event; the history shows what was there before', async () => {
      const { record } = await registered(birthBody());
      const corrected = await as(
        'specialist',
        'POST',
        `/api/v1/civil/records/${record.id}/corrections`,
        {
          type: 'correction',
          changes: [{ path: 'child.fullName', to: 'Nguyễn Thị Ánh Dung' }],
          reason: 'Viết sai tên do lỗi đánh máy',
          legalBasis: 'Điều 7 Nghị định 123/2015/NĐ-CP',
        },
      );
      expect(corrected.statusCode, corrected.body).toBe(201);
      const view = await as('specialist', 'GET', `/api/v1/civil/records/${record.id}`);
      const body = view.json<{
        record: {
          facts: { child: { fullName: string } };
          number: number;
          certificateSerial: number;
        };
        history: { type: string; payload: { changes?: { from: string; to: string }[] } }[];
      }>();
      expect(body.record.facts.child.fullName).toBe('Nguyễn Thị Ánh Dung');
      expect(body.record.number).toBe(1);
      expect(body.record.certificateSerial).toBe(2);
      expect(body.history.map((h) => h.type)).toEqual(['civil.registered', 'civil.corrected']);
      expect(body.history[1]!.payload.changes).toEqual([
        { path: 'child.fullName', from: 'Nguyễn Thị Ánh Dương', to: 'Nguyễn Thị Ánh Dung' },
      ]);
      // Bad corrections write nothing.
      const before = await node.counts();
      const bad = await as('specialist', 'POST', `/api/v1/civil/records/${record.id}/corrections`, {
        type: 'correction',
        changes: [
          { path: 'child.dateOfBirth', to: '2026-12-01' },
          { path: 'number', to: '7' },
        ],
        reason: 'x',
        legalBasis: 'y',
      });
      expect(bad.statusCode).toBe(400);
      expect(fields(bad).map((f) => f.reason)).toEqual(['not_correctable']);
      expect((await node.counts()).events).toBe(before.events);
    });

    it('searches with or without diacritics, đ as d, by date of birth, ID number and parent', async () => {
      await registered(birthBody());
      await registered(deathBody());
      const search = async (query: string) =>
        (await as('receiving_officer', 'GET', `/api/v1/civil/records?${query}`)).json<{
          records: { principalName: string; matchedRole: string }[];
        }>().records;
      expect((await search('q=nguyen thi anh duong')).map((r) => r.principalName)).toEqual([
        'Nguyễn Thị Ánh Dương',
      ]);
      expect((await search('q=NGUYỄN THỊ')).length).toBe(1);
      expect((await search('q=duc')).map((r) => r.matchedRole).sort()).toEqual([
        'deceased',
        'father',
      ]);
      expect((await search('q=le van duc&dateOfBirth=1940-05-02')).length).toBe(1);
      expect((await search('citizenId=048196000123'))[0]!.matchedRole).toBe('mother');
      expect(await search('q=tran thi bich ngoc&kind=death')).toEqual([]);
    });

    it('only the unit’s officers read a record; a citizen is refused and the refusal audited', async () => {
      const { record } = await registered(birthBody());
      expect((await as('citizen', 'GET', `/api/v1/civil/records/${record.id}`)).statusCode).toBe(
        403,
      );
      const leaderRegisters = await refusedWithNothingWritten(
        birthBody({ fullName: 'Z' }),
        'leader',
      );
      expect(leaderRegisters.statusCode).toBe(403);
      const reads = await node.storage.db
        .selectFrom('audit_entries')
        .select(['action', 'outcome'])
        .where('subject_type', '=', 'civil_record')
        .execute();
      expect(reads).toEqual(
        expect.arrayContaining([
          { action: 'civil.register', outcome: 'ok' },
          { action: 'civil.read', outcome: 'denied' },
          { action: 'civil.register', outcome: 'denied' },
        ]),
      );
    });
  });
});
