// `npm start` / `motcua demo`: seeds and starts the demo hub and two communes as separate
// processes, each with its own SQLite file under .data/, the communes syncing with the hub
// through a link the launcher can cut ("offline 20308") and restore ("online 20308"); waits
// until all three are healthy, prints their addresses and logins, and stops them all cleanly
// on Ctrl-C. A second start reuses the data (seeding only adds what is missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapAccount } from '../application/accounts.js';
import { actorOf } from '../application/auth.js';
import { seedCatalogue } from '../application/catalogue.js';
import type { Services } from '../application/services.js';
import type { Role } from '../domain/roles.js';
import type { Actor } from '../domain/permissions.js';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import { issueEnrolmentToken } from '../application/sync-hub.js';
import { cookieSecret } from '../cli/node-services.js';
import { version } from '../cli/version.js';
import { buildApp } from '../http/app.js';
import { createSyncWorker, type SyncWorker } from '../sync/worker.js';
import { startDemoLink, type DemoLink } from './demo-link.js';
import { seedDemoAssets } from './demo-assets.js';
import { seedDemoCivil } from './demo-civil.js';
import { seedDemoDirectives } from './demo-directives.js';
import { seedDemoDossiers } from './demo-dossiers.js';
import { seedDemoStaffing } from './demo-staffing.js';
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

/** Creates, at the hub, the demo accounts that are missing (every node's: accounts are made
 * at the hub and reach each commune by sync). */
