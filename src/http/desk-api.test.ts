// The one-stop desk through its JSON API, on SQLite and PostgreSQL: intake with real catalogue
// rules and real dates, gap-free codes under concurrency, every step of the lifecycle with the
// event it writes, refusals that write nothing, fees and payment, tracking and rating,
// attachments.
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import type { Role } from '../domain/roles.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';

const birth = {
  procedureCode: '1.001193',
  competentUnitCode: '20242',
  applicant: {
    fullName: 'Nguyễn Thị Mai',
    citizenId: '048185000123',
    dateOfBirth: '1985-03-14',
    sex: 'female',
    phone: '0905123456',
  },
  components: [
    { code: 'to_khai', provided: true },
    { code: 'giay_chung_sinh', provided: true },
    { code: 'giay_to_tuy_than', reusedFromData: true },
  ],
};

forEachDialect('desk API', (dialect) => {
  let node: TestNode;
  const cookies: Partial<Record<Role, string>> = {};
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
    for (const role of ['receiving_officer', 'specialist', 'leader'] as const)
      cookies[role] = await apiLogin(node, role);
  });

  const as = (role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { cookie: cookies[role] ?? '' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const intake = (body: unknown = birth) =>
    as('receiving_officer', 'POST', '/api/v1/dossiers', body);
  const dossierEvents = async (id: string) =>
    (
      await node.storage.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('entity_id', '=', id)
        .orderBy('unit_seq')
        .execute()
    ).map((e) => e.type);
  const specialistId = async () =>
    (
      await node.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'chuyenvien')
        .executeTakeFirstOrThrow()
    ).id;

  describe('intake', () => {
    it('receives a birth registration, numbers it, and sets the same-day appointment', async () => {
      const response = await intake();
      expect(response.statusCode).toBe(201);
      const d = response.json<Record<string, unknown>>();
      expect(d).toMatchObject({
        code: '20242-261126-0001',
        status: 'received',
        channel: 'in_person',
        receivingUnitCode: '20242',
        competentUnitCode: '20242',
        procedureName: 'Thủ tục đăng ký khai sinh',
        receivedAt: START,
        // Same day, received at 09:00: due at the close of the office day, 17:00.
        dueAt: '2026-11-26T10:00:00.000Z',
        transferPending: false,
        fee: { totalVnd: 0 },
      });
      expect(await dossierEvents(String(d['id']))).toEqual(['dossier.received']);
      const audit = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('subject_id', '=', String(d['id']))
        .execute();
      expect(audit.map((a) => [a.kind, a.action])).toEqual([['write', 'dossier.intake']]);
    });

    it('applies the 15:00 rule: a same-day dossier received at 15:30 is due at the close of the next working day', async () => {
      node.advance(6.5 * 3_600_000); // 15:30 Thursday
      const d = (await intake()).json<{ dueAt: string }>();
      expect(d.dueAt).toBe('2026-11-27T10:00:00.000Z'); // Friday 17:00
    });

    it('numbers dossiers gap-free per day, under concurrent intakes, and restarts the next day', async () => {
      const responses = await Promise.all(Array.from({ length: 12 }, () => intake()));
      const codes = responses.map((r) => r.json<{ code: string }>().code).sort();
      expect(codes).toEqual(
        Array.from({ length: 12 }, (_, i) => `20242-261126-${String(i + 1).padStart(4, '0')}`),
      );
      node.advance(24 * 3_600_000);
      cookies.receiving_officer = await apiLogin(node, 'receiving_officer');
      expect((await intake()).json<{ code: string }>().code).toBe('20242-261127-0001');
    });

    const refusals: [string, unknown, string, string][] = [
      [
        'an invalid citizen ID',
        { ...birth, applicant: { ...birth.applicant, citizenId: '048185' } },
        'applicant.citizenId',
        'format',
      ],
      [
        'an ID whose birth year differs from the date of birth',
        { ...birth, applicant: { ...birth.applicant, dateOfBirth: '1986-03-14' } },
        'applicant.dateOfBirth',
        'birth_year_mismatch',
      ],
      [
        'an unknown procedure',
        { ...birth, procedureCode: '9.999999' },
        'procedureCode',
        'procedure_unknown',
      ],
      [
        'a missing required document',
        { ...birth, components: birth.components.slice(1) },
        'components',
        'component_missing',
      ],
      [
        'a document that cannot come from data',
        {
          ...birth,
          components: [
            ...birth.components.slice(0, 1),
            { code: 'giay_chung_sinh', provided: true },
            { code: 'to_khai', reusedFromData: true },
          ],
        },
        'components.2.reusedFromData',
        'component_not_reusable',
      ],
      [
        'a unit of another province',
        { ...birth, competentUnitCode: '00004' },
        'competentUnitCode',
        'unit_outside_province',
      ],
      [
        'a province as deciding unit of a commune procedure',
        { ...birth, competentUnitCode: '48' },
        'competentUnitCode',
        'competent_level_commune',
      ],
      [
        'an attachment never uploaded',
        {
          ...birth,
          components: [
            { code: 'to_khai', provided: true, attachments: ['a'.repeat(64)] },
            ...birth.components.slice(1),
          ],
        },
        'components.0.attachments.0',
        'attachment_unknown',
      ],
      ['an unknown field', { ...birth, priority: 'high' }, 'priority', 'not_allowed'],
    ];
    for (const [what, body, field, reason] of refusals)
      it(`refuses ${what}, naming the field, and writes nothing`, async () => {
        const before = await node.counts();
        const response = await intake(body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({
          error: {
            code: 'validation_failed',
            fields: expect.arrayContaining([expect.objectContaining({ field, reason })]),
          },
        });
        expect((await node.counts()).events).toBe(before.events);
        // The refused intake used no number: the next one is still 0001.
        expect((await intake()).json<{ code: string }>().code).toBe('20242-261126-0001');
      });

    it('says what is wrong in the officer’s language', async () => {
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers?lang=en',
        headers: { cookie: cookies.receiving_officer ?? '' },
        payload: { ...birth, components: birth.components.slice(1) },
      });
      expect(response.json()).toMatchObject({
        error: {
          fields: [
            {
              field: 'components',
              message: expect.stringMatching(
                /^A required document is missing: Tờ khai đăng ký khai sinh/,
              ),
            },
          ],
        },
      });
    });

    it('refuses intake to anyone but a receiving officer', async () => {
      expect((await as('specialist', 'POST', '/api/v1/dossiers', birth)).statusCode).toBe(403);
      expect(
        (await node.app.inject({ method: 'POST', url: '/api/v1/dossiers', payload: birth }))
          .statusCode,
      ).toBe(401);
    });

    it('records a dossier for another commune as awaiting transfer, which only the desk may touch', async () => {
      const d = (await intake({ ...birth, competentUnitCode: '20308' })).json<{
        id: string;
        transferPending: boolean;
      }>();
      expect(d.transferPending).toBe(true);
      const assign = await as('receiving_officer', 'POST', `/api/v1/dossiers/${d.id}/assign`, {
        assigneeId: await specialistId(),
      });
      expect(assign.statusCode).toBe(409);
      expect(assign.json()).toMatchObject({
        error: { code: 'transition_not_allowed', fields: [{ reason: 'transfer_pending' }] },
      });
    });

    it('refuses a non-territorial intake for a procedure that is not', async () => {
      const body = {
        ...birth,
        procedureCode: '1.003583',
        components: [
          { code: 'to_khai', provided: true },
          { code: 'giay_chung_sinh', provided: true },
          { code: 'giay_to_tuy_than', provided: true },
        ],
      };
      const response = await intake({ ...body, competentUnitCode: '20308' });
      expect(response.json()).toMatchObject({
        error: { fields: [{ field: 'competentUnitCode', reason: 'not_non_territorial' }] },
      });
      expect((await intake(body)).statusCode).toBe(201);
    });

    it('refuses at intake with the reason (form 03) and numbers the refusal', async () => {
      const response = await intake({
        ...birth,
        components: [],
        refusal: { reason: 'Thiếu giấy chứng sinh và tờ khai' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        status: 'refused',
        code: '20242-261126-0001',
        lastReason: 'Thiếu giấy chứng sinh và tờ khai',
      });
    });
  });

  describe('fees and payment', () => {
    // Chứng thực bản sao từ bản chính: 2.000 đồng per copy.
    const certify = {
      procedureCode: '2.000815',
      competentUnitCode: '20242',
      applicant: birth.applicant,
      components: [{ code: 'ban_chinh', provided: true }],
      copies: 3,
    };

    it('holds a dossier in status 6 until the fee is paid, then restarts the clock', async () => {
      const d = (await intake(certify)).json<{
        id: string;
        status: string;
        fee: { totalVnd: number };
      }>();
      expect(d).toMatchObject({ status: 'awaiting_payment', fee: { totalVnd: 6000 } });
      node.advance(30 * 60_000);
      const paid = await as(
        'receiving_officer',
        'POST',
        `/api/v1/dossiers/${d.id}/record-payment`,
        { method: 'cash', reference: 'BL-000123' },
      );
      expect(paid.statusCode).toBe(200);
      expect(paid.json()).toMatchObject({
        status: 'received',
        payments: [
          {
            method: 'cash',
            amountVnd: 6000,
            reference: 'BL-000123',
            paidAt: '2026-11-26T02:30:00.000Z',
          },
        ],
        pauses: [{ from: START, to: '2026-11-26T02:30:00.000Z' }],
        dueAt: '2026-11-26T10:00:00.000Z',
      });
      expect(await dossierEvents(d.id)).toEqual(['dossier.received', 'dossier.payment_recorded']);
    });

    it('takes the payment at the counter, and honours an exemption', async () => {
      const paid = (
        await intake({ ...certify, payment: { method: 'bank_transfer', reference: 'FT26330123' } })
      ).json();
      expect(paid).toMatchObject({
        status: 'received',
        payments: [{ amountVnd: 6000, method: 'bank_transfer' }],
      });
      const birthLate = (await intake({ ...birth, late: true })).json();
      expect(birthLate).toMatchObject({ status: 'awaiting_payment', fee: { totalVnd: 5000 } });
      const exempt = (
        await intake({ ...birth, late: true, exemptions: ['poor_household'] })
      ).json();
      expect(exempt).toMatchObject({
        status: 'received',
        fee: { totalVnd: 0, exemptions: ['poor_household'] },
      });
      const unknown = await intake({ ...birth, exemptions: ['friend_of_the_chairman'] });
      expect(unknown.json()).toMatchObject({
        error: { fields: [{ field: 'exemptions.0', reason: 'exemption_unknown' }] },
      });
    });
  });

  describe('the lifecycle', () => {
    it('takes a dossier from intake to a satisfied citizen, each step an event', async () => {
      // Xác nhận tình trạng hôn nhân: 3 working days, 5.000 đồng, paid at the counter.
      const marital = {
        procedureCode: '1.004873',
        competentUnitCode: '20242',
        applicant: birth.applicant,
        components: [
          { code: 'to_khai', provided: true },
          { code: 'giay_to_tuy_than', reusedFromData: true },
        ],
        payment: { method: 'cash', reference: 'BL-7' },
      };
      const d = (await intake(marital)).json<{ id: string; code: string; dueAt: string }>();
      expect(d.dueAt).toBe('2026-12-01T02:00:00.000Z'); // Thu 09:00 + 3 working days → Tue 09:00
      const step = async (role: Role, action: string, body: unknown = {}) => {
        node.advance(60 * 60_000);
        const r = await as(role, 'POST', `/api/v1/dossiers/${d.id}/${action}`, body);
        expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
        return r.json<Record<string, unknown>>();
      };
      expect(
        await step('receiving_officer', 'assign', { assigneeId: await specialistId() }),
      ).toMatchObject({ status: 'processing', assigneeName: 'Người thử specialist' });
      expect(
        await step('specialist', 'request-supplement', {
          reason: 'Cần bản chính giấy xác nhận cư trú',
          missing: ['Giấy xác nhận cư trú'],
        }),
      ).toMatchObject({ status: 'supplement_requested' });
      node.advance(24 * 3_600_000); // the citizen comes back the next day
      for (const role of ['receiving_officer', 'specialist', 'leader'] as const)
        cookies[role] = await apiLogin(node, role);
      const resumed = await step('receiving_officer', 'resubmit', {});
      expect(resumed).toMatchObject({ status: 'processing' });
      // The clock stood still for the supplement: the appointment moves by the paused working time.
      expect(String(resumed['dueAt']) > d.dueAt).toBe(true);
      expect(
        await step('specialist', 'submit-for-approval', { note: 'Đủ điều kiện' }),
      ).toMatchObject({ pendingApproval: true });
      expect(await step('leader', 'approve', {})).toMatchObject({ status: 'result_ready' });
      expect(
        await step('receiving_officer', 'return-result', {
          recipientName: 'Nguyễn Thị Mai',
          relationship: 'người nộp hồ sơ',
          delivery: 'receiving_unit',
        }),
      ).toMatchObject({ status: 'returned' });
      expect(await dossierEvents(d.id)).toEqual([
        'dossier.received',
        'dossier.payment_recorded',
        'dossier.assigned',
        'dossier.supplement_requested',
        'dossier.resubmitted',
        'dossier.submitted_for_approval',
        'dossier.approved',
        'dossier.result_returned',
      ]);
      const tracked = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        payload: { code: d.code, citizenId: '048185000123' },
      });
      expect(tracked.json()).toMatchObject({ status: 'returned', canRate: true, overdue: false });
      const rated = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track/rating',
        payload: { code: d.code, citizenId: '048185000123', rating: 'satisfied' },
      });
      expect(rated.json()).toMatchObject({ rating: 'satisfied', canRate: false });
      const again = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track/rating',
        payload: { code: d.code, citizenId: '048185000123', rating: 'dissatisfied' },
      });
      expect(again.statusCode).toBe(409);
    });

    it('refuses every step that the status does not allow, writing nothing, and takes the others', async () => {
      // From "received", with the role each step belongs to.
      const who: Record<string, Role> = {
        accept: 'receiving_officer',
        refuse: 'receiving_officer',
        assign: 'receiving_officer',
        'request-supplement': 'specialist',
        resubmit: 'receiving_officer',
        'request-payment': 'receiving_officer',
        'record-payment': 'receiving_officer',
        'submit-for-approval': 'specialist',
        approve: 'leader',
        'send-back': 'leader',
        stop: 'leader',
        withdraw: 'receiving_officer',
        'return-result': 'receiving_officer',
        extend: 'leader',
      };
      const bodies: Record<string, unknown> = {
        refuse: { reason: 'x' },
        assign: { assigneeId: await specialistId() },
        'request-supplement': { reason: 'x', missing: ['y'] },
        'request-payment': { reason: 'Phí', amountVnd: 5000 },
        'record-payment': { method: 'cash', reference: 'BL-1' },
        'send-back': { reason: 'x' },
        stop: { reason: 'x' },
        withdraw: { reason: 'Công dân xin rút' },
        'return-result': { recipientName: 'A', relationship: 'người nộp' },
        extend: { reason: 'Cần xác minh', newDueDate: '2026-12-03' },
      };
      const allowedFromReceived = new Map([
        ['assign', 'dossier.assigned'],
        ['request-payment', 'dossier.payment_requested'],
        ['withdraw', 'dossier.withdrawn'],
        ['extend', 'dossier.extended'],
      ]);
      for (const [action, role] of Object.entries(who)) {
        const d = (await intake()).json<{ id: string }>();
        const before = await node.counts();
        const response = await as(
          role,
          'POST',
          `/api/v1/dossiers/${d.id}/${action}`,
          bodies[action] ?? {},
        );
        const event = allowedFromReceived.get(action);
        if (event === undefined && role === 'specialist') {
          // Not assigned to this specialist: refused before the lifecycle is even asked.
          expect(response.statusCode, action).toBe(403);
          expect((await node.counts()).events, action).toBe(before.events);
        } else if (event === undefined) {
          expect(response.statusCode, action).toBe(409);
          expect(response.json(), action).toMatchObject({
            error: { code: 'transition_not_allowed' },
          });
          expect((await node.counts()).events, action).toBe(before.events);
        } else {
          expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
          expect((await dossierEvents(d.id)).at(-1), action).toBe(event);
        }
      }
    });

    it('records the amount a payment request asked for, not the fee owed', async () => {
      const d = (await intake()).json<{ id: string }>();
      const requested = await as(
        'receiving_officer',
        'POST',
        `/api/v1/dossiers/${d.id}/request-payment`,
        { reason: 'Phí trích lục bổ sung', amountVnd: 16000 },
      );
      expect(requested.statusCode, requested.body).toBe(200);
      const paid = await as(
        'receiving_officer',
        'POST',
        `/api/v1/dossiers/${d.id}/record-payment`,
        {
          method: 'cash',
          reference: 'BL-0016',
        },
      );
      expect(paid.statusCode, paid.body).toBe(200);
      expect(paid.json()).toMatchObject({
        status: 'received',
        payments: [{ amountVnd: 16000, reference: 'BL-0016' }],
        requestedVnd: null,
      });
    });

    it('names the step and the status when refusing, in Vietnamese', async () => {
      const d = (await intake()).json<{ id: string }>();
      const response = await as('leader', 'POST', `/api/v1/dossiers/${d.id}/approve`, {});
      expect(response.json()).toEqual({
        error: {
          code: 'transition_not_allowed',
          message: 'Không thể phê duyệt kết quả khi hồ sơ đang ở trạng thái “Được tiếp nhận”.',
          fields: [
            {
              field: 'action',
              reason: 'status',
              message: 'Bước này không áp dụng cho trạng thái hiện tại của hồ sơ.',
            },
          ],
        },
      });
    });

    it('lets only the assigned specialist act on a dossier, and only the leader approve', async () => {
      const d = (await intake()).json<{ id: string }>();
      await as('receiving_officer', 'POST', `/api/v1/dossiers/${d.id}/assign`, {
        assigneeId: await specialistId(),
      });
      expect(
        (await as('receiving_officer', 'POST', `/api/v1/dossiers/${d.id}/submit-for-approval`, {}))
          .statusCode,
      ).toBe(403);
      expect(
        (await as('specialist', 'POST', `/api/v1/dossiers/${d.id}/submit-for-approval`, {}))
          .statusCode,
      ).toBe(200);
      expect(
        (await as('specialist', 'POST', `/api/v1/dossiers/${d.id}/approve`, {})).statusCode,
      ).toBe(403);
      const denied = await node.storage.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.map((a) => a.action)).toEqual([
        'dossier.submit_for_approval',
        'dossier.approve',
      ]);
    });

    it('refuses to assign anyone but an active specialist of the deciding unit', async () => {
      const d = (await intake()).json<{ id: string }>();
      const leader = (
        await node.storage.db
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', 'lanhdao')
          .executeTakeFirstOrThrow()
      ).id;
      const response = await as('receiving_officer', 'POST', `/api/v1/dossiers/${d.id}/assign`, {
        assigneeId: leader,
      });
      expect(response.json()).toMatchObject({
        error: { fields: [{ field: 'assigneeId', reason: 'assignee_not_specialist' }] },
      });
    });

    it('keeps both dates after the apology and extension, and refuses a date that is not later', async () => {
      const d = (await intake()).json<{ id: string; dueAt: string }>();
      const early = await as('leader', 'POST', `/api/v1/dossiers/${d.id}/extend`, {
        reason: 'Cần xác minh',
        newDueDate: '2026-11-25',
      });
      expect(early.json()).toMatchObject({
        error: { fields: [{ field: 'newDueDate', reason: 'not_later' }] },
      });
      const ok = await as('leader', 'POST', `/api/v1/dossiers/${d.id}/extend`, {
        reason: 'Cần xác minh với Công an phường',
        newDueDate: '2026-12-01',
      });
      expect(ok.json()).toMatchObject({
        dueAt: d.dueAt,
        extendedDueAt: '2026-12-01T10:00:00.000Z',
      });
    });

    it('flags overdue dossiers in the queue, soonest due first', async () => {
      const a = (await intake()).json<{ code: string }>();
      node.advance(60_000);
      const threeDays = {
        ...birth,
        procedureCode: '1.004873',
        components: [
          { code: 'to_khai', provided: true },
          { code: 'giay_to_tuy_than', provided: true },
        ],
        payment: { method: 'cash', reference: 'x' },
      };
      const b = (await intake(threeDays)).json<{ code: string }>();
      node.advance(9 * 3_600_000); // 18:01: the same-day dossier is late
      const queue = (await as('leader', 'GET', '/api/v1/dossiers?open=true')).json<{
        dossiers: { code: string; overdue: boolean }[];
      }>();
      expect(queue.dossiers.map((d) => [d.code, d.overdue])).toEqual([
        [a.code, true],
        [b.code, false],
      ]);
    });
  });

  describe('tracking without an account', () => {
    it('answers a wrong pair with the same "not found", whichever half is wrong', async () => {
      const d = (await intake()).json<{ code: string }>();
      const wrongId = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        payload: { code: d.code, citizenId: '048185000124' },
      });
      const wrongCode = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        payload: { code: '20242-261126-0099', citizenId: '048185000123' },
      });
      expect(wrongId.statusCode).toBe(404);
      expect(wrongId.body).toBe(wrongCode.body);
      const right = await node.app.inject({
        method: 'POST',
        url: '/api/v1/track',
        payload: { code: d.code, citizenId: '048185000123' },
      });
      expect(right.json()).toMatchObject({
        code: d.code,
        status: 'received',
        steps: [{ type: 'dossier.received' }],
      });
      expect(right.body).not.toContain('Nguyễn Thị Mai');
    });

    it('limits lookups from one address', async () => {
      let last: LightMyRequestResponse | undefined;
      for (let i = 0; i < 21; i++)
        last = await node.app.inject({
          method: 'POST',
          url: '/api/v1/track',
          payload: { code: 'x', citizenId: String(i) },
        });
      expect(last?.statusCode).toBe(429);
      expect(last?.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    });
  });

  describe('attachments', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 1),
    ]);
    const upload = (body: Buffer, type: string) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { cookie: cookies.receiving_officer ?? '', 'content-type': type },
        payload: body,
      });

    it('stores a scan by its hash, once, and lets an intake cite it', async () => {
      const first = await upload(png, 'image/png');
      expect(first.statusCode).toBe(201);
      const { hash } = first.json<{ hash: string }>();
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect((await upload(png, 'image/png')).json()).toEqual({
        hash,
        mediaType: 'image/png',
        size: 108,
      });
      const d = await intake({
        ...birth,
        components: [
          { code: 'to_khai', provided: true, attachments: [hash] },
          ...birth.components.slice(1),
        ],
      });
      expect(d.statusCode).toBe(201);
      const file = await node.app.inject({
        method: 'GET',
        url: `/attachments/${hash}`,
        headers: { cookie: cookies.specialist ?? '' },
      });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
    });

    it('refuses a file that is not what it claims, and one over 10 MB', async () => {
      const fake = await upload(Buffer.from('not really a picture'), 'image/png');
      expect(fake.statusCode).toBe(415);
      expect(fake.json()).toMatchObject({ error: { code: 'attachment_type' } });
      const big = await upload(Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]), 'image/png');
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ error: { code: 'attachment_too_large' } });
      const text = await upload(Buffer.from('hello'), 'text/plain');
      expect(text.statusCode).toBe(415);
      expect(
        (await node.storage.db.selectFrom('attachments').select('hash').execute()).length,
      ).toBe(0);
    });
  });
});
