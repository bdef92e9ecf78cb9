// `npm run test:crash`: kills a real commune node with SIGKILL, again and again, while officers
// are writing and while its sync worker is pushing, and now and then kills the hub too; then
// checks that no acknowledged intake was lost or duplicated, at the node or at the hub (issue 4,
// DESIGN §3.1 and §3.3), and that civil-status register numbers have no gap and no repeat
// however many kills fell while one was being allocated (issue 5).
//
// Everything runs as in the field: the hub and the node are separate `motcua serve` processes on
// their own databases, prepared with the operator's commands (`catalogue import`, `account
// create`, `nodes token`); the node enrols with its token and receives its officer's account by
// sync. Between the node and the hub sits the fault proxy of the sync tests, used here only as a
// tap: it tells this script the moment a push is on the wire and holds it there, so that a kill
// lands "during sync" on purpose rather than by luck.
//
// The node is on SQLite, as every commune node is. The hub is on SQLite too, unless DATABASE_URL
// names a PostgreSQL server: a province hub runs on PostgreSQL in production and must keep the
// same promises there, so it then gets a fresh database of its own on that server
// (motcua_crash_<time>_<pid>, dropped at the end unless CRASH_KEEP=1). CRASH_HUB=sqlite|postgres
// chooses explicitly; postgres needs DATABASE_URL all the same.
//
// Kinds of round (24 by default, CRASH_ROUNDS to change; at least 20):
//   write          the node is killed while intakes are in flight;
//   sync-request   a push is held before it reaches the hub, and the node is killed meanwhile
//                  (the held push then reaches the hub from a dead node, like a late packet);
//   sync-response  the hub has stored a push, its answer is held, and the node is killed before
//                  it learns its new cursor (the "lost acknowledgement" case);
//   hub            the hub is killed while it stores a push, the node keeps taking intakes
//                  offline and is then killed during writes too; both restart.
//
// Only answers the client received in full (HTTP 201 with the dossier) count as acknowledged;
// requests cut by a kill are allowed to have been committed or not, but not twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { startFaultProxy, type FaultProxy, type FaultStep } from '../fault-proxy.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin', 'motcua.js');

const ROUNDS = Math.max(20, Number(process.env['CRASH_ROUNDS'] ?? 24));
const CLIENTS = Math.max(1, Number(process.env['CRASH_CLIENTS'] ?? 4));
const KEEP = process.env['CRASH_KEEP'] === '1';
/** Also kill the node during its enrolment, after the hub used up the token (CRASH_ENROLMENT=0
 * to leave it out): started again with the same token, it must end up enrolled. */
const ENROLMENT_CRASH = process.env['CRASH_ENROLMENT'] !== '0';
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

const HUB_UNIT = '48';
const COMMUNE = '20242';
const USERNAME = 'tiepnhan.crash';
const PASSWORD = 'crash-test-password-2026';
/** Longest wait for something that should take a few seconds (a start, a push, convergence). */
const PATIENCE_MS = 60_000;

/** The server on which the hub's own database is made; empty counts as unset, as in the tests. */
const DATABASE_URL = process.env['DATABASE_URL'] ?? '';
type HubKind = 'sqlite' | 'postgres';
const HUB_KIND: HubKind = (() => {
  const asked = process.env['CRASH_HUB'] ?? '';
  const refuse = (why: string): never => {
    process.stderr.write(`crash test: ${why}\n`);
    process.exit(2);
  };
  if (asked === '') return DATABASE_URL === '' ? 'sqlite' : 'postgres';
  if (asked !== 'sqlite' && asked !== 'postgres')
    return refuse(`CRASH_HUB=${JSON.stringify(asked)}: expected sqlite or postgres`);
  if (asked === 'postgres' && DATABASE_URL === '')
    return refuse(
      'CRASH_HUB=postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres): ' +
        'the hub gets a fresh database on that server',
    );
  return asked;
})();

// ---- small tools ------------------------------------------------------------------------------

