// `npm start` / `motcua demo`: seeds and starts the demo hub and two communes as separate
// processes, each with its own SQLite file under .data/, waits until all three are healthy,
// prints their addresses and logins, and stops them all cleanly on Ctrl-C. A second start
// reuses the data (seeding only adds what is missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapAccount } from '../application/accounts.js';
import { actorOf } from '../application/auth.js';
import { seedCatalogue } from '../application/catalogue.js';
import type { Services } from '../application/services.js';
import type { Actor } from '../domain/permissions.js';
import { copyChain } from '../sync/copy-chain.js';
import { seedDemoDossiers } from './demo-dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { openNodeServices } from '../cli/node-services.js';
import { loadAdminUnits } from '../storage/reference-data.js';
import { demoNodes, demoPassword, type DemoNode } from './demo-data.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin', 'motcua.js');

interface DemoSettings {
  readonly dataRoot: string;
  readonly basePort: number;
  readonly host: string;
}

function settings(): DemoSettings {
  return {
    dataRoot: resolve(process.env['MOTCUA_DEMO_DATA'] ?? join(repoRoot, '.data')),
    basePort: Number(process.env['MOTCUA_DEMO_PORT'] ?? 4800),
    host: process.env['MOTCUA_DEMO_HOST'] ?? '127.0.0.1',
  };
}

/** Creates the node's demo accounts that are missing. */
async function seedAccounts(services: Services, node: DemoNode): Promise<number> {
  let created = 0;
  for (const account of node.accounts) {
    const exists = await services.storage.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirst();
    if (exists !== undefined) continue;
    await runUseCase(services, null, { ip: null }, (uc) =>
      bootstrapAccount(uc, { ...account, password: demoPassword }),
    );
    created += 1;
  }
  return created;
}

async function actorOfUsername(
  services: Services,
  username: string,
): Promise<Actor & { name: string }> {
  const row = await services.storage.db
    .selectFrom('accounts')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { ...actorOf(services, row), name: row.display_name };
}

/**
 * Seeds the demo: the hub's accounts and catalogue; then each commune's accounts, a copy of
 * the hub's chain (the catalogue reaches communes as hub events, as sync will carry them), and
 * a month of desk work the first time. A second start only adds what is missing.
 */
export async function seedDemo(dataRoot: string, print: (line: string) => void): Promise<void> {
  const hubNode = demoNodes.find((n) => n.role === 'province');
  if (hubNode === undefined) throw new Error('The demo has no hub');
  const hub = await openNodeServices({
    role: hubNode.role,
    unit: hubNode.unitCode,
    data: join(dataRoot, hubNode.key),
  });
  try {
    const accounts = await seedAccounts(hub.services, hubNode);
    const catalogue = await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
    print(
      `Hub: ${accounts} new accounts${catalogue === null ? '' : `, catalogue of ${catalogue.published} procedures published`}.`,
    );
    await Promise.all(
      demoNodes
        .filter((n) => n.role === 'commune')
        .map(async (node) => {
          let now = new Date();
          const clock = {
            set: (at: Date) => {
              now = at;
            },
          };
          const { services } = await openNodeServices({
            role: node.role,
            unit: node.unitCode,
            data: join(dataRoot, node.key),
            clock: () => now,
          });
          try {
            const created = await seedAccounts(services, node);
            const { copied } = await copyChain(
              hub.services.storage,
              services.storage,
              hubNode.unitCode,
            );
            const any = await services.storage.db
              .selectFrom('dossiers')
              .select('id')
              .limit(1)
              .executeTakeFirst();
            let dossiers = 0;
            if (any === undefined) {
              const username = (role: string) =>
                node.accounts.find((a) => a.role === role)?.username ?? '';
              const actors = {
                receiving: await actorOfUsername(services, username('receiving_officer')),
                leader: await actorOfUsername(services, username('leader')),
                specialists: await Promise.all(
                  node.accounts
                    .filter((a) => a.role === 'specialist')
                    .map((a) => actorOfUsername(services, a.username)),
                ),
              };
              dossiers = await seedDemoDossiers(services, clock, actors, {
                today: new Date(),
                days: 18,
                perDay: 12,
                seed: Number(node.unitCode),
              });
            }
            print(
              `${services.node.unitName}: ${created} new accounts, ${copied} hub events received, ${dossiers} demo dossiers.`,
            );
          } finally {
            await services.storage.close();
          }
        }),
    );
  } finally {
    await hub.services.storage.close();
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

export async function runDemo(
  _argv: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  const { dataRoot, basePort, host } = settings();
  const units = loadAdminUnits();
  print(`Một Cửa demo — data in ${dataRoot}`);
  await seedDemo(dataRoot, print);

  const children: { node: DemoNode; url: string; child: ChildProcess }[] = [];
  for (const node of demoNodes) {
    const dataDir = join(dataRoot, node.key);
    await mkdir(dataDir, { recursive: true });
    const port = basePort + node.portOffset;
    const log = createWriteStream(join(dataDir, 'server.log'), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        bin,
        'serve',
        '--role',
        node.role,
        '--unit',
        node.unitCode,
        '--data',
        dataDir,
        '--port',
        String(port),
        '--host',
        host,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.stderr.on('data', (chunk: Buffer) =>
      process.stderr.write(`[${node.key}] ${chunk.toString()}`),
    );
    children.push({
      node,
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      child,
    });
  }

  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const { child } of children) if (child.exitCode === null) child.kill(signal);
  };
  const exited = Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((r) => {
          child.once('exit', () => {
            r();
          });
        }),
    ),
  );
  process.once('SIGINT', () => {
    print('\nStopping the demo…');
    stopAll('SIGTERM');
  });
  process.once('SIGTERM', () => {
    stopAll('SIGTERM');
  });
  for (const { node, child } of children)
    child.once('exit', (code) => {
      if (!stopping) {
        print(
          `${node.key} stopped unexpectedly (exit code ${String(code)}); see ${join(dataRoot, node.key, 'server.log')}`,
        );
        stopAll('SIGTERM');
      }
    });

  try {
    await Promise.all(children.map(({ url, child }) => waitHealthy(url, child, 60_000)));
  } catch (error) {
    print(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
    stopAll('SIGTERM');
    await exited;
    return 1;
  }

  print(`\nAll three nodes are healthy after ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  for (const { node, url } of children) {
    const name = units.unit(node.unitCode)?.name ?? node.unitCode;
    print(
      `${node.role === 'province' ? 'Province hub' : 'Commune node'} — ${name} (${node.unitCode})`,
    );
    print(`  ${url}/        health: ${url}/healthz    API: ${url}/openapi.json`);
    for (const account of node.accounts)
      print(`  ${account.role.padEnd(18)} ${account.username.padEnd(20)} ${account.displayName}`);
    print('');
  }
  print(`Every demo account's password: ${demoPassword}`);
  print('Press Ctrl-C to stop all three nodes.');
  await exited;
  print('Demo stopped.');
  return 0;
}
