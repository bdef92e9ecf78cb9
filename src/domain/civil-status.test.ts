import { describe, expect, it } from 'vitest';
import {
  ageOn,
  applyCorrection,
  civilEventTypes,
  civilRulesOn,
  correctablePaths,
  factAt,
  formatBook,
  interlinkProblems,
  reduceCivilRecord,
  registrationIsLate,
  registrationProblems,
  type BirthFacts,
  type DeathFacts,
  type MarriageFacts,
} from './civil-status.js';

const birth: BirthFacts = {
  child: {
    fullName: 'Nguyễn Thị Ánh Dương',
    sex: 'female',
    dateOfBirth: '2026-01-01',
    placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
    hometown: 'Quảng Nam',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    personalId: null,
  },
  mother: {
    fullName: 'Trần Thị Bích Ngọc',
    birthYear: 1996,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: 'Phường Hải Châu, thành phố Đà Nẵng',
    citizenId: '048196000123',
  },
  father: null,
  evidence: 'birth_notice',
};

const death: DeathFacts = {
  deceased: {
    fullName: 'Lê Văn Đức',
    sex: 'male',
    dateOfBirth: '1940-05-02',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    personalId: '048040000321',
    lastResidence: 'Xã Bà Nà, thành phố Đà Nẵng',
  },
  dateOfDeath: '2026-11-10',
  timeOfDeath: '04:30',
  placeOfDeath: 'Tại nhà',
  cause: 'Già yếu',
  deathNotice: { number: '12/GBT', issuedOn: '2026-11-10', issuedBy: 'Trạm Y tế xã Bà Nà' },
};

const marriage = (husbandBorn: string, wifeBorn: string): MarriageFacts => ({
  husband: {
    fullName: 'Phạm Minh Quân',
    dateOfBirth: husbandBorn,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: 'Phường Hải Châu, thành phố Đà Nẵng',
    citizenId: '048206001234',
  },
  wife: {
    fullName: 'Võ Thị Hồng Nhung',
    dateOfBirth: wifeBorn,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: 'Xã Bà Nà, thành phố Đà Nẵng',
    citizenId: '048308004321',
  },
  presence: { husband: true, wife: true },
});

describe('late registration (Law 60/2014 art. 15 and 33)', () => {
  it('a birth on 1 January 2026 is on time on 2 March (day 60) and late on 3 March', () => {
    const input = { kind: 'birth', facts: birth } as const;
    expect(registrationIsLate(input, '2026-03-02')).toBe(false);
    expect(registrationIsLate(input, '2026-03-03')).toBe(true);
  });
  it('counts 29 February in a leap year: born 1 January 2028, day 60 is 1 March', () => {
    const input = {
      kind: 'birth',
      facts: { ...birth, child: { ...birth.child, dateOfBirth: '2028-01-01' } },
    } as const;
    expect(registrationIsLate(input, '2028-03-01')).toBe(false);
    expect(registrationIsLate(input, '2028-03-02')).toBe(true);
  });
  it('a death on 10 November 2026 is on time on 25 November and late on 26 November', () => {
    const input = { kind: 'death', facts: death } as const;
    expect(registrationIsLate(input, '2026-11-25')).toBe(false);
    expect(registrationIsLate(input, '2026-11-26')).toBe(true);
  });
  it('a marriage is never late', () => {
    expect(
      registrationIsLate(
        { kind: 'marriage', facts: marriage('1990-01-01', '1992-01-01') },
        '2026-11-26',
      ),
    ).toBe(false);
  });
});

describe('versioned rules', () => {
  it('Law 60/2014 governs up to 28 February 2027, Law 03/2026/QH16 from 1 March 2027', () => {
    expect(civilRulesOn('2027-02-28').id).toBe('law-60-2014');
    expect(civilRulesOn('2027-03-01').id).toBe('law-03-2026');
    expect(civilRulesOn('2027-03-01').note).toMatch(/UNCONFIRMED/);
  });
});

describe('dates in order', () => {
  it('refuses a birth after the registration date', () => {
    const facts = { ...birth, child: { ...birth.child, dateOfBirth: '2026-11-27' } };
    expect(registrationProblems({ kind: 'birth', facts }, '2026-11-26')).toEqual([
      { field: 'facts.child.dateOfBirth', code: 'birth_after_registration' },
    ]);
  });
  it('accepts a birth registered the day it happened', () => {
    const facts = { ...birth, child: { ...birth.child, dateOfBirth: '2026-11-26' } };
    expect(registrationProblems({ kind: 'birth', facts }, '2026-11-26')).toEqual([]);
  });
  it('refuses a mother born in the child’s year or later', () => {
    const facts = { ...birth, mother: { ...birth.mother!, birthYear: 2026 } };
    expect(registrationProblems({ kind: 'birth', facts }, '2026-11-26')).toEqual([
      { field: 'facts.mother.birthYear', code: 'parent_born_after_child' },
    ]);
  });
  it('refuses a death before the birth, and a death after the registration', () => {
    const before = { ...death, dateOfDeath: '1939-12-31', deathNotice: null };
    expect(registrationProblems({ kind: 'death', facts: before }, '2026-11-26')).toEqual([
      { field: 'facts.dateOfDeath', code: 'death_before_birth' },
    ]);
    const after = { ...death, dateOfDeath: '2026-11-27', deathNotice: null };
    expect(registrationProblems({ kind: 'death', facts: after }, '2026-11-26')).toEqual([
      { field: 'facts.dateOfDeath', code: 'death_after_registration' },
    ]);
  });
  it('refuses a death notice dated before the death', () => {
    const facts = { ...death, deathNotice: { ...death.deathNotice!, issuedOn: '2026-11-09' } };
    expect(registrationProblems({ kind: 'death', facts }, '2026-11-26')).toEqual([
      { field: 'facts.deathNotice.issuedOn', code: 'death_notice_before_death' },
    ]);
  });
});

