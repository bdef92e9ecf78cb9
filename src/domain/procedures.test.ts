import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptsChannel,
  computeFee,
  effectiveValidTo,
  isLateRegistration,
  procedureVersionSchema,
  versionConflicts,
  versionInForce,
  vietnamDate,
} from './procedures.js';
import { buildVersion } from '../../test/procedure-fixtures.js';

function messagesOf(input: unknown): string[] {
  const result = procedureVersionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('procedure version schema', () => {
  it('accepts a complete version and returns it unchanged', () => {
    const v = buildVersion();
    expect(procedureVersionSchema.parse(v)).toEqual(v);
  });

  it('trims names and stores them precomposed (NFC), so equal names compare equal', () => {
    const decomposed = 'Thủ tục đăng ký khai sinh'.normalize('NFD');
    const parsed = procedureVersionSchema.parse(buildVersion({ nameVi: `  ${decomposed} ` }));
    expect(parsed.nameVi).toBe('Thủ tục đăng ký khai sinh');
  });

  it.each(['1.1193', '1001193', '1.0011930', 'A.001193', '1,001193', '1.001193.H36'])(
    'refuses the procedure code %s',
    (code) => {
      expect(messagesOf(buildVersion({ code }))).toEqual(['code: catalogue.procedure_code_format']);
    },
  );

  it.each(['1.001193', '2.000528', '3.000322'])('accepts the real code %s', (code) => {
    expect(messagesOf(buildVersion({ code }))).toEqual([]);
  });

  it('writes a same-day limit as 0 and every other limit as 1 or more', () => {
    expect(messagesOf(buildVersion({ processingTime: { value: 1, unit: 'same_day' } }))).toEqual([
      'processingTime.value: catalogue.same_day_value',
    ]);
    expect(
      messagesOf(buildVersion({ processingTime: { value: 0, unit: 'working_days' } })),
    ).toEqual(['processingTime.value: catalogue.same_day_value']);
  });

  it('refuses an end of validity before its start, and impossible dates', () => {
    expect(messagesOf(buildVersion({ validTo: '2025-06-30' }))).toEqual([
      'validTo: catalogue.valid_to_before_from',
    ]);
    expect(messagesOf(buildVersion({ validFrom: '2025-02-30' }))).toEqual([
      'validFrom: field.date_format',
    ]);
    expect(messagesOf(buildVersion({ validFrom: '01/07/2025' }))).toEqual([
      'validFrom: field.date_format',
    ]);
  });

  it('needs at least one channel and one legal basis', () => {
    expect(
      messagesOf(buildVersion({ channels: { inPerson: false, online: 'none', postal: false } })),
    ).toEqual(['channels: catalogue.no_channel']);
    expect(messagesOf(buildVersion({ legalBasis: [] }))[0]).toMatch(/^legalBasis: /);
  });

  it('refuses duplicate item codes, "|" or line breaks in list names, and unknown fields', () => {
    const [first] = buildVersion().components;
    expect(
      messagesOf(buildVersion({ components: [first!, { ...first!, nameVi: 'Khác' }] })),
    ).toEqual(['components.1.code: catalogue.duplicate_item_code']);
    expect(
      messagesOf(buildVersion({ components: [{ ...first!, nameVi: 'Tờ khai | bản sao' }] })),
    ).toEqual(['components.0.nameVi: catalogue.single_line']);
    expect(messagesOf({ ...buildVersion(), notes: 'x' })).toEqual([': Unrecognized key: "notes"']);
  });

  it('knows its exemptions and keeps the on-time one for late-registration fees', () => {
    const [late] = buildVersion().fees;
    expect(
      messagesOf(
        buildVersion({
          fees: [{ ...late!, basis: 'per_dossier', exemptions: ['on_time_registration'] }],
        }),
      ),
    ).toEqual(['fees.0.exemptions: catalogue.on_time_needs_late_basis']);
    expect(
      messagesOf({ ...buildVersion(), fees: [{ ...late!, exemptions: ['student'] }] })[0],
    ).toMatch(/^fees\.0\.exemptions\.0: /);
  });
});

describe('the version in force', () => {
  // Birth registration across two changes of law: the two-level government (01/07/2025) and the
  // new Law on Civil Status 03/2026/QH16 (01/03/2027).
  const v1 = buildVersion({ version: 1, validFrom: '2016-01-01' });
  const v2 = buildVersion({ version: 2, validFrom: '2025-07-01' });
  const v3 = buildVersion({ version: 3, validFrom: '2027-03-01' });
  const versions = [v3, v1, v2];

  it('reads the Vietnam-local day of an instant (UTC+7, no daylight saving)', () => {
    expect(vietnamDate(new Date('2025-06-30T16:59:59.999Z'))).toBe('2025-06-30');
    expect(vietnamDate(new Date('2025-06-30T17:00:00.000Z'))).toBe('2025-07-01');
  });

  it('judges a dossier by the day it was received in Vietnam, not the UTC day', () => {
    // 23:30 on 30 June in Vietnam: the old rules.
    expect(versionInForce(versions, new Date('2025-06-30T16:30:00Z'))?.version).toBe(1);
    // 00:30 on 1 July in Vietnam, still 30 June in UTC: the two-level rules.
    expect(versionInForce(versions, new Date('2025-06-30T17:30:00Z'))?.version).toBe(2);
  });

  it('switches on the first day of a new version, inclusive', () => {
    expect(versionInForce(versions, '2027-02-28')?.version).toBe(2);
    expect(versionInForce(versions, '2027-03-01')?.version).toBe(3);
    expect(versionInForce(versions, '2015-12-31')).toBeUndefined();
  });

  it('honours an explicit end of validity, leaving a gap when nothing follows', () => {
    const ended = [buildVersion({ validFrom: '2016-01-01', validTo: '2020-12-31' })];
    expect(versionInForce(ended, '2020-12-31')?.version).toBe(1);
    expect(versionInForce(ended, '2021-01-01')).toBeUndefined();
    expect(effectiveValidTo(v1, versions)).toBe('2025-06-30');
    expect(effectiveValidTo(v3, versions)).toBeNull();
  });

  it('finds conflicts: versions out of order, and an explicit end after the next start', () => {
    expect(versionConflicts(versions)).toEqual([]);
    expect(versionConflicts([v1, { ...v2, validFrom: '2016-01-01' }])).toEqual([
      { version: 2, other: 1, kind: 'order' },
    ]);
    expect(versionConflicts([{ ...v1, validTo: '2025-07-01' }, v2])).toEqual([
      { version: 2, other: 1, kind: 'overlap' },
    ]);
    expect(versionConflicts([{ ...v1, validTo: '2025-06-30' }, v2])).toEqual([]);
  });

  it('never picks a version that does not cover the day (property)', () => {
    const day = fc
      .integer({ min: 0, max: 3650 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 5 }), day, (starts, on) => {
        const list = [...starts]
          .sort()
          .map((validFrom, i) => buildVersion({ version: i + 1, validFrom }));
        const found = versionInForce(list, on);
        const expected = list.filter((v) => v.validFrom <= on).at(-1);
        expect(found?.version).toBe(expected?.version);
        if (found !== undefined) {
          const end = effectiveValidTo(found, list);
          expect(end === null || end >= on).toBe(true);
        }
      }),
    );
  });
});

