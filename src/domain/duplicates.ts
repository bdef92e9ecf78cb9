// What offline work cannot prevent (DESIGN §3.2): the same applicant filing the same procedure
// at two communes while neither could see the other. The hub looks after every push and flags
// the pair to both units; nothing is merged or overwritten — officers decide.
import { z } from 'zod';

export const duplicateEventTypes = { flagged: 'duplicate.flagged' } as const;

export const duplicateFlaggedPayload = z.strictObject({
  dossierIds: z.tuple([z.string(), z.string()]),
  codes: z.tuple([z.string(), z.string()]),
  unitCodes: z.array(z.string()).min(1).max(2),
  procedureCode: z.string(),
  /**
   * The same applicant filing the same procedure; the same child's birth, or the same person's
   * death, registered at two communes; a party to a marriage registered at another commune.
   */
  reason: z.enum([
    'same_applicant_and_procedure',
    'same_birth',
    'same_death',
    'same_marriage_party',
  ]),
});
export type DuplicateFlagged = z.infer<typeof duplicateFlaggedPayload>;

/** How far apart two filings may be and still look like one matter filed twice. */
export const duplicateWindowDays = 90;

/** The stable key of a pair, whatever order it was found in. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