/** mulberry32: kill timings drawn from a printed seed, so a failing run can be talked about. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(SEED);
const between = (min: number, max: number) => Math.floor(min + random() * (max - min));

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const note = (line: string) => process.stdout.write(`[${elapsed()}] ${line}\n`);

/** A broken promise of the product: collected, printed loudly, and the run exits non-zero. */
const violations: string[] = [];
function violation(line: string): void {
  violations.push(line);
  process.stdout.write(`[${elapsed()}] VIOLATION: ${line}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = PATIENCE_MS,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline)
      throw new Error(`gave up after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Reads a node's database without disturbing it: a separate read-only connection, opened and
 * closed around each look, so that the running node (and its WAL) is never held up.
 */
function peek<T>(file: string, read: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

interface EventRow {
  readonly id: string;
  readonly unit_seq: number;
  readonly hash: string;
  readonly type: string;
  readonly entity_id: string;
}

interface DossierRow {
  readonly id: string;
  readonly code: string;
}

interface CivilRow {
  readonly id: string;
  readonly kind: string;
  readonly book_year: number;
  readonly number: number;
}

/**
 * What the checks read of a database, the same whether it is a SQLite file or PostgreSQL: the
 * hub may be on either, and the checks must not care which.
 */
interface Reader {
  /** In the summary and the first line: which database this is. */
  readonly label: string;
  /** The unit_seq of the unit's newest event (its chain head); 0 before the first. */
  head(unit: string): Promise<number>;
  /** The unit's events in chain order, with what the checks compare. */
  chain(unit: string): Promise<EventRow[]>;
  /** The dossiers received at the unit. */
  dossiers(unit: string): Promise<DossierRow[]>;
  /** The unit's civil-status records with their register numbers. */
  civil(unit: string): Promise<CivilRow[]>;
  close(): Promise<void>;
}

/** A SQLite file, opened read-only for each look (see `peek`): never holds the server up. */
function sqliteReader(file: string): Reader {
  return {
    label: 'SQLite',
    head: async (unit) =>
      peek(file, (db) => {
        const row = db.prepare('select unit_seq from chain_heads where unit_code = ?').get(unit) as
          { unit_seq: number } | undefined;
        return row?.unit_seq ?? 0;
      }),
    chain: async (unit) =>
      peek(
        file,
        (db) =>
          db
            .prepare(
              'select id, unit_seq, hash, type, entity_id from events where unit_code = ? order by unit_seq',
            )
            .all(unit) as EventRow[],
      ),
    dossiers: async (unit) =>
      peek(
        file,
        (db) =>
          db
            .prepare('select id, code from dossiers where receiving_unit_code = ?')
            .all(unit) as DossierRow[],
      ),
    civil: async (unit) =>
      peek(
        file,
        (db) =>
          db
            .prepare('select id, kind, book_year, number from civil_records where unit_code = ?')
            .all(unit) as CivilRow[],
      ),
    close: async () => undefined,
  };
}

/**
 * pg gives bigint columns (unit_seq) as strings, so that nothing past 2^53 is rounded silently;
 * ours stay far below, and are compared with the node's numbers, so they are made numbers here,
 * loudly if one ever is not safe.
 */
function int8(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`bigint ${String(value)} is not a safe integer`);
  return n;
}

/**
 * The hub's PostgreSQL database, through a small pool of its own. Reads are plain statements
 * (each its own snapshot), like the read-only SQLite connection; they take no lock the hub waits on.
 */
function postgresReader(url: string, label: string): Reader {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection that the server ends (the database dropped at the end) must not take the
  // script down with an unhandled 'error'.
  pool.on('error', () => undefined);
  return {
    label,
    head: async (unit) => {
      const { rows } = await pool.query<{ unit_seq: string }>(
        'select unit_seq from chain_heads where unit_code = $1',
        [unit],
      );
      return rows[0] === undefined ? 0 : int8(rows[0].unit_seq);
    },
    chain: async (unit) => {
      const { rows } = await pool.query<Omit<EventRow, 'unit_seq'> & { unit_seq: string }>(
        'select id, unit_seq, hash, type, entity_id from events where unit_code = $1 order by unit_seq',
        [unit],
      );
      return rows.map((row) => ({ ...row, unit_seq: int8(row.unit_seq) }));
    },
    dossiers: async (unit) =>
      (
        await pool.query<DossierRow>(
          'select id, code from dossiers where receiving_unit_code = $1',
          [unit],
        )
      ).rows,
    civil: async (unit) =>
      (
        await pool.query<CivilRow>(
          'select id, kind, book_year, number from civil_records where unit_code = $1',
          [unit],
        )
      ).rows.map((row) => ({ ...row, book_year: int8(row.book_year), number: int8(row.number) })),
    close: () => pool.end(),
  };
}

/** Where the hub keeps its data, how its commands are told so, and how to look into it. */
interface HubDatabase {
  /** Added to every hub command: `--database-url` for PostgreSQL, nothing for SQLite. */
  readonly args: readonly string[];
  readonly reader: Reader;
  /** Undoes what `openHubDatabase` made outside the run's folder. */
  readonly dispose: () => Promise<void>;
}

/**
 * SQLite: the file the hub makes in its data folder. PostgreSQL: a database made for this run
 * on DATABASE_URL's server (through its `postgres` database), never DATABASE_URL's own, so a run
 * starts from nothing whatever the CI database already holds and two runs cannot meet.
 */
async function openHubDatabase(hubDir: string): Promise<HubDatabase> {
  if (HUB_KIND === 'sqlite')
    return {
      args: [],
      reader: sqliteReader(join(hubDir, 'motcua.sqlite')),
      dispose: async () => undefined,
    };
  const server = new URL(DATABASE_URL);
  const name = `motcua_crash_${Date.now()}_${process.pid}`;
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const hub = new URL(server);
  hub.pathname = `/${name}`;
  const maintenance = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  // The name is ours (letters, digits, underscores): nothing to quote.
  await maintenance(`create database ${name}`).catch((error: unknown) => {
    throw new Error(`could not create the hub's database ${name} on ${server.host}`, {
      cause: error,
    });
  });
  // The label names the server but not the URL: it may carry a password.
  const reader = postgresReader(hub.toString(), `PostgreSQL (${name} on ${server.host})`);
  return {
    args: ['--database-url', hub.toString()],
    reader,
    dispose: async () => {
      await reader.close();
      if (KEEP) {
        process.stdout.write(`Hub database kept: ${name} on ${server.host}\n`);
        return;
      }
      // WITH (FORCE): a hub killed in the last moments may have left a backend behind.
      await maintenance(`drop database if exists ${name} with (force)`);
    },
  };
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---- processes --------------------------------------------------------------------------------

/** The children inherit no motcua configuration from the shell that runs the test. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('MOTCUA_') && name !== 'DATABASE_URL') env[name] = value;
  return env;
}

async function motcua(
  args: readonly string[],
  stdin = '',
): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: childEnv(),
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      resolve(status);
    });
  });
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  if (code !== 0)
    throw new Error(`motcua ${args.join(' ')} exited with ${String(code)}:\n${stdout}${stderr}`);
  return { stdout, stderr };
}

interface Server {
  readonly name: string;
  readonly port: number;
  readonly log: string;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startServer(
  name: string,
  port: number,
  log: string,
  args: readonly string[],
): Promise<Server> {
  // Appended across restarts: one file tells the node's whole life.
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), ...args], {
    stdio: ['ignore', fd, fd],
    env: childEnv(),
  });
  closeSync(fd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const server: Server = { name, port, log, child, exited };
  live.add(server);
  void exited.then(() => live.delete(server));
  const t0 = performance.now();
  await waitFor(`${name} to answer /healthz`, async () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited while starting (${String(child.exitCode ?? child.signalCode)}):\n${tail(log)}`,
      );
    try {
      return (await get(port, '/healthz')) === 200 ? true : undefined;
    } catch {
      return undefined; // not listening yet
    }
  });
  startTimes.push(performance.now() - t0);
  return server;
}
const startTimes: number[] = [];
/** Servers still running, killed on the way out if the run is aborted. */
const live = new Set<Server>();

async function killHard(server: Server): Promise<void> {
  const { pid } = server.child;
  if (pid === undefined || server.child.exitCode !== null || server.child.signalCode !== null)
    throw new Error(
      `${server.name} was not running when it was to be killed:\n${tail(server.log)}`,
    );
  process.kill(pid, 'SIGKILL');
  await server.exited;
}

async function stopGracefully(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  const { code, signal } = await server.exited;
  if (code !== 0)
    violation(
      `${server.name} did not stop cleanly on SIGTERM (exit ${String(code ?? signal)}):\n${tail(server.log)}`,
    );
}

// ---- HTTP -------------------------------------------------------------------------------------

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly cookie: string;
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.setTimeout(2_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Resolves only with a complete answer; a cut connection (the node killed) rejects. */
function post(
  port: number,
  agent: Agent,
  path: string,
  body: string,
  cookie = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          cookie,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => {
          reject(new Error('answer cut short'));
        });
        res.on('end', () => {
          if (!res.complete) {
            reject(new Error('answer cut short'));
            return;
          }
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookie: (res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '',
          });
        });
      },
    );
    req.on('error', reject);
    // A node that hangs rather than dies would be a finding of its own: fail the request.
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.end(body);
  });
}

