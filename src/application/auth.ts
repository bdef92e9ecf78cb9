// Logging in and recognising who is calling. People log in with a password and get a session
// (a random token in an HttpOnly cookie, stored here only as a hash); service accounts send
// a bearer token. Repeated failures lock the username and the client address for a while.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  addressBackoff,
  lockSecondsAfter,
  secondsLeft,
  usernameBackoff,
  type BackoffPolicy,
} from '../domain/login-backoff.js';
import type { Actor } from '../domain/permissions.js';
import type { Role } from '../domain/roles.js';
import type { AccountRow, Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { AppError } from './errors.js';
import type { RequestMeta, Services } from './services.js';
import { hashToken, newSecretToken } from './tokens.js';

export const loginInput = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'field.required').max(100),
  password: z.string().min(1, 'field.required').max(200),
});
export type LoginInput = z.infer<typeof loginInput>;

// A real argon2id hash of a random password: verifying against it when the username is
// unknown makes a wrong username cost as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

export function actorOf(services: Services, row: AccountRow): Actor {
  const provinceCode = services.units.unit(row.unit_code)?.provinceCode ?? row.unit_code;
  return { id: row.id, role: row.role as Role, unitCode: row.unit_code, provinceCode };
}

async function lockedFor(db: Kysely<Database>, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return secondsLeft(row?.locked_until ?? null, now);
}

async function countFailure(
  db: Kysely<Database>,
  key: string,
  policy: BackoffPolicy,
  now: Date,
): Promise<void> {
  const row = await db
    .selectFrom('login_throttle')
    .select('failures')
    .where('key', '=', key)
    .executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  const lock = lockSecondsAfter(policy, failures);
  const values = {
    failures,
    locked_until: lock > 0 ? new Date(now.getTime() + lock * 1000).toISOString() : null,
    last_failure_at: now.toISOString(),
  };
  await db
    .insertInto('login_throttle')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export interface LoginResult {
  readonly sessionToken: string;
  readonly actor: Actor;
  readonly displayName: string;
  readonly expiresAt: string;
}

/**
 * Checks the password and opens a session. Failures are counted and audited in their own
 * committed transaction before `login_failed` or `login_throttled` is thrown.
 */
export async function login(
  services: Services,
  meta: RequestMeta,
  input: LoginInput,
): Promise<LoginResult> {
  const now = services.clock();
  const userKey = `user:${input.username}`;
  const addressKey = `ip:${meta.ip ?? 'unknown'}`;
  const outcome = await services.storage.transaction(async (tx) => {
    const wait = Math.max(
      await lockedFor(tx.db, userKey, now),
      await lockedFor(tx.db, addressKey, now),
    );
    if (wait > 0) return { kind: 'throttled' as const, wait };
    const row = await tx.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', input.username)
      .where('active', '=', 1)
      .executeTakeFirst();
    const hash =
      row?.password_hash ?? (await (dummyHash ??= services.passwords.hash(newSecretToken())));
    const valid = await services.passwords.verify(hash, input.password);
    if (!valid || row?.password_hash == null) {
      await countFailure(tx.db, userKey, usernameBackoff, now);
      await countFailure(tx.db, addressKey, addressBackoff, now);
      await recordAudit(tx.db, services.node.unitCode, now, null, meta, {
        kind: 'login',
        action: 'session.create',
        subjectType: 'account',
        subjectId: row?.id ?? null,
        outcome: 'failed',
        actorIdOverride: row?.id ?? null,
      });
      return { kind: 'failed' as const };
    }
    await tx.db.deleteFrom('login_throttle').where('key', '=', userKey).execute();
    const token = newSecretToken();
    const expiresAt = new Date(now.getTime() + services.sessionHours * 3_600_000).toISOString();
    await tx.db
      .insertInto('sessions')
      .values({
        id_hash: hashToken(token),
        account_id: row.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    const actor = actorOf(services, row);
    await recordAudit(tx.db, services.node.unitCode, now, actor, meta, {
      kind: 'login',
      action: 'session.create',
      subjectType: 'account',
      subjectId: row.id,
      outcome: 'ok',
    });
    return {
      kind: 'ok' as const,
      result: { sessionToken: token, actor, displayName: row.display_name, expiresAt },
    };
  });
  if (outcome.kind === 'throttled')
    throw new AppError('login_throttled', {
      params: { seconds: outcome.wait },
      retryAfterSeconds: outcome.wait,
    });
  if (outcome.kind === 'failed') throw new AppError('login_failed');
  return outcome.result;
}

export interface Authenticated {
  readonly actor: Actor;
  readonly displayName: string;
  readonly via: 'session' | 'bearer';
}

/** The account behind a session cookie, or null when it is unknown, expired or deactivated. */
export async function authenticateSession(
  services: Services,
  token: string,
): Promise<Authenticated | null> {
  const key = hashToken(token);
  const cache = sessionCache(services);
  const nowMs = services.clock().getTime();
  const hit = cache.get(key);
  if (hit !== undefined && Math.abs(nowMs - hit.at) < SESSION_CACHE_MS) return hit.value;
  const value = await lookUpSession(services, token);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, { at: nowMs, value });
  return value;
}

/**
 * Every request of a signed-in officer asks who they are; the answer is kept for a few
 * seconds (per node, by token hash). Logging out drops it at once; a deactivation or an
 * expiry is seen within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const sessionCaches = new WeakMap<
  object,
  Map<string, { at: number; value: Authenticated | null }>
>();

function sessionCache(
  services: Services,
): Map<string, { at: number; value: Authenticated | null }> {
  let cache = sessionCaches.get(services.storage);
  if (cache === undefined) {
    cache = new Map();
    sessionCaches.set(services.storage, cache);
  }
  return cache;
}

async function lookUpSession(services: Services, token: string): Promise<Authenticated | null> {
  const now = services.clock().toISOString();
  const row = await services.storage.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('accounts')
    .where('sessions.id_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now)
    .where('accounts.active', '=', 1)
    .executeTakeFirst();
  return row === undefined
    ? null
    : { actor: actorOf(services, row), displayName: row.display_name, via: 'session' };
}

/** The service account behind a bearer token, or null. */
export async function authenticateBearer(
  services: Services,
  token: string,
): Promise<Authenticated | null> {
  const row = await services.storage.db
    .selectFrom('accounts')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('role', '=', 'service')
    .where('active', '=', 1)
    .executeTakeFirst();
  return row === undefined
    ? null
    : { actor: actorOf(services, row), displayName: row.display_name, via: 'bearer' };
}

export async function logout(
  services: Services,
  meta: RequestMeta,
  token: string,
  actor: Actor | null,
): Promise<void> {
  const now = services.clock();
  sessionCache(services).delete(hashToken(token));
  await services.storage.transaction(async (tx) => {
    await tx.db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
    if (actor !== null)
      await recordAudit(tx.db, services.node.unitCode, now, actor, meta, {
        kind: 'login',
        action: 'session.end',
        subjectType: 'account',
        subjectId: actor.id,
        outcome: 'ok',
      });
  });
}