async function seedAccounts(services: Services): Promise<number> {
  let created = 0;
  for (const account of demoNodes.flatMap((n) => n.accounts)) {
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

/** The first demo account of `role` at a node. */
function usernameOf(node: DemoNode, role: Role): string {
  const account = node.accounts.find((a) => a.role === role);
  if (account === undefined) throw new Error(`the demo has no ${role} at ${node.unitCode}`);
  return account.username;
}

/** Where each process listens: the hub, each commune, and each commune's link to the hub. */
export interface DemoAddresses {
  readonly host: string;
  readonly hubPort: number;
  port(node: DemoNode): number;
  /** The port of the launcher's relay through which the commune reaches the hub. */
  linkPort(node: DemoNode): number;
}

export function demoAddresses(basePort: number, host: string): DemoAddresses {
  return {
    host,
    hubPort: basePort,
    port: (node) => basePort + node.portOffset,
    linkPort: (node) => basePort + 10 + node.portOffset,
  };
}

const local = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host);
/** The demo's province hub. */
function demoHub(): DemoNode {
  const hub = demoNodes.find((n) => n.role === 'province');
  if (hub === undefined) throw new Error('the demo has no province hub');
  return hub;
}
const hubUrlOf = (addresses: DemoAddresses, node: DemoNode) =>
  `http://${local(addresses.host)}:${addresses.linkPort(node)}`;

interface SeedingCommune {
  readonly node: DemoNode;
  readonly services: Services;
  readonly worker: SyncWorker;
  readonly clock: { set(at: Date): void; reset(): void };
  received: number;
  sent: number;
  dossiers: number;
  registrations: number;
  newlyEnrolled: boolean;
}

/**
 * Seeds the demo the way a province sets up for real: the hub makes every account and
 * publishes the catalogue; it issues each commune a one-time enrolment token; each commune
 * enrols and receives its accounts and the catalogue by sync (over HTTP through its link),
 * records a month of desk work the first time, and sends it to the hub; dossiers received for
 * another commune travel to it through the hub. A second start only adds what is missing.
 * The `links` must be running (they relay to the hub's port, where a hub is served here).
 */
export async function seedDemo(
  dataRoot: string,
  addresses: DemoAddresses,
  print: (line: string) => void,
): Promise<void> {
  const hubNode = demoNodes.find((n) => n.role === 'province');
  if (hubNode === undefined) throw new Error('The demo has no hub');
  const hubDir = join(dataRoot, hubNode.key);
  // The hub's clock can be set back, like each commune's, to seed work done in past weeks.
  let hubOverride: Date | null = null;
  const hub = await openNodeServices({
    role: hubNode.role,
    unit: hubNode.unitCode,
    data: hubDir,
    clock: () => hubOverride ?? new Date(),
  });
  const communes: SeedingCommune[] = [];
  let app: FastifyInstance | null = null;
  try {
    const accounts = await seedAccounts(hub.services);
    // Officers' fields, set by the demo's administrator: hub events, synced with the accounts.
    await seedDemoStaffing(hub.services, 'quantri.danang');
    const catalogue = await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
    print(
      `Hub: ${accounts} new accounts${catalogue === null ? '' : `, catalogue of ${catalogue.published} procedures published`}.`,
    );
    app = await buildApp({
      services: hub.services,
      units: hub.units,
      version,
      bodyLimit: 1024 * 1024,
      secureCookies: false,
      cookieSecret: await cookieSecret(hubDir, undefined),
      logger: false,
    });
    await app.listen({ port: addresses.hubPort, host: addresses.host });
    const admin = await actorOfUsername(hub.services, 'quantri.danang');

    for (const node of demoNodes.filter((n) => n.role === 'commune')) {
      let override: Date | null = null;
      const dataDir = join(dataRoot, node.key);
      const { services } = await openNodeServices({
        role: node.role,
        unit: node.unitCode,
        data: dataDir,
        clock: () => override ?? new Date(),
      });
      const enrolled =
        (await services.storage.db
          .selectFrom('sync_state')
          .select('value')
          .where('key', '=', 'key_id')
          .executeTakeFirst()) !== undefined;
      const token = enrolled
        ? undefined
        : (
            await runUseCase(hub.services, admin, { ip: null }, (uc) =>
              issueEnrolmentToken(uc, { unitCode: node.unitCode, hours: 1 }),
            )
          ).token;
      communes.push({
        node,
        services,
        worker: createSyncWorker({
          services,
          dataDir,
          hubUrl: hubUrlOf(addresses, node),
          enrolmentToken: token,
        }),
        clock: {
          set: (at) => {
            override = at;
          },
          reset: () => {
            override = null;
          },
        },
        received: 0,
        sent: 0,
        dossiers: 0,
        registrations: 0,
        newlyEnrolled: !enrolled,
      });
    }

    // Rounds of sync until nothing moves: accounts and catalogue down, desk work up,
    // transfers across, and the acceptance of each transfer back up.
    const syncAll = async () => {
      for (let round = 0; round < 6; round++) {
        let moved = 0;
        for (const commune of communes) {
          const { pushed, pulled } = await commune.worker.syncOnce();
          commune.sent += pushed;
          commune.received += pulled;
          moved += pushed + pulled;
        }
        if (moved === 0) return;
      }
    };
    await syncAll();

    await Promise.all(
      communes.map(async (commune) => {
        const { services, node } = commune;
        const any = await services.storage.db
          .selectFrom('dossiers')
          .select('id')
          .where('receiving_unit_code', '=', node.unitCode)
          .limit(1)
          .executeTakeFirst();
        if (any !== undefined) return;
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
        commune.dossiers = await seedDemoDossiers(services, commune.clock, actors, {
          today: new Date(),
          days: 18,
          perDay: 12,
          seed: Number(node.unitCode),
        });
        commune.registrations = await seedDemoCivil(services, commune.clock, actors, {
          today: new Date(),
          days: 18,
          seed: Number(node.unitCode) + 1,
        });
        commune.clock.reset();
      }),
    );
    await seedDemoAssets(hub.services, admin, communes, print);
    await syncAll();

    const directives = await seedDemoDirectives(
      {
        services: hub.services,
        issuer: await actorOfUsername(hub.services, 'lanhdao.danang'),
        clock: {
          set: (at) => {
            hubOverride = at;
          },
          reset: () => {
            hubOverride = null;
          },
        },
      },
      await Promise.all(
        communes.map(async (c) => ({
          unitCode: c.node.unitCode,
          services: c.services,
          clock: c.clock,
          leader: await actorOfUsername(c.services, usernameOf(c.node, 'leader')),
          specialist: await actorOfUsername(c.services, usernameOf(c.node, 'specialist')),
        })),
      ),
      syncAll,
    );
    if (directives > 0) print(`Hub: ${directives} demo directives issued and answered.`);

    for (const c of communes)
      print(
        `${c.services.node.unitName}: ${c.newlyEnrolled ? 'enrolled with the hub, ' : ''}${c.received} events received from the hub, ${c.dossiers} demo dossiers, ${c.registrations} civil-status registrations, ${c.sent} events sent to the hub.`,
      );
  } finally {
    for (const c of communes) await c.services.storage.close();
    await app?.close();
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

/** What a presenter can type while the demo runs. */
function demoCommands(
  links: ReadonlyMap<string, { node: DemoNode; link: DemoLink; name: string }>,
  print: (line: string) => void,
): (line: string) => void {
  return (line) => {
    const [command, code] = line.trim().split(/\s+/);
    if (command === undefined || command === '') return;
    const entry = code === undefined ? undefined : links.get(code);
    if ((command !== 'offline' && command !== 'online') || entry === undefined) {
      print(`Type "offline CODE" or "online CODE", CODE one of ${[...links.keys()].join(', ')}.`);
      return;
    }
    if (command === 'offline') {
      entry.link.cut();
      print(
        `${entry.name} (${entry.node.unitCode}): link to the hub cut — it keeps working offline.`,
      );
    } else {
      entry.link.restore();
      print(
        `${entry.name} (${entry.node.unitCode}): link to the hub restored — it catches up now.`,
      );
    }
  };
}

export async function runDemo(
  _argv: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  const { dataRoot, basePort, host } = settings();
  const units = loadAdminUnits();
  const addresses = demoAddresses(basePort, host);
  print(`Một Cửa demo — data in ${dataRoot}`);
  const links = new Map<string, { node: DemoNode; link: DemoLink; name: string }>();
  for (const node of demoNodes.filter((n) => n.role === 'commune'))
    links.set(node.unitCode, {
      node,
      name: units.unit(node.unitCode)?.name ?? node.unitCode,
      link: await startDemoLink({
        host: local(host),
        port: addresses.linkPort(node),
        targetHost: local(host),
        targetPort: addresses.hubPort,
      }),
    });
  const closeLinks = async () => {
    for (const { link } of links.values()) await link.close();
  };
  try {
    await seedDemo(dataRoot, addresses, print);
  } catch (error) {
    await closeLinks();
    throw error;
  }

  const children: { node: DemoNode; url: string; child: ChildProcess }[] = [];
  for (const node of demoNodes) {
    const dataDir = join(dataRoot, node.key);
    await mkdir(dataDir, { recursive: true });
    const port = addresses.port(node);
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
        ...(node.role === 'commune'
          ? [
              '--hub-url',
              hubUrlOf(addresses, node),
              '--sync-idle-seconds',
              '3',
              // Certificates' QR codes send phones to the hub's verification page.
              '--portal-url',
              `http://${local(host)}:${addresses.port(demoHub())}`,
            ]
          : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.stderr.on('data', (chunk: Buffer) =>
      process.stderr.write(`[${node.key}] ${chunk.toString()}`),
    );
    children.push({ node, url: `http://${local(host)}:${port}`, child });
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
    await closeLinks();
    return 1;
  }

  print(`\nAll three nodes are healthy after ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  for (const { node, url } of children) {
    const name = units.unit(node.unitCode)?.name ?? node.unitCode;
    print(
      `${node.role === 'province' ? 'Province hub' : 'Commune node'} — ${name} (${node.unitCode})`,
    );
    print(`  ${url}/        health: ${url}/healthz    API: ${url}/openapi.json`);
    if (node.role === 'commune')
      print(`  syncs with the hub through the demo link on port ${addresses.linkPort(node)}`);
    for (const account of node.accounts)
      print(`  ${account.role.padEnd(18)} ${account.username.padEnd(20)} ${account.displayName}`);
    print('');
  }
  print(`Every demo account's password: ${demoPassword}`);
  print(
    `To cut a commune's link to the hub, type "offline ${[...links.keys()][1] ?? ''}" and Enter; "online …" restores it.`,
  );
  print('Press Ctrl-C to stop all three nodes.');
  // Line mode, not a raw terminal: Ctrl-C still reaches the process as SIGINT.
  const input = createInterface({ input: process.stdin, terminal: false });
  input.on('line', demoCommands(links, print));
  await exited;
  input.close();
  await closeLinks();
  print('Demo stopped.');
  return 0;
}
