// What a civil-status registration takes as input, checked field by field (zod): the facts of
// each kind, the declarant, fee, copies and signer. Also what a citizen files online (the draft
// a registration is later made from, so the officer never re-types it). A leaf of the
// application layer: the dossier and civil-status use cases both read it.
import { z } from 'zod';

export const text = (max: number) => z.string().trim().normalize('NFC').max(max);
export const required = (max: number) => text(max).min(1, 'field.required');
export const localDate = z.iso.date({ error: 'field.date_format' });
const optionalId = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))
  .pipe(
    z
      .string()
      .regex(/^\d{12}$/, { error: 'citizenId.format' })
      .nullable(),
  )
  .default(null);
const idNumber = z.string().trim().min(1, 'field.required');
const sex = z.enum(['male', 'female']);
const ethnicity = required(50).default('Kinh');
const nationality = required(50).default('Việt Nam');

const parentInput = z.strictObject({
  fullName: required(200),
  birthYear: z.coerce.number().int().min(1880).max(2200),
  ethnicity,
  nationality,
  residence: text(500).default(''),
  citizenId: optionalId,
});

const declarantInput = z.strictObject({
  fullName: required(200),
  citizenId: idNumber,
  relationship: required(100),
});

export const birthFactsInput = z.strictObject({
  child: z.strictObject({
    fullName: required(200),
    sex,
    dateOfBirth: localDate,
    placeOfBirth: required(500),
    hometown: text(500).default(''),
    ethnicity,
    nationality,
    personalId: optionalId,
  }),
  mother: parentInput.nullable().default(null),
  father: parentInput.nullable().default(null),
  evidence: z.enum(['birth_notice', 'witness_statement', 'abandonment_record']),
});

export const deathFactsInput = z.strictObject({
  deceased: z.strictObject({
    fullName: required(200),
    sex,
    dateOfBirth: localDate,
    ethnicity,
    nationality,
    personalId: optionalId,
    lastResidence: required(500),
  }),
  dateOfDeath: localDate,
  timeOfDeath: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .pipe(
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'field.invalid_format' })
        .nullable(),
    )
    .default(null),
  placeOfDeath: required(500),
  cause: required(500),
  deathNotice: z
    .strictObject({
      number: required(50),
      issuedOn: localDate,
      issuedBy: required(200),
    })
    .nullable()
    .default(null),
});

const spouseInput = z.strictObject({
  fullName: required(200),
  dateOfBirth: localDate,
  ethnicity,
  nationality,
  residence: required(500),
  citizenId: idNumber,
});

export const marriageFactsInput = z.strictObject({
  husband: spouseInput,
  wife: spouseInput,
  presence: z.strictObject({ husband: z.boolean(), wife: z.boolean() }),
});

const common = {
  /** The person who files (người đi khai); for a marriage the parties themselves. */
  declarant: declarantInput.optional(),
  /** Contact for the dossier's applicant. */
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{8,20}$/, { error: 'field.invalid_format' })
    .optional(),
  exemptions: z.array(z.string().max(50)).max(10).default([]),
  copies: z.number().int().min(0).max(100).default(0),
  payment: z
    .strictObject({
      method: z.enum(['cash', 'bank_transfer']),
      reference: required(100),
    })
    .optional(),
  /** The leader who will sign, by account id; the unit's first leader when absent. */
  signerId: z.string().max(100).optional(),
  interlinked: z.array(z.string().max(50)).max(5).default([]),
  note: text(2000).default(''),
  /** Registering a filing made online (status 1) rather than one made at the counter. */
  fromDossierId: z.string().min(1).max(100).optional(),
};

export const registerInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('birth'), facts: birthFactsInput, ...common }),
  z.strictObject({ kind: z.literal('death'), facts: deathFactsInput, ...common }),
  z.strictObject({ kind: z.literal('marriage'), facts: marriageFactsInput, ...common }),
]);
export type RegisterInput = z.infer<typeof registerInput>;

/** What a citizen files online with a birth, death or marriage registration: the facts and
 * who declares, never the fee, the copies or the signer (the desk decides those). */
export const civilDraftInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('birth'),
    facts: birthFactsInput,
    declarant: common.declarant,
    interlinked: common.interlinked,
  }),
  z.strictObject({
    kind: z.literal('death'),
    facts: deathFactsInput,
    declarant: common.declarant,
    interlinked: common.interlinked,
  }),
  z.strictObject({
    kind: z.literal('marriage'),
    facts: marriageFactsInput,
    interlinked: common.interlinked,
  }),
]);
export type CivilDraft = z.infer<typeof civilDraftInput>;
