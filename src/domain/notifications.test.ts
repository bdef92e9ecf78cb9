// The pure rules of the applicant's notifications: which step tells what, where messages go,
// masking, SMS length, and the retry policy.
import { describe, expect, it } from 'vitest';
import {
  afterNotificationAttempt,
  maskEmail,
  maskPhone,
  noticeFor,
  normalisePhone,
  recipientsOf,
  smsParts,
} from './notifications.js';
import { reduceDossier, type DossierEventLike, type DossierState } from './dossiers.js';

const AT = '2026-11-26T02:00:00.000Z';

const received = (overrides: Record<string, unknown> = {}): DossierEventLike => ({
  type: 'dossier.received',
  entityId: 'd1',
  occurredAt: AT,
  payload: {
    code: '20242-261126-0001',
    procedureCode: '1.004873',
    procedureVersion: 1,
    procedureName: 'Xác nhận tình trạng hôn nhân',
    receivingUnitCode: '20242',
    competentUnitCode: '20242',
    channel: 'in_person',
    applicant: {
      fullName: 'Nguyễn Thị Mai',
      citizenId: '048185000123',
      dateOfBirth: null,
      sex: null,
      phone: '0905123456',
      email: null,
      address: null,
      accountId: null,
    },
    components: [],
    fee: { lines: [], totalVnd: 5000, exemptions: [] },
    resultDelivery: 'receiving_unit',
    assistedBy: null,
    note: '',
    receivedAt: AT,
    dueAt: '2026-12-01T02:00:00.000Z',
    status: 'awaiting_payment',
    refusalReason: null,
    ...overrides,
  },
});

function step(state: DossierState, type: string, payload: unknown, at = AT) {
  const event = { type, entityId: state.id, occurredAt: at, payload };
  const after = reduceDossier(state, event);
  return { notice: noticeFor(state, event, after), after };
}

describe('noticeFor', () => {
  it('tells the fee due at intake, then the payment with the appointment', () => {
    const event = received();
    const state = reduceDossier(null, event);
    expect(noticeFor(null, event, state)).toEqual({
      kind: 'received_fee',
      code: '20242-261126-0001',
      amountVnd: 5000,
    });
    const paid = step(state, 'dossier.payment_recorded', {
      payment: { method: 'cash', amountVnd: 5000, reference: 'BL-1', paidAt: AT },
      dueAt: '2026-12-01T03:00:00.000Z',
    });
    expect(paid.notice).toEqual({
      kind: 'paid',
      code: '20242-261126-0001',
      amountVnd: 5000,
      dueAt: '2026-12-01T03:00:00.000Z',
    });
  });

  it('says nothing of a payment taken in the visit that received the dossier', () => {
    const state = reduceDossier(null, received({ status: 'received' }));
    const paid = step(state, 'dossier.payment_recorded', {
      payment: { method: 'cash', amountVnd: 5000, reference: 'BL-1', paidAt: AT },
      dueAt: null,
    });
    expect(paid.notice).toBeNull();
  });

  it('says nothing of internal steps', () => {
    const state = reduceDossier(null, received({ status: 'received' }));
    const assigned = step(state, 'dossier.assigned', {
      assigneeId: 'a',
      assigneeName: 'B',
      note: '',
    });
    expect(assigned.notice).toBeNull();
    expect(step(assigned.after, 'dossier.submitted_for_approval', { note: '' }).notice).toBeNull();
    expect(
      step(assigned.after, 'dossier.transferred', { toUnitCode: '20308', purpose: 'for_return' })
        .notice,
    ).toBeNull();
  });

  it('tells a refusal at the counter with its reason', () => {
    const event = received({ status: 'refused', refusalReason: 'Thiếu tờ khai' });
    expect(noticeFor(null, event, reduceDossier(null, event))).toEqual({
      kind: 'refused',
      code: '20242-261126-0001',
      reason: 'Thiếu tờ khai',
    });
  });
});

describe('recipients', () => {
  it('sends to the phone by SMS (or Zalo when chosen) and to the email address', () => {
    expect(recipientsOf({ phone: '0905 123.456', email: null })).toEqual([
      { channel: 'sms', to: '+84905123456' },
    ]);
    expect(recipientsOf({ phone: '0905123456', email: 'a@b.vn' }, 'zalo')).toEqual([
      { channel: 'zalo', to: '+84905123456' },
      { channel: 'email', to: 'a@b.vn' },
    ]);
    expect(recipientsOf({ phone: null, email: null })).toEqual([]);
    expect(recipientsOf({ phone: ' ', email: '' })).toEqual([]);
  });

  it('writes Vietnamese numbers in E.164 and keeps foreign ones', () => {
    expect(normalisePhone('0905-123-456')).toBe('+84905123456');
    expect(normalisePhone('84905123456')).toBe('+84905123456');
    expect(normalisePhone('+66 81 234 5678')).toBe('+66812345678');
  });

  it('masks what a page shows', () => {
    expect(maskPhone('+84905123456')).toBe('090****456');
    expect(maskPhone('0905 123 456')).toBe('090****456');
    expect(maskEmail('mai.nguyen@example.vn')).toBe('m***@example.vn');
    expect(maskEmail('nonsense')).toBe('***');
  });
});

describe('smsParts', () => {
  it('counts Vietnamese with its diacritics as UCS-2, plain text as GSM-7', () => {
    expect(smsParts('Ho so 20242-261126-0001 da duoc tiep nhan.')).toEqual({
      encoding: 'gsm7',
      parts: 1,
    });
    expect(smsParts('Hồ sơ đã được tiếp nhận.')).toEqual({ encoding: 'ucs2', parts: 1 });
    expect(smsParts('ồ'.repeat(71))).toEqual({ encoding: 'ucs2', parts: 2 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'gsm7', parts: 2 });
  });
});

describe('afterNotificationAttempt', () => {
  const pending = {
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: AT,
    lastError: null,
    reference: null,
  };
  const now = new Date(AT);

  it('backs off 1, 2, 4 … minutes, capped at an hour, and gives up after 8 attempts', () => {
    let state = afterNotificationAttempt(pending, { outcome: 'failed', error: 'x' }, now);
    const waits = [];
    while (state.status === 'failed') {
      waits.push((Date.parse(state.nextAttemptAt ?? '') - now.getTime()) / 60_000);
      state = afterNotificationAttempt(state, { outcome: 'failed', error: 'x' }, now);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(state).toEqual({
      status: 'undeliverable',
      attempts: 8,
      nextAttemptAt: null,
      lastError: 'x',
      reference: null,
    });
    expect(() => afterNotificationAttempt(state, { outcome: 'sent' }, now)).toThrow(RangeError);
  });

  it('takes a sent answer and a refusal as final', () => {
    expect(afterNotificationAttempt(pending, { outcome: 'sent', reference: 'r' }, now)).toEqual({
      status: 'sent',
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
      reference: 'r',
    });
    expect(
      afterNotificationAttempt(pending, { outcome: 'rejected', reason: 'opted out' }, now),
    ).toMatchObject({ status: 'undeliverable', lastError: 'opted out', nextAttemptAt: null });
  });
});