describe('fees', () => {
  const birth = buildVersion();

  it('charges nothing for an on-time birth registration and says why', () => {
    expect(computeFee(birth, { exemptions: [], late: false, copies: 0 })).toEqual({
      totalVnd: 0,
      lines: [
        { feeCode: 'le_phi_khai_sinh_qua_han', amountVnd: 0, exemptBy: 'on_time_registration' },
        { feeCode: 'ban_sao_trich_luc', amountVnd: 0 },
      ],
    });
  });

  it('charges the late fee when late, and 8,000 đồng for each copy', () => {
    expect(computeFee(birth, { exemptions: [], late: true, copies: 2 })).toEqual({
      totalVnd: 21000,
      lines: [
        { feeCode: 'le_phi_khai_sinh_qua_han', amountVnd: 5000 },
        { feeCode: 'ban_sao_trich_luc', amountVnd: 16000 },
      ],
    });
  });

  it('waives a fee for an exemption the rule lists, and only for that rule', () => {
    const assessed = computeFee(birth, { exemptions: ['poor_household'], late: true, copies: 1 });
    expect(assessed.lines).toEqual([
      { feeCode: 'le_phi_khai_sinh_qua_han', amountVnd: 0, exemptBy: 'poor_household' },
      { feeCode: 'ban_sao_trich_luc', amountVnd: 8000 },
    ]);
    expect(assessed.totalVnd).toBe(8000);
  });

  it('ignores exemptions a rule does not list, and reports the first listed one', () => {
    expect(
      computeFee(birth, { exemptions: ['online_filing'], late: true, copies: 0 }).totalVnd,
    ).toBe(5000);
    const both = computeFee(birth, {
      exemptions: ['disability', 'meritorious_family'],
      late: true,
      copies: 0,
    });
    expect(both.lines[0]).toEqual({
      feeCode: 'le_phi_khai_sinh_qua_han',
      amountVnd: 0,
      exemptBy: 'meritorious_family',
    });
  });

  it('refuses a number of copies that is not a whole number ≥ 0', () => {
    expect(() => computeFee(birth, { exemptions: [], late: false, copies: -1 })).toThrow(
      RangeError,
    );
    expect(() => computeFee(birth, { exemptions: [], late: false, copies: 1.5 })).toThrow(
      RangeError,
    );
  });

  it('counts the registration window in calendar days after the event', () => {
    // Born 1 January 2026: due within 60 days, so 2 March is the last on-time day.
    expect(isLateRegistration(birth, '2026-01-01', '2026-03-02')).toBe(false);
    expect(isLateRegistration(birth, '2026-01-01', '2026-03-03')).toBe(true);
    const death = buildVersion({ registrationWindowDays: 15 });
    expect(isLateRegistration(death, '2026-11-10', '2026-11-25')).toBe(false);
    expect(isLateRegistration(death, '2026-11-10', '2026-11-26')).toBe(true);
    expect(
      isLateRegistration(
        buildVersion({ registrationWindowDays: null }),
        '2000-01-01',
        '2026-01-01',
      ),
    ).toBe(false);
  });
});

describe('channels', () => {
  it('accepts a dossier only through the channels the version allows', () => {
    const mobile = buildVersion({ channels: { inPerson: true, online: 'none', postal: false } });
    expect(acceptsChannel(mobile, 'in_person')).toBe(true);
    expect(acceptsChannel(mobile, 'online')).toBe(false);
    expect(acceptsChannel(mobile, 'postal')).toBe(false);
    expect(acceptsChannel(buildVersion(), 'online')).toBe(true);
  });
});
