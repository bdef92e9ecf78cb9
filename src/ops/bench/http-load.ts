// What the HTTP benchmarks (bench:desk, bench:civil) share: a commune node prepared with its
// catalogue and officers, started as a separate process and measured over real HTTP by
// concurrent logged-in clients; its peak memory; the one-JSON-object-a-line output.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bootstrapAccount } from '../../application/accounts.js';
import { seedCatalogue } from '../../application/catalogue.js';
import type { UnitProfile } from '../../application/services.js';
import { runUseCase } from '../../application/use-case.js';
import { openNodeServices } from '../../cli/node-services.js';
import type { Role } from '../../domain/roles.js';
import { copyChain } from '../../sync/copy-chain.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The commune every HTTP benchmark runs (Phường Hải Châu, Đà Nẵng) and its province. */
export const BENCH_UNIT = '20242';
const BENCH_PROVINCE = '48';
export const BENCH_PASSWORD = 'bench-password-1';

export function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit })}\n`);
}
export const note = (line: string) => process.stderr.write(`${line}\n`);

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly cookie: string;
}

export interface BenchHttp {
  post(path: string, body: string, cookie?: string): Promise<Answer>;
  get(path: string, cookie?: string): Promise<Answer>;
}

/**
 * A plain keep-alive HTTP client: lighter than fetch, so that on a 2-core machine the load
 * generator takes as little CPU as possible away from the node it measures.
 */
export function httpClient(port: number): BenchHttp {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, noDelay: true });
  const send = (method: 'GET' | 'POST', path: string, body: string | null, cookie: string) =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers:
            body === null
              ? { cookie }
              : {
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
      req.end(body ?? undefined);
    });
  return {
    post: (path, body, cookie = '') => send('POST', path, body, cookie),
    get: (path, cookie = '') => send('GET', path, null, cookie),
  };
}

export interface BenchAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/**
 * A province hub with the seeded catalogue, and the commune node with a copy of the hub's
 * chain (the catalogue as sync would bring it) and the given accounts (password
 * BENCH_PASSWORD). Returns the commune's unit profile (what its documents print).
 */
export async function prepareCommune(
  dataDir: string,
  hubDir: string,
  accounts: readonly BenchAccount[],
): Promise<UnitProfile> {
  const hub = await openNodeServices({ role: 'province', unit: BENCH_PROVINCE, data: hubDir });
  const node = await openNodeServices({ role: 'commune', unit: BENCH_UNIT, data: dataDir });
  try {
    await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
    await copyChain(hub.services.storage, node.services.storage, BENCH_PROVINCE);
    for (const account of accounts)
      await runUseCase(node.services, null, { ip: null }, (uc) =>
        bootstrapAccount(uc, { ...account, unitCode: BENCH_UNIT, password: BENCH_PASSWORD }),
      );
    return node.services.node.profile;
  } finally {
    await hub.services.storage.close();
    await node.services.storage.close();
  }
}

/** `motcua serve` for the commune in `dataDir`, on SQLite; resolves once it answers /healthz. */
export async function startNode(
  dataDir: string,
  port: number,
  extraArgs: readonly string[] = [],
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'motcua.js'),
      'serve',
      '--role',
      'commune',
      '--unit',
      BENCH_UNIT,
      '--data',
      dataDir,
      '--port',
      String(port),
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DATABASE_URL: '' } },
  );
  const exit: { status: number | null } = { status: null };
  child.once('exit', (code) => {
    exit.status = code ?? -1;
  });
  for (let i = 0; i < 600; i++) {
    if (exit.status !== null) throw new Error(`the node exited at start (${exit.status})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the node did not start');
}

/** The process's peak resident memory so far (VmHWM), in MB. */
export function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function stopNode(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Logs `username` in; returns the session cookie. */
export async function login(http: BenchHttp, username: string): Promise<string> {
  const answer = await http.post(
    '/api/v1/session',
    JSON.stringify({ username, password: BENCH_PASSWORD }),
  );
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status}`);
  return answer.cookie;
}

export interface LoadResult {
  /** Every request's latency in ms, sorted. */
  readonly latencies: number[];
  readonly seconds: number;
  /** Answers with a status of 400 or more. */
  readonly failures: number;
}

/** Runs `total` requests from `clients` concurrent clients (closed loop). */
export async function load(
  clients: number,
  total: number,
  request: (client: number, i: number) => Promise<Answer>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
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

/** `<name>.ops_per_s`, `<name>.p50_ms` and `<name>.p99_ms` of a load. */
export function printLoad(name: string, result: LoadResult): void {
  print(`${name}.ops_per_s`, result.latencies.length / result.seconds, 'ops/s');
  print(`${name}.p50_ms`, percentile(result.latencies, 50), 'ms');
  print(`${name}.p99_ms`, percentile(result.latencies, 99), 'ms');
}
