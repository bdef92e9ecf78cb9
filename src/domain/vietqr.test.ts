import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  VIETQR_AMOUNT_MAX,
  buildVietQr,
  crc16CcittFalse,
  foldToAscii,
  parseVietQr,
  type VietQrInput,
} from './vietqr.js';

// Strings published by independent VietQR libraries (READMEs of napas-qr, vietnam-qr-pay,
// subiz/vietqr and liopay/vietqr), each from a different generator. They agree with one another
// and with this module on the layout and the CRC.
const published = {
  napasQrDynamic:
    '00020101021238530010A0000007270123000697041601092245284790208QRIBFTTA53037045405100005802VN62340107NPS68690819TRANSFER TO SOMEONE6304AC13',
  vietnamQrPayStatic:
    '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F',
  vietnamQrPayDynamic:
    '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6',
  subiz:
    '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C',
  liopay:
    '00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA',
} as const;

describe('crc16CcittFalse', () => {
  it.each([
    // The catalogue check value of CRC-16/CCITT-FALSE.
    ['123456789', 0x29b1],
    // No input leaves the initial value.
    ['', 0xffff],
    ['A', 0xb915],
  ])('of %j is %i', (text, crc) => {
    expect(crc16CcittFalse(text)).toBe(crc);
  });
});

