// Builds a node's web app in-process on a test database, with a settable clock, cheap password
// hashing and one account per role, for `app.inject` tests (Fastify's testing guide).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { bootstrapAccount, bootstrapServiceAccount } from '../src/application/accounts.js';
import { createArgon2Hasher } from '../src/application/passwords.js';
import { nodeIdentity, unitDirectory, type Services } from '../src/application/services.js';
import { runUseCase } from '../src/application/use-case.js';
import type { Role } from '../src/domain/roles.js';
import { buildApp } from '../src/http/app.js';
import { projectors } from '../src/storage/projectors/index.js';
import { loadAdminUnits } from '../src/storage/reference-data.js';
import type { Storage } from '../src/storage/storage.js';
import type { TestDatabase } from './dialects.js';
import { createDeskReferences } from '../src/application/desk-adapter.js';
import { seedCatalogue } from '../src/application/catalogue.js';
import { loadCalendarData } from '../src/storage/calendar-data.js';
import { loadUnitProfiles } from '../src/storage/unit-profiles.js';
import { loadStaffingData } from '../src/storage/staffing-data.js';
import { copyChain } from '../src/sync/copy-chain.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { certifyUnitSealKey, publishProvinceKey } from '../src/application/seal.js';
import { ed25519KeyId } from '../src/domain/certificate-seal.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const testPassword = 'mat-khau-thu-nghiem';

export interface TestNode {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly storage: Storage;
  /** Moves the node's clock. */
  advance(ms: number): void;
  readonly serviceToken: string;
  /** Username of the seeded account of each role. */
  readonly usernames: Readonly<Record<Role, string>>;
  counts(): Promise<{ events: number; accounts: number; audit: number }>;
}

const units = loadAdminUnits();
const calendarData = loadCalendarData();
const profiles = loadUnitProfiles();

/**
 * The province's seal key and one sealing key per commune used in tests, made once per test
 * process; the reference hub publishes the first and certifies the others, as enrolment does.
 */
export const testSealKeys = {
  province: generateKeyPairSync('ed25519').privateKey,
  units: new Map(
    ['20242', '20308'].map((unit) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      return [unit, { privateKey, publicKey, keyId: ed25519KeyId(publicKey) }] as const;
    }),
  ),
};

/**
 * The hub's reference chain (the seed catalogue), built once per test process in a scratch
 * SQLite file; each test node receives it the way a commune receives the hub's events.
 */
let hubChain: Promise<Storage> | undefined;
function referenceHub(): Promise<Storage> {
  hubChain ??= (async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-hub-')), 'hub.sqlite');
    const storage = await openSqliteStorage({ file, unitCode: '48', projectors });
    const directory = unitDirectory(units);
    const hub: Services = {
      storage,
      units: directory,
      clock: () => new Date('2026-01-01T00:00:00.000Z'),
      passwords: createArgon2Hasher({ memoryCost: 1024, timeCost: 2 }),
      node: nodeIdentity(directory, 'province', '48'),
      sessionHours: 12,
      desk: createDeskReferences(calendarData),
      cccdPrefixes: units.cccdPrefixes(),
    };
    await runUseCase(hub, null, { ip: null }, (uc) => seedCatalogue(uc));
    await runUseCase(hub, null, { ip: null }, async (uc) => {
      await publishProvinceKey(uc, testSealKeys.province);
      for (const [unitCode, key] of testSealKeys.units)
        await certifyUnitSealKey(uc, testSealKeys.province, {
          unitCode,
          keyId: key.keyId,
          publicKey: key.publicKey,
        });
    });
    return storage;
  })();
  return hubChain;
}

/** Accounts seeded on a commune node (Phường Hải Châu) or a hub (Đà Nẵng). */
const seedFor = (unit: string): { role: Role; username: string; unitCode: string }[] => [
  { role: 'citizen', username: 'congdan', unitCode: '48' },
  { role: 'receiving_officer', username: 'tiepnhan', unitCode: unit },
  { role: 'specialist', username: 'chuyenvien', unitCode: unit },
  { role: 'leader', username: 'lanhdao', unitCode: unit },
  { role: 'province_admin', username: 'quantri', unitCode: '48' },
  { role: 'volunteer', username: 'tinhnguyen', unitCode: unit.length === 5 ? unit : '20242' },
];