/** A birth registration at the counter (as in src/http/desk-api.test.ts), one applicant each. */
function birth(n: number): string {
  return JSON.stringify({
    procedureCode: '1.001193',
    competentUnitCode: COMMUNE,
    applicant: {
      fullName: 'Nguyễn Thị Mai',
      // 048 Đà Nẵng, 1 a woman born in the 1900s, 85 the year: consistent with the birth date.
      citizenId: `0481850${String(10000 + (n % 90000)).padStart(5, '0')}`,
      dateOfBirth: '1985-03-14',
      sex: 'female',
      phone: '0905123456',
    },
    components: [
      { code: 'to_khai', provided: true },
      { code: 'giay_chung_sinh', provided: true },
      { code: 'giay_to_tuy_than', reusedFromData: true },
    ],
  });
}

/**
 * A birth entered in the register (issue 5): its own dossier and the book's next number. Every
 * third request of an officer is one, so kills land in the middle of number allocation too.
 */
function civilBirth(n: number): string {
  return JSON.stringify({
    kind: 'birth',
    facts: {
      child: {
        // A name of its own each time, so none is refused as the same child registered twice.
        fullName: `Nguyễn Văn Thử ${n}`,
        sex: 'male',
        dateOfBirth: '2026-11-01',
        placeOfBirth: 'Bệnh viện Đa khoa Đà Nẵng',
      },
      mother: { fullName: 'Trần Thị Bích Ngọc', birthYear: 1996, citizenId: '048196000123' },
      father: null,
      evidence: 'birth_notice',
    },
    declarant: { fullName: 'Trần Thị Bích Ngọc', citizenId: '048196000123', relationship: 'mẹ' },
  });
}

