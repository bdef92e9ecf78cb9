// `motcua`: the one command of a Một Cửa installation. Each sub-command parses its options
// with the typed schema in config.ts, reports every problem at once, and exits non-zero on error.
import { createInterface } from 'node:readline';
import {
  bootstrapAccount,
  bootstrapServiceAccount,
  createAccountInput,
} from '../application/accounts.js';
import { AppError } from '../application/errors.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import { runDemo } from '../ops/demo.js';
import { verifyStorage } from '../storage/verify.js';
import { catalogues, format } from '../i18n/messages.js';
import {
  describeOptions,
  parseConfig,
  processEnv,
  serveOptions,
  type OptionName,
} from './config.js';
import { openNodeServices } from './node-services.js';
import { serve } from './serve.js';
import { version } from './version.js';

const storageOptions = [
  'role',
  'unit',
  'data',
  'databaseUrl',
] as const satisfies readonly OptionName[];
const verifyOptions = ['data', 'databaseUrl'] as const satisfies readonly OptionName[];

const help = `motcua ${version} — Một Cửa: one-stop administrative procedures and civil status
for Vietnam's commune-level centers and their province, offline-first.

Usage:
  motcua serve [options]          Run a commune node or the province hub.
  motcua verify [options]         Check the hash chain of every unit in a database.
  motcua migrate [options]        Bring a database to the latest schema (serve does it too).
  motcua account create [options] --username U --display-name "Name" --account-role R --account-unit CODE
                                  Create a person's account; the password is read from standard input.
  motcua account create-service [options] --username U --display-name "Name"
                                  Create a service account of the node's province; prints its bearer token once.
  motcua demo                     Start the demo: the Đà Nẵng hub and two communes, seeded.
  motcua --help | --version

Options of serve (flags win over the environment):
${describeOptions(serveOptions)}

verify takes --data and --database-url; migrate and account take --role, --unit, --data and
--database-url. Exit status: 0 success, 1 failure found (verify) or error, 2 bad usage.
`;

type Log = (line: string) => void;

function usageProblems(problems: readonly string[], log: Log): number {
  for (const p of problems) log(`motcua: ${p}`);
  log('Run `motcua --help` for the options.');
  return 2;
}

async function readStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function verifyCommand(argv: readonly string[], log: Log): Promise<number> {
  const parsed = parseConfig(verifyOptions, argv, processEnv());
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  // Verification only reads; the unit passed here is never written to.
  const { services } = await openNodeServices({
    role: 'province',
    unit: '48',
    data: parsed.config.data,
    databaseUrl: parsed.config.databaseUrl,
  });
  try {
    const result = await verifyStorage(services.storage);
    for (const problem of result.problems) log(`PROBLEM ${JSON.stringify(problem)}`);
    log(
      `${result.ok ? 'OK' : 'DAMAGED'}: ${result.events} events in ${result.units} unit chains checked, ${result.problems.length} problems`,
    );
    return result.ok ? 0 : 1;
  } finally {
    await services.storage.close();
  }
}

async function migrateCommand(argv: readonly string[], log: Log): Promise<number> {
  const parsed = parseConfig(storageOptions, argv, processEnv());
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  const { services } = await openNodeServices({ ...parsed.config });
  await services.storage.close();
  log('Database is at the latest schema.');
  return 0;
}

async function accountCommand(
  argv: readonly string[],
  log: Log,
  readSecret: () => Promise<string>,
): Promise<number> {
  const [sub, ...rest] = argv;
  const extra = ['username', 'display-name', 'account-role', 'account-unit'];
  const parsed = parseConfig(storageOptions, rest, processEnv(), extra);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  if (sub !== 'create' && sub !== 'create-service')
    return usageProblems([`unknown account command ${String(sub)}`], log);
  const { config, extras } = parsed;
  const { services } = await openNodeServices({ ...config });
  const meta = { ip: null };
  try {
    if (sub === 'create-service') {
      const { account, token } = await runUseCase(services, null, meta, (uc) =>
        bootstrapServiceAccount(uc, {
          username: extras['username'] ?? '',
          displayName: extras['display-name'] ?? '',
          unitCode: services.node.provinceCode,
        }),
      );
      log(`Created service account ${account.username}. Its bearer token (shown once):`);
      log(token);
      return 0;
    }
    const input = parseInput(createAccountInput, {
      username: extras['username'],
      displayName: extras['display-name'],
      role: extras['account-role'],
      unitCode: extras['account-unit'],
      password: await readSecret(),
    });
    const account = await runUseCase(services, null, meta, (uc) => bootstrapAccount(uc, input));
    log(`Created account ${account.username} (${account.role}, unit ${account.unitCode}).`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      for (const f of error.fields)
        log(
          `motcua: ${f.field}: ${format('en', catalogues.en[f.message], f.params)} (${f.reason})`,
        );
      return 2;
    }
    throw error;
  } finally {
    await services.storage.close();
  }
}

export async function main(
  argv: readonly string[],
  log: Log = (l) => process.stderr.write(`${l}\n`),
  readSecret: () => Promise<string> = readStdin,
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(help);
      return command === undefined ? 2 : 0;
    case '--version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'serve': {
      const parsed = parseConfig(serveOptions, rest, processEnv());
      if (!parsed.ok) return usageProblems(parsed.problems, log);
      return serve(parsed.config, log);
    }
    case 'verify':
      return verifyCommand(rest, log);
    case 'migrate':
      return migrateCommand(rest, log);
    case 'account':
      return accountCommand(rest, log, readSecret);
    case 'demo':
      return runDemo(rest, (line) => process.stdout.write(`${line}\n`));
    default:
      return usageProblems([`unknown command ${command}`], log);
  }
}