describe('buildVietQr', () => {
  it('reproduces a published dynamic payload byte for byte', () => {
    const result = buildVietQr({
      bin: '970416',
      accountNumber: '224528479',
      amount: 10_000,
      billNumber: 'NPS6869',
      purpose: 'TRANSFER TO SOMEONE',
    });
    expect(result).toEqual({ ok: true, payload: published.napasQrDynamic });
  });

  it('reproduces a published static payload (no amount: point of initiation 11)', () => {
    expect(buildVietQr({ bin: '970416', accountNumber: '257678859' })).toEqual({
      ok: true,
      payload: published.vietnamQrPayStatic,
    });
  });

  it('lays out a fee payment for a dossier field by field', () => {
    const result = buildVietQr({
      bin: '970415',
      accountNumber: '113000012345',
      amount: 8_000,
      purpose: '20242-261126-0007',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payload).toBe(
      '000201' +
        '010212' +
        '3856' +
        '0010A000000727' +
        '0126' +
        '0006970415' +
        '0112113000012345' +
        '0208QRIBFTTA' +
        '5303704' +
        '54048000' +
        '5802VN' +
        '6221' +
        '081720242-261126-0007' +
        '6304' +
        result.payload.slice(-4),
    );
    expect(result.payload.slice(-4)).toMatch(/^[0-9A-F]{4}$/);
  });

  it('uses QRIBFTTC for a transfer to a card', () => {
    const result = buildVietQr({
      bin: '970436',
      accountNumber: '9704361017595600',
      service: 'card',
    });
    expect(result.ok && result.payload.includes('0208QRIBFTTC')).toBe(true);
  });

  it('folds Vietnamese in the purpose to ASCII, keeping case', () => {
    const result = buildVietQr({
      bin: '970415',
      accountNumber: '113000012345',
      amount: 8_000,
      purpose: 'Lệ phí ĐKKS Mai',
    });
    expect(result.ok && parseVietQr(result.payload)).toMatchObject({
      ok: true,
      fields: { purpose: 'Le phi DKKS Mai' },
    });
  });

  it('treats an empty purpose as none', () => {
    const withEmpty = buildVietQr({ bin: '970416', accountNumber: '257678859', purpose: '' });
    expect(withEmpty).toEqual({ ok: true, payload: published.vietnamQrPayStatic });
  });

  it.each<[string, Partial<VietQrInput>, unknown[]]>([
    ['a 5-digit BIN', { bin: '97041' }, [{ code: 'bin_format' }]],
    ['a BIN with letters', { bin: '97041A' }, [{ code: 'bin_format' }]],
    ['an empty account', { accountNumber: '' }, [{ code: 'account_format' }]],
    ['a 20-character account', { accountNumber: '1'.repeat(20) }, [{ code: 'account_format' }]],
    ['an account with a space', { accountNumber: '1130 0001' }, [{ code: 'account_format' }]],
    ['an account with a dash', { accountNumber: '113-0001' }, [{ code: 'account_format' }]],
    ['a zero amount', { amount: 0 }, [{ code: 'amount_invalid' }]],
    ['a negative amount', { amount: -5000 }, [{ code: 'amount_invalid' }]],
    ['a fractional amount', { amount: 8000.5 }, [{ code: 'amount_invalid' }]],
    ['a 14-digit amount', { amount: VIETQR_AMOUNT_MAX + 1 }, [{ code: 'amount_invalid' }]],
    ['NaN', { amount: Number.NaN }, [{ code: 'amount_invalid' }]],
    [
      'a purpose of 26 characters',
      { purpose: 'Thanh toan le phi ho so 01' },
      [{ code: 'text_too_long', field: 'purpose', length: 26, max: 25 }],
    ],
    [
      'a bill number with a currency sign',
      { billNumber: 'HS 8.000₫' },
      [{ code: 'text_not_ascii', field: 'billNumber', character: '₫' }],
    ],
    [
      'a purpose with a line break',
      { purpose: 'Le phi\nho tich' },
      [{ code: 'text_not_ascii', field: 'purpose', character: '\n' }],
    ],
    [
      'several problems at once',
      { bin: '', accountNumber: '', amount: 1.5 },
      [{ code: 'bin_format' }, { code: 'account_format' }, { code: 'amount_invalid' }],
    ],
  ])('refuses %s', (_name, override, problems) => {
    const input: VietQrInput = { bin: '970415', accountNumber: '113000012345', ...override };
    expect(buildVietQr(input)).toEqual({ ok: false, problems });
  });

  it('accepts a Vietnamese purpose of exactly 25 letters after folding', () => {
    const purpose = 'Lệ phí đăng ký khai sinh.'; // 25 characters, with marks
    expect(purpose.length).toBe(25);
    expect(buildVietQr({ bin: '970415', accountNumber: '1', purpose }).ok).toBe(true);
  });
});

describe('parseVietQr', () => {
  it.each(Object.entries(published))('reads the published %s payload', (_name, payload) => {
    expect(parseVietQr(payload).ok).toBe(true);
  });

  it('reads every field of a published payload', () => {
    expect(parseVietQr(published.napasQrDynamic)).toEqual({
      ok: true,
      fields: {
        initiation: 'dynamic',
        bin: '970416',
        accountNumber: '224528479',
        service: 'account',
        amount: 10_000,
        billNumber: 'NPS6869',
        purpose: 'TRANSFER TO SOMEONE',
      },
    });
    expect(parseVietQr(published.vietnamQrPayStatic)).toEqual({
      ok: true,
      fields: {
        initiation: 'static',
        bin: '970416',
        accountNumber: '257678859',
        service: 'account',
      },
    });
  });

  it('accepts a CRC written in lowercase', () => {
    const lower = published.napasQrDynamic.slice(0, -4) + 'ac13';
    expect(parseVietQr(lower).ok).toBe(true);
  });

  it('skips tags it does not use (merchant name and city of a QRPUSH-style payload)', () => {
    const body =
      '000201010212' +
      '38530010A0000007270123000697041601092576788590208QRIBFTTA' +
      '5303704' +
      '5802VN' +
      '5912NGO QUOC DAT' +
      '6005HANOI' +
      '6304';
    const payload = body + crc16CcittFalse(body).toString(16).toUpperCase().padStart(4, '0');
    expect(parseVietQr(payload)).toMatchObject({
      ok: true,
      fields: { accountNumber: '257678859' },
    });
  });

  it.each<[string, string, unknown]>([
    [
      'a changed CRC',
      published.napasQrDynamic.slice(0, -4) + 'AC14',
      { code: 'crc_mismatch', expected: 'AC13', actual: 'AC14' },
    ],
    [
      'a changed amount (CRC no longer matches)',
      published.napasQrDynamic.replace('540510000', '540590000'),
      { code: 'crc_mismatch', expected: expect.any(String), actual: 'AC13' },
    ],
    ['no CRC', published.napasQrDynamic.slice(0, -8), { code: 'crc_missing' }],
    ['an empty string', '', { code: 'crc_missing' }],
    [
      'a truncated field (tag 62 runs past the end)',
      published.napasQrDynamic.slice(0, -9),
      { code: 'malformed', at: 91 },
    ],
    [
      'non-ASCII text',
      published.napasQrDynamic.replace('SOMEONE', 'SOMEÔNE'),
      { code: 'not_ascii' },
    ],
  ])('refuses %s', (_name, payload, problem) => {
    expect(parseVietQr(payload)).toEqual({ ok: false, problem });
  });

  it.each<[string, string, unknown]>([
    [
      'another scheme’s GUID',
      '000201010211' +
        '38530010A0000007280123000697041601092576788590208QRIBFTTA' +
        '53037045802VN',
      { code: 'not_vietqr' },
    ],
    [
      'another currency',
      '000201010211' +
        '38530010A0000007270123000697041601092576788590208QRIBFTTA' +
        '53038405802VN',
      { code: 'invalid_field', tag: '53' },
    ],
    [
      'no country',
      '000201010211' + '38530010A0000007270123000697041601092576788590208QRIBFTTA' + '5303704',
      { code: 'missing_field', tag: '58' },
    ],
    [
      'an unknown service code',
      '000201010211' +
        '38530010A0000007270123000697041601092576788590208QRCASHXX' +
        '53037045802VN',
      { code: 'invalid_field', tag: '38.02' },
    ],
    [
      'a 5-digit BIN',
      '000201010211' +
        '38520010A0000007270122000597041' +
        '01092576788590208QRIBFTTA' +
        '53037045802VN',
      { code: 'invalid_field', tag: '38.01.00' },
    ],
    [
      'a zero amount',
      '000201010212' +
        '38530010A0000007270123000697041601092576788590208QRIBFTTA' +
        '530370454010' +
        '5802VN',
      { code: 'invalid_field', tag: '54' },
    ],
    [
      'a repeated tag',
      '000201010211' +
        '38530010A0000007270123000697041601092576788590208QRIBFTTA' +
        '53037045303704' +
        '5802VN',
      { code: 'duplicate_tag', tag: '53' },
    ],
    [
      'a payload not starting with the format indicator',
      '010211000201' +
        '38530010A0000007270123000697041601092576788590208QRIBFTTA' +
        '53037045802VN',
      { code: 'missing_field', tag: '00' },
    ],
  ])('refuses %s (with a valid CRC)', (_name, body, problem) => {
    const signed = body + '6304';
    const payload = signed + crc16CcittFalse(signed).toString(16).toUpperCase().padStart(4, '0');
    expect(parseVietQr(payload)).toEqual({ ok: false, problem });
  });
});

describe('foldToAscii', () => {
  it.each([
    ['Nguyễn Thị Mai', 'Nguyen Thi Mai'],
    ['ĐẶNG VĂN ĐỨC', 'DANG VAN DUC'],
    ['Lệ phí hộ tịch', 'Le phi ho tich'],
    ['Thủy Hòa Hoà', 'Thuy Hoa Hoa'],
    ['Ðà Nẵng', 'Da Nang'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldToAscii(text)).toBe(folded);
    expect(foldToAscii(text.normalize('NFD'))).toBe(folded);
  });
});

const asciiText = fc.stringMatching(/^[\x20-\x7E]{1,25}$/);
const inputArb: fc.Arbitrary<VietQrInput> = fc.record(
  {
    bin: fc.stringMatching(/^[0-9]{6}$/),
    accountNumber: fc.stringMatching(/^[0-9A-Za-z]{1,19}$/),
    service: fc.constantFrom('account' as const, 'card' as const),
    amount: fc.integer({ min: 1, max: VIETQR_AMOUNT_MAX }),
    purpose: asciiText,
    billNumber: asciiText,
  },
  { requiredKeys: ['bin', 'accountNumber', 'service'] },
);

describe('VietQR properties', () => {
  it('parses back to what was built', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const built = buildVietQr(input);
        if (!built.ok) throw new Error(JSON.stringify(built.problems));
        const parsed = parseVietQr(built.payload);
        expect(parsed).toEqual({
          ok: true,
          fields: { ...input, initiation: input.amount === undefined ? 'static' : 'dynamic' },
        });
      }),
    );
  });

  it('notices any single changed character', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.nat(),
        fc.integer({ min: 0x20, max: 0x7e }),
        (input, position, code) => {
          const built = buildVietQr(input);
          if (!built.ok) throw new Error(JSON.stringify(built.problems));
          const at = position % built.payload.length;
          const replacement = String.fromCharCode(code);
          // The CRC's hex digits are read case-insensitively, so 'A' → 'a' there is no change.
          const inCrc = at >= built.payload.length - 4;
          const original = built.payload[at] ?? '';
          fc.pre(
            inCrc ? original.toUpperCase() !== replacement.toUpperCase() : original !== replacement,
          );
          const changed = built.payload.slice(0, at) + replacement + built.payload.slice(at + 1);
          expect(parseVietQr(changed).ok).toBe(false);
        },
      ),
    );
  });
});
