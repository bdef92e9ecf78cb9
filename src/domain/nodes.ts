// Commune nodes as the hub knows them: enrolled with a one-time token, identified by an
// Ed25519 key, revocable. These are the hub's own events (its chain); they never flow down.
import { z } from 'zod';

export const nodeEventTypes = {
  tokenIssued: 'node.enrolment_token_issued',
  enrolled: 'node.enrolled',
  revoked: 'node.revoked',
} as const;

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });

export const tokenIssuedPayload = z.strictObject({
  /** SHA-256 of the token; the token itself is shown once to the administrator. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  unitCode: z.string().regex(/^\d{5}$/),
  expiresAt: isoInstant,
});

export const enrolledPayload = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  unitCode: z.string().regex(/^\d{5}$/),
  /** Base64 of the Ed25519 public key (SPKI DER). */
  publicKey: z.string(),
  tokenId: z.string(),
});

export const revokedPayload = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  reason: z.string().min(1).max(500),
});

/** How long an enrolment token stays usable unless the administrator says otherwise. */
export const defaultTokenHours = 72;

export type TokenProblem = 'token_invalid' | 'token_expired' | 'token_used';

/** Whether a token may enrol a node of `unitCode` at `now`. */
export function checkToken(
  token: { unitCode: string; expiresAt: string; usedAt: string | null } | undefined,
  unitCode: string,
  now: string,
): TokenProblem | null {
  if (token === undefined || token.unitCode !== unitCode) return 'token_invalid';
  if (token.usedAt !== null) return 'token_used';
  if (now >= token.expiresAt) return 'token_expired';
  return null;
}
