// `npm run bench:desk`: the one-stop desk of one commune node on SQLite under load, over real
// HTTP from a separate process. 32 concurrent clients (each a logged-in receiving officer)
// take birth registrations at the counter; then the same after one million dossiers are
// already stored; public tracking lookups against those million; and the node's peak memory.
// Prints one JSON object per line: {"name","value","unit"}.
//
// The million dossiers are written in bulk straight into the database (events with a valid
// hash chain, and their projection rows) — going through HTTP would take hours and measures
// nothing new; the measured intakes and lookups all go through HTTP and the real use cases.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson } from '../../domain/event-chain.js';
import {
  dossierEventTypes,
  formatDossierCode,
  reduceDossier,
  statusCode,
} from '../../domain/dossiers.js';
import { bulkChain } from './bulk-chain.js';
import {
  BENCH_UNIT,
  httpClient,
  load,
  login,
  note,
  peakRssMb,
  prepareCommune,
  print,
  printLoad,
  startNode,
  stopNode,
} from './http-load.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 32);
const INTAKES = Number(process.env['BENCH_INTAKES'] ?? 6000);
const PRELOAD = Number(process.env['BENCH_PRELOAD'] ?? 1_000_000);
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 10_000);
const PORT = 4890;
const http = httpClient(PORT);
const officers = Array.from({ length: CLIENTS }, (_, i) => ({
  username: `tiepnhan${i}`,
  displayName: `Quầy ${i + 1}`,
  role: 'receiving_officer' as const,
}));

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

async function intakes(cookies: readonly string[], label: string): Promise<void> {
  const result = await load(CLIENTS, INTAKES, (client, i) =>
    http.post('/api/v1/dossiers', intakeBody(i), cookies[client] ?? ''),
  );
  if (result.failures > 0) throw new Error(`${label}: ${result.failures} intakes failed`);
  printLoad(`desk.${label}`, result);
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
  const chain = bulkChain(db, BENCH_UNIT);
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
      const event = chain.append({
        type: dossierEventTypes.received,
        entityType: 'dossier',
        entityId: id,
        payload,
        actorId: null,
        occurredAt: receivedAt,
      });
      const s = reduceDossier(null, {
        type: event.type,
        entityId: id,
        payload: event.payload,
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
    chain.saveHead();
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
  await prepareCommune(dataDir, join(dir, 'hub'), officers);
  note(
    `bench:desk — ${CLIENTS} clients, ${INTAKES} intakes per run, ${PRELOAD} preloaded dossiers`,
  );
  const serve = () => startNode(dataDir, PORT, ['--track-lookups-per-minute', '1000000']);
  const logins = () => Promise.all(officers.map((o) => login(http, o.username)));

  let node = await serve();
  let rss = 0;
  try {
    await intakes(await logins(), 'intake');
    rss = Math.max(rss, peakRssMb(node));
  } finally {
    await stopNode(node);
  }

  const { samples } = preload(join(dataDir, 'motcua.sqlite'), PRELOAD);
  node = await serve();
  try {
    await intakes(await logins(), 'intake_1m');
    const lookups = await load(CLIENTS, LOOKUPS, (_client, i) => {
      const sample = samples[i % samples.length] ?? { code: '', citizenId: '' };
      return http.post('/api/v1/track', JSON.stringify(sample));
    });
    if (lookups.failures > 0) throw new Error(`${lookups.failures} lookups failed`);
    printLoad('desk.track', lookups);
    rss = Math.max(rss, peakRssMb(node));
  } finally {
    await stopNode(node);
  }
  print('desk.rss_mb', rss, 'MB');
} finally {
  await rm(dir, { recursive: true, force: true });
}
