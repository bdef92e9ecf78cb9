// The certificate seal on real civil-status data: round trips for each kind, the size of the QR
// payload, one exact seal pinned byte for byte, every refusal, and two laws as properties (any
// one changed byte is refused; any valid facts come back as they went in).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  certifyUnitKey,
  decodeUnitKeyCertificate,
  ed25519KeyId,
  ed25519PublicKeyFromRaw,
  encodeUnitKeyCertificate,
  fromViscii,
  payloadFromScannedText,
  rawEd25519PublicKey,
  sealCertificate,
  sealSignedMessage,
  sealUrl,
  toViscii,
  verifySeal,
  type BirthSealFacts,
  type DeathSealFacts,
  type MarriageSealFacts,
  type SealFacts,
  type SealTrust,
  type UnitKeyCertificate,
  type UnitSealingKey,
} from './certificate-seal.js';
import { keyIdOf } from './sync-protocol.js';
import { formatEpochDay } from './working-calendar.js';

// Fixed keys, so that a seal can be pinned byte for byte: PKCS#8 of an Ed25519 seed.
function keyFromSeed(seed: number): { privateKey: KeyObject; publicKey: KeyObject } {
  const der = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.alloc(32, seed),
  ]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const province = keyFromSeed(1);
const otherProvince = keyFromSeed(2);
const unit = keyFromSeed(3);
const otherUnit = keyFromSeed(4);

const UNIT = '20242';

function certify(
  overrides: { unitCode?: string; validFrom?: string; key?: KeyObject; by?: KeyObject } = {},
): UnitKeyCertificate {
  return certifyUnitKey(
    {
      unitCode: overrides.unitCode ?? UNIT,
      publicKey: overrides.key ?? unit.publicKey,
      validFrom: overrides.validFrom ?? '2026-01-01',
    },
    overrides.by ?? province.privateKey,
  );
}

const certificate = certify();
const unitKey: UnitSealingKey = { privateKey: unit.privateKey, certificate };
const trust: SealTrust = { provinceKeys: [province.publicKey] };

const RECORD_ID = '0193f2a4-7c1e-7b3a-9d2e-5f6a7b8c9d0e';
const record = {
  recordId: RECORD_ID,
  serial: 1,
  isCopy: false,
  unitCode: UNIT,
  book: '01/2026',
  number: 17,
  registeredOn: '2026-11-25',
  issuedOn: '2026-11-25',
} as const;

function buildBirth(overrides: Partial<BirthSealFacts> = {}): BirthSealFacts {
  return {
    kind: 'birth',
    ...record,
    childFullName: 'Nguyễn Thị Ánh Dương',
    dateOfBirth: '2026-11-20',
    sex: 'female',
    motherFullName: 'Trần Thị Bích Ngọc',
    fatherFullName: 'Nguyễn Văn Hùng',
    ...overrides,
  };
}

function buildDeath(overrides: Partial<DeathSealFacts> = {}): DeathSealFacts {
  return {
    kind: 'death',
    ...record,
    book: '02/2026',
    number: 4,
    deceasedFullName: 'Phạm Văn Thưởng',
    dateOfBirth: '1938',
    dateOfDeath: '2026-11-23',
    ...overrides,
  };
}

function buildMarriage(overrides: Partial<MarriageSealFacts> = {}): MarriageSealFacts {
  return {
    kind: 'marriage',
    ...record,
    book: '03/2026',
    number: 52,
    husbandFullName: 'Lê Quốc Bảo',
    husbandDateOfBirth: '1997-04-30',
    wifeFullName: 'Đặng Thị Thu Hương',
    wifeDateOfBirth: '1999-09-02',
    ...overrides,
  };
}

const longBirth = buildBirth({
  childFullName: 'Tôn Nữ Huỳnh Ngọc Bảo Trâm Phương Thảo',
  motherFullName: 'Nguyễn Thị Hoàng Phương Quỳnh Như',
  fatherFullName: 'Tôn Thất Nguyễn Hoàng Khánh Dương',
});

const { fatherFullName: _father, ...noFather } = buildBirth();
const { motherFullName: _m, fatherFullName: _f, ...foundling } = buildBirth({ sex: 'male' });

