// Reads data/desk/unit-profiles.json: per-unit facts the desk's documents print (identifier,
// phone, bank account for VietQR, signer title). Validated once at start; a bad file stops the
// node with every problem named.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { UnitProfileData } from '../domain/unit-profile.js';

export const DEFAULT_UNIT_PROFILES_FILE = fileURLToPath(
  new URL('../../data/desk/unit-profiles.json', import.meta.url),
);

const profileSchema = z.strictObject({
  agencyId: z.string().regex(/^[0-9A-Za-z.]{1,30}$/),
  phone: z.string().max(30).nullable(),
  bankTransfer: z
    .strictObject({
      bin: z.string().regex(/^\d{6}$/),
      accountNumber: z.string().regex(/^[0-9A-Za-z]{1,19}$/),
      bankName: z.string().min(1).max(100),
      accountName: z.string().min(1).max(100),
    })
    .nullable(),
  signerTitle: z.array(z.string().min(1).max(60)).min(1).max(3),
});

const fileSchema = z.strictObject({
  _note: z.string().optional(),
  units: z.record(z.string().regex(/^(\d{2}|\d{5})$/), profileSchema),
});

export function loadUnitProfiles(
  file: string = DEFAULT_UNIT_PROFILES_FILE,
): ReadonlyMap<string, UnitProfileData> {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file} is not valid:\n${parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return new Map(Object.entries(parsed.data.units));
}
