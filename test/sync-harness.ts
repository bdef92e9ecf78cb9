// A province hub (over real HTTP on an ephemeral port) and commune nodes with their sync
// workers, for the sync tests. The hub runs on the database under test (SQLite or
// PostgreSQL); communes always on SQLite, as in the field. Clocks are set by the tests.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadOrCreateNodeKey } from '../src/sync/keys.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrapAccount } from '../src/application/accounts.js';
import { actorOf } from '../src/application/auth.js';
import type { IntakeInput } from '../src/application/dossiers.js';
import { seedCatalogue } from '../src/application/catalogue.js';
import { createDeskReferences } from '../src/application/desk-adapter.js';
import { createArgon2Hasher } from '../src/application/passwords.js';
import { nodeIdentity, unitDirectory, type Services } from '../src/application/services.js';
import { issueEnrolmentToken } from '../src/application/sync-hub.js';
import { runUseCase } from '../src/application/use-case.js';
import type { Actor } from '../src/domain/permissions.js';
import type { Role } from '../src/domain/roles.js';
import { buildApp } from '../src/http/app.js';
import { loadCalendarData } from '../src/storage/calendar-data.js';
import { loadStaffingData } from '../src/storage/staffing-data.js';
import { projectors } from '../src/storage/projectors/index.js';
import { loadAdminUnits } from '../src/storage/reference-data.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { createSyncWorker, type SyncWorker } from '../src/sync/worker.js';
import type { TestDatabase } from './dialects.js';

const units = loadAdminUnits();
const calendarData = loadCalendarData();

export interface Clock {
  readonly now: () => Date;
  advance(ms: number): void;
  set(at: string): void;
}

export function testClock(start = '2026-11-26T02:00:00.000Z'): Clock {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (at) => {
      now = Date.parse(at);
    },
  };
}

function servicesFor(
  storage: Storage,
  role: 'commune' | 'province',
  unit: string,
  clock: Clock,
): Services {
  const directory = unitDirectory(units);
  return {
    storage,
    units: directory,
    clock: clock.now,
    passwords: createArgon2Hasher({ memoryCost: 1024, timeCost: 2 }),
    node: nodeIdentity(directory, role, unit, { publicUrl: 'http://127.0.0.1:1' }),
    sessionHours: 12,
    desk: createDeskReferences(calendarData, () => clock.now().getTime()),
    cccdPrefixes: units.cccdPrefixes(),
    staffing: loadStaffingData(),
  };
}

export interface TestHub {
  readonly url: string;
  readonly services: Services;
  /** The running web app (replaced by up() after down()). */
  app(): FastifyInstance;
  /** Cuts the link: the hub stops answering on its address. */
  down(): Promise<void>;
  /** Restores the link on the same address. */
  up(): Promise<void>;
  readonly clock: Clock;
  readonly admin: Actor;
  token(unitCode: string, hours?: number): Promise<string>;
  close(): Promise<void>;
}

/** Accounts the hub creates for each commune; they reach the commune by sync. */
export const communeStaff: readonly { role: Role; username: (unit: string) => string }[] = [
  { role: 'receiving_officer', username: (u) => `tiepnhan.${u}` },
  { role: 'specialist', username: (u) => `chuyenvien.${u}` },
  { role: 'leader', username: (u) => `lanhdao.${u}` },
];

const hubSealKeys = new WeakMap<Storage, KeyObject>();

export async function startHub(
  database: TestDatabase,
  options: { clock?: Clock; communes?: readonly string[]; open?: Storage } = {},
): Promise<TestHub> {
  const clock = options.clock ?? testClock();
  const storage =
    options.open ?? (await database.open({ unitCode: '48', projectors, clock: clock.now }));
  // The province's seal key: enrolment certifies each commune's key with it (publishing it then).
  const provinceKey = hubSealKeys.get(storage) ?? generateKeyPairSync('ed25519').privateKey;
  hubSealKeys.set(storage, provinceKey);
  const services: Services = {
    ...servicesFor(storage, 'province', '48', clock),
    seals: { provinceKey },
  };
  const meta = { ip: null };
  const existing = await storage.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', 'quantri')
    .executeTakeFirst();
  if (existing === undefined) {
    await runUseCase(services, null, meta, (uc) => seedCatalogue(uc));
    await runUseCase(services, null, meta, (uc) =>
      bootstrapAccount(uc, {
        username: 'quantri',
        displayName: 'Quản trị',
        role: 'province_admin',
        unitCode: '48',
        password: 'mat-khau-thu-nghiem',
      }),
    );
    for (const unit of options.communes ?? ['20242', '20308'])
      for (const staff of communeStaff)
        await runUseCase(services, null, meta, (uc) =>
          bootstrapAccount(uc, {
            username: staff.username(unit),
            displayName: `${staff.role} ${unit}`,
            role: staff.role,
            unitCode: unit,
            password: 'mat-khau-thu-nghiem',
          }),
        );
  }
  const adminRow = await storage.db
    .selectFrom('accounts')
    .selectAll()
    .where('username', '=', 'quantri')
    .executeTakeFirstOrThrow();
  const admin = actorOf(services, adminRow);
  const build = () =>
    buildApp({
      services,
      units,
      version: '0.0.0-test',
      bodyLimit: 1024 * 1024,
      secureCookies: false,
      cookieSecret: 'a-test-cookie-secret-of-at-least-32-chars',
      logger: false,
    });
  let app = await build();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(url).port);
  let running = true;
  return {
    url,
    services,
    app: () => app,
    down: async () => {
      if (!running) return;
      running = false;
      await app.close();
    },
    up: async () => {
      if (running) return;
      app = await build();
      await app.listen({ port, host: '127.0.0.1' });
      running = true;
    },
    clock,
    admin,
    token: async (unitCode, hours) =>
      (
        await runUseCase(services, admin, meta, (uc) =>
          issueEnrolmentToken(uc, { unitCode, hours: hours ?? 72 }),
        )
      ).token,
    close: async () => {
      if (running) await app.close();
      if (options.open === undefined) await storage.close();
    },
  };
}

