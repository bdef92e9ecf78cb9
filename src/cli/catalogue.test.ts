// `motcua catalogue` as an operator meets it: a malformed row is named by row, file line and
// column in the operator's language and nothing is written; a commune refuses; the seed imports
// once and exports again.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEED_CATALOGUE_FILE } from '../application/catalogue.js';
import {
  exportCatalogueCsv,
  parseCatalogueCsv,
  parseCatalogueJson,
} from '../domain/catalogue-io.js';
import { projectors } from '../storage/projectors/index.js';
import { openSqliteStorage } from '../storage/sqlite.js';
import { main } from './main.js';

let dir: string;
let lines: string[];
const log = (line: string) => lines.push(line);
const hub = () => ['--role', 'province', '--unit', '48', '--data', dir];

async function eventCount(): Promise<number> {
  const storage = await openSqliteStorage({
    file: join(dir, 'motcua.sqlite'),
    unitCode: '48',
    projectors,
  });
  try {
    const row = await storage.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await storage.close();
  }
}

/** The seed as CSV, with the cell of one row broken. */
async function brokenCsv(): Promise<string> {
  const seed = parseCatalogueJson(await readFile(SEED_CATALOGUE_FILE, 'utf8'));
  if (!seed.ok) throw new Error('seed');
  const csv = exportCatalogueCsv(seed.versions.slice(0, 3));
  // The first row's late-registration fee gets a word where an amount belongs.
  return csv.replace('| 1000000 | per_dossier', '| một triệu | per_dossier');
}

beforeEach(async () => {
  // The command reads DATABASE_URL like any option; under the PostgreSQL suite it would write to
  // that server's own database. These cases are about the command, on a SQLite folder of their own.
  vi.stubEnv('DATABASE_URL', '');
  dir = await mkdtemp(join(tmpdir(), 'motcua-catalogue-'));
  lines = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('motcua catalogue', () => {
  it('names a malformed row by row, line and column, in Vietnamese, and writes nothing', async () => {
    const file = join(dir, 'danh-muc.csv');
    await writeFile(file, await brokenCsv());
    expect(await main(['catalogue', 'import', file, ...hub()], log)).toBe(1);
    expect(lines).toEqual([
      'Hàng 1 (dòng 2 của tệp), cột fees[1].amount_vnd: Cần một số nguyên không âm, ví dụ 8000 hoặc 8.000.',
      'Tệp có 1 lỗi nên chưa có gì được ghi vào danh mục. Sửa các lỗi trên rồi nhập lại.',
    ]);
    expect(await main(['migrate', ...hub()], () => undefined)).toBe(0);
    expect(await eventCount()).toBe(0);
  });

  it('speaks English when asked', async () => {
    const file = join(dir, 'catalogue.csv');
    await writeFile(file, await brokenCsv());
    expect(await main(['catalogue', 'import', file, '--lang', 'en', ...hub()], log)).toBe(1);
    expect(lines[0]).toBe(
      'Row 1 (line 2 of the file), column fees[1].amount_vnd: A whole number of zero or more is needed, for example 8000 or 8,000.',
    );
  });

  it('refuses on a commune node, which holds only a copy', async () => {
    const code = await main(
      ['catalogue', 'import', '--role', 'commune', '--unit', '20242', '--data', dir],
      log,
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      'Danh mục thủ tục do hệ thống cấp tỉnh quản lý; xã, phường nhận bản sao khi đồng bộ. Hãy nhập danh mục tại hệ thống cấp tỉnh (--role province).',
    ]);
  });

  it('imports the bundled seed, skips it the second time, and exports it as CSV', async () => {
    const seed = parseCatalogueJson(await readFile(SEED_CATALOGUE_FILE, 'utf8'));
    const size = seed.ok ? seed.versions.length : 0;
    expect(await main(['catalogue', 'import', ...hub()], log)).toBe(0);
    expect(await main(['catalogue', 'import', ...hub(), '--lang', 'en'], log)).toBe(0);
    expect(lines).toEqual([
      `Đã công bố ${size} phiên bản thủ tục; bỏ qua 0 phiên bản đã có sẵn, không thay đổi.`,
      `Published 0 procedure versions; skipped ${size} versions already present and unchanged.`,
    ]);
    const out = join(dir, 'export.csv');
    expect(
      await main(['catalogue', 'export', '--format', 'csv', '--output', out, ...hub()], log),
    ).toBe(0);
    const exported = parseCatalogueCsv(await readFile(out, 'utf8'));
    expect(exported.ok && exported.versions).toEqual(seed.ok && seed.versions);
    expect(await eventCount()).toBe(size);
  });

  it('refuses a bad format or language before touching anything', async () => {
    expect(
      await main(['catalogue', 'import', '--format', 'xlsx', '--lang', 'fr', ...hub()], log),
    ).toBe(2);
    expect(lines).toEqual([
      'motcua: --lang="fr": expected vi, en or th',
      'motcua: --format="xlsx": expected json or csv',
      'Run `motcua --help` for the options.',
    ]);
  });
});
