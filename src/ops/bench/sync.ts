// `npm run bench:sync`: a commune node pushing its work to the province hub with our sync
// protocol, beside PouchDB replication of the same records, on loopback and over an emulated
// weak WAN link (256 kbit/s, 300 ms each way, 10 % loss each way). Prints one JSON object per
// line on stdout, {"name","value","unit"}; progress notes and the verdict go to stderr.
//
// The records are real: 10,000 events made on a commune node (SQLite, unit 20242) by the desk's
// own use cases — intakes of birth, death, marriage, copy and other procedures with varied
// Vietnamese names and notes, then their lifecycle steps — on a node that enrolled with a hub
// and took its catalogue and accounts from it by sync, as in the field. Each event's wire JSON
// is also what PouchDB replicates (one document per event).
//
// How it is measured:
//  - The hub is `motcua serve --role province` in its own process, on a copy of the hub's
//    database as it stood after the node enrolled; each run starts from fresh copies.
//  - The node side is this file again, in a child process (`node-side`): the real sync worker
//    (createSyncWorker + syncOnce, retried with the worker's back-off) on a copy of the node's
//    database. Time is one whole sync round (status, every push batch, the closing pull),
//    without process start-up, as PouchDB's push.js times its replication.
//  - Bytes are TCP payload in both directions, counted by a TCP proxy inside the node-side
//    process (the worker talks to the hub through it): what the node's sockets send and
//    receive, HTTP headers included, as pouchdb-peer's server counts at its sockets.
//  - Weak link: ../shared/tools/weak-link (root only; exit 77 where it cannot run: those
//    figures are skipped with a message). The hub (ours or PouchDB's) runs in namespace mc-hub
//    on 10.78.0.2, the node side in mc-node. The link is brought up for each run and down after
//    it (always), so every run starts on an empty link; its packet counts go to stderr.
//    link_ratio = wall time ÷ (bytes × 8 ÷ 256,000): 1.0 would be the link's raw rate.
//
// Environment: BENCH_SYNC_EVENTS (10000), BENCH_SYNC_WEAK_EVENTS (2000), BENCH_SYNC_WEAK=0 to
// skip the weak link, BENCH_SYNC_POUCHDB=0 to skip PouchDB, BENCH_SHARED_TOOLS (../shared/tools),
// BENCH_SYNC_KEEP=1 to keep the work folder (prepared hub and node copies) for a closer look.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bootstrapAccount } from '../../application/accounts.js';
import { actorOf } from '../../application/auth.js';
import { seedCatalogue } from '../../application/catalogue.js';
import {
  intakeAtCounter,
  submitOnline,
  transitionDossier,
  type IntakeInput,
  type OfficerAction,
} from '../../application/dossiers.js';
import type { Services } from '../../application/services.js';
import { issueEnrolmentToken } from '../../application/sync-hub.js';
import { runUseCase } from '../../application/use-case.js';
import { openNodeServices } from '../../cli/node-services.js';
import { vietnamDate, type DossierState } from '../../domain/dossiers.js';
import type { Actor } from '../../domain/permissions.js';
import type { Role } from '../../domain/roles.js';
import { retryDelayMs } from '../../domain/sync-pacing.js';
import { readEvents } from '../../storage/event-log.js';
import { verifyStorage } from '../../storage/verify.js';
import { createSyncWorker } from '../../sync/worker.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
const bin = join(repoRoot, 'bin', 'motcua.js');

const UNIT = '20242';
const HUB_UNIT = '48';
const OTHER_COMMUNE = '20308';
const TOTAL = Number(process.env['BENCH_SYNC_EVENTS'] ?? 10_000);
const WEAK_RECORDS = Math.min(TOTAL, Number(process.env['BENCH_SYNC_WEAK_EVENTS'] ?? 2_000));
const RUN_WEAK = process.env['BENCH_SYNC_WEAK'] !== '0';
const RUN_POUCHDB = process.env['BENCH_SYNC_POUCHDB'] !== '0';
const KEEP = process.env['BENCH_SYNC_KEEP'] === '1';
const TOOLS = process.env['BENCH_SHARED_TOOLS'] ?? join(repoRoot, '..', 'shared', 'tools');
const PASSWORD = 'bench-password-1';

const LINK = { delayMs: 300, loss: 0.1, rateBit: 256_000 } as const;
const NS_NODE = 'mc-node';
const NS_HUB = 'mc-hub';
const WEAK_HUB_HOST = '10.78.0.2';

function print(name: string, value: number, unit: string, decimals = 1): void {
  const scale = 10 ** decimals;
  process.stdout.write(
    `${JSON.stringify({ name, value: Math.round(value * scale) / scale, unit })}\n`,
  );
}
const note = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------------------------
// Processes

type Namespace = typeof NS_NODE | typeof NS_HUB | null;

/** The command line that runs `argv` in a network namespace (or as is). */
function inNamespace(ns: Namespace, argv: readonly string[]): [string, string[]] {
  if (ns === null) {
    const [command = '', ...args] = argv;
    return [command, args];
  }
  return ['ip', ['netns', 'exec', ns, ...argv]];
}

interface RunOptions {
  readonly ns?: Namespace;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** A file fed to standard input. */
  readonly stdinFile?: string;
  /** Keep standard error (shown only on failure) instead of passing it through. */
  readonly quiet?: boolean;
  readonly timeoutMs?: number;
}

/** Runs a command to its end; resolves with its exit code and standard output. */
function runProcess(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, args] = inNamespace(options.ns ?? null, argv);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: [
        options.stdinFile === undefined ? 'ignore' : 'pipe',
        'pipe',
        options.quiet === true ? 'pipe' : 'inherit',
      ],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.stdinFile !== undefined && child.stdin !== null)
      createReadStream(options.stdinFile).pipe(child.stdin);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
  });
}

async function runChecked(argv: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runProcess(argv, options);
  if (result.code !== 0)
    throw new Error(
      `${argv.slice(0, 3).join(' ')} … exited with ${result.code}: ${result.stderr.slice(-2000)}`,
    );
  return result.stdout;
}

