// `npm run bench:civil`: the civil-status registers (hộ tịch) of one commune node on SQLite,
// over real HTTP from a separate process, once they already hold a million records. 32
// concurrent clients (each a logged-in civil-status officer) register births, deaths and
// marriages; then search the registers the ways an officer does — a full name with or without
// diacritics, a given name with a date of birth, a date of birth alone, an ID number, a
// parent's name — for records that exist and for some that do not (civil.search.*, after the
// node's first 1000 searches, reported apart as civil.search_first); then one client at a
// time, for what each kind of search costs without the queue (civil.search_serial.*); and the
// node's peak memory. Prints one JSON object per line: {"name","value","unit"}.
//
// The million records are written in bulk straight into the database (civil-preload.ts:
// events continuing the unit's hash chain, with the projector's own rows); the measured
// registrations and searches all go through HTTP and the real use cases. Every registration
// must be answered 201 and the numbers given must continue each kind's book of the year with
// no gap and no repeat; a search for a record that exists must find something and one for a
// record that does not must find nothing. Anything else stops the bench with an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import type { CivilKind } from '../../domain/civil-status.js';
import { vietnamDate } from '../../domain/dossiers.js';
import { foldVietnamese } from '../../domain/text-fold.js';
import {
  daysBefore,
  preloadCivil,
  UNUSED_FAMILY_NAME,
  type CivilPreload,
  type CivilSample,
} from './civil-preload.js';
import {
  BENCH_UNIT,
  httpClient,
  load,
  login,
  note,
  peakRssMb,
  percentile,
  prepareCommune,
  print,
  printLoad,
  startNode,
  stopNode,
  type BenchAccount,
  type LoadResult,
} from './http-load.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 32);
const PRELOAD = Number(process.env['BENCH_PRELOAD'] ?? 1_000_000);
const REGISTRATIONS = Number(process.env['BENCH_REGISTRATIONS'] ?? 4000);
const SEARCHES = Number(process.env['BENCH_SEARCHES'] ?? 5000);
/** Searches run first and measured apart: the node's first, while it warms up. */
const FIRST_SEARCHES = Number(process.env['BENCH_FIRST_SEARCHES'] ?? 1000);
/** Keep the node's data folder afterwards (to look at query plans on the million records). */
const KEEP = process.env['BENCH_KEEP'] === '1';
/** Entries per register book before it is closed as full (the next continues the numbering). */
const BOOK_SIZE = 5000;
const PORT = 4891;
const http = httpClient(PORT);

const officers: readonly BenchAccount[] = Array.from({ length: CLIENTS }, (_, i) => ({
  username: `hotich${i}`,
  displayName: `Công chức tư pháp - hộ tịch ${i + 1}`,
  role: 'specialist',
}));
const leader: BenchAccount = { username: 'chutich', displayName: 'Trần Văn Hùng', role: 'leader' };

// ── Registrations ──────────────────────────────────────────────────────────────────────────

