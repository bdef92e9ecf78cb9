// Account use cases: create a person's or a service account, list accounts. Each write is an
// event (the projection follows in the same transaction) plus an audit entry.
import { z } from 'zod';
import {
  accountEventTypes,
  minPasswordLength,
  roleFitsUnit,
  usernamePattern,
  type AccountCreated,
} from '../domain/accounts.js';
import { roles, type Role } from '../domain/roles.js';
import type { AccountRow } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { validationError, type FieldProblem } from './errors.js';
import { appendOfficerField, officerFieldProblems, staffingData } from './officer-fields.js';
import { hashToken, newSecretToken } from './tokens.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

export const createAccountInput = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'field.required')
    .regex(usernamePattern, { error: 'field.username_format' }),
  displayName: z.string().trim().normalize('NFC').min(1, 'field.required').max(200),
  role: z.enum(roles.filter((r) => r !== 'service') as [Role, ...Role[]]),
  unitCode: z
    .string()
    .trim()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' }),
  password: z.string().min(minPasswordLength).max(200),
  /** The officer's field (domain/staffing.ts), optional; set by an `account.field_set` event. */
  field: z.string().trim().min(1).max(40).optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountInput>;

/** Account data shown to those entitled to it: never the hashes. */
export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitCode: string;
  readonly active: boolean;
  readonly createdAt: string;
  /** The officer's field (lĩnh vực), or null. */
  readonly field: string | null;
}

export function accountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    unitCode: row.unit_code,
    active: row.active === 1,
    createdAt: row.created_at,
    field: row.officer_field,
  };
}

async function checkNewAccount(
  uc: UseCase,
  username: string,
  role: Role,
  unitCode: string,
  /** Problems found with the rest of the input, reported with these. */
  more: readonly FieldProblem[] = [],
): Promise<void> {
  const problems: FieldProblem[] = [];
  const unit = uc.services.units.unit(unitCode);
  if (unit === undefined) {
    problems.push({
      field: 'unitCode',
      reason: 'unit_unknown',
      message: 'field.unit_unknown',
      params: { code: unitCode },
    });
  } else {
    const fit = roleFitsUnit(role, unitCode);
    if (fit !== 'ok')
      problems.push({
        field: 'unitCode',
        reason: `role_${fit}`,
        message: fit === 'needs_commune' ? 'field.role_needs_commune' : 'field.role_needs_province',
      });
  }
  const taken = await uc.tx.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (taken !== undefined)
    problems.push({
      field: 'username',
      reason: 'username_taken',
      message: 'field.username_taken',
      params: { username },
    });
  problems.push(...more);
  if (problems.length > 0) throw validationError(problems);
}

async function appendAccount(uc: UseCase, payload: AccountCreated): Promise<AccountView> {
  const id = crypto.randomUUID();
  const event = await uc.tx.append(
    { type: accountEventTypes.created, entityType: 'account', entityId: id, payload },
    { actorId: uc.actor?.id ?? null },
  );
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'account.create',
    subjectType: 'account',
    subjectId: id,
    outcome: 'ok',
    eventId: event.id,
  });
  const row = await uc.tx.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return accountView(row);
}

export async function createAccount(uc: UseCase, input: CreateAccountInput): Promise<AccountView> {
  // Authorise against the unit asked for; an unknown unit is then a field error, not a 403.
  if (uc.services.units.unit(input.unitCode) !== undefined)
    authorize(uc, 'account.create', subjectIn(uc.services, input.unitCode), {
      type: 'account',
      id: null,
    });
  else
    authorize(uc, 'account.create', subjectIn(uc.services, uc.services.node.unitCode), {
      type: 'account',
      id: null,
    });
  // The hub owns accounts (DESIGN §3.2); a commune receives its staff's accounts by sync, so
  // an account made at a commune could clash with one made at the hub.
  if (uc.services.node.role !== 'province')
    throw validationError([
      { field: 'node', reason: 'accounts_hub_only', message: 'accounts.hubOnly' },
    ]);
  // A field with the account: the administrator sets fields too (staffing.manage).
  const field = input.field ?? null;
  if (field !== null && uc.services.units.unit(input.unitCode) !== undefined)
    authorize(uc, 'staffing.manage', subjectIn(uc.services, input.unitCode), {
      type: 'account',
      id: null,
    });
  await checkNewAccount(
    uc,
    input.username,
    input.role,
    input.unitCode,
    field === null ? [] : officerFieldProblems(staffingData(uc.services), input.role, field),
  );
  const account = await appendAccount(uc, {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    unitCode: input.unitCode,
    passwordHash: await uc.services.passwords.hash(input.password),
    tokenHash: null,
  });
  if (field === null) return account;
  const eventId = await appendOfficerField(uc, account.id, field);
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'staffing.manage',
    subjectType: 'account',
    subjectId: account.id,
    outcome: 'ok',
    eventId,
  });
  return { ...account, field };
}

/**
 * Creates an account for a person without an acting account: used by the operator's CLI and
 * the demo seeding, which run on the machine itself. Still an event, still audited.
 */
export async function bootstrapAccount(
  uc: UseCase,
  input: CreateAccountInput,
): Promise<AccountView> {
  await checkNewAccount(uc, input.username, input.role, input.unitCode);
  return appendAccount(uc, {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    unitCode: input.unitCode,
    passwordHash: await uc.services.passwords.hash(input.password),
    tokenHash: null,
  });
}

/** Creates a service account; the bearer token is returned once and stored only as a hash. */
export async function bootstrapServiceAccount(
  uc: UseCase,
  input: { username: string; displayName: string; unitCode: string },
): Promise<{ account: AccountView; token: string }> {
  await checkNewAccount(uc, input.username, 'service', input.unitCode);
  const token = newSecretToken('mc_');
  const account = await appendAccount(uc, {
    username: input.username,
    displayName: input.displayName,
    role: 'service',
    unitCode: input.unitCode,
    passwordHash: null,
    tokenHash: hashToken(token),
  });
  return { account, token };
}

export const listAccountsInput = z.strictObject({
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
});

/** Lists accounts the actor may see: one unit's, or the whole province's for its administrators. */
export async function listAccounts(
  uc: UseCase,
  input: z.infer<typeof listAccountsInput>,
): Promise<AccountView[]> {
  const actor = uc.actor;
  const unitCode =
    input.unitCode ?? (actor?.role === 'leader' ? actor.unitCode : (actor?.provinceCode ?? ''));
  if (uc.services.units.unit(unitCode) === undefined)
    throw validationError([
      {
        field: 'unitCode',
        reason: 'unit_unknown',
        message: 'field.unit_unknown',
        params: { code: unitCode },
      },
    ]);
  authorize(uc, 'account.list', subjectIn(uc.services, unitCode), { type: 'unit', id: unitCode });
  let query = uc.tx.db.selectFrom('accounts').selectAll().orderBy('unit_code').orderBy('username');
  // A province code selects the province's own accounts and those of all its communes.
  const codes =
    unitCode.length === 2 ? [unitCode, ...uc.services.units.communeCodesOf(unitCode)] : [unitCode];
  query = query.where('unit_code', 'in', codes);
  const rows = await query.execute();
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'account.list',
    subjectType: 'unit',
    subjectId: unitCode,
    outcome: 'ok',
  });
  return rows.map(accountView);
}