export interface TestCommune {
  readonly unit: string;
  readonly dir: string;
  readonly services: Services;
  readonly worker: SyncWorker;
  readonly clock: Clock;
  /** The seeded staff of the unit, as actors, once they have arrived by sync. */
  actor(role: Role): Promise<Actor>;
  close(): Promise<void>;
}

/** The commune's web app on its own services (for page tests: use `inject`). */
export function communeApp(node: TestCommune): Promise<FastifyInstance> {
  return buildApp({
    services: node.services,
    units,
    version: '0.0.0-test',
    bodyLimit: 1024 * 1024,
    secureCookies: false,
    cookieSecret: 'a-test-cookie-secret-of-at-least-32-chars',
    logger: false,
  });
}

export async function startCommune(
  unit: string,
  hubUrl: string,
  options: {
    token?: string;
    clock?: Clock;
    dir?: string;
    timeoutMs?: number;
    attachmentBudgetBytes?: number;
    attachmentChunkBytes?: number;
  } = {},
): Promise<TestCommune> {
  const clock = options.clock ?? testClock();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `motcua-node-${unit}-`)));
  const storage = await openSqliteStorage({
    file: join(dir, 'motcua.sqlite'),
    unitCode: unit,
    projectors,
    clock: clock.now,
  });
  // The node's sync key also seals its certificates, once the hub has certified it.
  const key = await loadOrCreateNodeKey(dir);
  const services: Services = {
    ...servicesFor(storage, 'commune', unit, clock),
    seals: { unitKey: { privateKey: key.privateKey, keyId: key.keyId } },
  };
  const worker = createSyncWorker({
    services,
    dataDir: dir,
    hubUrl,
    enrolmentToken: options.token,
    timeoutMs: options.timeoutMs ?? 5_000,
    sleep: () => Promise.resolve(),
    ...(options.attachmentBudgetBytes === undefined
      ? {}
      : { attachmentBudgetBytes: options.attachmentBudgetBytes }),
    ...(options.attachmentChunkBytes === undefined
      ? {}
      : { attachmentChunkBytes: options.attachmentChunkBytes }),
  });
  return {
    unit,
    dir,
    services,
    worker,
    clock,
    actor: async (role) => {
      const staff = communeStaff.find((s) => s.role === role);
      if (staff === undefined) throw new Error(`no ${role} seeded`);
      const row = await storage.db
        .selectFrom('accounts')
        .selectAll()
        .where('username', '=', staff.username(unit))
        .executeTakeFirstOrThrow();
      return actorOf(services, row);
    },
    close: async () => {
      await worker.stop();
      await storage.close();
    },
  };
}

/** A birth registration received at the counter for `competentUnitCode`, citing `attachments`
 * (hashes of stored scans) as its declaration form. */
export const birthIntake = (
  competentUnitCode: string,
  attachments: readonly string[] = [],
): IntakeInput => ({
  procedureCode: '1.001193',
  competentUnitCode,
  applicant: {
    fullName: 'Nguyễn Thị Mai',
    citizenId: '048185000123',
    dateOfBirth: '1985-03-14',
    sex: 'female',
  },
  components: [
    { code: 'to_khai', provided: true, reusedFromData: false, attachments: [...attachments] },
    { code: 'giay_chung_sinh', provided: true, reusedFromData: false, attachments: [] },
    { code: 'giay_to_tuy_than', provided: false, reusedFromData: true, attachments: [] },
  ],
  exemptions: [],
  late: false,
  copies: 0,
  resultDelivery: 'receiving_unit',
  note: '',
});