// ---- the node under test ----------------------------------------------------------------------

interface Acknowledged {
  readonly id: string;
  readonly code: string;
  readonly round: number;
}

interface AcknowledgedRecord {
  readonly id: string;
  readonly number: number;
  readonly round: number;
}

const totals = {
  sent: 0,
  acknowledged: 0,
  /** Cut by a kill: committed or not, nobody was told. */
  unacknowledged: 0,
  /** Answered, but not 201: never expected for these valid intakes. */
  refused: 0,
  nodeKillsDuringWrites: 0,
  nodeKillsDuringSync: 0,
  hubKills: 0,
  /** sync-request rounds: pushes that never reached the hub, and pushes that reached it late. */
  pushesDropped: 0,
  pushesLate: 0,
  /** sync-response rounds: answers held after the hub had the push. */
  answersHeld: 0,
  /** sync-response rounds in which the hub had stored the batch before the node died. */
  acksLost: 0,
};
const acknowledged: Acknowledged[] = [];
const acknowledgedRecords: AcknowledgedRecord[] = [];
let nextApplicant = 0;

interface Desk {
  readonly server: Server;
  readonly agent: Agent;
  readonly cookie: string;
}

/** Officers at the counter until told to stop; stops early when the node goes away. */
function counter(
  desk: Desk,
  round: number,
  control: { stop: boolean; inFlight: number; limit: number },
): Promise<void>[] {
  return Array.from({ length: CLIENTS }, async () => {
    while (!control.stop && control.limit > 0) {
      control.limit -= 1;
      const n = nextApplicant++;
      totals.sent += 1;
      control.inFlight += 1;
      try {
        const civil = n % 3 === 2;
        const answer = await post(
          desk.server.port,
          desk.agent,
          civil ? '/api/v1/civil/registrations' : '/api/v1/dossiers',
          civil ? civilBirth(n) : birth(n),
          desk.cookie,
        );
        if (answer.status === 201 && civil) {
          const { record, dossier } = JSON.parse(answer.body) as {
            record?: { id?: unknown; number?: unknown };
            dossier?: { id?: unknown; code?: unknown };
          };
          if (
            typeof record?.id !== 'string' ||
            typeof record.number !== 'number' ||
            typeof dossier?.id !== 'string' ||
            typeof dossier.code !== 'string'
          ) {
            violation(
              `round ${round}: a registration without record and dossier: ${answer.body.slice(0, 300)}`,
            );
            return;
          }
          totals.acknowledged += 1;
          acknowledged.push({ id: dossier.id, code: dossier.code, round });
          acknowledgedRecords.push({ id: record.id, number: record.number, round });
        } else if (answer.status === 201) {
          const dossier = JSON.parse(answer.body) as { id?: unknown; code?: unknown };
          if (typeof dossier.id !== 'string' || typeof dossier.code !== 'string') {
            violation(`round ${round}: a 201 without id and code: ${answer.body.slice(0, 300)}`);
            return;
          }
          totals.acknowledged += 1;
          acknowledged.push({ id: dossier.id, code: dossier.code, round });
        } else {
          totals.refused += 1;
          violation(
            `round ${round}: ${civil ? 'registration' : 'intake'} answered ${answer.status}: ${answer.body.slice(0, 300)}`,
          );
          return;
        }
      } catch {
        // The node was killed under this request: not acknowledged, and this officer stops.
        totals.unacknowledged += 1;
        return;
      } finally {
        control.inFlight -= 1;
      }
    }
  });
}

// ---- the run ----------------------------------------------------------------------------------

type RoundKind = 'write' | 'sync-request' | 'sync-response' | 'hub';

function kindOf(round: number): RoundKind {
  if (round % 6 === 5) return 'hub';
  if (round % 2 === 0) return 'write';
  return round % 4 === 1 ? 'sync-request' : 'sync-response';
}

/** What the proxy does with the next push, and who is told when it arrives. */
interface Trap {
  /** The request to catch: the next push, or the enrolment. */
  readonly path: '/sync/v1/push' | '/sync/v1/enrol';
  readonly step: FaultStep;
  readonly sprung: () => void;
}

