// The applicant's notifications on a commune node, on SQLite and PostgreSQL, through the desk's
// JSON API: what each step queues (channel, recipient, language, the text with its code, date,
// amount or missing papers), what it does not queue (no contact, an internal step, a refused
// request), the channel chosen by configuration, and what the dossier page shows.
import { beforeEach, describe, expect, it } from 'vitest';
import { apiLogin, pageLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { applicantSchema } from '../domain/dossiers.js';
import { smsParts, type DossierNotice, type NotificationMessage } from '../domain/notifications.js';
import type { Role } from '../domain/roles.js';
import { languages } from '../i18n/languages.js';
import { intakeAtCounter, intakeInput } from './dossiers.js';
import {
  deliverDueNotifications,
  renderNotice,
  type NotificationAdapter,
} from './notifications.js';
import { runUseCase } from './use-case.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';
const hour = 3_600_000;

const mai = {
  fullName: 'Nguyễn Thị Mai',
  citizenId: '048185000123',
  dateOfBirth: '1985-03-14',
  sex: 'female',
  phone: '0905 123 456',
};
// Xác nhận tình trạng hôn nhân: 3 working days, 5.000 đồng.
const marital = {
  procedureCode: '1.004873',
  competentUnitCode: '20242',
  applicant: mai,
  components: [
    { code: 'to_khai', provided: true },
    { code: 'giay_to_tuy_than', reusedFromData: true },
  ],
  payment: { method: 'cash', reference: 'BL-7' },
};

/** An instant as the Vietnamese texts write it: `09:30 02/12/2026`. */
const vietnamTime = (iso: unknown) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(String(iso)));

