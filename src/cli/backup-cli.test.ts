// `motcua backup` and `motcua restore` as an operator meets them: a backup of a commune node
// taken while officers keep working, restored onto a new PC; and the refusals, each with its
// exit status and a folder left as it was.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrapAccount } from '../application/accounts.js';
import type { PasswordHasher } from '../application/passwords.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import { main } from './main.js';
import { openNodeServices } from './node-services.js';

const UNIT = '20242';
// Argon2 at full strength would make a hundred accounts the slowest part of the test.
const passwords: PasswordHasher = {
  hash: (password) => Promise.resolve(`test:${password}`),
  verify: (hash, password) => Promise.resolve(hash === `test:${password}`),
};

let root: string;
let nodeDir: string;
let lines: string[];
const log = (line: string) => lines.push(line);
const opened: Services[] = [];

const openNode = async (data: string): Promise<Services> => {
  const { services } = await openNodeServices({ role: 'commune', unit: UNIT, data, passwords });
  opened.push(services);
  return services;
};
const closeNode = async (services: Services): Promise<void> => {
  opened.splice(opened.indexOf(services), 1);
  await services.storage.close();
};

const createOfficer = (services: Services, n: number) =>
  runUseCase(services, null, { ip: null }, (uc) =>
    bootstrapAccount(uc, {
      username: `tiepnhan.${n}`,
      displayName: `Cán bộ tiếp nhận số ${n}`,
      role: 'receiving_officer',
      unitCode: UNIT,
      password: 'mot-mat-khau-dai',
    }),
  );

const countEvents = async (services: Services): Promise<number> => {
  const row = await services.storage.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
};

/** A stopped node with `count` accounts, one event each. */
const seedNode = async (count: number): Promise<void> => {
  const services = await openNode(nodeDir);
  for (let n = 0; n < count; n++) await createOfficer(services, n);
  await closeNode(services);
};