export async function startTestNode(
  database: TestDatabase,
  options: {
    role?: 'commune' | 'province';
    unit?: string;
    start?: string;
    withCatalogue?: boolean;
  } = {},
): Promise<TestNode> {
  const role = options.role ?? 'commune';
  const unit = options.unit ?? (role === 'commune' ? '20242' : '48');
  let now = new Date(options.start ?? '2026-11-26T02:00:00.000Z').getTime();
  const clock = () => new Date(now);
  const storage = await database.open({ unitCode: unit, projectors, clock });
  const directory = unitDirectory(units);
  const profile = profiles.get(unit);
  const sealKey = testSealKeys.units.get(unit);
  const services: Services = {
    storage,
    units: directory,
    clock,
    passwords: createArgon2Hasher({ memoryCost: 1024, timeCost: 2 }),
    node: nodeIdentity(directory, role, unit, {
      publicUrl: 'http://127.0.0.1:4801',
      ...(profile === undefined ? {} : { agencyId: profile.agencyId, profile }),
    }),
    sessionHours: 12,
    desk: createDeskReferences(calendarData),
    cccdPrefixes: units.cccdPrefixes(),
    staffing: loadStaffingData(),
    ...(sealKey === undefined
      ? {}
      : { seals: { unitKey: { privateKey: sealKey.privateKey, keyId: sealKey.keyId } } }),
    verifyBaseUrl: 'http://127.0.0.1:4800',
  };
  if (options.withCatalogue !== false && unit !== '48')
    await copyChain(await referenceHub(), storage, '48');
  const usernames = {} as Record<Role, string>;
  for (const account of seedFor(unit)) {
    usernames[account.role] = account.username;
    await runUseCase(services, null, { ip: null }, (uc) =>
      bootstrapAccount(uc, {
        ...account,
        displayName: `Người thử ${account.role}`,
        password: testPassword,
      }),
    );
  }
  const { token } = await runUseCase(services, null, { ip: null }, (uc) =>
    bootstrapServiceAccount(uc, { username: 'dichvu', displayName: 'Dịch vụ thử', unitCode: '48' }),
  );
  usernames.service = 'dichvu';
  const app = await buildApp({
    services,
    units,
    version: '0.0.0-test',
    bodyLimit: 1024 * 1024,
    secureCookies: false,
    cookieSecret: 'a-test-cookie-secret-of-at-least-32-chars',
    logger: false,
  });
  return {
    app,
    services,
    storage,
    advance: (ms) => {
      now += ms;
    },
    serviceToken: token,
    usernames,
    counts: async () => {
      const count = async (table: 'events' | 'accounts' | 'audit_entries') =>
        Number(
          (
            await storage.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        events: await count('events'),
        accounts: await count('accounts'),
        audit: await count('audit_entries'),
      };
    },
  };
}

/** Cookies from a response's Set-Cookie headers, as one Cookie header value. */
export function cookiesOf(response: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>(
    previous
      .split('; ')
      .filter((c) => c.includes('='))
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string]),
  );
  for (const c of response.cookies) jar.set(c.name, c.value);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Logs in through the JSON API and returns the session cookie header. */
export async function apiLogin(node: TestNode, role: Role): Promise<string> {
  const response = await node.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: node.usernames[role], password: testPassword },
  });
  if (response.statusCode !== 200)
    throw new Error(`login as ${role}: ${response.statusCode} ${response.body}`);
  return cookiesOf(response);
}

/** Logs in through the login form, as a browser does, and returns the cookie header. */
export async function pageLogin(
  node: Pick<TestNode, 'app' | 'usernames'>,
  role: Role,
): Promise<string> {
  const page = await node.app.inject({ method: 'GET', url: '/login' });
  const response = await node.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookiesOf(page) },
    payload: { _csrf: csrfFrom(page.body), username: node.usernames[role], password: testPassword },
  });
  if (response.statusCode !== 303)
    throw new Error(`login as ${role}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return cookiesOf(response, cookiesOf(page));
}

/** The CSRF token and cookie a page's form carries. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('no CSRF token in the page');
  return match[1];
}
