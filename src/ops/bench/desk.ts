// `npm run bench:desk`: the one-stop desk of one commune node on SQLite under load, over real
// HTTP from a separate process. 32 concurrent clients (each a logged-in receiving officer)
// take birth registrations at the counter; then the same after one million dossiers are
// already stored; public tracking lookups against those million; and the node's peak memory.
// Prints one JSON object per line: {"name","value","unit"}.
//
// The million dossiers are written in bulk straight into the database (events with a valid
// hash chain, and their projection rows) — going through HTTP would take hours and measures
// nothing new; the measured intakes and lookups all go through HTTP and the real use cases.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { bootstrapAccount } from '../../application/accounts.js';
import { seedCatalogue } from '../../application/catalogue.js';
import { runUseCase } from '../../application/use-case.js';
import { openNodeServices } from '../../cli/node-services.js';
import { canonicalJson, hashEvent } from '../../domain/event-chain.js';
import {
  dossierEventTypes,
  formatDossierCode,
  reduceDossier,
  statusCode,
} from '../../domain/dossiers.js';
import { formatHlc, parseHlc } from '../../domain/hlc.js';
import { copyChain } from '../../sync/copy-chain.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 32);
const INTAKES = Number(process.env['BENCH_INTAKES'] ?? 6000);
const PRELOAD = Number(process.env['BENCH_PRELOAD'] ?? 1_000_000);
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 10_000);
const PASSWORD = 'bench-password-1';
const PORT = 4890;
const base = `http://127.0.0.1:${PORT}`;

// A plain keep-alive HTTP client: lighter than fetch, so that on this 2-core machine the load
// generator takes as little CPU as possible away from the node it measures.
const agent = new Agent({ keepAlive: true, maxSockets: 64, noDelay: true });

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly cookie: string;
}