// Each list without repeats, so that registration i's child has a name no other has.
const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý']; // prettier-ignore
const middles = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Gia', 'Bảo', 'Công', 'Đình']; // prettier-ignore
const seconds = ['Minh', 'Gia', 'Bảo', 'Đức', 'Quang', 'Hoàng', 'Anh', 'Thành', 'Nhật', 'Tuấn']; // prettier-ignore
const givens = ['An', 'Bình', 'Dũng', 'Dương', 'Giang', 'Hải', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Tuấn', 'Việt', 'Huy', 'Khoa', 'Đạt', 'Thành', 'Trung', 'Hiếu', 'Kiên', 'Lâm', 'Phong', 'Thắng', 'Vinh', 'Khang', 'Lộc']; // prettier-ignore
const DISTINCT_NAMES = families.length * middles.length * seconds.length * givens.length;

const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const distinctName = (i: number) =>
  [
    at(families, i),
    at(middles, Math.floor(i / families.length)),
    at(seconds, Math.floor(i / (families.length * middles.length))),
    at(givens, Math.floor(i / (families.length * middles.length * seconds.length))),
  ].join(' ');

/**
 * A valid ID number the preload never gives (its serials stay below 900000): distinct for each
 * registration `i` and role, so no one measured is already married or dead.
 */
const benchId = (sex: 'male' | 'female', year: number, i: number) =>
  `048${(year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0)}${String(year % 100).padStart(2, '0')}${900_000 + i}`;

const RESIDENCE = 'Tổ 12, phường Hải Châu, thành phố Đà Nẵng';

/** Registration `i` of the run, on `today`: 8 births, 1 death and 1 marriage in every 10. */
function registration(i: number, today: string): { kind: CivilKind; body: string } {
  if (i % 10 === 3) {
    const year = 1930 + (i % 40);
    const dateOfDeath = daysBefore(today, i % 7);
    return {
      kind: 'death',
      body: JSON.stringify({
        kind: 'death',
        facts: {
          deceased: {
            fullName: `${at(families, i)} Văn ${at(givens, i)}`,
            sex: 'male',
            dateOfBirth: `${year}-05-02`,
            personalId: benchId('male', year, i),
            lastResidence: RESIDENCE,
          },
          dateOfDeath,
          timeOfDeath: '04:30',
          placeOfDeath: 'Tại nhà',
          cause: 'Già yếu',
          deathNotice: {
            number: `${i}/GBT`,
            issuedOn: dateOfDeath,
            issuedBy: 'Trạm Y tế phường Hải Châu',
          },
        },
        declarant: {
          fullName: `${at(families, i)} Thị Hoa`,
          citizenId: benchId('female', 1970, i),
          relationship: 'con',
        },
      }),
    };
  }
  if (i % 10 === 7) {
    const husbandYear = 1990 + (Math.floor(i / 10) % 10);
    const wifeYear = 1994 + (Math.floor(i / 10) % 10);
    return {
      kind: 'marriage',
      body: JSON.stringify({
        kind: 'marriage',
        facts: {
          husband: {
            fullName: `${at(families, i)} Minh ${at(givens, i)}`,
            dateOfBirth: `${husbandYear}-04-12`,
            residence: RESIDENCE,
            citizenId: benchId('male', husbandYear, i),
          },
          wife: {
            fullName: `Võ Thị Hồng ${at(['Nhung', 'Lan', 'Mai', 'Trang', 'Yến'], i)}`,
            dateOfBirth: `${wifeYear}-07-20`,
            residence: 'Xã Bà Nà, thành phố Đà Nẵng',
            citizenId: benchId('female', wifeYear, i),
          },
          presence: { husband: true, wife: true },
        },
      }),
    };
  }
  const motherYear = 1985 + (i % 15);
  // The mothers' family name is one the preload never uses: the duplicate check (same child,
  // same date of birth, same mother) cannot meet a preloaded birth.
  const mother = {
    fullName: `${UNUSED_FAMILY_NAME} Thị ${at(['Mai', 'Lan', 'Hương', 'Thảo', 'Ngọc'], i)}`,
    birthYear: motherYear,
    residence: RESIDENCE,
    citizenId: benchId('female', motherYear, i),
  };
  const sex = i % 2 === 0 ? 'male' : 'female';
  return {
    kind: 'birth',
    body: JSON.stringify({
      kind: 'birth',
      facts: {
        child: {
          fullName: distinctName(i),
          sex,
          dateOfBirth: daysBefore(today, i % 45),
          placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
          hometown: 'Quảng Nam',
        },
        mother,
        father: {
          fullName: `${at(families, i)} Văn ${at(givens, i + 7)}`,
          birthYear: motherYear - 2,
          residence: RESIDENCE,
          citizenId: benchId('male', motherYear - 2, i),
        },
        evidence: 'birth_notice',
      },
      declarant: { fullName: mother.fullName, citizenId: mother.citizenId, relationship: 'mẹ' },
    }),
  };
}

interface Registered {
  readonly record: {
    readonly kind: CivilKind;
    readonly number: number;
    readonly book: { readonly year: number; readonly bookNo: number };
  };
}

async function registrations(cookies: readonly string[], preload: CivilPreload): Promise<void> {
  const today = vietnamDate(new Date());
  const year = Number(today.slice(0, 4));
  const bodies = Array.from({ length: REGISTRATIONS }, (_, i) => registration(i, today));
  const numbers: Record<CivilKind, number[]> = { birth: [], death: [], marriage: [] };
  const refused: string[] = [];
  const result = await load(CLIENTS, REGISTRATIONS, async (client, i) => {
    const body = bodies[i]?.body;
    if (body === undefined) throw new Error(`no registration ${i}`);
    const answer = await http.post('/api/v1/civil/registrations', body, cookies[client] ?? '');
    if (answer.status !== 201) refused.push(`${answer.status} ${answer.body} for ${body}`);
    else {
      const { record } = JSON.parse(answer.body) as Registered;
      if (record.book.year !== year) refused.push(`book of ${record.book.year}, not ${year}`);
      numbers[record.kind].push(record.number);
    }
    return answer;
  });
  if (refused.length > 0)
    throw new Error(`${refused.length} registrations went wrong; the first: ${refused[0]}`);
  for (const kind of ['birth', 'death', 'marriage'] as const) {
    const given = numbers[kind].sort((a, b) => a - b);
    const expected = bodies.filter((b) => b.kind === kind).length;
    const last = preload.lastNumbers.get(`${kind}:${year}`) ?? 0;
    const wrong = given.findIndex((n, j) => n !== last + 1 + j);
    if (given.length !== expected || wrong !== -1)
      throw new Error(
        `${kind}: ${given.length} numbers for ${expected} registrations after ${last}, ` +
          `number ${given[wrong] ?? '(none)'} where ${last + 1 + wrong} was due`,
      );
    note(
      `  ${kind}: numbers ${last + 1}…${last + given.length} of ${year}, continuing the preloaded ${last}`,
    );
  }
  printLoad('civil.register', result);
}

// ── Searches ───────────────────────────────────────────────────────────────────────────────

const searchKinds = [
  'full_name',
  'folded_name',
  'given_name_dob',
  'dob',
  'citizen_id',
  'parent_name',
  'miss',
] as const;
type SearchKind = (typeof searchKinds)[number];

interface Search {
  readonly kind: SearchKind;
  readonly path: string;
  /** Whether the query is for a record that exists. */
  readonly hit: boolean;
}

const searchPath = (query: Record<string, string>) =>
  `/api/v1/civil/records?${Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')}`;

/**
 * Searches `from` to `from + count`, the kinds in turn, for preloaded records spread over the
 * whole load (two ranges that do not overlap look for different records).
 */
function searches(samples: readonly CivilSample[], from: number, count: number): Search[] {
  const births = samples.filter((s) => s.parentName !== null);
  const withIds = samples.filter((s) => s.citizenId !== null);
  const misses = [
    { q: 'Trịnh Thị Ánh Dương' },
    { q: 'trinh van khai' },
    { q: 'Khải', dateOfBirth: '2020-02-29' },
    { dateOfBirth: '1901-06-15' },
    { citizenId: '048199999999' },
  ];
  return Array.from({ length: count }, (_, j): Search => {
    const i = from + j;
    const kind = at(searchKinds, i);
    // A stride that is prime to the sample count visits every sample in turn.
    const pick = (list: readonly CivilSample[]): CivilSample => at(list, i * 7919);
    const sample = pick(samples);
    const given = sample.fullName.split(' ').at(-1) ?? sample.fullName;
    switch (kind) {
      case 'full_name':
        return { kind, hit: true, path: searchPath({ q: sample.fullName }) };
      case 'folded_name':
        return { kind, hit: true, path: searchPath({ q: foldVietnamese(sample.fullName) }) };
      case 'given_name_dob':
        return {
          kind,
          hit: true,
          path: searchPath({ q: given, dateOfBirth: sample.dateOfBirth }),
        };
      case 'dob':
        return { kind, hit: true, path: searchPath({ dateOfBirth: sample.dateOfBirth }) };
      case 'citizen_id':
        return { kind, hit: true, path: searchPath({ citizenId: pick(withIds).citizenId ?? '' }) };
      case 'parent_name':
        return { kind, hit: true, path: searchPath({ q: pick(births).parentName ?? '' }) };
      case 'miss':
        return { kind, hit: false, path: searchPath(at(misses, Math.floor(i / 7))) };
    }
  });
}

/** Runs `planned` from `clients` concurrent clients; fails unless each finds what it should. */
async function runSearches(
  clients: number,
  planned: readonly Search[],
  cookies: readonly string[],
): Promise<{ result: LoadResult; byKind: Map<SearchKind, number[]> }> {
  const byKind = new Map<SearchKind, number[]>(searchKinds.map((k) => [k, []]));
  const wrong: string[] = [];
  const result = await load(clients, planned.length, async (client, i) => {
    const search = planned[i];
    if (search === undefined) throw new Error(`no search ${i}`);
    const t0 = performance.now();
    const answer = await http.get(search.path, cookies[client] ?? '');
    byKind.get(search.kind)?.push(performance.now() - t0);
    if (answer.status !== 200) wrong.push(`${answer.status} ${answer.body} for ${search.path}`);
    else {
      const found = (JSON.parse(answer.body) as { records: unknown[] }).records.length;
      if (search.hit !== found > 0)
        wrong.push(`${found} records for ${search.path} (${search.hit ? 'a hit' : 'a miss'})`);
    }
    return answer;
  });
  if (wrong.length > 0)
    throw new Error(`${wrong.length} searches went wrong; the first: ${wrong[0]}`);
  for (const list of byKind.values()) list.sort((a, b) => a - b);
  return { result, byKind };
}

const describe = (kind: string, list: readonly number[]) =>
  `  ${kind}: ${list.length} searches, p50 ${percentile(list, 50).toFixed(1)} ms, p99 ${percentile(list, 99).toFixed(1)} ms`;

async function searchRegisters(cookies: readonly string[], preload: CivilPreload): Promise<void> {
  // The node's first searches also compile their code and bring the indexes into memory, which
  // a node in service has long done: they are reported apart, and the measure follows them.
  const first = await runSearches(
    CLIENTS,
    searches(preload.samples, SEARCHES, FIRST_SEARCHES),
    cookies,
  );
  print('civil.search_first.p99_ms', percentile(first.result.latencies, 99), 'ms');
  const planned = searches(preload.samples, 0, SEARCHES);
  const concurrent = await runSearches(CLIENTS, planned, cookies);
  printLoad('civil.search', concurrent.result);
  for (const [kind, list] of concurrent.byKind) note(describe(kind, list));
  // One client at a time: what each kind of search costs, without the queue of the others.
  note('  one client at a time:');
  const serial = await runSearches(1, planned.slice(0, 1400), cookies);
  print('civil.search_serial.p99_ms', percentile(serial.result.latencies, 99), 'ms');
  for (const [kind, list] of serial.byKind) {
    note(describe(kind, list));
    print(`civil.search_serial.${kind}.p99_ms`, percentile(list, 99), 'ms');
  }
}

// ── The run ────────────────────────────────────────────────────────────────────────────────

function preload(dbFile: string, signerTitle: readonly string[]): CivilPreload {
  const db = new SqliteDatabase(dbFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -524288');
    const officer = db
      .prepare('select id, display_name as name from accounts where username = ?')
      .get(officers[0]?.username ?? '') as { id: string; name: string } | undefined;
    if (officer === undefined) throw new Error('no officer to register the preload');
    const started = performance.now();
    const elapsed = () => ((performance.now() - started) / 1000).toFixed(0);
    const loaded = preloadCivil(db, {
      unitCode: BENCH_UNIT,
      count: PRELOAD,
      firstDay: '2016-01-01',
      lastDay: daysBefore(vietnamDate(new Date()), 1),
      bookSize: BOOK_SIZE,
      officer,
      signer: { title: signerTitle.join('\n'), name: leader.displayName },
      samples: 10_000,
      progress: (records) => {
        note(`  preloaded ${records} civil records (${elapsed()} s)`);
      },
    });
    print('civil.preload.records_per_s', PRELOAD / ((performance.now() - started) / 1000), 'rec/s');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return loaded;
  } finally {
    db.close();
  }
}

if (REGISTRATIONS > DISTINCT_NAMES) throw new Error(`at most ${DISTINCT_NAMES} registrations`);
const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-civil-'));
try {
  const dataDir = join(dir, 'node');
  const profile = await prepareCommune(dataDir, join(dir, 'hub'), [...officers, leader]);
  note(
    `bench:civil — ${CLIENTS} clients, ${PRELOAD} preloaded records, ` +
      `${REGISTRATIONS} registrations, ${SEARCHES} searches`,
  );
  const loaded = preload(join(dataDir, 'motcua.sqlite'), profile.signerTitle);
  const node = await startNode(dataDir, PORT);
  try {
    const cookies = await Promise.all(officers.map((o) => login(http, o.username)));
    await registrations(cookies, loaded);
    await searchRegisters(cookies, loaded);
    print('civil.rss_peak_mb', peakRssMb(node), 'MB');
  } finally {
    await stopNode(node);
  }
} finally {
  if (KEEP) note(`  kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