/** Starts a long-running server; its standard output is handed to `onLine`, line by line. */
function startProcess(
  argv: readonly string[],
  options: { ns: Namespace; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void },
): ChildProcess {
  const [command, args] = inNamespace(options.ns, argv);
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  // Always read standard output, so that a chatty server never blocks on a full pipe.
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\n');
    while (end >= 0) {
      options.onLine?.(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
    }
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A port nobody listens on now (in this namespace), for a server started next. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// The benchmark process lives in the root namespace and cannot open sockets in another one, so
// requests to a server inside a namespace go through a one-line Node client started there.
const fetchScript =
  'fetch(process.argv[1],{method:process.argv[2]}).then(async(r)=>{process.stdout.write(await r.text());process.exit(r.ok?0:1)},()=>process.exit(2))';

async function httpText(url: string, ns: Namespace, method = 'GET'): Promise<string | null> {
  if (ns === null) {
    try {
      const response = await fetch(url, { method });
      return response.ok ? await response.text() : null;
    } catch {
      return null;
    }
  }
  const result = await runProcess([process.execPath, '-e', fetchScript, url, method], {
    ns,
    quiet: true,
  });
  return result.code === 0 ? result.stdout : null;
}

// ---------------------------------------------------------------------------------------------
// The hub

async function startHub(
  dataDir: string,
  ns: Namespace,
  host: string,
  port: number,
): Promise<ChildProcess> {
  const child = startProcess(
    [
      process.execPath,
      bin,
      'serve',
      '--role',
      'province',
      '--unit',
      HUB_UNIT,
      '--data',
      dataDir,
      '--host',
      host,
      '--port',
      String(port),
      '--log-level',
      'warn',
    ],
    { ns, env: { ...process.env, DATABASE_URL: '' } },
  );
  const url = `http://${host}:${port}/healthz`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}`);
    if ((await httpText(url, ns)) !== null) return child;
    await sleep(200);
  }
  await stopProcess(child);
  throw new Error('the hub did not start');
}

/** After a run: the hub holds exactly the node's first `expected` events, chain intact. */
async function checkHub(dataDir: string, expected: number): Promise<void> {
  const { services } = await openNodeServices({ role: 'province', unit: HUB_UNIT, data: dataDir });
  try {
    const row = await services.storage.db
      .selectFrom('chain_heads')
      .select('unit_seq')
      .where('unit_code', '=', UNIT)
      .executeTakeFirst();
    if ((row?.unit_seq ?? 0) !== expected)
      throw new Error(`the hub holds ${row?.unit_seq ?? 0} events of ${UNIT}, not ${expected}`);
    const verified = await verifyStorage(services.storage);
    if (!verified.ok)
      throw new Error(`the hub's chains are damaged: ${JSON.stringify(verified.problems[0])}`);
  } finally {
    await services.storage.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The records: a commune's desk at work, through the real use cases

/** Mulberry32: small, seeded, so that two runs make the same kind of data. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đoàn', 'Mai', 'Tôn Nữ']; // prettier-ignore
const middleMale = ['Văn', 'Hữu', 'Đức', 'Quốc', 'Minh', 'Thanh', 'Công', 'Gia', 'Bảo', 'Đình']; // prettier-ignore
const middleFemale = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Bảo', 'Khánh', 'Diệu']; // prettier-ignore
const givenMale = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khang', 'Long', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thắng', 'Trung', 'Vinh', 'Khôi', 'Nhật', 'Tuấn', 'Lộc']; // prettier-ignore
const givenFemale = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Yến', 'Vy', 'Quyên', 'Uyên', 'Nhi']; // prettier-ignore
const streets = ['Lê Duẩn', 'Trần Phú', 'Bạch Đằng', 'Hùng Vương', 'Phan Châu Trinh', 'Nguyễn Văn Linh', 'Ông Ích Khiêm', 'Hoàng Diệu', 'Lê Lợi', 'Quang Trung', 'Núi Thành', 'Trưng Nữ Vương']; // prettier-ignore
const hospitals = ['Bệnh viện Phụ sản – Nhi Đà Nẵng', 'Bệnh viện Đà Nẵng', 'Bệnh viện Hoàn Mỹ Đà Nẵng', 'Bệnh viện Gia đình', 'Trung tâm Y tế quận Hải Châu']; // prettier-ignore

type Kind =
  | 'birth'
  | 'death'
  | 'marriage'
  | 'extract_copy'
  | 'marital_status'
  | 'correction'
  | 'certified_copy'
  | 'signature'
  | 'residence';

interface MixEntry {
  readonly code: string;
  readonly kind: Kind;
  readonly weight: number;
  readonly components: IntakeInput['components'];
  readonly copies?: number;
  /** Procedures received at any center of the province (Decree 118/2025). */
  readonly nonTerritorial: boolean;
  /** Same-day procedures: the result is collected within the hour. */
  readonly sameDay: boolean;
}

const doc = (code: string, provided: boolean) => ({
  code,
  provided,
  reusedFromData: !provided,
  attachments: [],
});

/** What a commune desk receives, civil status first, with how often (seed catalogue codes). */
const mix: readonly MixEntry[] = [
  { code: '1.001193', kind: 'birth', weight: 24, nonTerritorial: true, sameDay: true, components: [doc('to_khai', true), doc('giay_chung_sinh', true), doc('giay_to_tuy_than', false)] }, // prettier-ignore
  { code: '1.000656', kind: 'death', weight: 8, nonTerritorial: true, sameDay: true, components: [doc('to_khai', true), doc('giay_bao_tu', true), doc('giay_to_tuy_than', false)] }, // prettier-ignore
  { code: '1.000894', kind: 'marriage', weight: 7, nonTerritorial: true, sameDay: true, components: [doc('to_khai', true), doc('giay_to_tuy_than_hai_ben', false)] }, // prettier-ignore
  { code: '2.000635', kind: 'extract_copy', weight: 10, copies: 2, nonTerritorial: true, sameDay: true, components: [doc('to_khai', true), doc('giay_to_tuy_than', false)] }, // prettier-ignore
  { code: '1.004873', kind: 'marital_status', weight: 8, nonTerritorial: true, sameDay: false, components: [doc('to_khai', true), doc('giay_to_tuy_than', false)] }, // prettier-ignore
  { code: '1.004859', kind: 'correction', weight: 5, nonTerritorial: true, sameDay: false, components: [doc('to_khai', true), doc('giay_to_can_cu', true), doc('giay_to_tuy_than', false)] }, // prettier-ignore
  { code: '2.000815', kind: 'certified_copy', weight: 22, copies: 3, nonTerritorial: true, sameDay: true, components: [doc('ban_chinh', true)] }, // prettier-ignore
  { code: '2.000884', kind: 'signature', weight: 9, nonTerritorial: true, sameDay: true, components: [doc('giay_to_can_chung_thuc', true), doc('giay_to_tuy_than', true)] }, // prettier-ignore
  { code: '1.004194', kind: 'residence', weight: 7, nonTerritorial: false, sameDay: false, components: [doc('to_khai_ct01', true), doc('cho_o_hop_phap', false), doc('giay_to_tuy_than', false)] }, // prettier-ignore
];

/** The commune's staff, created on the hub (which owns accounts); they reach the node by sync. */
const staff: readonly { username: string; displayName: string; role: Role }[] = [
  { username: `tiepnhan1.${UNIT}`, displayName: 'Nguyễn Thị Thu Hà', role: 'receiving_officer' },
  { username: `tiepnhan2.${UNIT}`, displayName: 'Lê Văn Tùng', role: 'receiving_officer' },
  { username: `hotich1.${UNIT}`, displayName: 'Trần Thị Kim Oanh', role: 'specialist' },
  { username: `hotich2.${UNIT}`, displayName: 'Phạm Quốc Bảo', role: 'specialist' },
  { username: `chungthuc.${UNIT}`, displayName: 'Võ Thị Ngọc Ánh', role: 'specialist' },
  { username: `lanhdao.${UNIT}`, displayName: 'Đặng Văn Hưng', role: 'leader' },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Vietnam is UTC+7 all year. */
const VN = 7 * HOUR;

/** The next moment the desk is open at or after `ms`: 07:30–17:00, Monday to Friday. */
function officeTime(ms: number, random: () => number): number {
  let t = ms;
  for (;;) {
    const local = new Date(t + VN);
    const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
    const weekday = local.getUTCDay();
    const midnight = t - ((((t + VN) % DAY) + DAY) % DAY);
    if (weekday === 0 || weekday === 6 || minutes >= 17 * 60) {
      t = midnight + DAY + 7.5 * HOUR + Math.floor(random() * 45) * 60_000;
      continue;
    }
    if (minutes < 7.5 * 60) t = midnight + 7.5 * HOUR + Math.floor(random() * 20) * 60_000;
    return t;
  }
}

interface Case {
  state: DossierState;
  readonly entry: MixEntry;
  readonly applicantName: string;
  readonly roll: number;
  readonly specialist: Actor;
  supplementAsked: boolean;
  extended: boolean;
}

interface Scheduled {
  readonly at: number;
  readonly order: number;
  /** Appends exactly one event (every lifecycle step here); an intake may append up to three. */
  readonly intake: boolean;
  readonly run: (singleEvent: boolean) => Promise<void>;
}

interface Desk {
  readonly services: Services;
  readonly clock: { set(ms: number): void };
  readonly receiving: readonly Actor[];
  readonly specialists: readonly Actor[];
  readonly leader: Actor;
}

/**
 * Works the desk of the commune on a simulated clock until its chain holds `checkpoints`' last
 * value of events, calling `atCheckpoint` when it holds each value exactly: intakes arrive
 * through the office day and each dossier moves on through its lifecycle later, interleaved as
 * at a real counter. Near a checkpoint only one-event actions run, so a checkpoint is never
 * jumped over.
 */
async function workTheDesk(
  open: () => Promise<Desk>,
  startMs: number,
  perDay: number,
  checkpoints: readonly number[],
  atCheckpoint: (count: number, desk: Desk) => Promise<Desk>,
): Promise<{ dossiers: number; endMs: number }> {
  const random = generator(20242);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const totalWeight = mix.reduce((s, m) => s + m.weight, 0);
  const pickEntry = () => {
    let r = random() * totalWeight;
    for (const m of mix) if ((r -= m.weight) < 0) return m;
    return pick(mix);
  };
  const person = (male: boolean, fromYear: number, toYear: number) => {
    const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
    const dob = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const sexDigit = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
    const citizenId = `${pick(['048', '048', '048', '048', '049', '051', '046', '079'])}${sexDigit}${String(year % 100).padStart(2, '0')}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
    const fullName = `${pick(familyNames)} ${pick(male ? middleMale : middleFemale)} ${pick(male ? givenMale : givenFemale)}`;
    return { fullName, citizenId, dob, male };
  };
  const dmy = (ms: number) => {
    const [y, m, d] = vietnamDate(new Date(ms)).split('-');
    return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
  };

  let desk = await open();
  let now = startMs;
  let order = 0;
  let dossiers = 0;
  let head = 0;
  const queue: Scheduled[] = [];
  const schedule = (item: Omit<Scheduled, 'order'>) => queue.push({ ...item, order: order++ });
  const meta = { ip: null };
  const act = <T>(actor: Actor | null, fn: Parameters<typeof runUseCase<T>>[3]) =>
    runUseCase(desk.services, actor, meta, fn);

  /** A note with the civil-status facts of the case, as the officer types it in. */
  function noteFor(kind: Kind, applicant: ReturnType<typeof person>, at: number): string {
    switch (kind) {
      case 'birth': {
        const child = person(random() < 0.5, 2026, 2026);
        const born = at - Math.floor(random() * 55) * DAY;
        const other = person(!applicant.male, 1985, 2002);
        const [father, mother] = applicant.male
          ? [applicant.fullName, other.fullName]
          : [other.fullName, applicant.fullName];
        return `Khai sinh cho con: ${child.fullName}, giới tính ${child.male ? 'Nam' : 'Nữ'}, sinh ngày ${dmy(born)} tại ${pick(hospitals)}. Cha: ${father}; mẹ: ${mother}.`;
      }
      case 'death': {
        const deceased = person(random() < 0.55, 1930, 1965);
        return `Khai tử cho ${deceased.male ? 'ông' : 'bà'} ${deceased.fullName}, CCCD ${deceased.citizenId}, chết ngày ${dmy(at - Math.floor(random() * 12) * DAY)} tại nhà riêng; nguyên nhân: ${pick(['bệnh già', 'bệnh hiểm nghèo', 'tai nạn giao thông', 'đột quỵ'])}.`;
      }
      case 'marriage': {
        const partner = person(!applicant.male, 1988, 2005);
        const [groom, bride] = applicant.male ? [applicant, partner] : [partner, applicant];
        return `Đăng ký kết hôn giữa anh ${groom.fullName} (CCCD ${groom.citizenId}) và chị ${bride.fullName} (CCCD ${bride.citizenId}); hai bên có mặt, đã xác minh tình trạng hôn nhân.`;
      }
      case 'extract_copy':
        return `Cấp bản sao Giấy khai sinh, Số: ${1 + Math.floor(random() * 400)}, Quyển số: 0${1 + Math.floor(random() * 3)}/${1990 + Math.floor(random() * 35)}.`;
      case 'marital_status':
        return `Xác nhận tình trạng hôn nhân để ${pick(['đăng ký kết hôn', 'vay vốn ngân hàng', 'mua bán nhà đất', 'bổ sung hồ sơ xuất khẩu lao động'])}.`;
      case 'correction':
        return `Cải chính ${pick(['ngày sinh', 'họ tên cha', 'quê quán', 'dân tộc'])} trong Giấy khai sinh theo giấy tờ gốc do công dân xuất trình.`;
      default:
        return '';
    }
  }

  async function step(c: Case, actor: Actor, action: OfficerAction, body: unknown) {
    c.state = await act(actor, (uc) =>
      // The body is built for `action` just above; the use case validates it again.
      transitionDossier(uc, c.state.id, action, body as never),
    );
  }

  /** The next step of a case, decided on its current state; null when it rests. */
  function advance(c: Case, from: number): void {
    const s = c.state;
    const [receiving] = desk.receiving;
    if (receiving === undefined) throw new Error('no receiving officer');
    let next: { minutes: number; run: () => Promise<void> } | null = null;
    switch (s.status) {
      case 'submitted_online':
        next = { minutes: 30, run: () => step(c, receiving, 'accept', { note: '' }) };
        break;
      case 'awaiting_payment':
        next = {
          minutes: 20,
          run: () =>
            step(c, receiving, 'record_payment', {
              method: random() < 0.7 ? 'cash' : 'bank_transfer',
              reference: `BL-${s.code}`,
            }),
        };
        break;
      case 'received':
        next =
          c.roll > 0.985
            ? {
                minutes: 30,
                run: () =>
                  step(c, receiving, 'withdraw', {
                    reason: 'Công dân xin rút hồ sơ để bổ sung thêm giấy tờ.',
                  }),
              }
            : {
                minutes: 10,
                run: () => step(c, receiving, 'assign', { assigneeId: c.specialist.id, note: '' }),
              };
        break;
      case 'processing':
        if (s.pendingApproval)
          next = {
            minutes: 30 + Math.floor(random() * 60),
            run: () => step(c, desk.leader, 'approve', { note: 'Đồng ý.' }),
          };
        else if (c.roll < 0.08 && !c.supplementAsked) {
          c.supplementAsked = true;
          next = {
            minutes: 45,
            run: () =>
              step(c, c.specialist, 'request_supplement', {
                reason: 'Cần bổ sung bản chính giấy tờ tùy thân để đối chiếu.',
                missing: ['Bản chính căn cước của người yêu cầu'],
              }),
          };
        } else if (c.roll > 0.97)
          next = {
            minutes: 90,
            run: () =>
              step(c, desk.leader, 'stop', {
                reason: 'Hồ sơ có dấu hiệu giả mạo giấy tờ; chuyển cơ quan công an xác minh.',
              }),
          };
        else if (c.roll > 0.93 && !c.extended) {
          c.extended = true;
          next = {
            minutes: 60,
            run: () =>
              step(c, desk.leader, 'extend', {
                reason: 'Cần xác minh thông tin với cơ quan khác.',
                newDueDate: vietnamDate(
                  new Date(Math.max(now, Date.parse(c.state.dueAt ?? '')) + 7 * DAY),
                ),
              }),
          };
        } else
          next = {
            minutes: 60 + Math.floor(random() * 90),
            run: () =>
              step(c, c.specialist, 'submit_for_approval', { note: 'Đủ điều kiện giải quyết.' }),
          };
        break;
      case 'supplement_requested':
        next = {
          minutes: 60 * 24,
          run: () => step(c, receiving, 'resubmit', { note: 'Công dân đã nộp bổ sung.' }),
        };
        break;
      case 'result_ready':
        next = {
          minutes: c.entry.sameDay ? 20 + Math.floor(random() * 40) : 60 * (20 + random() * 30),
          run: () =>
            step(c, pick(desk.receiving), 'return_result', {
              recipientName: c.applicantName,
              relationship: 'người nộp hồ sơ',
              delivery: 'receiving_unit',
            }),
        };
        break;
      default:
        return; // refused, withdrawn, stopped, returned: done
    }
    const run = next.run;
    schedule({
      at: officeTime(from + next.minutes * 60_000, random),
      intake: false,
      run: async () => {
        await run();
        advance(c, now);
      },
    });
  }

  function intake(at: number, online: boolean): void {
    schedule({
      at,
      intake: true,
      run: async (singleEvent) => {
        const entry = online ? pick(mix.slice(0, 3)) : pickEntry();
        // Parents registering a birth and couples marrying are young; a death is reported by
        // a relative of any age.
        const [from, to] =
          entry.kind === 'birth'
            ? [1982, 2004]
            : entry.kind === 'marriage'
              ? [1986, 2004]
              : [1950, 2004];
        const applicant = person(random() < 0.5, from, to);
        const nonTerritorial = !online && !singleEvent && entry.nonTerritorial && random() < 0.06;
        const refuse = !online && random() < 0.03;
        const pay = !singleEvent && random() < 0.8;
        const input: IntakeInput = {
          procedureCode: entry.code,
          competentUnitCode: nonTerritorial ? OTHER_COMMUNE : UNIT,
          applicant: {
            fullName: applicant.fullName,
            citizenId: applicant.citizenId,
            dateOfBirth: applicant.dob,
            sex: applicant.male ? 'male' : 'female',
            phone: `09${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
            address: `${1 + Math.floor(random() * 300)} ${pick(streets)}, ${desk.services.node.unitName}, thành phố Đà Nẵng`,
          },
          components: entry.components,
          exemptions: [],
          late: entry.kind === 'birth' && random() < 0.04,
          copies: entry.copies ?? 0,
          resultDelivery: 'receiving_unit',
          note: noteFor(entry.kind, applicant, now),
          ...(pay
            ? {
                payment: {
                  method: random() < 0.7 ? ('cash' as const) : ('bank_transfer' as const),
                  reference: `BL-${vietnamDate(new Date(now)).replaceAll('-', '')}-${dossiers + 1}`,
                },
              }
            : {}),
          ...(refuse
            ? {
                refusal: {
                  reason:
                    'Hồ sơ không thuộc thẩm quyền giải quyết; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.',
                },
              }
            : {}),
        };
        const officer = pick(desk.receiving);
        const state = online
          ? await act(null, (uc) =>
              submitOnline(uc, {
                procedureCode: input.procedureCode,
                competentUnitCode: UNIT,
                applicant: input.applicant,
                components: input.components,
                exemptions: [],
                copies: input.copies,
                resultDelivery: 'electronic',
                note: `${input.note} Nộp qua Cổng Dịch vụ công quốc gia.`.trim(),
              }),
            )
          : await act(officer, (uc) => intakeAtCounter(uc, input));
        dossiers += 1;
        if (nonTerritorial) return; // handed over: the deciding commune goes on with it
        advance(
          {
            state,
            entry,
            applicantName: applicant.fullName,
            roll: random(),
            specialist: pick(desk.specialists),
            supplementAsked: false,
            extended: false,
          },
          now,
        );
      },
    });
  }

  /** Schedules a working day's intakes, spread over office hours, a few filed online. */
  function scheduleDay(dayStart: number): void {
    for (let i = 0; i < perDay; i++) {
      const minute = Math.floor(random() * 510); // 07:30 to 16:00, local
      intake(dayStart + 7.5 * HOUR + minute * 60_000, random() < 0.04);
    }
  }

  const target = checkpoints[checkpoints.length - 1] ?? 0;
  let day = startMs - ((((startMs + VN) % DAY) + DAY) % DAY); // local midnight
  let scheduledUntil = day;
  let noted = 0;
  const localHead = async () =>
    (
      await desk.services.storage.db
        .selectFrom('chain_heads')
        .select('unit_seq')
        .where('unit_code', '=', UNIT)
        .executeTakeFirst()
    )?.unit_seq ?? 0;
  while (head < target) {
    queue.sort((a, b) => a.at - b.at || a.order - b.order);
    const first = queue[0];
    if (first === undefined || first.at >= scheduledUntil) {
      // Open the next working day's counter.
      do day += DAY;
      while ([0, 6].includes(new Date(day + VN + HOUR).getUTCDay()));
      scheduledUntil = day + DAY;
      scheduleDay(day);
      continue;
    }
    const nextCheckpoint = checkpoints.find((c) => c > head) ?? target;
    // An intake may add a payment and a hand-over: near a checkpoint it stays to one event.
    const singleEvent = nextCheckpoint - head < 3;
    queue.shift();
    now = Math.max(now, first.at);
    desk.clock.set(now);
    await first.run(singleEvent);
    head = await localHead();
    if (head > nextCheckpoint) throw new Error(`jumped over checkpoint ${nextCheckpoint}`);
    if (head === nextCheckpoint) desk = await atCheckpoint(head, desk);
    if (Math.floor(head / 1000) > noted) {
      noted = Math.floor(head / 1000);
      note(`  ${head} events, ${dossiers} dossiers, desk day ${vietnamDate(new Date(now))}`);
    }
  }
  return { dossiers, endMs: now };
}