function post(path: string, body: string, cookie = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: PORT,
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
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookie: (res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '',
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit })}\n`);
}
const note = (line: string) => process.stderr.write(`${line}\n`);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const intakeBody = (i: number) =>
  JSON.stringify({
    procedureCode: '1.001193',
    competentUnitCode: '20242',
    applicant: {
      fullName: 'Nguyễn Thị Mai',
      citizenId: `0481850${String(10000 + (i % 90000)).padStart(5, '0')}`,
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

async function prepare(dataDir: string, hubDir: string): Promise<void> {
  const hub = await openNodeServices({ role: 'province', unit: '48', data: hubDir });
  const node = await openNodeServices({ role: 'commune', unit: '20242', data: dataDir });
  try {
    await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
    await copyChain(hub.services.storage, node.services.storage, '48');
    for (let i = 0; i < CLIENTS; i++)
      await runUseCase(node.services, null, { ip: null }, (uc) =>
        bootstrapAccount(uc, {
          username: `tiepnhan${i}`,
          displayName: `Quầy ${i + 1}`,
          role: 'receiving_officer',
          unitCode: '20242',
          password: PASSWORD,
        }),
      );
  } finally {
    await hub.services.storage.close();
    await node.services.storage.close();
  }
}

async function startNode(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'motcua.js'),
      'serve',
      '--role',
      'commune',
      '--unit',
      '20242',
      '--data',
      dataDir,
      '--port',
      String(PORT),
      '--log-level',
      'warn',
      '--track-lookups-per-minute',
      '1000000',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DATABASE_URL: '' } },
  );
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the node did not start');
}

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stopNode(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function login(i: number): Promise<string> {
  const answer = await post(
    '/api/v1/session',
    JSON.stringify({ username: `tiepnhan${i}`, password: PASSWORD }),
  );
  if (answer.status !== 200) throw new Error(`login ${i}: ${answer.status}`);
  return answer.cookie;
}

/** Runs `total` requests from `CLIENTS` concurrent clients; returns latencies and wall time. */
async function load(
  total: number,
  request: (client: number, i: number) => Promise<Answer>,
): Promise<{ latencies: number[]; seconds: number; failures: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const answer = await request(client, i);
        latencies.push(performance.now() - t0);
        if (answer.status >= 400) failures += 1;
      }
    }),
  );
  return {
    latencies: latencies.sort((a, b) => a - b),
    seconds: (performance.now() - started) / 1000,
    failures,
  };
}

async function intakes(cookies: readonly string[], label: string): Promise<{ codes: string[] }> {
  const codes: string[] = [];
  const result = await load(INTAKES, async (client, i) => {
    const answer = await post('/api/v1/dossiers', intakeBody(i), cookies[client] ?? '');
    if (answer.status === 201) codes.push((JSON.parse(answer.body) as { code: string }).code);
    return answer;
  });
  if (result.failures > 0) throw new Error(`${label}: ${result.failures} intakes failed`);
  print(`desk.${label}.ops_per_s`, INTAKES / result.seconds, 'ops/s');
  print(`desk.${label}.p50_ms`, percentile(result.latencies, 50), 'ms');
  print(`desk.${label}.p99_ms`, percentile(result.latencies, 99), 'ms');
  return { codes };
}

/**
 * Writes `count` received dossiers of earlier days straight into the node's database: events
 * continuing the unit's hash chain, their projection rows and the daily code counters.
 */
function preload(
  dbFile: string,
  count: number,
): { samples: { code: string; citizenId: string }[] } {
  const db = new SqliteDatabase(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const head = db
    .prepare("select unit_seq, hash from chain_heads where unit_code = '20242'")
    .get() as { unit_seq: number; hash: string };
  const lastHlc = (
    db.prepare("select max(hlc) as hlc from events where unit_code = '20242'").get() as {
      hlc: string;
    }
  ).hlc;
  let { wallMs } = parseHlc(lastHlc);
  let seq = head.unit_seq;
  let prev = head.hash;
  const insertEvent = db.prepare(
    'insert into events (id, unit_code, unit_seq, type, entity_type, entity_id, payload, actor_id, occurred_at, hlc, prev_hash, hash, recorded_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insertDossier = db.prepare(
    `insert into dossiers (id, code, unit_code, receiving_unit_code, competent_unit_code, procedure_code, channel, status, status_code, applicant_name, applicant_citizen_id,
      submitted_at, received_at, due_at, extended_due_at, completed_at, returned_at, assignee_id, pending_approval, transfer_pending, fee_total_vnd, updated_at, state)
     values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertCounter = db.prepare(
    "insert or replace into dossier_code_counters (unit_code, local_date, last_seq) values ('20242', ?, ?)",
  );
  const perDay = 1000;
  const firstDay = Date.parse('2024-01-01T00:00:00.000Z');
  const samples: { code: string; citizenId: string }[] = [];
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const day = Math.floor(n / perDay);
      const daySeq = (n % perDay) + 1;
      const localDate = new Date(firstDay + day * 86_400_000).toISOString().slice(0, 10);
      const receivedAt = new Date(
        Date.parse(`${localDate}T08:00:00.000+07:00`) + daySeq * 20_000,
      ).toISOString();
      const dueAt = new Date(Date.parse(`${localDate}T17:00:00.000+07:00`)).toISOString();
      const citizenId = `048${n % 2 === 0 ? 0 : 1}${String(60 + (n % 40))}${String(n % 1_000_000).padStart(6, '0')}`;
      const code = formatDossierCode('20242', localDate, daySeq);
      const id = uuidv7();
      const payload = JSON.parse(
        canonicalJson({
          code,
          procedureCode: '1.001193',
          procedureVersion: 1,
          procedureName: 'Thủ tục đăng ký khai sinh',
          receivingUnitCode: '20242',
          competentUnitCode: '20242',
          channel: 'in_person',
          applicant: {
            fullName: 'Trần Văn Bình',
            citizenId,
            dateOfBirth: null,
            sex: null,
            phone: null,
            email: null,
            address: null,
            accountId: null,
          },
          components: [],
          fee: { lines: [], totalVnd: 0, exemptions: [] },
          resultDelivery: 'receiving_unit',
          assistedBy: null,
          note: '',
          receivedAt,
          dueAt,
          status: 'received',
          refusalReason: null,
        }),
      ) as unknown;
      wallMs = Math.max(wallMs + 1, Date.parse(receivedAt));
      seq += 1;
      const fields = {
        id,
        unitCode: '20242',
        unitSeq: seq,
        type: dossierEventTypes.received,
        entityType: 'dossier',
        entityId: id,
        payload,
        actorId: null,
        occurredAt: receivedAt,
        hlc: formatHlc({ wallMs, counter: 0, node: '20242' }),
        prevHash: prev,
      };
      const hash = hashEvent(fields);
      insertEvent.run(
        id,
        '20242',
        seq,
        fields.type,
        'dossier',
        id,
        canonicalJson(payload),
        null,
        receivedAt,
        fields.hlc,
        prev,
        hash,
        receivedAt,
      );
      prev = hash;
      const s = reduceDossier(null, {
        type: fields.type,
        entityId: id,
        payload,
        occurredAt: receivedAt,
      });
      insertDossier.run(
        id,
        code,
        '20242',
        '20242',
        '20242',
        '1.001193',
        'in_person',
        s.status,
        statusCode(s.status),
        s.applicant.fullName,
        citizenId,
        null,
        receivedAt,
        dueAt,
        null,
        null,
        null,
        null,
        0,
        0,
        0,
        receivedAt,
        JSON.stringify(s),
      );
      if (daySeq === perDay || n === to - 1) insertCounter.run(localDate, daySeq);
      if (n % 997 === 0) samples.push({ code, citizenId });
    }
    db.prepare("update chain_heads set unit_seq = ?, hash = ? where unit_code = '20242'").run(
      seq,
      prev,
    );
  });
  const started = performance.now();
  for (let from = 0; from < count; from += 50_000) {
    batch(from, Math.min(count, from + 50_000));
    note(
      `  preloaded ${Math.min(count, from + 50_000)} dossiers (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { samples };
}

const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-desk-'));
try {
  const dataDir = join(dir, 'node');
  await prepare(dataDir, join(dir, 'hub'));
  note(
    `bench:desk — ${CLIENTS} clients, ${INTAKES} intakes per run, ${PRELOAD} preloaded dossiers`,
  );

  let node = await startNode(dataDir);
  let rss = 0;
  try {
    const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => login(i)));
    await intakes(cookies, 'intake');
    rss = Math.max(rss, peakRssMb(node));
  } finally {
    await stopNode(node);
  }

  const { samples } = preload(join(dataDir, 'motcua.sqlite'), PRELOAD);
  node = await startNode(dataDir);
  try {
    const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => login(i)));
    await intakes(cookies, 'intake_1m');
    const lookups = await load(LOOKUPS, (_client, i) => {
      const sample = samples[i % samples.length] ?? { code: '', citizenId: '' };
      return post('/api/v1/track', JSON.stringify(sample));
    });
    if (lookups.failures > 0) throw new Error(`${lookups.failures} lookups failed`);
    print('desk.track.ops_per_s', LOOKUPS / lookups.seconds, 'ops/s');
    print('desk.track.p50_ms', percentile(lookups.latencies, 50), 'ms');
    print('desk.track.p99_ms', percentile(lookups.latencies, 99), 'ms');
    rss = Math.max(rss, peakRssMb(node));
  } finally {
    await stopNode(node);
  }
  print('desk.rss_mb', rss, 'MB');
} finally {
  await rm(dir, { recursive: true, force: true });
}