forEachDialect('applicant notifications', (dialect) => {
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
  const intake = async (body: unknown) => {
    const response = await as('receiving_officer', 'POST', '/api/v1/dossiers', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; code: string; dueAt: string }>();
  };
  const step = async (role: Role, id: string, action: string, body: unknown = {}) => {
    node.advance(hour);
    const response = await as(role, 'POST', `/api/v1/dossiers/${id}/${action}`, body);
    expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
    return response.json<Record<string, unknown>>();
  };
  const outbox = async (dossierId?: string) => {
    let query = node.storage.db.selectFrom('notification_outbox').selectAll();
    if (dossierId !== undefined) query = query.where('dossier_id', '=', dossierId);
    const rows = await query.orderBy('created_at').orderBy('event_id').orderBy('channel').execute();
    return rows.map((r) => ({ ...r, message: JSON.parse(r.payload) as NotificationMessage }));
  };
  const specialistId = async () =>
    (
      await node.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'chuyenvien')
        .executeTakeFirstOrThrow()
    ).id;

  describe('what is queued', () => {
    it('a counter intake with a phone queues one SMS, in Vietnamese, with the code and the appointment', async () => {
      const d = await intake(marital);
      const rows = await outbox(d.id);
      expect(rows).toHaveLength(1);
      const [sms] = rows;
      expect(sms).toMatchObject({
        kind: 'received',
        channel: 'sms',
        recipient: '+84905123456',
        lang: 'vi',
        status: 'pending',
        attempts: 0,
        next_attempt_at: START,
        last_error: null,
      });
      // Paid at the counter in the same visit: the receipt says so; no second message.
      expect(sms?.message).toMatchObject({
        messageId: sms?.id,
        channel: 'sms',
        to: '+84905123456',
        lang: 'vi',
        subject: `Hồ sơ ${d.code}`,
        text: `Hồ sơ ${d.code} đã được tiếp nhận. Hẹn trả kết quả: 09:00 01/12/2026.`,
        template: {
          key: 'notify.received',
          params: { code: d.code, date: '09:00 01/12/2026' },
        },
        dossier: { id: d.id, code: d.code },
        unit: { code: '20242' },
        createdAt: START,
      });
      // The language went into the event, for whichever node continues the dossier.
      const event = await node.storage.db
        .selectFrom('events')
        .select('payload')
        .where('entity_id', '=', d.id)
        .where('type', '=', 'dossier.received')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(event.payload)).toMatchObject({ applicant: { lang: 'vi' } });
    });

    it('an online submission in English queues English text; the acceptance asks for the fee in English', async () => {
      const filed = await node.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers/online',
        headers: { 'accept-language': 'en' },
        payload: {
          procedureCode: '1.004873',
          competentUnitCode: '20242',
          applicant: { ...mai, phone: undefined, email: 'mai.nguyen@example.vn' },
          components: marital.components,
        },
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const d = filed.json<{ id: string; code: string; applicant: { lang: string } }>();
      expect(d.applicant.lang).toBe('en');
      await step('receiving_officer', d.id, 'accept');
      const rows = await outbox(d.id);
      expect(rows.map((r) => [r.kind, r.channel, r.recipient, r.lang])).toEqual([
        ['submitted', 'email', 'mai.nguyen@example.vn', 'en'],
        ['accepted_fee', 'email', 'mai.nguyen@example.vn', 'en'],
      ]);
      expect(rows.map((r) => r.message.text)).toEqual([
        `Dossier ${d.code} was filed online and is waiting to be received.`,
        `Online dossier ${d.code} was received. Please pay the fee of 5,000 VND so that it can be processed.`,
      ]);
      expect(rows[0]?.message.subject).toBe(`Dossier ${d.code}`);
    });

    it('an applicant who asked for Thai is written to in Thai, by SMS and by email', async () => {
      const d = await intake({
        ...marital,
        applicant: { ...mai, email: 'mai@example.vn', lang: 'th' },
      });
      const rows = await outbox(d.id);
      expect(rows.map((r) => [r.channel, r.lang])).toEqual([
        ['email', 'th'],
        ['sms', 'th'],
      ]);
      expect(rows[0]?.message.text).toBe(
        `รับคำร้อง ${d.code} แล้ว นัดรับผล: ${rows[0]?.message.template.params['date'] ?? ''}`,
      );
      expect(rows[0]?.message.text).toBe(rows[1]?.message.text);
    });

    it('each step the applicant must know of queues its message, with what it needs', async () => {
      // The fee is not paid at the counter: the clock waits for it.
      const d = await intake({ ...marital, payment: undefined });
      const paid = await step('receiving_officer', d.id, 'record-payment', {
        method: 'cash',
        reference: 'BL-8',
      });
      await step('receiving_officer', d.id, 'assign', { assigneeId: await specialistId() });
      await step('specialist', d.id, 'request-supplement', {
        reason: 'Cần bản chính giấy xác nhận cư trú.',
        missing: ['Giấy xác nhận cư trú', 'Bản sao trích lục khai tử của vợ trước'],
      });
      node.advance(24 * hour);
      for (const role of ['receiving_officer', 'specialist', 'leader'] as const)
        cookies[role] = await apiLogin(node, role);
      const resumed = await step('receiving_officer', d.id, 'resubmit');
      await step('leader', d.id, 'extend', {
        reason: 'Cần xác minh tại nơi cư trú trước đây.',
        newDueDate: '2026-12-10',
      });
      await step('specialist', d.id, 'submit-for-approval', { note: 'Đủ điều kiện' });
      await step('leader', d.id, 'approve');
      await step('receiving_officer', d.id, 'return-result', {
        recipientName: 'Nguyễn Thị Mai',
        relationship: 'người nộp hồ sơ',
      });
      const rows = await outbox(d.id);
      // Assignment and submission to the leader are internal: nothing for them.
      expect(rows.map((r) => r.kind)).toEqual([
        'received_fee',
        'paid',
        'supplement_requested',
        'resubmitted',
        'extended',
        'result_ready',
        'result_returned',
      ]);
      expect(rows.every((r) => r.channel === 'sms' && r.lang === 'vi')).toBe(true);
      const code = d.code;
      expect(rows.map((r) => r.message.text)).toEqual([
        `Hồ sơ ${code} đã được tiếp nhận. Vui lòng nộp 5.000 đồng phí, lệ phí để hồ sơ được giải quyết.`,
        // Paid at 10:00: the clock restarted, the appointment with it.
        `Đã nhận 5.000 đồng cho hồ sơ ${code}. Hẹn trả kết quả: ${vietnamTime(paid['dueAt'])}.`,
        `Hồ sơ ${code} cần bổ sung: Giấy xác nhận cư trú; Bản sao trích lục khai tử của vợ trước. Thời hạn giải quyết tạm dừng đến khi nhận đủ.`,
        `Đã nhận giấy tờ bổ sung của hồ sơ ${code}. Hẹn trả kết quả: ${vietnamTime(resumed['dueAt'])}.`,
        // Form 04 by SMS: the apology, the reason and the new date.
        `Xin lỗi ông/bà: hồ sơ ${code} chưa giải quyết được đúng hẹn. Lý do: Cần xác minh tại nơi cư trú trước đây. Hẹn trả kết quả mới: 17:00 10/12/2026.`,
        `Hồ sơ ${code} đã có kết quả. Mời ông/bà đến nhận theo giấy hẹn.`,
        `Kết quả hồ sơ ${code} đã được trả. Trân trọng cảm ơn ông/bà.`,
      ]);
      expect(vietnamTime(paid['dueAt'])).toBe('10:00 01/12/2026');
      // The resubmission moved the appointment by the paused time: the message says the new one.
      expect(String(resumed['dueAt']) > String(paid['dueAt'])).toBe(true);
      // One message per event.
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    });

    it('a payment request says how much, and a result sent by post says so', async () => {
      const d = await intake({ ...marital, resultDelivery: 'post' });
      await step('receiving_officer', d.id, 'assign', { assigneeId: await specialistId() });
      await step('receiving_officer', d.id, 'request-payment', {
        reason: 'Phí trích lục bổ sung',
        amountVnd: 50000,
      });
      const other = await intake({ ...marital, resultDelivery: 'post' });
      await step('receiving_officer', other.id, 'assign', { assigneeId: await specialistId() });
      await step('specialist', other.id, 'submit-for-approval');
      await step('leader', other.id, 'approve');
      expect((await outbox(d.id)).map((r) => r.message.text).at(-1)).toBe(
        `Hồ sơ ${d.code}: vui lòng nộp 50.000 đồng (nghĩa vụ tài chính) để tiếp tục giải quyết.`,
      );
      expect((await outbox(other.id)).map((r) => r.message.text).at(-1)).toBe(
        `Hồ sơ ${other.code} đã có kết quả, được gửi cho ông/bà qua bưu chính.`,
      );
    });

    it('refusal, stop and withdrawal tell the applicant why', async () => {
      const refused = await intake({
        ...marital,
        components: [],
        payment: undefined,
        refusal: { reason: 'Thiếu tờ khai' },
      });
      const stopped = await intake(marital);
      await step('receiving_officer', stopped.id, 'assign', { assigneeId: await specialistId() });
      await step('leader', stopped.id, 'stop', { reason: 'Người yêu cầu chưa đủ tuổi' });
      const withdrawn = await intake(marital);
      await step('receiving_officer', withdrawn.id, 'withdraw', { reason: 'Công dân xin rút' });
      expect((await outbox(refused.id)).map((r) => r.message.text)).toEqual([
        `Hồ sơ ${refused.code} không được tiếp nhận. Lý do: Thiếu tờ khai.`,
      ]);
      expect((await outbox(stopped.id)).map((r) => r.message.text).at(-1)).toBe(
        `Hồ sơ ${stopped.code} bị dừng giải quyết. Lý do: Người yêu cầu chưa đủ tuổi.`,
      );
      expect((await outbox(withdrawn.id)).map((r) => r.message.text).at(-1)).toBe(
        `Hồ sơ ${withdrawn.code} đã được rút theo yêu cầu của ông/bà.`,
      );
    });

    it('an applicant with neither phone nor email queues nothing, whatever happens', async () => {
      const d = await intake({ ...marital, applicant: { ...mai, phone: undefined } });
      await step('receiving_officer', d.id, 'assign', { assigneeId: await specialistId() });
      await step('specialist', d.id, 'request-supplement', {
        reason: 'Thiếu giấy',
        missing: ['Giấy xác nhận cư trú'],
      });
      expect(await outbox()).toEqual([]);
    });

    it('a refused request queues nothing: a step not allowed, a forbidden one, invalid input', async () => {
      const d = await intake(marital);
      const before = await outbox();
      // Approval by the leader from "received": not allowed in this status.
      expect((await as('leader', 'POST', `/api/v1/dossiers/${d.id}/approve`, {})).statusCode).toBe(
        409,
      );
      // The receiving officer may not request a supplement (a specialist's step).
      await step('receiving_officer', d.id, 'assign', { assigneeId: await specialistId() });
      const forbidden = await as(
        'receiving_officer',
        'POST',
        `/api/v1/dossiers/${d.id}/request-supplement`,
        { reason: 'x', missing: ['y'] },
      );
      expect(forbidden.statusCode).toBe(403);
      // An extension to a date before the appointment is refused as input.
      const early = await as('leader', 'POST', `/api/v1/dossiers/${d.id}/extend`, {
        reason: 'x',
        newDueDate: '2026-11-27',
      });
      expect(early.statusCode).toBe(400);
      expect(await outbox()).toEqual(before);
    });

    it('sends to a phone by Zalo when the province chose Zalo, and to email either way', async () => {
      const officer = await node.storage.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', 'tiepnhan')
        .executeTakeFirstOrThrow();
      const services = { ...node.services, notifyPhoneChannel: 'zalo' as const };
      const input = intakeInput.parse({
        ...marital,
        applicant: { ...mai, email: 'mai@example.vn' },
      });
      const d = await runUseCase(
        services,
        {
          id: officer.id,
          role: 'receiving_officer',
          unitCode: '20242',
          provinceCode: '48',
        },
        { ip: null },
        (uc) => intakeAtCounter(uc, input),
      );
      expect((await outbox(d.id)).map((r) => [r.channel, r.recipient])).toEqual([
        ['email', 'mai@example.vn'],
        ['zalo', '+84905123456'],
      ]);
    });
  });

  describe('the dossier page', () => {
    it('lists each message with its channel, masked recipient, status and attempts', async () => {
      const d = await intake({ ...marital, applicant: { ...mai, email: 'mai.nguyen@example.vn' } });
      const cookie = await pageLogin(node, 'receiving_officer');
      const page = async () =>
        (await node.app.inject({ method: 'GET', url: `/dossiers/${d.id}`, headers: { cookie } }))
          .body;
      let body = await page();
      expect(body).toContain('Thông báo cho người nộp');
      expect(body).toContain('090****456');
      expect(body).toContain('m***@example.vn');
      expect(body).not.toContain('+84905123456');
      expect(body).toContain('Chờ gửi');
      // The SMS gateway takes the SMS, the mail server does not answer.
      const adapter: NotificationAdapter = {
        name: 'test',
        send: (m) =>
          m.channel === 'sms'
            ? Promise.resolve({ outcome: 'sent' })
            : Promise.reject(new Error('connect ECONNREFUSED')),
      };
      await deliverDueNotifications(node.services, adapter, node.services.clock());
      body = await page();
      expect(body).toContain('Đã gửi');
      expect(body).toContain('Gửi lỗi, sẽ gửi lại');
      expect(body).toContain('connect ECONNREFUSED');
      // In English the labels follow the page; the text stays as sent.
      const english = (
        await node.app.inject({
          method: 'GET',
          url: `/dossiers/${d.id}?lang=en`,
          headers: { cookie },
        })
      ).body;
      expect(english).toContain('Notifications to the applicant');
      expect(english).toContain('Failed, will retry');
      expect(english).toContain(`Hồ sơ ${d.code} đã được tiếp nhận.`);
    });

    it('says why there is nothing when the applicant left no contact', async () => {
      const d = await intake({ ...marital, applicant: { ...mai, phone: undefined } });
      const cookie = await pageLogin(node, 'receiving_officer');
      const body = (
        await node.app.inject({ method: 'GET', url: `/dossiers/${d.id}`, headers: { cookie } })
      ).body;
      expect(body).toContain(
        'Người nộp không để lại số điện thoại hay email: không gửi được thông báo.',
      );
    });
  });
});