describe('marriage (Law 52/2014 art. 8, Law 60/2014 art. 18)', () => {
  it('a man is 20 on his twentieth birthday, not the day before', () => {
    expect(
      registrationProblems(
        { kind: 'marriage', facts: marriage('2006-11-26', '2000-01-01') },
        '2026-11-26',
      ),
    ).toEqual([]);
    expect(
      registrationProblems(
        { kind: 'marriage', facts: marriage('2006-11-27', '2000-01-01') },
        '2026-11-26',
      ),
    ).toEqual([
      { field: 'facts.husband.dateOfBirth', code: 'underage', params: { age: 19, minAge: 20 } },
    ]);
  });
  it('a woman born on 29 February 2008 turns 18 on 1 March 2026', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(
      registrationProblems(
        { kind: 'marriage', facts: marriage('1998-01-01', '2008-02-29') },
        '2026-02-28',
      ),
    ).toEqual([
      { field: 'facts.wife.dateOfBirth', code: 'underage', params: { age: 17, minAge: 18 } },
    ]);
    expect(
      registrationProblems(
        { kind: 'marriage', facts: marriage('1998-01-01', '2008-02-29') },
        '2026-03-01',
      ),
    ).toEqual([]);
  });
  it('both parties must be present', () => {
    const facts = {
      ...marriage('1990-01-01', '1992-01-01'),
      presence: { husband: true, wife: false },
    };
    expect(registrationProblems({ kind: 'marriage', facts }, '2026-11-26')).toEqual([
      { field: 'facts.presence.wife', code: 'party_absent' },
    ]);
  });
  it('the two parties are two people', () => {
    const m = marriage('1990-01-01', '1992-01-01');
    const facts = { ...m, wife: { ...m.wife, citizenId: m.husband.citizenId } };
    expect(registrationProblems({ kind: 'marriage', facts }, '2026-11-26')).toEqual([
      { field: 'facts.wife.citizenId', code: 'same_person' },
    ]);
  });
});

describe('inter-linked requests (NĐ 63/2024)', () => {
  it('offers the health-insurance card for a child under 6 only', () => {
    const young = { kind: 'birth', facts: birth } as const;
    expect(
      interlinkProblems(young, ['permanent_residence', 'health_insurance_card'], '2026-11-26'),
    ).toEqual([]);
    const old = {
      kind: 'birth',
      facts: { ...birth, child: { ...birth.child, dateOfBirth: '2020-11-26' } },
    } as const;
    expect(interlinkProblems(old, ['health_insurance_card'], '2026-11-26')).toEqual([
      { field: 'interlinked.0', code: 'child_over_six' },
    ]);
    expect(interlinkProblems(old, ['funeral_allowance'], '2026-11-26')).toEqual([
      { field: 'interlinked.0', code: 'interlink_not_offered' },
    ]);
  });
});

describe('books and corrections', () => {
  it('names a book "NN/YYYY"', () => {
    expect(formatBook(1, 2026)).toBe('01/2026');
    expect(formatBook(12, 2027)).toBe('12/2027');
    expect(() => formatBook(0, 2026)).toThrow(RangeError);
  });

  const registered = {
    type: civilEventTypes.registered,
    entityId: 'r1',
    unitCode: '20242',
    actorId: 'officer',
    occurredAt: '2026-11-26T02:00:00.000Z',
    payload: {
      kind: 'birth',
      facts: birth,
      dossierId: null,
      dossierCode: null,
      book: { year: 2026, bookNo: 1 },
      number: 17,
      registeredOn: '2026-11-26',
      rules: 'law-60-2014',
      late: true,
      declarant: { fullName: 'Trần Thị Bích Ngọc', citizenId: '048196000123', relationship: 'mẹ' },
      officerName: 'Nguyễn Văn Hộ',
      signer: { title: 'Chủ tịch', name: 'Lê Văn Ký' },
      interlinked: [],
    },
  };

  it('a correction is a new step: the facts change, the history keeps what they were', () => {
    const record = reduceCivilRecord(null, registered);
    expect(record.certificateSerial).toBe(1);
    const corrected = reduceCivilRecord(record, {
      ...registered,
      type: civilEventTypes.corrected,
      occurredAt: '2026-11-27T02:00:00.000Z',
      payload: {
        type: 'correction',
        changes: [
          { path: 'child.fullName', from: 'Nguyễn Thị Ánh Dương', to: 'Nguyễn Thị Ánh Dung' },
        ],
        reason: 'Viết sai tên do lỗi đánh máy',
        legalBasis: 'Điều 7 Nghị định 123/2015/NĐ-CP',
        correctedOn: '2026-11-27',
        dossierId: null,
        officerName: 'Nguyễn Văn Hộ',
      },
    });
    expect(factAt(corrected, 'child.fullName')).toBe('Nguyễn Thị Ánh Dung');
    expect(corrected.certificateSerial).toBe(2);
    expect(corrected.number).toBe(17);
    expect(corrected.history.map((h) => h.type)).toEqual(['registered', 'correction']);
    expect(corrected.history[1]!.summary[0]!.from).toBe('Nguyễn Thị Ánh Dương');
    // The registration itself is untouched.
    expect(factAt(record, 'child.fullName')).toBe('Nguyễn Thị Ánh Dương');
  });

  it('a correction that leaves invalid facts throws', () => {
    expect(() =>
      applyCorrection('birth', birth, [{ path: 'child.sex', from: 'female', to: 'unknown' }]),
    ).toThrow();
    expect(correctablePaths('birth')).toContain('father.fullName');
    expect(correctablePaths('marriage')).not.toContain('presence.wife');
  });
});