const snapshot = async (folder: string): Promise<Record<string, string>> => {
  if (!existsSync(folder)) return {};
  const names = (await readdir(folder)).sort();
  const entries = await Promise.all(
    names.map(
      async (name) =>
        [
          name,
          createHash('sha256')
            .update(await readFile(join(folder, name)))
            .digest('hex'),
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
};

const eventsIn = (line: string | undefined): number => {
  const match = /(\d+) events in/.exec(line ?? '');
  if (match?.[1] === undefined) throw new Error(`no event count in ${String(line)}`);
  return Number(match[1]);
};

beforeEach(async () => {
  // These cases use SQLite in a scratch folder; a DATABASE_URL of the test run must not reach
  // the commands (backup and restore refuse it).
  vi.stubEnv('DATABASE_URL', '');
  root = await mkdtemp(join(tmpdir(), 'motcua-backup-cli-'));
  nodeDir = join(root, 'node');
  lines = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(opened.splice(0).map((s) => s.storage.close()));
  await rm(root, { recursive: true, force: true });
});

describe('motcua backup and restore', () => {
  it('backs up a node while officers keep working, and restores it onto a new PC', async () => {
    const services = await openNode(nodeDir);
    for (let n = 0; n < 40; n++) await createOfficer(services, n);
    const committed = await countEvents(services);

    const working = { stop: false, n: 1000 };
    const officers = (async () => {
      while (!working.stop) await createOfficer(services, working.n++);
    })();
    const target = join(root, 'media', 'usb', 'motcua-2026-05-04.sqlite');
    const code = await main(['backup', '--data', nodeDir, '--to', target], log);
    working.stop = true;
    await officers;

    expect(code).toBe(0);
    // The node was not held up: officers were created while the command ran.
    expect(working.n).toBeGreaterThan(1000);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^OK: backed up \\d+ bytes, \\d+ events in 1 unit chains checked, 0 problems, to ${target}$`,
        ),
      ),
    ]);
    const backedUp = eventsIn(lines[0]);
    expect(backedUp).toBeGreaterThanOrEqual(committed);
    expect(backedUp).toBeLessThanOrEqual(await countEvents(services));

    lines = [];
    const newPc = join(root, 'new-pc');
    expect(await main(['restore', '--data', newPc, '--from', target], log)).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^OK: restored \\d+ bytes, ${backedUp} events in 1 unit chains checked, from ${target} into ${join(newPc, 'motcua.sqlite')}$`,
        ),
      ),
    ]);
    lines = [];
    expect(await main(['verify', '--data', newPc], log)).toBe(0);
    expect(lines).toEqual([`OK: ${backedUp} events in 1 unit chains checked, 0 problems`]);

    // The restored node has its officers' accounts, and carries on its chain.
    const restored = await openNode(newPc);
    expect(await countEvents(restored)).toBe(backedUp);
    const accounts = await restored.storage.db
      .selectFrom('accounts')
      .select('username')
      .where('username', '=', 'tiepnhan.39')
      .execute();
    expect(accounts).toEqual([{ username: 'tiepnhan.39' }]);
    await createOfficer(restored, 5000);
    await closeNode(restored);
    lines = [];
    expect(await main(['verify', '--data', newPc], log)).toBe(0);
    expect(lines).toEqual([`OK: ${backedUp + 1} events in 1 unit chains checked, 0 problems`]);
  });

  it('backup refuses to overwrite an existing file without --overwrite true', async () => {
    await seedNode(2);
    const target = join(root, 'backup.sqlite');
    await writeFile(target, 'yesterday');

    expect(await main(['backup', '--data', nodeDir, '--to', target], log)).toBe(2);
    expect(lines).toEqual([
      `motcua: ${target} already exists`,
      'Add --overwrite true to replace it, or choose another --to.',
    ]);
    expect(await readFile(target, 'utf8')).toBe('yesterday');

    lines = [];
    const args = ['backup', '--data', nodeDir, '--to', target, '--overwrite', 'true'];
    expect(await main(args, log)).toBe(0);
    expect(eventsIn(lines[0])).toBe(2);
  });

  it('restore refuses to replace a database without --force true, then keeps the old one', async () => {
    await seedNode(3);
    const target = join(root, 'backup.sqlite');
    expect(await main(['backup', '--data', nodeDir, '--to', target], log)).toBe(0);
    const services = await openNode(nodeDir);
    await createOfficer(services, 99);
    await closeNode(services);
    const before = await snapshot(nodeDir);

    lines = [];
    expect(await main(['restore', '--data', nodeDir, '--from', target], log)).toBe(2);
    expect(lines).toEqual([
      `motcua: ${join(nodeDir, 'motcua.sqlite')} exists; restoring would replace it`,
      'Add --force true to replace it; the current database is then kept beside it as motcua.sqlite.before-restore-<time>.',
    ]);
    expect(await snapshot(nodeDir)).toEqual(before);

    lines = [];
    const args = ['restore', '--data', nodeDir, '--from', target, '--force', 'true'];
    expect(await main(args, log)).toBe(0);
    expect(eventsIn(lines[0])).toBe(3);
    expect(lines[1]).toMatch(
      /^The replaced database is kept as .*motcua\.sqlite\.before-restore-\d{8}T\d{6}Z$/,
    );
    const kept = (await readdir(nodeDir)).filter((name) => name.includes('before-restore'));
    expect(kept).toHaveLength(1);
    expect((await snapshot(nodeDir))[kept[0]!]).toBe(before['motcua.sqlite']);
  });

  it('restore refuses a damaged backup with exit status 1, names the event, and changes nothing', async () => {
    await seedNode(3);
    const target = join(root, 'backup.sqlite');
    expect(await main(['backup', '--data', nodeDir, '--to', target], log)).toBe(0);
    const db = new SqliteDatabase(target);
    db.exec('drop trigger events_no_update');
    db.exec(
      "update events set payload = replace(payload, 'receiving_officer', 'province_admin') where unit_seq = 2",
    );
    db.close();
    const before = await snapshot(nodeDir);

    lines = [];
    const args = ['restore', '--data', nodeDir, '--from', target, '--force', 'true'];
    expect(await main(args, log)).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^PROBLEM .*"unitSeq":2.*"kind":"hash_mismatch"/),
      `motcua: ${target} is damaged: 1 problems`,
      'Nothing was changed. Restore another backup (an older one, or another copy).',
    ]);
    expect(await snapshot(nodeDir)).toEqual(before);
  });

  it('restore refuses, with exit status 1, while the node is running', async () => {
    await seedNode(1);
    const target = join(root, 'backup.sqlite');
    expect(await main(['backup', '--data', nodeDir, '--to', target], log)).toBe(0);
    const services = await openNode(nodeDir);

    lines = [];
    const args = ['restore', '--data', nodeDir, '--from', target, '--force', 'true'];
    expect(await main(args, log)).toBe(1);
    expect(lines).toEqual([
      `motcua: ${join(nodeDir, 'motcua.sqlite')} is open in a running node; stop the node before restoring`,
    ]);
    await createOfficer(services, 7);
    expect(await countEvents(services)).toBe(2);
  });

  it('answers bad usage with exit status 2 and every problem', async () => {
    expect(
      await main(['backup', '--data', nodeDir, '--overwrite', 'maybe', 'extra.sqlite'], log),
    ).toBe(2);
    expect(lines).toEqual([
      'motcua: --to FILE is required: the backup file to write',
      'motcua: backup takes no file argument; use --to FILE',
      'motcua: --overwrite="maybe": expected true or false',
      'Run `motcua --help` for the options.',
    ]);

    lines = [];
    const args = ['restore', '--from', 'x.sqlite', '--database-url', 'postgres://hub/motcua'];
    expect(await main(args, log)).toBe(2);
    expect(lines).toEqual([
      "motcua: --database-url: restore copies a node's SQLite database; back up PostgreSQL with its own tools (pg_dump)",
      'Run `motcua --help` for the options.',
    ]);

    lines = [];
    expect(await main(['backup', '--data', nodeDir, '--to', join(root, 'b.sqlite')], log)).toBe(2);
    expect(lines).toEqual([`motcua: no database ${join(nodeDir, 'motcua.sqlite')} to back up`]);
    expect(existsSync(nodeDir)).toBe(false);
  });
});