interface Prepared {
  /** The hub as it stood after the node enrolled and took its catalogue (never modified). */
  readonly hubBase: string;
  /** The node with its first WEAK_RECORDS, and with all TOTAL events (never modified). */
  readonly nodeWeak: string;
  readonly nodeFull: string;
  readonly recordsFull: string;
  readonly recordsWeak: string;
  readonly jsonBytesFull: number;
}

async function prepare(dir: string): Promise<Prepared> {
  const hubBase = join(dir, 'hub-base');
  const nodeWork = join(dir, 'node-work');
  // The desk's simulated weeks end three days ago: every event was made in the past, so the
  // hub sees no clock in the future when it is pushed.
  // Room for at least three events a dossier (about five on average).
  const perDay = 60;
  const days = Math.ceil(TOTAL / 3 / perDay) + 5;
  const startMs = Date.now() - Math.ceil((days * 7) / 5 + 3) * DAY;

  // 1. The hub: catalogue and the commune's staff, made at the start of the simulated weeks.
  let hubNow = startMs - 3 * DAY;
  const hub = await openNodeServices({
    role: 'province',
    unit: HUB_UNIT,
    data: hubBase,
    clock: () => new Date(hubNow),
  });
  let token: string;
  try {
    const meta = { ip: null };
    await runUseCase(hub.services, null, meta, (uc) => seedCatalogue(uc));
    const admin = await runUseCase(hub.services, null, meta, (uc) =>
      bootstrapAccount(uc, {
        username: 'quantri',
        displayName: 'Quản trị hệ thống',
        role: 'province_admin',
        unitCode: HUB_UNIT,
        password: PASSWORD,
      }),
    );
    for (const account of staff)
      await runUseCase(hub.services, null, meta, (uc) =>
        bootstrapAccount(uc, { ...account, unitCode: UNIT, password: PASSWORD }),
      );
    const adminRow = await hub.services.storage.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    hubNow = Date.now(); // the token is issued today, the day the node enrols
    token = (
      await runUseCase(hub.services, actorOf(hub.services, adminRow), meta, (uc) =>
        issueEnrolmentToken(uc, { unitCode: UNIT, hours: 24 }),
      )
    ).token;
  } finally {
    await hub.services.storage.close();
  }

  // 2. The node enrols over HTTP and takes the catalogue and its staff, as in the field.
  const port = await freePort();
  const hubProcess = await startHub(hubBase, null, '127.0.0.1', port);
  try {
    const { services } = await openNodeServices({ role: 'commune', unit: UNIT, data: nodeWork });
    try {
      const worker = createSyncWorker({
        services,
        dataDir: nodeWork,
        hubUrl: `http://127.0.0.1:${port}`,
        enrolmentToken: token,
      });
      const { pulled } = await worker.syncOnce();
      note(`  node ${UNIT} enrolled and pulled ${pulled} hub events (catalogue, accounts)`);
    } finally {
      await services.storage.close();
    }
  } finally {
    await stopProcess(hubProcess);
  }

  // 3. The desk at work on a simulated clock. Reopened after the sync above: the node's clock
  // then continues from its own chain (empty), not from the hub events it has just received.
  let deskNow = startMs;
  const open = async (): Promise<Desk> => {
    const { services } = await openNodeServices({
      role: 'commune',
      unit: UNIT,
      data: nodeWork,
      clock: () => new Date(deskNow),
    });
    const actor = async (username: string) =>
      actorOf(
        services,
        await services.storage.db
          .selectFrom('accounts')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirstOrThrow(),
      );
    const byRole = (role: Role) =>
      Promise.all(staff.filter((s) => s.role === role).map((s) => actor(s.username)));
    const [leader] = await byRole('leader');
    if (leader === undefined) throw new Error('no leader');
    return {
      services,
      clock: {
        set: (ms: number) => {
          deskNow = ms;
        },
      },
      receiving: await byRole('receiving_officer'),
      specialists: await byRole('specialist'),
      leader,
    };
  };
  const nodeWeak = join(dir, 'node-weak');
  const nodeFull = join(dir, 'node-full');
  const started = performance.now();
  const checkpoints = [...new Set([WEAK_RECORDS, TOTAL])].sort((a, b) => a - b);
  const { dossiers, endMs } = await workTheDesk(
    open,
    startMs,
    perDay,
    checkpoints,
    async (count, desk) => {
      // A consistent copy of the node's folder: the database closed, then copied.
      await desk.services.storage.close();
      if (count === WEAK_RECORDS) await cp(nodeWork, nodeWeak, { recursive: true });
      if (count === TOTAL) await cp(nodeWork, nodeFull, { recursive: true });
      return open();
    },
  );
  note(
    `  ${TOTAL} events from ${dossiers} dossiers made in ${((performance.now() - started) / 1000).toFixed(0)} s (desk days up to ${vietnamDate(new Date(endMs))})`,
  );
  if (endMs > Date.now()) throw new Error('the simulated desk ran into the future');

  // 4. The same events as the worker sends them, one JSON object a line, for PouchDB.
  const { services } = await openNodeServices({ role: 'commune', unit: UNIT, data: nodeFull });
  const lines: string[] = [];
  try {
    let after = 0;
    for (;;) {
      const events = await readEvents(services.storage.db, {
        unitCode: UNIT,
        afterSeq: after,
        limit: 1000,
      });
      const last = events.at(-1);
      if (last === undefined) break;
      for (const { seq: _seq, recordedAt: _recordedAt, ...wire } of events)
        lines.push(JSON.stringify(wire));
      after = last.seq;
    }
  } finally {
    await services.storage.close();
  }
  if (lines.length !== TOTAL) throw new Error(`${lines.length} records, expected ${TOTAL}`);
  const recordsFull = join(dir, 'records.ndjson');
  const recordsWeak = join(dir, `records-${WEAK_RECORDS}.ndjson`);
  await writeFile(recordsFull, `${lines.join('\n')}\n`);
  await writeFile(recordsWeak, `${lines.slice(0, WEAK_RECORDS).join('\n')}\n`);
  const jsonBytesFull = lines.reduce((s, l) => s + Buffer.byteLength(l), 0);
  await rm(nodeWork, { recursive: true, force: true });
  return { hubBase, nodeWeak, nodeFull, recordsFull, recordsWeak, jsonBytesFull };
}