const seal = (facts: SealFacts, key: UnitSealingKey = unitKey): string =>
  sealCertificate(facts, key);

const bytesOf = (text: string): Buffer => Buffer.from(text, 'base64url');
const textOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

// Where the parts of a version-1 seal lie: the version byte, the facts, then 110 bytes of unit
// key certificate and 64 of signature.
const TAIL = 110 + 64;

/** Signs `bytes` again (its last 64 bytes replaced), as a holder of `key` could. */
function resign(bytes: Uint8Array, key: KeyObject = unit.privateKey): string {
  const body = bytes.subarray(0, bytes.length - 64);
  return textOf(Buffer.concat([body, sign(null, sealSignedMessage(body), key)]));
}

/** A seal whose facts bytes were edited, then signed again by the unit's own key. */
function forgeFacts(text: string, edit: (facts: Buffer) => Buffer): string {
  const bytes = bytesOf(text);
  const facts = edit(Buffer.from(bytes.subarray(1, bytes.length - TAIL)));
  return resign(Buffer.concat([bytes.subarray(0, 1), facts, bytes.subarray(bytes.length - TAIL)]));
}

/** A seal carrying another unit key certificate, signed again by `key`. */
function forgeCertificate(text: string, other: UnitKeyCertificate, key = unit.privateKey): string {
  const bytes = bytesOf(text);
  return resign(
    Buffer.concat([
      bytes.subarray(0, bytes.length - TAIL),
      bytesOf(encodeUnitKeyCertificate(other)),
      bytes.subarray(bytes.length - 64),
    ]),
    key,
  );
}

/** The seal with its last character moved by one, where that touches only padding bits. */
function nonCanonicalEnding(text: string): string {
  expect(bytesOf(text).length % 3).toBe(1);
  return text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) + 1);
}

/** Replaces the VISCII text field holding `name` with the header `header` and `bytes`. */
function replaceName(facts: Buffer, name: string, header: number, bytes: Uint8Array): Buffer {
  const viscii = toViscii(name);
  if (viscii === undefined) throw new Error('not VISCII');
  const field = Buffer.concat([Buffer.from([viscii.length * 2]), viscii]);
  const at = facts.indexOf(field);
  if (at < 0) throw new Error(`no ${name} in the facts`);
  return Buffer.concat([
    facts.subarray(0, at),
    Buffer.from([header]),
    bytes,
    facts.subarray(at + field.length),
  ]);
}

describe('VISCII', () => {
  it.each([
    // Vectors from glibc's iconv -t VISCII, an implementation independent of this one.
    ['Nguyễn Thị Ánh Dương', '4e677579ad6e205468b820c16e682044dfbd6e67'],
    ['Trần Thị Bích Ngọc', '5472a56e205468b82042ed6368204e67f763'],
    ['ĐẶNG', 'd0834e47'],
  ])('encodes %s as iconv does', (text, hex) => {
    expect(Buffer.from(toViscii(text) ?? []).toString('hex')).toBe(hex);
    expect(fromViscii(Buffer.from(hex, 'hex'))).toBe(text);
  });

  it('holds exactly the 134 precomposed Vietnamese letters besides printable ASCII', () => {
    const letters = Array.from({ length: 256 }, (_, b) => fromViscii(Uint8Array.of(b))).filter(
      (c): c is string => c !== undefined && !/^[\x20-\x7e]$/.test(c),
    );
    expect(letters).toHaveLength(134);
    expect(new Set(letters).size).toBe(134);
    for (const letter of letters) {
      expect(letter.normalize('NFC')).toBe(letter);
      // Each is a vowel with its marks, or đ: and its other case is there too.
      expect(letter.normalize('NFD')[0]).toMatch(/^[aeiouyAEIOUYđĐ]$/);
      expect(letters).toContain(
        letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase(),
      );
    }
  });

  it('refuses what it cannot carry', () => {
    expect(toViscii('Zoë')).toBeUndefined();
    expect(toViscii('a\tb')).toBeUndefined();
    expect(fromViscii(Uint8Array.of(0x41, 0x00))).toBeUndefined();
    expect(fromViscii(Uint8Array.of(0x7f))).toBeUndefined();
  });
});

