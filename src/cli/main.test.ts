// The `motcua` command as an operator meets it: usage errors, verify's exit status on an intact
// and on a damaged log, and account creation from the command line.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStorage } from '../storage/sqlite.js';
import { projectors } from '../storage/projectors/index.js';
import { main } from './main.js';

let dir: string;
let lines: string[];
let secret = '';
const readSecret = () => Promise.resolve(secret);
const log = (line: string) => lines.push(line);

beforeEach(async () => {
  // These cases use SQLite in a scratch folder; a DATABASE_URL of the test run must not send
  // them to a PostgreSQL server.
  vi.stubEnv('DATABASE_URL', '');
  dir = await mkdtemp(join(tmpdir(), 'motcua-cli-'));
  lines = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('motcua', () => {
  it('refuses a bad serve configuration, listing every problem, with exit status 2', async () => {
    const code = await main(
      ['serve', '--role', 'commune', '--port', 'eighty', '--body-limit=1e6'],
      log,
      readSecret,
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(/^motcua: --unit \(or MOTCUA_UNIT\) is required/),
      'motcua: --port="eighty": expected a whole number',
      'motcua: --body-limit="1e6": expected a whole number',
      'Run `motcua --help` for the options.',
    ]);
  });

  it('refuses a unit that does not exist or does not fit the role', async () => {
    const code = await main(['serve', '--role', 'province', '--unit', '20242', '--data', dir], log);
    expect(code).toBe(2);
    expect(lines).toEqual(['motcua: --unit=20242: a province hub needs a 2-digit province code']);
  });

  it('creates an account from the command line, and verify finds the log intact', async () => {
    secret = 'mot-mat-khau-dai';
    const created = await main(
      [
        'account',
        'create',
        '--role',
        'province',
        '--unit',
        '48',
        '--data',
        dir,
        '--username',
        'tiepnhan.haichau',
        '--display-name',
        'Trần Thị Bích',
        '--account-role',
        'receiving_officer',
        '--account-unit',
        '20242',
      ],
      log,
      readSecret,
    );
    expect(created).toBe(0);
    expect(lines).toEqual(['Created account tiepnhan.haichau (receiving_officer, unit 20242).']);
    lines = [];
    expect(await main(['verify', '--data', dir], log)).toBe(0);
    expect(lines).toEqual(['OK: 1 events in 1 unit chains checked, 0 problems']);
  });

  it('refuses to create an account at a commune node: accounts are made at the hub', async () => {
    secret = 'mot-mat-khau-dai';
    const code = await main(
      [
        'account',
        'create',
        '--role',
        'commune',
        '--unit',
        '20242',
        '--data',
        dir,
        '--username',
        'tiepnhan.haichau',
        '--display-name',
        'Trần Thị Bích',
        '--account-role',
        'receiving_officer',
        '--account-unit',
        '20242',
      ],
      log,
      readSecret,
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      'Accounts are created at the province hub (--role province) and reach each commune by sync.',
    ]);
    lines = [];
    expect(await main(['verify', '--data', dir], log)).toBe(0);
    expect(lines).toEqual(['OK: 0 events in 0 unit chains checked, 0 problems']);
  });

  it('names the field at fault when an account cannot be created, and writes nothing', async () => {
    secret = 'ngan';
    const code = await main(
      [
        'account',
        'create',
        '--role',
        'province',
        '--unit',
        '48',
        '--data',
        dir,
        '--username',
        'x',
        '--display-name',
        'X',
        '--account-role',
        'mayor',
        '--account-unit',
        '20242',
      ],
      log,
      readSecret,
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      'motcua: username: A username has 3–40 characters: lower-case letters without diacritics, digits, dot, hyphen or underscore. (username_format)',
      'motcua: role: The value is not one of the allowed values: citizen, receiving_officer, specialist, leader, province_admin, volunteer. (invalid_option)',
      'motcua: password: At least 10 characters are needed. (too_short)',
    ]);
    lines = [];
    expect(await main(['verify', '--data', dir], log)).toBe(0);
    expect(lines).toEqual(['OK: 0 events in 0 unit chains checked, 0 problems']);
  });

  it('verify exits 1 and names the event when the log was altered', async () => {
    secret = 'mot-mat-khau-dai';
    await main(
      [
        'account',
        'create',
        '--role',
        'province',
        '--unit',
        '48',
        '--data',
        dir,
        '--username',
        'lanhdao',
        '--display-name',
        'Võ Thị Hồng Nhung',
        '--account-role',
        'leader',
        '--account-unit',
        '20242',
      ],
      log,
      readSecret,
    );
    const storage = await openSqliteStorage({
      file: join(dir, 'motcua.sqlite'),
      unitCode: '48',
      projectors,
    });
    await sql`drop trigger events_no_update`.execute(storage.db);
    await sql`update events set payload = replace(payload, 'leader', 'province_admin')`.execute(
      storage.db,
    );
    await storage.close();
    lines = [];
    expect(await main(['verify', '--data', dir], log)).toBe(1);
    expect(lines.at(-1)).toBe('DAMAGED: 1 events in 1 unit chains checked, 1 problems');
    expect(lines[0]).toMatch(/^PROBLEM .*"kind":"hash_mismatch"/);
  });
});