// ---------------------------------------------------------------------------------------------
// The node side (a child process, in namespace mc-node for the weak link)

const nodeSideConfig = z.strictObject({
  data: z.string(),
  hubHost: z.string(),
  hubPort: z.number().int(),
});

const nodeSideResult = z.strictObject({
  pushed: z.number(),
  seconds: z.number(),
  bytesUp: z.number(),
  bytesDown: z.number(),
  connections: z.number(),
  failedRounds: z.number(),
  requests: z.number(),
});
type NodeSideResult = z.infer<typeof nodeSideResult>;

/**
 * A TCP proxy that counts payload bytes both ways: the worker's connections to the hub pass
 * through it, so the count is what the node's sockets carry, whatever HTTP does on top.
 */
async function countingProxy(host: string, port: number) {
  const counts = { up: 0, down: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    counts.connections += 1;
    const upstream = connect({ host, port });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => (counts.up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (counts.down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    port: address.port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function nodeSide(config: z.infer<typeof nodeSideConfig>): Promise<void> {
  const proxy = await countingProxy(config.hubHost, config.hubPort);
  const { services } = await openNodeServices({ role: 'commune', unit: UNIT, data: config.data });
  try {
    const hubUrl = `http://127.0.0.1:${proxy.port}`;
    // The same node, told the hub's address on this link (through the proxy), as an operator
    // would: its key, counter and cursors stay; the worker re-enrols only for another hub.
    await services.storage.transaction(async (tx) => {
      await tx.db
        .updateTable('sync_state')
        .set({ value: hubUrl })
        .where('key', '=', 'hub_url')
        .execute();
    });
    const counterBefore = await services.storage.db
      .selectFrom('sync_state')
      .select('value')
      .where('key', '=', 'counter')
      .executeTakeFirst();
    const worker = createSyncWorker({ services, dataDir: config.data, hubUrl, log: note });
    let pushed = 0;
    let failedRounds = 0;
    const started = performance.now();
    // The worker's own loop (run) does the same: a failed round waits with jittered back-off
    // and starts again from the hub's acknowledged head; a stored batch is never resent.
    for (;;) {
      try {
        pushed += (await worker.syncOnce()).pushed;
        break;
      } catch (error) {
        failedRounds += 1;
        if (failedRounds > 40) throw error;
        const wait = retryDelayMs(failedRounds, Math.random);
        note(`  node: round failed (${errorText(error)}); again in ${wait} ms`);
        await sleep(wait);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const counterAfter = await services.storage.db
      .selectFrom('sync_state')
      .select('value')
      .where('key', '=', 'counter')
      .executeTakeFirst();
    const result: NodeSideResult = {
      pushed,
      seconds,
      bytesUp: proxy.counts.up,
      bytesDown: proxy.counts.down,
      connections: proxy.counts.connections,
      failedRounds,
      // Every signed request uses up one counter value.
      requests: Number(counterAfter?.value ?? 0) - Number(counterBefore?.value ?? 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await proxy.close();
    await services.storage.close();
  }
}

/** One push of a node's backlog to a fresh copy of the hub; checks the hub afterwards. */
async function ourRun(
  dir: string,
  label: string,
  prepared: Prepared,
  nodeSource: string,
  records: number,
  weak: boolean,
): Promise<NodeSideResult> {
  const hubDir = join(dir, `run-${label}-hub`);
  const nodeDir = join(dir, `run-${label}-node`);
  await cp(prepared.hubBase, hubDir, { recursive: true });
  await cp(nodeSource, nodeDir, { recursive: true });
  const host = weak ? WEAK_HUB_HOST : '127.0.0.1';
  const port = weak ? 4890 : await freePort();
  const hub = await startHub(hubDir, weak ? NS_HUB : null, host, port);
  let result: NodeSideResult;
  try {
    const stdout = await runChecked(
      [
        process.execPath,
        '--import',
        'tsx',
        thisFile,
        'node-side',
        JSON.stringify({ data: nodeDir, hubHost: host, hubPort: port }),
      ],
      { ns: weak ? NS_NODE : null, timeoutMs: 30 * 60_000 },
    );
    result = nodeSideResult.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''));
  } finally {
    await stopProcess(hub);
  }
  await checkHub(hubDir, records);
  await rm(hubDir, { recursive: true, force: true });
  await rm(nodeDir, { recursive: true, force: true });
  note(
    `  ours ${label}: ${records} events in ${result.seconds.toFixed(2)} s, ${result.requests} signed requests on ${result.connections} connection(s), ${result.bytesUp} B up + ${result.bytesDown} B down, ${result.failedRounds} failed round(s)`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// PouchDB (../shared/tools/pouchdb-peer)

interface PouchTool {
  readonly dir: string;
  readonly sourceFull: string;
  readonly sourceWeak: string;
}

/**
 * Installs pouchdb-peer in a temporary folder (shared/ is read-only in CI), once per version of
 * the tool, and loads the records into two local PouchDBs (all of them, and the weak link's).
 */
async function setUpPouch(dir: string, prepared: Prepared): Promise<PouchTool> {
  const source = join(TOOLS, 'pouchdb-peer');
  const names = (await readdir(source)).filter((n) => n.endsWith('.js') || n.endsWith('.json'));
  const digest = createHash('sha256');
  for (const name of names.sort()) digest.update(name).update(await readFile(join(source, name)));
  const toolDir = join(tmpdir(), `motcua-bench-pouchdb-peer-${digest.digest('hex').slice(0, 12)}`);
  if (!existsSync(join(toolDir, 'node_modules', 'pouchdb'))) {
    note(`  installing pouchdb-peer in ${toolDir}`);
    await rm(toolDir, { recursive: true, force: true });
    await cp(source, toolDir, { recursive: true });
    await chmod(toolDir, 0o755);
    for (const name of names) await chmod(join(toolDir, name), 0o644);
    await runChecked(['npm', 'install', '--no-audit', '--no-fund'], {
      cwd: toolDir,
      quiet: true,
      timeoutMs: 10 * 60_000,
    });
  }
  const load = async (records: string, target: string) => {
    const out = await runChecked([process.execPath, join(toolDir, 'load.js'), target], {
      stdinFile: records,
      cwd: toolDir,
    });
    note(`  pouchdb load ${target}: ${out.trim()}`);
  };
  const sourceFull = join(dir, 'pouch-node-full');
  const sourceWeak = join(dir, 'pouch-node-weak');
  await load(prepared.recordsFull, sourceFull);
  await load(prepared.recordsWeak, sourceWeak);
  return { dir: toolDir, sourceFull, sourceWeak };
}

const pushOutput = z.object({ docs_written: z.number(), doc_write_failures: z.number(), ms: z.number() }); // prettier-ignore
const statsOutput = z.object({ bytesIn: z.number(), bytesOut: z.number(), requests: z.number() });

/** One replication of `source` to a fresh pouchdb-peer server; bytes as its sockets count. */
async function pouchRun(
  dir: string,
  tool: PouchTool,
  label: string,
  source: string,
  records: number,
  tuned: boolean,
  weak: boolean,
): Promise<{ seconds: number; bytes: number; requests: number }> {
  const host = weak ? WEAK_HUB_HOST : '127.0.0.1';
  const port = weak ? 5984 : await freePort();
  const serverData = join(dir, `pouch-server-${label}`);
  // A copy of the loaded source: a replication leaves its checkpoint in the source database.
  const local = join(dir, `pouch-local-${label}`);
  await cp(source, local, { recursive: true });
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const server = startProcess([process.execPath, join(tool.dir, 'server.js')], {
    ns: weak ? NS_HUB : null,
    env: { ...process.env, HOST: host, PORT: String(port), DATA: serverData },
    onLine: (line) => {
      if (line.includes('listening')) listening();
    },
  });
  try {
    await Promise.race([
      ready,
      sleep(30_000).then(() => {
        throw new Error('the pouchdb-peer server did not start');
      }),
    ]);
    const env = tuned
      ? { ...process.env, BATCH: '500', KEEPALIVE: '1', GZIP: '1' }
      : { ...process.env };
    const out = await runChecked(
      [process.execPath, join(tool.dir, 'push.js'), local, `http://${host}:${port}/bench`],
      { ns: weak ? NS_NODE : null, env, cwd: tool.dir, timeoutMs: 30 * 60_000 },
    );
    const pushed = pushOutput.parse(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
    if (pushed.docs_written !== records || pushed.doc_write_failures !== 0)
      throw new Error(`PouchDB wrote ${pushed.docs_written} of ${records} documents`);
    const statsText = await httpText(`http://${host}:${port}/__stats`, weak ? NS_HUB : null);
    if (statsText === null) throw new Error('no stats from the pouchdb-peer server');
    const stats = statsOutput.parse(JSON.parse(statsText));
    const result = {
      seconds: pushed.ms / 1000,
      bytes: stats.bytesIn + stats.bytesOut,
      requests: stats.requests,
    };
    note(
      `  pouchdb ${label}: ${records} docs in ${result.seconds.toFixed(2)} s, ${result.requests} requests, ${stats.bytesIn} B up + ${stats.bytesOut} B down`,
    );
    return result;
  } finally {
    await stopProcess(server);
    await rm(serverData, { recursive: true, force: true });
    await rm(local, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The weak link (../shared/tools/weak-link)

interface WeakLink {
  /** Brings the link up, runs `fn`, and always brings it down; notes its packet counts. */
  around<T>(label: string, fn: () => Promise<T>): Promise<T>;
}

/** The weak link, or the reason it cannot run here. */
async function weakLink(dir: string): Promise<WeakLink | string> {
  const source = join(TOOLS, 'weak-link');
  if (!existsSync(join(source, 'weak-link.sh'))) return `${source}/weak-link.sh not found`;
  const toolDir = join(dir, 'weak-link');
  await cp(source, toolDir, { recursive: true });
  await chmod(toolDir, 0o755); // copied read-only from shared/; writable so that it can be removed
  const script = join(toolDir, 'weak-link.sh');
  const state = join(dir, 'weak-link-state');
  const env = { ...process.env, WEAK_LINK_STATE: state };
  const check = await runProcess(['bash', script, 'check'], { env, quiet: true });
  if (check.code === 77) return `it cannot run here (${check.stderr.trim()})`;
  if (check.code !== 0) return `its check failed with ${check.code}: ${check.stderr.trim()}`;
  const down = async () => {
    await runProcess(['bash', script, 'down'], { env, quiet: true });
  };
  return {
    async around(label, fn) {
      const up = await runProcess(
        [
          'bash',
          script,
          'up',
          '--delay-ms',
          String(LINK.delayMs),
          '--loss',
          String(LINK.loss),
          '--rate-bit',
          String(LINK.rateBit),
        ],
        { env, quiet: true },
      );
      if (up.code !== 0) {
        await down();
        throw new Error(`weak-link up exited with ${up.code}: ${up.stderr.trim()}`);
      }
      try {
        return await fn();
      } finally {
        await down();
        // tunem.py writes its packet counts (in, lost, queue drops, out) when it stops.
        const log = await readFile(join(state, 'link.log'), 'utf8').catch(() => '');
        const counts = log.trim().split('\n').at(-1) ?? '';
        note(`  link during ${label}: ${counts}`);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-sync-'));
  const started = performance.now();
  const verdicts: string[] = [];
  const verdict = (ok: boolean, text: string) =>
    verdicts.push(`${ok ? 'MET ' : 'MISSED'}  ${text}`);
  try {
    note(
      `bench:sync — ${TOTAL} events on loopback, the first ${WEAK_RECORDS} over the weak link; work in ${dir}`,
    );
    // Known early whether the long weak-link part can run at all.
    const link = RUN_WEAK ? await weakLink(dir) : 'BENCH_SYNC_WEAK=0';
    if (typeof link === 'string') note(`weak link skipped: ${link}`);
    else note('weak link available: it will run after the loopback measurements');

    note('preparing: a hub, a node enrolled with it, and its desk at work');
    const prepared = await prepare(dir);
    print('sync.records.json_bytes_per_record', prepared.jsonBytesFull / TOTAL, 'B');

    note('our sync, loopback');
    const loop = await ourRun(dir, 'loopback', prepared, prepared.nodeFull, TOTAL, false);
    const loopEventsPerS = TOTAL / loop.seconds;
    const loopBytes = (loop.bytesUp + loop.bytesDown) / TOTAL;
    print('sync.loopback.events_per_s', loopEventsPerS, 'events/s');
    print('sync.loopback.bytes_per_record', loopBytes, 'B');
    verdict(loopEventsPerS >= 5000, `loopback ${loopEventsPerS.toFixed(0)} events/s ≥ 5,000`);

    let pouch: PouchTool | null = null;
    if (RUN_POUCHDB) {
      try {
        note('PouchDB replication, loopback');
        pouch = await setUpPouch(dir, prepared);
      } catch (error) {
        note(`PouchDB skipped: pouchdb-peer could not be set up (${errorText(error)})`);
      }
    } else note('PouchDB skipped: BENCH_SYNC_POUCHDB=0');
    if (pouch !== null) {
      const plain = await pouchRun(dir, pouch, 'loopback', pouch.sourceFull, TOTAL, false, false);
      const tuned = await pouchRun(dir, pouch, 'tuned-loopback', pouch.sourceFull, TOTAL, true, false); // prettier-ignore
      const plainBytes = plain.bytes / TOTAL;
      print('sync.pouchdb.loopback.bytes_per_record', plainBytes, 'B');
      print('sync.pouchdb.loopback.events_per_s', TOTAL / plain.seconds, 'events/s');
      print('sync.pouchdb_tuned.loopback.bytes_per_record', tuned.bytes / TOTAL, 'B');
      print('sync.pouchdb_tuned.loopback.events_per_s', TOTAL / tuned.seconds, 'events/s');
      verdict(
        loopBytes <= plainBytes / 3,
        `bytes per record ${loopBytes.toFixed(0)} ≤ a third of PouchDB's ${plainBytes.toFixed(0)} (ours is ${(plainBytes / loopBytes).toFixed(1)} × smaller; ${(tuned.bytes / TOTAL / loopBytes).toFixed(1)} × smaller than tuned PouchDB's)`,
      );
    }

    if (typeof link !== 'string') {
      note(
        `weak link: ${LINK.rateBit / 1000} kbit/s, ${LINK.delayMs} ms each way, ${LINK.loss * 100} % loss; ${WEAK_RECORDS} records (several minutes)`,
      );
      const limit = (bytes: number) => (bytes * 8) / LINK.rateBit;
      const ours = await link.around('our sync', () =>
        ourRun(dir, 'weak', prepared, prepared.nodeWeak, WEAK_RECORDS, true),
      );
      const oursBytes = ours.bytesUp + ours.bytesDown;
      const ratio = ours.seconds / limit(oursBytes);
      print('sync.weak.seconds', ours.seconds, 's');
      print('sync.weak.bytes_per_record', oursBytes / WEAK_RECORDS, 'B');
      print('sync.weak.link_ratio', ratio, '×', 2);
      verdict(ratio <= 1.5, `weak link at ${ratio.toFixed(2)} × the link's limit (≤ 1.5)`);
      if (pouch !== null) {
        const tool = pouch;
        const plain = await link.around('PouchDB defaults', () =>
          pouchRun(dir, tool, 'weak', tool.sourceWeak, WEAK_RECORDS, false, true),
        );
        const tuned = await link.around('PouchDB tuned', () =>
          pouchRun(dir, tool, 'tuned-weak', tool.sourceWeak, WEAK_RECORDS, true, true),
        );
        print('sync.pouchdb.weak.seconds', plain.seconds, 's');
        print('sync.pouchdb_tuned.weak.seconds', tuned.seconds, 's');
        print('sync.pouchdb.weak.bytes_per_record', plain.bytes / WEAK_RECORDS, 'B');
        print('sync.pouchdb_tuned.weak.bytes_per_record', tuned.bytes / WEAK_RECORDS, 'B');
        print('sync.pouchdb_tuned.weak.link_ratio', tuned.seconds / limit(tuned.bytes), '×', 2);
        verdict(
          ours.seconds < tuned.seconds,
          `weak link ${ours.seconds.toFixed(1)} s, faster than tuned PouchDB's ${tuned.seconds.toFixed(1)} s (defaults ${plain.seconds.toFixed(1)} s)`,
        );
      }
    }
    note(`bench:sync done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    for (const line of verdicts) note(line);
  } finally {
    if (KEEP) note(`work folder kept: ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'node-side')
  await nodeSide(nodeSideConfig.parse(JSON.parse(process.argv[3] ?? '{}')));
else await main();
