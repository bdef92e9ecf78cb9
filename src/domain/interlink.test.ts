import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilEventTypes,
  interlinkedServices,
  reduceCivilRecord,
  type BirthFacts,
  type CivilRecord,
  type DeathFacts,
} from './civil-status.js';
import {
  afterAnswer,
  afterAttempt,
  buildInterlinkMessage,
  interlinkLegalBasisOn,
  interlinkRetryPolicy,
  isDue,
  isInterlinkedService,
  nextRetryAt,
  recipientOf,
  retryDelayMs,
  type InterlinkDelivery,
} from './interlink.js';

const parent = {
  birthYear: 1996,
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  citizenId: null,
};
const birthFacts: BirthFacts = {
  child: {
    fullName: 'Nguyễn Thị Ánh Dương',
    sex: 'female',
    dateOfBirth: '2026-11-20',
    placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
    hometown: 'Quảng Nam',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    personalId: null,
  },
  mother: { ...parent, fullName: 'Trần Thị Bích Ngọc', residence: '' },
  father: { ...parent, fullName: 'Nguyễn Văn Đức', residence: 'Phường Hải Châu, Đà Nẵng' },
  evidence: 'birth_notice',
};
const deathFacts: DeathFacts = {
  deceased: {
    fullName: 'Lê Văn Đức',
    sex: 'male',
    dateOfBirth: '1940-05-02',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    personalId: '048040000321',
    lastResidence: 'Phường Hải Châu, Đà Nẵng',
  },
  dateOfDeath: '2026-11-20',
  timeOfDeath: '04:30',
  placeOfDeath: 'Tại nhà',
  cause: 'Già yếu',
  deathNotice: null,
};

const recordOf = (
  kind: 'birth' | 'death',
  facts: BirthFacts | DeathFacts,
  registeredOn = '2026-11-26',
): CivilRecord =>
  reduceCivilRecord(null, {
    type: civilEventTypes.registered,
    entityId: 'rec-1',
    unitCode: '20242',
    actorId: 'officer',
    occurredAt: `${registeredOn}T02:00:00.000Z`,
    payload: {
      kind,
      facts,
      dossierId: 'd-1',
      dossierCode: '000.00.20.H17-261126-0001',
      book: { year: 2026, bookNo: 1 },
      number: 7,
      registeredOn,
      rules: 'law-60-2014',
      late: false,
      declarant: { fullName: 'Lê Thị Hoa', citizenId: '048170000999', relationship: 'con' },
      officerName: 'Nguyễn Văn Hộ',
      signer: { title: 'Chủ tịch', name: 'Lê Văn Ký' },
      interlinked: [],
    },
  });

describe('recipients', () => {
  it.each([
    ['permanent_residence', 'residence'],
    ['residence_deletion', 'residence'],
    ['health_insurance_card', 'social_insurance'],
    ['funeral_allowance', 'social_insurance'],
  ] as const)('%s goes to %s', (service, recipient) => {
    expect(recipientOf(service)).toBe(recipient);
  });

  it('every service a registration may request has a recipient', () => {
    const offered = [...interlinkedServices.birth, ...interlinkedServices.death];
    for (const service of offered) expect(isInterlinkedService(service)).toBe(true);
    expect(isInterlinkedService('marriage_notice')).toBe(false);
    expect(isInterlinkedService('toString')).toBe(false);
  });
});

describe('legal basis', () => {
  it('cites NĐ 63/2024 and, from 01/09/2026, its amendment by NĐ 301/2026', () => {
    expect(interlinkLegalBasisOn('2026-08-31')).toBe(
      'Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ',
    );
    expect(interlinkLegalBasisOn('2026-09-01')).toContain('Nghị định số 301/2026/NĐ-CP');
    expect(interlinkLegalBasisOn('2026-09-01')).toContain('Nghị định số 63/2024/NĐ-CP');
  });
});