describe('renderNotice', () => {
  const code = '000.00.14.H56-261126-0118';
  const at = '2026-12-01T10:00:00.000Z';
  const notices: DossierNotice[] = [
    { kind: 'submitted', code },
    { kind: 'received', code, dueAt: at },
    { kind: 'received_fee', code, amountVnd: 5000 },
    { kind: 'accepted', code, dueAt: at },
    { kind: 'accepted_fee', code, amountVnd: 5000 },
    { kind: 'refused', code, reason: 'Thiếu tờ khai.' },
    { kind: 'supplement_requested', code, missing: ['Tờ khai', 'Giấy chứng sinh'] },
    { kind: 'resubmitted', code, dueAt: at },
    { kind: 'payment_requested', code, amountVnd: 120000 },
    { kind: 'paid', code, amountVnd: 120000, dueAt: at },
    { kind: 'paid', code, amountVnd: 120000, dueAt: null },
    { kind: 'result_ready', code, delivery: 'receiving_unit' },
    { kind: 'result_ready', code, delivery: 'post' },
    { kind: 'result_ready', code, delivery: 'electronic' },
    { kind: 'result_returned', code },
    { kind: 'stopped', code, reason: 'Không đủ điều kiện' },
    { kind: 'withdrawn', code },
    { kind: 'extended', code, reason: 'Cần xác minh', newDueAt: at },
  ];

  it('fills every value in every language, and keeps Vietnamese to a few SMS parts', () => {
    for (const lang of languages)
      for (const notice of notices) {
        const { text, subject, template } = renderNotice(lang, notice);
        expect(text, `${lang} ${notice.kind}`).not.toMatch(/[{}]/);
        expect(text).toContain(code);
        expect(subject).toContain(code);
        expect(template.params['code']).toBe(code);
        // Proper Vietnamese (UCS-2); with the longest agency code, three parts at most.
        if (lang === 'vi') expect(smsParts(text)).toMatchObject({ encoding: 'ucs2' });
        if (lang === 'vi' && notice.kind !== 'extended')
          expect(smsParts(text).parts, text).toBeLessThanOrEqual(3);
      }
    expect(renderNotice('vi', notices[1]!).text).toBe(
      `Hồ sơ ${code} đã được tiếp nhận. Hẹn trả kết quả: 17:00 01/12/2026.`,
    );
    expect(renderNotice('en', notices[8]!).text).toBe(
      `Dossier ${code}: please pay 120,000 VND (financial obligation) for processing to continue.`,
    );
  });
});

describe('the applicant language', () => {
  it('accepts exactly the catalogue languages, and old events without one', () => {
    const applicant = {
      fullName: 'A',
      citizenId: '048185000123',
      dateOfBirth: null,
      sex: null,
      phone: null,
      email: null,
      address: null,
      accountId: null,
    };
    expect(applicantSchema.parse(applicant)).toEqual(applicant);
    for (const lang of languages)
      expect(applicantSchema.parse({ ...applicant, lang })).toMatchObject({ lang });
    expect(applicantSchema.safeParse({ ...applicant, lang: 'fr' }).success).toBe(false);
  });
});
