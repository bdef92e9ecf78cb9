// Accounts and their events. The hub owns accounts (DESIGN §3.2); a commune node holds a
// copy so that officers can log in with no network. Password hashes travel inside the
// events for that reason; plain passwords and bearer tokens never do.
import { z } from 'zod';
import { roleUnitLevel, roles, unitLevelOf, type Role } from './roles.js';
import { officerFieldCode } from './staffing.js';

export const accountEventTypes = {
  created: 'account.created',
  passwordChanged: 'account.password_changed',
  tokenIssued: 'account.token_issued',
  deactivated: 'account.deactivated',
  /** The officer's field (lĩnh vực), or none: set by the province (domain/staffing.ts). */
  fieldSet: 'account.field_set',
} as const;

export const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export const accountCreatedPayload = z.strictObject({
  username: z.string().regex(usernamePattern),
  displayName: z.string().min(1).max(200),
  role: z.enum(roles),
  unitCode: z.string().regex(/^(\d{2}|\d{5})$/),
  /** argon2id hash, or null for a service account. */
  passwordHash: z.string().nullable(),
  /** SHA-256 (hex) of the bearer token, or null for a person. */
  tokenHash: z.string().nullable(),
});
export type AccountCreated = z.infer<typeof accountCreatedPayload>;

export const accountPasswordChangedPayload = z.strictObject({ passwordHash: z.string() });
export const accountTokenIssuedPayload = z.strictObject({ tokenHash: z.string() });
export const accountDeactivatedPayload = z.strictObject({ reason: z.string().max(500) });
export const accountFieldSetPayload = z.strictObject({
  field: z.string().regex(officerFieldCode).nullable(),
});

export const minPasswordLength = 10;

/**
 * Whether a role may belong to a unit of this level: volunteers work at a commune,
 * province administrators at the province; officers may sit at either.
 */
export function roleFitsUnit(
  role: Role,
  unitCode: string,
): 'ok' | 'needs_commune' | 'needs_province' {
  const level = unitLevelOf(unitCode);
  const wanted = roleUnitLevel[role];
  if (wanted === 'either' || wanted === level) return 'ok';
  return wanted === 'commune' ? 'needs_commune' : 'needs_province';
}