describe('messages', () => {
  it('a birth message carries the register entry, the child, the parents and a residence', () => {
    const message = buildInterlinkMessage(
      recordOf('birth', birthFacts),
      'health_insurance_card',
      'm-1',
      '2026-11-26T02:00:00.000Z',
    );
    expect(message).toMatchObject({
      messageId: 'm-1',
      kind: 'birth',
      service: 'health_insurance_card',
      serviceName: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      recipient: 'social_insurance',
      record: {
        id: 'rec-1',
        unitCode: '20242',
        book: '01/2026',
        number: 7,
        registeredOn: '2026-11-26',
        dossierCode: '000.00.20.H17-261126-0001',
      },
      child: { fullName: 'Nguyễn Thị Ánh Dương', sex: 'female', dateOfBirth: '2026-11-20' },
      declarant: { fullName: 'Lê Thị Hoa' },
      // The mother's residence is blank: the father's is used.
      residence: 'Phường Hải Châu, Đà Nẵng',
    });
    expect(message.legalBasis).toContain('301/2026');
  });

  it('a death message carries the deceased and the date of death, not the cause', () => {
    const message = buildInterlinkMessage(
      recordOf('death', deathFacts),
      'residence_deletion',
      'm-2',
      '2026-11-26T02:00:00.000Z',
    );
    expect(message).toMatchObject({
      kind: 'death',
      recipient: 'residence',
      deceased: { personalId: '048040000321', lastResidence: 'Phường Hải Châu, Đà Nẵng' },
      dateOfDeath: '2026-11-20',
    });
    expect(JSON.stringify(message)).not.toContain('Già yếu');
  });

  it('refuses a service of the other kind', () => {
    expect(() =>
      buildInterlinkMessage(recordOf('birth', birthFacts), 'funeral_allowance', 'm', 'now'),
    ).toThrow(RangeError);
    expect(() =>
      buildInterlinkMessage(recordOf('death', deathFacts), 'permanent_residence', 'm', 'now'),
    ).toThrow(RangeError);
  });
});

describe('retries', () => {
  it('waits 1, 2, 4, 8 minutes … and never more than 6 hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8]);
    expect(retryDelayMs(9)).toBe(256 * 60_000);
    expect(retryDelayMs(10)).toBe(interlinkRetryPolicy.maxDelayMs);
    expect(retryDelayMs(10_000)).toBe(interlinkRetryPolicy.maxDelayMs);
    expect(() => retryDelayMs(0)).toThrow(RangeError);
    expect(nextRetryAt(2, new Date('2026-11-26T02:00:00.000Z')).toISOString()).toBe(
      '2026-11-26T02:02:00.000Z',
    );
  });

  it('the wait never shrinks and stays within the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), (n) => {
        const d = retryDelayMs(n);
        return (
          d >= interlinkRetryPolicy.firstDelayMs &&
          d <= interlinkRetryPolicy.maxDelayMs &&
          retryDelayMs(n + 1) >= d
        );
      }),
    );
  });
});

describe('statuses', () => {
  const now = new Date('2026-11-26T02:00:00.000Z');
  const pending: InterlinkDelivery = {
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    lastError: null,
    reference: null,
  };

  it('a failure counts the attempt and schedules the next', () => {
    const failed = afterAttempt(pending, { outcome: 'failed', error: 'ECONNREFUSED' }, now);
    expect(failed).toEqual({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: '2026-11-26T02:01:00.000Z',
      lastError: 'ECONNREFUSED',
      reference: null,
    });
    expect(isDue(failed, now)).toBe(false);
    expect(isDue(failed, new Date('2026-11-26T02:01:00.000Z'))).toBe(true);
    const again = afterAttempt(failed, { outcome: 'failed', error: 'timeout' }, now);
    expect(again.attempts).toBe(2);
    expect(again.nextAttemptAt).toBe('2026-11-26T02:02:00.000Z');
  });

  it('an answer ends the retries; a refusal keeps its reason', () => {
    const accepted = afterAttempt(pending, { outcome: 'accepted', reference: 'CT-1' }, now);
    expect(accepted).toMatchObject({ status: 'accepted', attempts: 1, nextAttemptAt: null });
    expect(accepted.reference).toBe('CT-1');
    expect(isDue(accepted, now)).toBe(false);
    const rejected = afterAttempt(pending, { outcome: 'rejected', reason: 'Sai địa chỉ' }, now);
    expect(rejected).toMatchObject({ status: 'rejected', lastError: 'Sai địa chỉ' });
    expect(() => afterAttempt(accepted, { outcome: 'accepted' }, now)).toThrow(RangeError);
  });

  it('sent waits for the recipient’s answer, and only sent does', () => {
    const sent = afterAttempt(pending, { outcome: 'sent', reference: 'BHXH-9' }, now);
    expect(sent).toMatchObject({ status: 'sent', nextAttemptAt: null });
    expect(isDue(sent, now)).toBe(false);
    expect(afterAnswer(sent, { outcome: 'accepted' })).toMatchObject({
      status: 'accepted',
      reference: 'BHXH-9',
    });
    expect(() => afterAnswer(pending, { outcome: 'accepted' })).toThrow(RangeError);
  });
});