describe('keys', () => {
  it('converts between KeyObjects and raw bytes, the raw key ending the SPKI DER', () => {
    const der = unit.publicKey.export({ type: 'spki', format: 'der' });
    const raw = rawEd25519PublicKey(unit.publicKey);
    expect(Buffer.from(raw)).toEqual(der.subarray(12));
    expect(rawEd25519PublicKey(unit.privateKey)).toEqual(raw);
    expect(ed25519PublicKeyFromRaw(raw).export({ type: 'spki', format: 'der' })).toEqual(der);
  });

  it('names a key as the sync protocol does, from a KeyObject or raw bytes alike', () => {
    const der = unit.publicKey.export({ type: 'spki', format: 'der' });
    expect(ed25519KeyId(unit.publicKey)).toBe(keyIdOf(der));
    expect(ed25519KeyId(rawEd25519PublicKey(unit.publicKey))).toBe(keyIdOf(der));
    expect(ed25519KeyId(unit.privateKey)).toBe(keyIdOf(der));
  });

  it('refuses keys that are not Ed25519', () => {
    expect(() => rawEd25519PublicKey(generateKeyPairSync('x25519').publicKey)).toThrow(TypeError);
    expect(() => ed25519PublicKeyFromRaw(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('certifyUnitKey', () => {
  it('certifies the raw key under the first 8 bytes of the province key id', () => {
    expect(certificate.unitCode).toBe(UNIT);
    expect(certificate.publicKey).toEqual(rawEd25519PublicKey(unit.publicKey));
    expect(certificate.validFrom).toBe('2026-01-01');
    expect(certificate.provinceKeyId).toBe(ed25519KeyId(province.publicKey).slice(0, 16));
    expect(certificate.signature).toHaveLength(64);
  });

  it('travels as 147 characters of text', () => {
    const text = encodeUnitKeyCertificate(certificate);
    expect(text).toHaveLength(147);
    expect(decodeUnitKeyCertificate(text)).toEqual(certificate);
    expect(decodeUnitKeyCertificate(text.slice(0, -1))).toBeUndefined();
    expect(decodeUnitKeyCertificate(`${text}AA`)).toBeUndefined();
  });

  it.each([
    [{ unitCode: '2024' }],
    [{ unitCode: '202420' }],
    [{ validFrom: '2026-02-30' }],
    [{ validFrom: '2026' }],
  ])('refuses %j', (overrides) => {
    expect(() => certify(overrides)).toThrow(RangeError);
  });

  it('needs the province private key', () => {
    expect(() => certify({ by: province.publicKey })).toThrow(TypeError);
  });
});

describe('sealCertificate and verifySeal', () => {
  it.each<[string, SealFacts]>([
    ['a birth certificate', buildBirth()],
    ['a birth certificate with no father', noFather],
    ['a foundling’s birth certificate', foundling],
    [
      'a certified copy of a birth certificate, re-issued after a correction',
      buildBirth({ isCopy: true, serial: 2, issuedOn: '2027-03-08' }),
    ],
    ['a death extract (year of birth only)', buildDeath()],
    ['a copy of a death extract', buildDeath({ isCopy: true, dateOfBirth: '1938-07' })],
    ['a marriage certificate', buildMarriage()],
    [
      'a marriage certificate with a foreign spouse',
      buildMarriage({ wifeFullName: 'Zoë Müller-Łukasiewicz', wifeDateOfBirth: '1998-01-15' }),
    ],
    ['a copy of a marriage certificate', buildMarriage({ isCopy: true, issuedOn: '2030-01-02' })],
    [
      'an Ê Đê name with an apostrophe',
      buildBirth({ childFullName: "H'Hen Niê", motherFullName: 'H’Bia Êban' }),
    ],
  ])('round-trips %s', (_name, facts) => {
    expect(verifySeal(seal(facts), trust)).toEqual({
      ok: true,
      facts,
      unitCode: UNIT,
      keyId: ed25519KeyId(unit.publicKey),
      certificate,
    });
  });

  it('seals for the province itself (a two-digit unit code)', () => {
    const own = certify({ unitCode: '01' });
    const text = seal(buildMarriage({ unitCode: '01' }), {
      privateKey: unit.privateKey,
      certificate: own,
    });
    expect(verifySeal(text, trust)).toMatchObject({ ok: true, unitCode: '01' });
  });

  it('lays the facts out as documented, byte for byte', () => {
    const text = seal(buildBirth());
    const bytes = bytesOf(text);
    const viscii = (s: string) => Buffer.from(toViscii(s) ?? []).toString('hex');
    const date = (y: number, m: number, d: number) =>
      (y * 512 + m * 32 + d).toString(16).padStart(6, '0');
    expect(bytes.subarray(0, bytes.length - TAIL).toString('hex')).toBe(
      '01' + // version
        '08' + // birth, original, female
        RECORD_ID.replaceAll('-', '') +
        '01' + // serial
        '004f12' + // unit 20242
        '0e' +
        Buffer.from('01/2026').toString('hex') + // book: 7 bytes of VISCII
        '11' + // number 17
        date(2026, 11, 25) +
        date(2026, 11, 25) +
        '28' +
        viscii('Nguyễn Thị Ánh Dương') +
        date(2026, 11, 20) +
        '24' +
        viscii('Trần Thị Bích Ngọc') +
        '1e' +
        viscii('Nguyễn Văn Hùng'),
    );
    expect(bytes.subarray(bytes.length - TAIL, bytes.length - 64)).toEqual(
      bytesOf(encodeUnitKeyCertificate(certificate)),
    );
    // Ed25519 is deterministic: the same facts and key give the same seal, pinned here.
    expect(seal(buildBirth())).toBe(text);
    expect(text).toBe(GOLDEN_BIRTH);
  });

  it('fits a QR code with medium error correction, even with long names', () => {
    const typical = seal(buildBirth());
    const long = seal(longBirth);
    const url = sealUrl('https://motcua.lamdong.gov.vn', long);
    expect(typical).toHaveLength(360);
    expect(long.length).toBeLessThan(450);
    expect(long).toHaveLength(428);
    // Version 17 is 85 × 85 modules: under 3.5 cm printed at 0.4 mm a module.
    expect(QRCode.create(url, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(17);
  });

  it('writes the record id in lower case', () => {
    const text = seal(buildBirth({ recordId: RECORD_ID.toUpperCase() }));
    expect(text).toBe(seal(buildBirth()));
  });

  it.each<[string, SealFacts]>([
    ['a name over 200 bytes', buildBirth({ childFullName: 'Nguyễn '.repeat(25) + 'An' })],
    ['a name not in NFC', buildBirth({ childFullName: 'Nguyễn Thị Ánh Dương'.normalize('NFD') })],
    ['a double space', buildBirth({ motherFullName: 'Trần  Thị Bích Ngọc' })],
    ['a trailing space', buildBirth({ motherFullName: 'Trần Thị Bích Ngọc ' })],
    ['a zero-width joiner', buildBirth({ motherFullName: 'Trần Thị\u200d Bích Ngọc' })],
    ['an empty name', buildBirth({ childFullName: '' })],
    ['an impossible date', buildBirth({ dateOfBirth: '2026-02-30' })],
    ['a partial date of birth for a birth', buildBirth({ dateOfBirth: '2026-11' })],
    ['a four-digit unit', buildBirth({ unitCode: '2024' })],
    ['a bad record id', buildBirth({ recordId: 'not-a-uuid' })],
    ['serial 0', buildBirth({ serial: 0 })],
    ['a fractional number', buildBirth({ number: 1.5 })],
    ['issue before registration', buildBirth({ issuedOn: '2026-11-24' })],
    ['birth after registration', buildBirth({ dateOfBirth: '2026-11-26' })],
    ['death before birth', buildDeath({ dateOfBirth: '1938-12', dateOfDeath: '1938-11-30' })],
    ['a month 13', buildMarriage({ wifeDateOfBirth: '1999-13' })],
  ])('refuses to seal %s', (_name, facts) => {
    expect(() => seal(facts)).toThrow(RangeError);
  });

  it('refuses to seal what could never verify', () => {
    // Another unit's facts, a key the certificate is not for, an issue date before validFrom.
    expect(() => seal(buildBirth({ unitCode: '20245' }))).toThrow(/unit 20245/);
    expect(() => seal(buildBirth(), { privateKey: otherUnit.privateKey, certificate })).toThrow(
      /not the one the certificate is for/,
    );
    expect(() =>
      seal(buildBirth(), {
        privateKey: unit.privateKey,
        certificate: certify({ validFrom: '2026-12-01' }),
      }),
    ).toThrow(/before the key's validFrom/);
  });
});

describe('verifySeal refuses', () => {
  const text = seal(buildBirth());
  const claimed = buildBirth();

  it('a seal with any one byte changed', () => {
    const bytes = bytesOf(text);
    fc.assert(
      fc.property(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (position, change) => {
          const changed = Buffer.from(bytes);
          changed[position] = (changed[position] ?? 0) ^ change;
          expect(verifySeal(textOf(changed), trust).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('facts signed by a key the province did not certify', () => {
    expect(verifySeal(resign(bytesOf(text), otherUnit.privateKey), trust)).toEqual({
      ok: false,
      reason: 'bad_signature',
      facts: claimed,
    });
  });

  it('a unit key certified by a province key it does not trust', () => {
    const foreign = certify({ by: otherProvince.privateKey });
    expect(verifySeal(seal(buildBirth(), { ...unitKey, certificate: foreign }), trust)).toEqual({
      ok: false,
      reason: 'unknown_province_key',
      facts: claimed,
    });
    // …and accepts it once that key is trusted too, given raw.
    const both = {
      provinceKeys: [province.publicKey, rawEd25519PublicKey(otherProvince.publicKey)],
    };
    expect(verifySeal(seal(buildBirth(), { ...unitKey, certificate: foreign }), both).ok).toBe(
      true,
    );
  });

  it('a unit key certificate that claims the trusted province key but is signed by another', () => {
    const forged = {
      ...certify({ by: otherProvince.privateKey }),
      provinceKeyId: certificate.provinceKeyId,
    };
    expect(
      verifySeal(seal(buildBirth(), { ...unitKey, certificate: forged }), trust),
    ).toMatchObject({
      ok: false,
      reason: 'bad_unit_certificate',
    });
  });

  it('a genuine certificate with another public key put in it', () => {
    const swapped = { ...certificate, publicKey: rawEd25519PublicKey(otherUnit.publicKey) };
    const forged = seal(buildBirth(), { privateKey: otherUnit.privateKey, certificate: swapped });
    expect(verifySeal(forged, trust)).toMatchObject({ ok: false, reason: 'bad_unit_certificate' });
  });

  it('facts of unit B sealed under the certificate of unit A', () => {
    // The province certified the same key for 20245 too; the holder seals 20245's facts and
    // then puts the 20242 certificate in.
    const forB = certify({ unitCode: '20245' });
    const sealedForB = seal(buildBirth({ unitCode: '20245' }), { ...unitKey, certificate: forB });
    expect(verifySeal(sealedForB, trust).ok).toBe(true);
    expect(verifySeal(forgeCertificate(sealedForB, certificate), trust)).toEqual({
      ok: false,
      reason: 'unit_mismatch',
      facts: buildBirth({ unitCode: '20245' }),
    });
  });

  it('a seal issued before its key was valid, or after today', () => {
    const later = certify({ validFrom: '2026-12-01' });
    expect(verifySeal(forgeCertificate(text, later), trust)).toMatchObject({
      ok: false,
      reason: 'not_yet_valid',
    });
    expect(verifySeal(text, { ...trust, today: '2026-11-24' })).toMatchObject({
      ok: false,
      reason: 'not_yet_valid',
    });
    expect(verifySeal(text, { ...trust, today: '2026-11-25' }).ok).toBe(true);
  });

  it('a seal by a revoked unit key', () => {
    const revokedUnitKeys = new Set([ed25519KeyId(unit.publicKey)]);
    expect(verifySeal(text, { ...trust, revokedUnitKeys })).toEqual({
      ok: false,
      reason: 'unit_key_revoked',
      facts: claimed,
    });
    expect(
      verifySeal(text, { ...trust, revokedUnitKeys: new Set([ed25519KeyId(otherUnit.publicKey)]) })
        .ok,
    ).toBe(true);
  });

  it('a revoked certificate, by serial or the whole record', () => {
    const reissued = seal(buildBirth({ serial: 2, issuedOn: '2026-12-03' }));
    const oldOne = { ...trust, revokedCertificates: new Set([`${RECORD_ID}:1`]) };
    expect(verifySeal(text, oldOne)).toEqual({
      ok: false,
      reason: 'certificate_revoked',
      facts: claimed,
    });
    expect(verifySeal(reissued, oldOne).ok).toBe(true);
    const all = { ...trust, revokedCertificates: new Set([RECORD_ID]) };
    expect(verifySeal(reissued, all)).toMatchObject({ ok: false, reason: 'certificate_revoked' });
  });

  it.each([
    ['an empty text', ''],
    ['a seal cut by one character', text.slice(0, -1)],
    ['a seal cut by four characters', text.slice(0, -4)],
    ['a seal with garbage after it', `${text}AAAA`],
    ['padding', `${text}=`],
    ['a standard base64 character', `${text.slice(0, 10)}+${text.slice(11)}`],
    // 271 bytes: the last character carries 4 bits of padding, and +1 changes only those.
    ['a non-canonical last character', nonCanonicalEnding(seal(buildBirth({ number: 170 })))],
    [
      'a VietQR payment code',
      '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F',
    ],
    ['a very long text', 'A'.repeat(3_000)],
  ])('%s as malformed', (_name, input) => {
    expect(verifySeal(input, trust)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a later version as unsupported, not as malformed', () => {
    const bytes = bytesOf(text);
    bytes[0] = 2;
    expect(verifySeal(resign(bytes), trust)).toEqual({ ok: false, reason: 'unsupported_version' });
  });

  it.each<[string, (facts: Buffer) => Buffer]>([
    ['a byte cut from the end of the facts', (f) => f.subarray(0, -1)],
    ['a byte added to the end of the facts', (f) => Buffer.concat([f, Buffer.of(0)])],
    ['a reserved flag bit', (f) => Buffer.concat([Buffer.of((f[0] ?? 0) | 0x10), f.subarray(1)])],
    ['kind 3', (f) => Buffer.concat([Buffer.of((f[0] ?? 0) | 0x03), f.subarray(1)])],
    [
      'a serial varint longer than needed',
      (f) => Buffer.concat([f.subarray(0, 17), Buffer.of(0x81, 0x00), f.subarray(18)]),
    ],
    [
      'unit code 100 100',
      (f) => Buffer.concat([f.subarray(0, 18), Buffer.from('018704', 'hex'), f.subarray(21)]),
    ],
    [
      'month 13',
      (f) =>
        Buffer.concat([
          f.subarray(0, 30),
          Buffer.from((2026 * 512 + 13 * 32 + 1).toString(16).padStart(6, '0'), 'hex'),
          f.subarray(33),
        ]),
    ],
    [
      '30 February',
      (f) =>
        Buffer.concat([
          f.subarray(0, 30),
          Buffer.from((2026 * 512 + 2 * 32 + 30).toString(16).padStart(6, '0'), 'hex'),
          f.subarray(33),
        ]),
    ],
    [
      'a partial registration date',
      (f) =>
        Buffer.concat([
          f.subarray(0, 30),
          Buffer.from((2026 * 512 + 11 * 32).toString(16).padStart(6, '0'), 'hex'),
          f.subarray(33),
        ]),
    ],
    [
      'a name not in NFC',
      (f) => {
        const nfd = Buffer.from('Nguyễn Thị Ánh Dương'.normalize('NFD'));
        return replaceName(f, 'Nguyễn Thị Ánh Dương', nfd.length * 2 + 1, nfd);
      },
    ],
    [
      'a name in UTF-8 that VISCII could carry',
      (f) => {
        const utf8 = Buffer.from('Nguyễn Thị Ánh Dương');
        return replaceName(f, 'Nguyễn Thị Ánh Dương', utf8.length * 2 + 1, utf8);
      },
    ],
    [
      'a name in bad UTF-8',
      (f) => replaceName(f, 'Nguyễn Văn Hùng', 2 * 3 + 1, Buffer.from('41c328', 'hex')),
    ],
    [
      'a control code in a VISCII name',
      (f) => replaceName(f, 'Nguyễn Văn Hùng', 2 * 3, Buffer.from('410142', 'hex')),
    ],
    ['an empty child name', (f) => replaceName(f, 'Nguyễn Thị Ánh Dương', 0, Buffer.alloc(0))],
  ])('%s, even signed by the unit, as malformed', (_name, edit) => {
    expect(verifySeal(forgeFacts(text, edit), trust)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the laws', () => {
  const alphabet = [
    ...Array.from(
      'aAbdđĐeêghiklmnoôơpqrstuưvxyÁàẢãạăắằẳẵặâấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ',
    ),
    "'",
    '-',
    'ö',
    'ñ',
    'ç',
    '李',
    'Ł',
  ];
  const word = fc
    .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 })
    .map((cs) => cs.join(''));
  const name = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
  const day = fc.integer({ min: -40_000, max: 40_000 }); // epoch days: 1860–2079
  const partial = (d: number, precision: 4 | 7 | 10) => formatEpochDay(d).slice(0, precision);
  const precision = fc.constantFrom<4 | 7 | 10>(4, 7, 10);
  const recordFacts = fc.record({
    recordId: fc.uuid(),
    serial: fc.integer({ min: 1, max: 9_999 }),
    isCopy: fc.boolean(),
    unitCode: fc.oneof(
      fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(5, '0')),
      fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
    ),
    book: fc.oneof(
      fc.constant('01/2026'),
      name.filter((s) => Buffer.byteLength(s) <= 40),
    ),
    number: fc.integer({ min: 1, max: 9_999_999 }),
  });
  const facts: fc.Arbitrary<SealFacts> = fc
    .tuple(
      recordFacts,
      fc.array(day, { minLength: 4, maxLength: 4 }),
      name,
      name,
      fc.option(name),
      fc.option(name),
      precision,
      precision,
      fc.boolean(),
      fc.constantFrom('birth', 'death', 'marriage'),
    )
    .map(([r, ds, a, b, c, d, p1, p2, female, kind]) => {
      const [d1, d2, d3, d4] = [...ds].sort((x, y) => x - y) as [number, number, number, number];
      const dates = { registeredOn: formatEpochDay(d3), issuedOn: formatEpochDay(d4) };
      if (kind === 'birth') {
        return {
          kind,
          ...r,
          ...dates,
          childFullName: a,
          dateOfBirth: formatEpochDay(d2),
          sex: female ? 'female' : 'male',
          ...(c === null ? {} : { motherFullName: c }),
          ...(d === null ? {} : { fatherFullName: d }),
        } satisfies BirthSealFacts;
      }
      if (kind === 'death') {
        return {
          kind,
          ...r,
          ...dates,
          deceasedFullName: a,
          dateOfBirth: partial(d1, p1),
          dateOfDeath: partial(d2, p2),
        } satisfies DeathSealFacts;
      }
      return {
        kind,
        ...r,
        ...dates,
        husbandFullName: a,
        husbandDateOfBirth: partial(d1, p1),
        wifeFullName: b,
        wifeDateOfBirth: partial(d2, p2),
      } satisfies MarriageSealFacts;
    });

  it('any valid facts come back from their seal exactly as they went in', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const key = {
          privateKey: unit.privateKey,
          certificate: certify({ unitCode: f.unitCode, validFrom: '1800-01-01' }),
        };
        const result = verifySeal(seal(f, key), trust);
        expect(result).toMatchObject({ ok: true, facts: f });
        expect(result.facts).toEqual(f);
      }),
    );
  });

  it('any one changed byte of any seal is refused', () => {
    fc.assert(
      fc.property(facts, fc.nat(), fc.integer({ min: 1, max: 255 }), (f, at, change) => {
        const key = {
          privateKey: unit.privateKey,
          certificate: certify({ unitCode: f.unitCode, validFrom: '1800-01-01' }),
        };
        const bytes = bytesOf(seal(f, key));
        const position = at % bytes.length;
        bytes[position] = (bytes[position] ?? 0) ^ change;
        expect(verifySeal(textOf(bytes), trust).ok).toBe(false);
      }),
    );
  });

  it('one set of facts has one encoding: edited facts, even re-signed, are malformed or canonical', () => {
    const text = seal(buildBirth());
    const factsLength = bytesOf(text).length - 1 - TAIL;
    fc.assert(
      fc.property(
        fc.nat({ max: factsLength }),
        fc.nat({ max: 4 }),
        fc.uint8Array({ maxLength: 4 }),
        (at, cut, inserted) => {
          const forged = forgeFacts(text, (f) =>
            Buffer.concat([f.subarray(0, at), inserted, f.subarray(at + cut)]),
          );
          const result = verifySeal(forged, trust); // never throws
          if (result.ok) expect(seal(result.facts)).toBe(forged);
          // An edit of the unit code can decode as well-formed facts of another unit, which
          // the certified key does not speak for.
          else if (result.reason === 'unit_mismatch') expect(result.facts?.unitCode).not.toBe(UNIT);
          else expect(result.reason).toBe('malformed');
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('the QR text', () => {
  const text = seal(buildBirth());

  it('is a URL with the seal in the query', () => {
    expect(sealUrl('https://motcua.lamdong.gov.vn', text)).toBe(
      `https://motcua.lamdong.gov.vn/verify?c=${text}`,
    );
    expect(sealUrl('https://lamdong.gov.vn/motcua/', text)).toBe(
      `https://lamdong.gov.vn/motcua/verify?c=${text}`,
    );
    expect(() => sealUrl('motcua.lamdong.gov.vn', text)).toThrow(RangeError);
    expect(() => sealUrl('https://motcua.lamdong.gov.vn?x=1', text)).toThrow(RangeError);
    expect(() => sealUrl('https://motcua.lamdong.gov.vn', `${text}=`)).toThrow(RangeError);
  });

  it.each([
    ['the bare seal', text],
    ['the bare seal with a newline', `${text}\n`],
    ['the URL', sealUrl('https://motcua.lamdong.gov.vn', text)],
    ['another province’s URL', `http://hue.gov.vn/verify?lang=vi&c=${text}`],
  ])('is read back from %s', (_name, scanned) => {
    expect(payloadFromScannedText(scanned)).toBe(text);
    expect(verifySeal(payloadFromScannedText(scanned) ?? '', trust).ok).toBe(true);
  });

  it.each([
    ['a URL without the seal', 'https://motcua.lamdong.gov.vn/verify'],
    ['another scheme', `ftp://motcua.lamdong.gov.vn/verify?c=${text}`],
    ['text with spaces', 'Giấy khai sinh số 17'],
    ['nothing', ''],
  ])('is not found in %s', (_name, scanned) => {
    expect(payloadFromScannedText(scanned)).toBeUndefined();
  });
});

// The seal of buildBirth() by the seed-3 unit key certified by the seed-1 province key.
const GOLDEN_BIRTH =
  'AQgBk_KkfB57Op0uX2p7jJ0OAQBPEg4wMS8yMDI2EQ_VeQ_VeShOZ3V5rW4gVGi4IMFuaCBE371uZw_VdCRUcqVuIFRouCBC7WNoIE5n92MeTmd1ea1uIFblbiBI-W5nAE8S7UkoxijRwsbq6QM4kFmVYSlZJzpcY_k2NsFGFKyHN9EP1CH9EQ0wHS8HfUeKWZYNSFx68MtBxfFoG6GlC0QNlubH4Q6BEZFWqlCbIzTXmvf2PmNZPtw-8bfsd0o0l2gzfEzsVI-dltYM9wOWsWPsfq6NP37EZwj16lNIu_OASFDCkXcroKt-nr_zaIj3Bbtcj_63B59GRA1XHJNbIh6rc0y_luRXPQJXCskC';