async function run(dir: string, hubDir: string, hubDatabase: HubDatabase): Promise<void> {
  const nodeDir = join(dir, 'node');
  const nodeDb = join(nodeDir, 'motcua.sqlite');
  const hubDb = hubDatabase.reader;
  const nodeReader = sqliteReader(nodeDb);
  const hubLog = join(dir, 'hub.log');
  const nodeLog = join(dir, 'node.log');
  // The children get no DATABASE_URL from the environment (see childEnv): the hub's database is
  // named on every hub command line, so that the node can never be pointed at it by mistake.
  const hubArgs = ['--role', 'province', '--unit', HUB_UNIT, '--data', hubDir, ...hubDatabase.args];

  note(
    `crash test: ${ROUNDS} rounds, ${CLIENTS} officers, seed ${SEED}, hub on ${hubDb.label}, in ${dir}`,
  );
  // The operator's commands, run before the hub starts (one process per SQLite file).
  await motcua(['catalogue', 'import', ...hubArgs]);
  await motcua(
    [
      'account',
      'create',
      ...hubArgs,
      '--username',
      USERNAME,
      '--display-name',
      'Quầy thử sập nguồn',
      '--account-role',
      'receiving_officer',
      '--account-unit',
      COMMUNE,
    ],
    `${PASSWORD}\n`,
  );
  const token = (await motcua(['nodes', 'token', ...hubArgs, '--for-unit', COMMUNE])).stdout.trim();
  if (!token.startsWith('mce_')) throw new Error(`nodes token printed ${JSON.stringify(token)}`);

  const hubPort = await freePort();
  const nodePort = await freePort();
  const startHub = () => startServer('hub', hubPort, hubLog, [...hubArgs, '--log-level', 'warn']);
  let hub = await startHub();

  let trap: Trap | null = null;
  const proxy: FaultProxy = await startFaultProxy({
    target: `http://127.0.0.1:${hubPort}`,
    plan: (_index, request) => {
      if (trap === null || !request.path.startsWith(trap.path)) return [];
      const { step, sprung } = trap;
      trap = null;
      sprung();
      return step;
    },
  });

  const nodeArgs = (first: boolean) => [
    '--role',
    'commune',
    '--unit',
    COMMUNE,
    '--data',
    nodeDir,
    '--hub-url',
    proxy.url,
    '--sync-idle-seconds',
    '1',
    '--log-level',
    'warn',
    // Only the first start enrols; afterwards the node's key in the data folder is enrolled.
    ...(first ? ['--enrolment-token', token] : []),
  ];

  const openDesk = async (first: boolean): Promise<Desk> => {
    const server = await startServer('node', nodePort, nodeLog, nodeArgs(first));
    if (first)
      // Polling the login instead would count failures against the username and lock it
      // (login back-off), so the account's arrival by sync is watched in the database.
      await waitFor(
        'the node to enrol and receive its officer by sync',
        () =>
          peek(nodeDb, (db) => {
            const enrolled = db.prepare("select 1 from sync_state where key = 'key_id'").get();
            const officer = db.prepare('select 1 from accounts where username = ?').get(USERNAME);
            return enrolled !== undefined && officer !== undefined ? true : undefined;
          }),
        ENROLMENT_CRASH ? 30_000 : PATIENCE_MS,
      );
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const login = await post(
      nodePort,
      agent,
      '/api/v1/session',
      JSON.stringify({ username: USERNAME, password: PASSWORD }),
    );
    if (login.status !== 200)
      throw new Error(`login at the node answered ${login.status}: ${login.body}`);
    return { server, agent, cookie: login.cookie };
  };

  if (ENROLMENT_CRASH) {
    // The hub records the enrolment and uses up the token; the node dies before it hears so.
    // Its operator starts it again as before, token and all: it must end up enrolled.
    const answered = new Promise<void>((resolve) => {
      trap = {
        path: '/sync/v1/enrol',
        step: { kind: 'delay', where: 'response', ms: 3_000 },
        sprung: resolve,
      };
    });
    const server = await startServer('node', nodePort, nodeLog, nodeArgs(true));
    await answered;
    await sleep(1_000);
    await killHard(server);
    totals.nodeKillsDuringSync += 1;
    note('node killed after the hub enrolled it, before it heard the answer; starting it again');
  }
  let desk = await openDesk(true).catch((error: unknown) => {
    throw ENROLMENT_CRASH
      ? new Error(
          'the node killed during its enrolment never enrolled: the hub had used up the token ' +
            'and answers token_used to the same key asking again',
          { cause: error },
        )
      : error;
  });
  note(`hub on ${hubPort}, node on ${nodePort} (sync through ${proxy.url}); enrolled, logged in`);

  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const kind = kindOf(round);
      const before = { acked: totals.acknowledged, cut: totals.unacknowledged };
      const control = { stop: false, inFlight: 0, limit: Number.POSITIVE_INFINITY };
      let detail: string;
      let hubDown = false;

      if (kind === 'write') {
        const officers = counter(desk, round, control);
        await sleep(between(150, 1500));
        const inFlight = control.inFlight;
        await killHard(desk.server);
        control.stop = true;
        await Promise.all(officers);
        totals.nodeKillsDuringWrites += 1;
        detail = `node killed with ${inFlight} intakes in flight`;
      } else {
        // The trap is set before the officers start: a push that carried their work away
        // before the trap was set would leave nothing to push after it.
        const where = kind === 'sync-request' ? 'request' : 'response';
        // Half the held requests never reach the hub; the other half reach it late, from a
        // node already dead (a packet still on the wire), and must change nothing twice.
        const late = Math.floor(round / 4) % 2 === 0;
        const step: FaultStep =
          kind === 'hub'
            ? []
            : where === 'response'
              ? { kind: 'delay', where, ms: 2_500 }
              : late
                ? { kind: 'delay', where, ms: 1_500 }
                : { kind: 'drop_request', afterMs: 3_000 };
        const arrived = new Promise<number>((resolve) => {
          trap = {
            path: '/sync/v1/push',
            step,
            sprung: () => {
              resolve(performance.now());
            },
          };
        });
        control.limit = kind === 'hub' ? Number.POSITIVE_INFINITY : 20 * CLIENTS;
        const officers = counter(desk, round, control);
        // Unreferenced: once the push has come, this timer must not keep the script alive.
        const at = await Promise.race([arrived, sleep(PATIENCE_MS, null, { ref: false })]);
        if (at === null) {
          trap = null;
          control.stop = true;
          await Promise.all(officers);
          throw new Error(
            `round ${round}: no push reached the hub in ${PATIENCE_MS / 1000} s although intakes were waiting:\n${tail(nodeLog)}`,
          );
        }
        const hubHeadAtPush = await hubDb.head(COMMUNE);
        if (kind === 'hub') {
          // The push goes straight through; the hub dies somewhere in storing it.
          const killAfter = between(0, 250);
          await sleep(Math.max(0, at + killAfter - performance.now()));
          await killHard(hub);
          totals.hubKills += 1;
          const hubHeadAfter = await hubDb.head(COMMUNE);
          // The node carries on alone, as a commune does when the link is down, then dies too.
          await sleep(between(300, 1200));
          const inFlight = control.inFlight;
          await killHard(desk.server);
          control.stop = true;
          await Promise.all(officers);
          totals.nodeKillsDuringWrites += 1;
          detail = `hub killed ${killAfter} ms after a push reached it (its head for ${COMMUNE}: ${hubHeadAtPush} → ${hubHeadAfter}), node killed offline with ${inFlight} intakes in flight`;
          hubDown = true;
        } else {
          control.stop = true;
          if (where === 'response') totals.answersHeld += 1;
          else if (late) totals.pushesLate += 1;
          else totals.pushesDropped += 1;
          const killAfter = where === 'request' ? between(0, 1_000) : between(700, 1_900);
          await sleep(Math.max(0, at + killAfter - performance.now()));
          const inFlight = control.inFlight;
          await killHard(desk.server);
          await Promise.all(officers);
          totals.nodeKillsDuringSync += 1;
          const hubHeadAtKill = await hubDb.head(COMMUNE);
          const stored = hubHeadAtKill > hubHeadAtPush;
          if (where === 'response' && stored) totals.acksLost += 1;
          detail =
            where === 'request'
              ? `push ${late ? 'held, delivered to the hub later' : 'dropped before the hub'}, node killed ${killAfter} ms after sending it (${inFlight} intakes in flight)`
              : `push stored by the hub (head ${hubHeadAtPush} → ${hubHeadAtKill})${stored ? '' : ' — not yet!'}, answer held, node killed ${killAfter} ms after sending it (${inFlight} intakes in flight)`;
        }
      }

      desk.agent.destroy();
      const t0 = performance.now();
      // After a hub kill the node comes back first, to a hub that is not there yet.
      desk = await openDesk(false);
      if (hubDown) hub = await startHub();
      note(
        `round ${String(round + 1).padStart(2)}/${ROUNDS} ${kind.padEnd(13)} ${String(totals.acknowledged - before.acked).padStart(3)} acknowledged, ${totals.unacknowledged - before.cut} cut; ${detail}; back in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }

    // Let the node finish its sync with nothing more coming in.
    const converged = await waitFor(
      'the node and the hub to hold the same chain',
      async () => {
        const node = await nodeReader.head(COMMUNE);
        return node > 0 && node === (await hubDb.head(COMMUNE)) ? node : undefined;
      },
      120_000,
      250,
    );
    note(`converged: both hold ${converged} events of ${COMMUNE}`);
  } finally {
    desk.agent.destroy();
    await proxy.close();
  }
  await stopGracefully(desk.server);
  await stopGracefully(hub);

  await check(nodeReader, hubDb);
  for (const [name, args] of [
    ['node', ['--data', nodeDir]],
    ['hub', ['--data', hubDir, ...hubDatabase.args]],
  ] as const) {
    try {
      const { stderr } = await motcua(['verify', ...args]);
      note(`verify ${name}: ${stderr.trim()}`);
    } catch (error) {
      violation(
        `motcua verify of the ${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

// ---- the checks -------------------------------------------------------------------------------

const summary = {
  nodeEvents: 0,
  hubEvents: 0,
  committedUnacknowledged: 0,
  days: 0,
  registrations: 0,
};

async function check(nodeDb: Reader, hubDb: Reader): Promise<void> {
  const nodeChain = await nodeDb.chain(COMMUNE);
  const hubChain = await hubDb.chain(COMMUNE);
  summary.nodeEvents = nodeChain.length;
  summary.hubEvents = hubChain.length;

  // The hub holds exactly the node's chain: same events, same order, same hashes.
  if (nodeChain.length !== hubChain.length)
    violation(
      `the node holds ${nodeChain.length} events of ${COMMUNE}, the hub ${hubChain.length}`,
    );
  for (let i = 0; i < Math.max(nodeChain.length, hubChain.length); i += 1) {
    const a = nodeChain[i];
    const b = hubChain[i];
    if (a?.id !== b?.id || a?.hash !== b?.hash || a?.unit_seq !== b?.unit_seq) {
      violation(
        `the chains differ at position ${i + 1}: node ${JSON.stringify(a)} vs hub ${JSON.stringify(b)}`,
      );
      break;
    }
  }

  const received = (rows: readonly EventRow[]) => {
    const counts = new Map<string, number>();
    for (const row of rows)
      if (row.type === 'dossier.received')
        counts.set(row.entity_id, (counts.get(row.entity_id) ?? 0) + 1);
    return counts;
  };
  const nodeReceived = received(nodeChain);
  const hubReceived = received(hubChain);
  const nodeDossiers = await nodeDb.dossiers(COMMUNE);
  const hubDossiers = new Map((await hubDb.dossiers(COMMUNE)).map((d) => [d.id, d.code]));
  const nodeById = new Map<string, string[]>();
  for (const d of nodeDossiers) nodeById.set(d.id, [...(nodeById.get(d.id) ?? []), d.code]);

  // Every acknowledged intake: once in the node's dossiers, once as an event at the node and
  // at the hub, with the code the officer was given.
  const seen = new Set<string>();
  for (const ack of acknowledged) {
    const where = `dossier ${ack.id} (${ack.code}, acknowledged in round ${ack.round + 1})`;
    if (seen.has(ack.id)) violation(`${where} was acknowledged twice`);
    seen.add(ack.id);
    const rows = nodeById.get(ack.id) ?? [];
    if (rows.length !== 1) violation(`${where}: ${rows.length} rows in the node's dossiers`);
    else if (rows[0] !== ack.code) violation(`${where}: the node has it as ${String(rows[0])}`);
    const atNode = nodeReceived.get(ack.id) ?? 0;
    const atHub = hubReceived.get(ack.id) ?? 0;
    if (atNode !== 1) violation(`${where}: ${atNode} dossier.received events at the node`);
    if (atHub !== 1) violation(`${where}: ${atHub} dossier.received events at the hub`);
    if (hubDossiers.get(ack.id) !== ack.code)
      violation(`${where}: the hub's dossiers have ${String(hubDossiers.get(ack.id))}`);
  }
  for (const [id, n] of [...nodeReceived, ...hubReceived])
    if (n !== 1) violation(`dossier ${id} has ${n} dossier.received events`);
  summary.committedUnacknowledged = [...nodeReceived.keys()].filter((id) => !seen.has(id)).length;

  // Codes: unique, and per Vietnam-local day numbered 1, 2, 3 … with no hole (a number is used
  // exactly once; a transaction killed before its commit gives its number back).
  const byDay = new Map<string, number[]>();
  const codes = new Set<string>();
  for (const { code } of nodeDossiers) {
    if (codes.has(code)) violation(`dossier code ${code} is used twice at the node`);
    codes.add(code);
    const match = /^(.+)-(\d{6})-(\d{4,})$/.exec(code);
    if (match === null) {
      violation(`dossier code ${code} does not have the form {agency}-{yyMMdd}-{NNNN}`);
      continue;
    }
    const day = `${match[1] ?? ''}-${match[2] ?? ''}`;
    byDay.set(day, [...(byDay.get(day) ?? []), Number(match[3])]);
  }
  summary.days = byDay.size;

  // Register numbers (issue 5): every acknowledged registration once, with the number the
  // officer was told, at the node and at the hub; per book-year 1, 2, 3 … with no hole and no
  // number twice, however many kills fell in the middle of allocating one.
  const nodeRecords = await nodeDb.civil(COMMUNE);
  const hubRecords = new Map((await hubDb.civil(COMMUNE)).map((r) => [r.id, r.number]));
  summary.registrations = nodeRecords.length;
  const nodeRecordById = new Map(nodeRecords.map((r) => [r.id, r.number]));
  for (const ack of acknowledgedRecords) {
    const where = `registration ${ack.id} (Số ${ack.number}, acknowledged in round ${ack.round + 1})`;
    if (nodeRecordById.get(ack.id) !== ack.number)
      violation(`${where}: the node has ${String(nodeRecordById.get(ack.id))}`);
    if (hubRecords.get(ack.id) !== ack.number)
      violation(`${where}: the hub has ${String(hubRecords.get(ack.id))}`);
  }
  if (hubRecords.size !== nodeRecords.length)
    violation(`the node holds ${nodeRecords.length} registrations, the hub ${hubRecords.size}`);
  const byBook = new Map<string, number[]>();
  for (const r of nodeRecords)
    byBook.set(`${r.kind} ${r.book_year}`, [
      ...(byBook.get(`${r.kind} ${r.book_year}`) ?? []),
      r.number,
    ]);
  for (const [book, numbers] of byBook) {
    numbers.sort((a, b) => a - b);
    const hole = numbers.findIndex((n, i) => n !== i + 1);
    if (hole !== -1)
      violation(
        `register numbers of ${book} are not 1…${numbers.length}: expected ${hole + 1}, found ${String(numbers[hole])}`,
      );
  }
  for (const [day, numbers] of byDay) {
    numbers.sort((a, b) => a - b);
    const hole = numbers.findIndex((n, i) => n !== i + 1);
    if (hole !== -1)
      violation(
        `dossier codes of ${day} are not 1…${numbers.length}: expected ${hole + 1}, found ${String(numbers[hole])}`,
      );
  }
}

// ---- main -------------------------------------------------------------------------------------

const dir = await mkdtemp(join(tmpdir(), 'motcua-crash-'));
const hubDir = join(dir, 'hub');
let failed = false;
let hubDatabase: HubDatabase | undefined;
try {
  hubDatabase = await openHubDatabase(hubDir);
  await run(dir, hubDir, hubDatabase);
} catch (error) {
  failed = true;
  const describe = (e: unknown): string =>
    e instanceof Error
      ? `${e.stack ?? e.message}${e.cause === undefined ? '' : `\ncaused by: ${describe(e.cause)}`}`
      : String(e);
  process.stdout.write(`\nCRASH TEST ABORTED: ${describe(error)}\n`);
  process.stdout.write(`\n--- node log (tail) ---\n${tail(join(dir, 'node.log'))}\n`);
  process.stdout.write(`--- hub log (tail) ---\n${tail(join(dir, 'hub.log'))}\n`);
} finally {
  for (const server of live) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  // Only once no hub is left that could still be writing to it.
  try {
    await hubDatabase?.dispose();
  } catch (error) {
    // Not a broken promise of the product, so not a failure of the test: but say it, since the
    // database is left on the server.
    process.stdout.write(
      `\nWARNING: could not remove the hub's database: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

/** Servers log at `warn`: every line is worth a look, though a kill alone explains some. */
function loggedProblems(file: string): number {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '').length;
  } catch {
    return 0;
  }
}

const ms = (values: readonly number[]) =>
  values.length === 0
    ? 'n/a'
    : `${Math.round(values.reduce((a, b) => a + b, 0) / values.length)} ms`;
process.stdout.write(
  [
    '',
    'crash test summary',
    `  hub database                  ${hubDatabase?.reader.label ?? HUB_KIND}`,
    `  rounds                        ${ROUNDS} (seed ${SEED})`,
    `  node kills during writes      ${totals.nodeKillsDuringWrites}`,
    `  node kills during sync        ${totals.nodeKillsDuringSync} (push dropped: ${totals.pushesDropped}, push delivered after the kill: ${totals.pushesLate}, answer held: ${totals.answersHeld}, of which the hub had stored the batch: ${totals.acksLost})`,
    `  hub kills                     ${totals.hubKills}`,
    `  intakes sent                  ${totals.sent}`,
    `  acknowledged (HTTP 201)       ${totals.acknowledged}`,
    `  cut by a kill (allowed)       ${totals.unacknowledged} (of which committed anyway: ${summary.committedUnacknowledged})`,
    `  refused (never expected)      ${totals.refused}`,
    `  events of unit ${COMMUNE}      node ${summary.nodeEvents}, hub ${summary.hubEvents}`,
    `  warnings and errors logged    node ${loggedProblems(join(dir, 'node.log'))}, hub ${loggedProblems(join(dir, 'hub.log'))}`,
    `  days of dossier codes         ${summary.days}`,
    `  civil registrations           ${summary.registrations} at the node (${acknowledgedRecords.length} acknowledged), numbered with no gap`,
    `  mean start-up time            ${ms(startTimes)}`,
    `  time                          ${elapsed()}`,
    '',
  ].join('\n'),
);

if (failed || violations.length > 0) {
  process.stdout.write(
    `CRASH TEST FAILED: ${violations.length} violation(s)${failed ? ', run aborted' : ''}. Data kept in ${dir}\n`,
  );
  for (const v of violations) process.stdout.write(`  - ${v}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    'CRASH TEST PASSED: no acknowledged intake or registration lost or duplicated, no register number skipped.\n',
  );
  if (KEEP) process.stdout.write(`Data kept in ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
