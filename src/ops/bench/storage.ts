// `npm run bench:storage`: how fast a node appends to its event log and verifies it. Prints one
// JSON object per line: {"name","value","unit"}. SQLite always; PostgreSQL too when DATABASE_URL
// is set (a scratch database is created and dropped).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgresStorage } from '../../storage/postgres.js';
import type { Projectors } from '../../storage/projections.js';
import { openSqliteStorage } from '../../storage/sqlite.js';
import type { Storage } from '../../storage/storage.js';
import { verifyStorage } from '../../storage/verify.js';

const singles = Number(process.env['BENCH_SINGLE_EVENTS'] ?? 2000);
const batched = Number(process.env['BENCH_BATCHED_EVENTS'] ?? 50_000);
const batchSize = 1000;

// A realistic payload: a dossier intake of about 600 bytes.
const payload = {
  procedureCode: '1.001193',
  applicant: { name: 'Nguyễn Thị Mai', citizenId: '048185000123', phone: '0905123456' },
  receivedAt: '2026-11-26T08:15:00.000Z',
  channel: 1,
  components: ['to-khai', 'giay-chung-sinh', 'cccd-nguoi-di-khai'].map((code) => ({
    code,
    provided: true,
  })),
  note: 'Hồ sơ đầy đủ, tiếp nhận tại quầy số 2.',
};
const projectors: Projectors = { 'bench.recorded': async () => undefined };

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit })}\n`);
}

async function run(dialect: string, storage: Storage): Promise<void> {
  let start = performance.now();
  for (let i = 0; i < singles; i++)
    await storage.transaction((tx) =>
      tx.append(
        { type: 'bench.recorded', entityType: 'bench', entityId: `e${i}`, payload },
        { actorId: null },
      ),
    );
  print(
    `storage.${dialect}.append_one_per_tx.ops_per_s`,
    singles / ((performance.now() - start) / 1000),
    'ops/s',
  );

  start = performance.now();
  for (let done = 0; done < batched; done += batchSize)
    await storage.transaction(async (tx) => {
      for (let i = 0; i < batchSize; i++)
        await tx.append(
          { type: 'bench.recorded', entityType: 'bench', entityId: `b${done + i}`, payload },
          { actorId: null },
        );
    });
  print(
    `storage.${dialect}.append_batched.events_per_s`,
    batched / ((performance.now() - start) / 1000),
    'events/s',
  );

  const heapBefore = process.memoryUsage().heapUsed;
  start = performance.now();
  const result = await verifyStorage(storage);
  const seconds = (performance.now() - start) / 1000;
  if (!result.ok)
    throw new Error(`verification failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  print(`storage.${dialect}.verify.events_per_s`, result.events / seconds, 'events/s');
  print(
    `storage.${dialect}.verify.heap_growth_mb`,
    Math.max(0, process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
    'MiB',
  );
}

const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-'));
try {
  const sqlite = await openSqliteStorage({
    file: join(dir, 'bench.sqlite'),
    unitCode: '20242',
    projectors,
  });
  try {
    await run('sqlite', sqlite);
  } finally {
    await sqlite.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const url = process.env['DATABASE_URL'];
if (url !== undefined && url !== '') {
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const storage = await openPostgresStorage({
      url: target.toString(),
      unitCode: '48',
      projectors,
    });
    try {
      await run('postgres', storage);
    } finally {
      await storage.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
