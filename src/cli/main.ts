// `motcua`: the one command of a Một Cửa installation. Each sub-command parses its options
// with the typed schema in config.ts, reports every problem at once, and exits non-zero on error.
import { readFile, writeFile } from 'node:fs/promises';
import { operatorImportCalendarNotice } from '../application/calendar.js';
import { issueTokenInput, operatorIssueEnrolmentToken } from '../application/sync-hub.js';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import {
  bootstrapAccount,
  bootstrapServiceAccount,
  createAccountInput,
} from '../application/accounts.js';
import {
  CatalogueRejected,
  exportCatalogue,
  operatorImportCatalogue,
  SEED_CATALOGUE_FILE,
} from '../application/catalogue.js';
import { AppError } from '../application/errors.js';
import { runUseCase } from '../application/use-case.js';
import { parseInput } from '../application/validation.js';
import { runDemo } from '../ops/demo.js';
import {
  BackupRefused,
  backupSqlite,
  restoreSqlite,
  type BackupProblem,
  type BackupRefusalKind,
} from '../storage/backup.js';
import { verifyStorage } from '../storage/verify.js';
import {
  catalogueFormats,
  exportCatalogue as catalogueText,
  parseCatalogue,
  type CatalogueFormat,
  type CatalogueProblem,
} from '../domain/catalogue-io.js';
import { isLang, type Lang } from '../i18n/languages.js';
import { catalogues, format, isMessageKey, type MessageKey } from '../i18n/messages.js';
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
// DATABASE_URL is read only to refuse it: backup and restore copy a node's SQLite file.
const backupOptions = ['data', 'databaseUrl'] as const satisfies readonly OptionName[];

const help = `motcua ${version} — Một Cửa: one-stop administrative procedures and civil status
for Vietnam's commune-level centers and their province, offline-first.

Usage:
  motcua serve [options]          Run a commune node or the province hub.
  motcua verify [options]         Check the hash chain of every unit in a database.
  motcua migrate [options]        Bring a database to the latest schema (serve does it too).
  motcua backup --to FILE [--data DIR] [--overwrite true]
                                  Copy a node's SQLite database to FILE (another disk, a USB disk)
                                  while the node runs, then check the copy's hash chains.
  motcua restore --from FILE [--data DIR] [--force true]
                                  Check a backup, then put it in place as the node's database; the
                                  node must be stopped. --force replaces an existing database, kept
                                  beside it as motcua.sqlite.before-restore-<time>.
  motcua account create [options] --username U --display-name "Name" --account-role R --account-unit CODE
                                  Create a person's account; the password is read from standard input.
  motcua account create-service [options] --username U --display-name "Name"
                                  Create a service account of the node's province; prints its bearer token once.
  motcua catalogue import [FILE] [options] [--format json|csv] [--lang vi|en|th]
                                  Publish a procedure catalogue file on the province hub (default:
                                  the bundled seed, data/catalogue/procedures.json). All or nothing;
                                  problems are listed row by row in the chosen language.
  motcua nodes token --for-unit CODE [--hours N] [options]
                                  On the province hub: a one-time token with which a commune node enrols
                                  (serve --hub-url URL --enrolment-token TOKEN). Printed on standard output.
  motcua calendar import FILE [options] [--lang vi|en|th]
                                  Publish one year's official notice (days off, swapped Saturdays) on
                                  the province hub; format in docs/calendar-notices.md.
  motcua catalogue export [options] [--format json|csv] [--output FILE]
                                  Write every published procedure version (standard output by default).
  motcua demo                     Start the demo: the Đà Nẵng hub and two communes, seeded.
  motcua --help | --version

Options of serve (flags win over the environment):
${describeOptions(serveOptions)}

verify takes --data and --database-url; backup and restore take --data (SQLite only); migrate,
account and catalogue take --role, --unit, --data and --database-url. Exit status: 0 success,
1 failure found (verify, backup, restore) or error, 2 bad usage.
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

/** Values `--overwrite` and `--force` accept, as boolean options do in config.ts. */
function booleanFlag(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === 'false' || value === '0' || value === 'no') return false;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  problems.push(`--${name}=${JSON.stringify(value)}: expected true or false`);
  return false;
}

/** Refusals the operator fixes by changing the command line; the others need the node fixed. */
const usageRefusals: ReadonlySet<BackupRefusalKind> = new Set([
  'no_database',
  'target_exists',
  'same_file',
  'no_backup_file',
  'database_exists',
]);

const refusalHints: Partial<Record<BackupRefusalKind, string>> = {
  target_exists: 'Add --overwrite true to replace it, or choose another --to.',
  database_exists:
    'Add --force true to replace it; the current database is then kept beside it as motcua.sqlite.before-restore-<time>.',
  damaged: 'Nothing was changed. Restore another backup (an older one, or another copy).',
  newer_schema: 'Nothing was changed.',
  not_a_backup: 'Nothing was changed.',
};

function reportProblemList(problems: readonly BackupProblem[], log: Log): void {
  for (const problem of problems) log(`PROBLEM ${JSON.stringify(problem)}`);
}

function backupRefused(error: BackupRefused, log: Log): number {
  reportProblemList(error.problems, log);
  log(`motcua: ${error.message}`);
  const hint = refusalHints[error.kind];
  if (hint !== undefined) log(hint);
  return usageRefusals.has(error.kind) ? 2 : 1;
}

function backupUsage(
  command: 'backup' | 'restore',
  parsed: { config: { databaseUrl: string | undefined }; rest: readonly string[] },
  fileFlag: 'to' | 'from',
  file: string | undefined,
): string[] {
  const problems: string[] = [];
  if (file === undefined || file === '')
    problems.push(
      `--${fileFlag} FILE is required: the backup file to ${command === 'backup' ? 'write' : 'read'}`,
    );
  if (parsed.rest.length > 0)
    problems.push(`${command} takes no file argument; use --${fileFlag} FILE`);
  if (parsed.config.databaseUrl !== undefined)
    problems.push(
      `--database-url: ${command} copies a node's SQLite database; back up PostgreSQL with its own tools (pg_dump)`,
    );
  return problems;
}

/** `motcua backup --to FILE`: an online copy of the node's SQLite database, checked. */
async function backupCommand(argv: readonly string[], log: Log): Promise<number> {
  const parsed = parseConfig(backupOptions, argv, processEnv(), ['to', 'overwrite']);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  const target = parsed.extras['to'];
  const problems = backupUsage('backup', parsed, 'to', target);
  const overwrite = booleanFlag('overwrite', parsed.extras['overwrite'], problems);
  if (problems.length > 0 || target === undefined) return usageProblems(problems, log);
  // Drawn on standard error, and only on a terminal, like the catalogue import's.
  const bar = new SingleBar(
    { stream: process.stderr, hideCursor: true, format: '{bar} {percentage}% of {total} pages' },
    Presets.shades_classic,
  );
  const progress = { started: false };
  const stopBar = () => {
    if (progress.started) bar.stop();
  };
  try {
    const result = await backupSqlite(parsed.config.data, target, {
      overwrite,
      onProgress: ({ totalPages, remainingPages }) => {
        if (!progress.started) bar.start(totalPages, 0);
        progress.started = true;
        bar.update(totalPages - remainingPages);
      },
    });
    stopBar();
    reportProblemList(result.problems, log);
    log(
      `${result.ok ? 'OK' : 'DAMAGED'}: backed up ${result.bytes} bytes, ${result.events} events in ${result.units} unit chains checked, ${result.problems.length} problems, to ${result.file}`,
    );
    if (!result.ok)
      log(
        "The copy is kept: it is the node's database as it is. Run `motcua verify` on the node and keep older backups.",
      );
    return result.ok ? 0 : 1;
  } catch (error) {
    stopBar();
    if (error instanceof BackupRefused) return backupRefused(error, log);
    throw error;
  }
}

/** `motcua restore --from FILE`: put a checked backup in place as the node's database. */
async function restoreCommand(argv: readonly string[], log: Log): Promise<number> {
  const parsed = parseConfig(backupOptions, argv, processEnv(), ['from', 'force']);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  const source = parsed.extras['from'];
  const problems = backupUsage('restore', parsed, 'from', source);
  const force = booleanFlag('force', parsed.extras['force'], problems);
  if (problems.length > 0 || source === undefined) return usageProblems(problems, log);
  try {
    const result = await restoreSqlite(source, parsed.config.data, { force });
    log(
      `OK: restored ${result.bytes} bytes, ${result.events} events in ${result.units} unit chains checked, from ${source} into ${result.file}`,
    );
    if (result.keptAs !== null) log(`The replaced database is kept as ${result.keptAs}`);
    return 0;
  } catch (error) {
    if (error instanceof BackupRefused) return backupRefused(error, log);
    throw error;
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
  if (config.role !== 'province') {
    log(
      'Accounts are created at the province hub (--role province) and reach each commune by sync.',
    );
    return 2;
  }
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

/** Most problems worth printing at once; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 50;

function describeProblem(
  lang: Lang,
  problem: CatalogueProblem,
  style: CatalogueFormat,
  file: string,
): string {
  const t = (key: MessageKey, params?: Readonly<Record<string, string | number>>) =>
    format(lang, catalogues[lang][key], params);
  const key = isMessageKey(problem.message) ? problem.message : 'field.invalid';
  const message = t(key, problem.params);
  // Row and line numbers are positions, not quantities: never grouped as 1.234.
  const row = String(problem.row);
  if (problem.row === 0) return t('catalogue.at_file', { file, message });
  if (style === 'csv' && problem.line !== undefined) {
    const line = String(problem.line);
    return problem.field === ''
      ? t('catalogue.at_csv_row', { row, line, message })
      : t('catalogue.at_csv_cell', { row, line, field: problem.field, message });
  }
  return problem.field === ''
    ? t('catalogue.at_json_item', { row, message })
    : t('catalogue.at_json_field', { row, field: problem.field, message });
}

function reportProblems(
  lang: Lang,
  problems: readonly CatalogueProblem[],
  style: CatalogueFormat,
  file: string,
  lines: readonly number[] | undefined,
  log: Log,
): void {
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) {
    const line = p.line ?? (p.row > 0 ? lines?.[p.row - 1] : undefined);
    log(describeProblem(lang, line === undefined ? p : { ...p, line }, style, file));
  }
  const t = (key: MessageKey, params: Readonly<Record<string, string | number>>) =>
    format(lang, catalogues[lang][key], params);
  if (problems.length > MAX_PROBLEMS_SHOWN)
    log(t('catalogue.more_problems', { count: problems.length - MAX_PROBLEMS_SHOWN }));
  log(t('catalogue.rejected', { count: problems.length }));
}

/** `motcua nodes token --for-unit CODE [--hours N]`: an enrolment token, issued on the hub. */
async function nodesCommand(argv: readonly string[], log: Log): Promise<number> {
  const [sub, ...rest] = argv;
  const parsed = parseConfig(storageOptions, rest, processEnv(), ['for-unit', 'hours']);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  if (sub !== 'token')
    return usageProblems(['usage: motcua nodes token --for-unit CODE [--hours N]'], log);
  if (parsed.config.role !== 'province')
    return usageProblems(
      ['enrolment tokens are issued on the province hub (--role province)'],
      log,
    );
  const { services } = await openNodeServices({ ...parsed.config });
  try {
    const input = parseInput(issueTokenInput, {
      unitCode: parsed.extras['for-unit'],
      ...(parsed.extras['hours'] === undefined ? {} : { hours: Number(parsed.extras['hours']) }),
    });
    const issued = await runUseCase(services, null, { ip: null }, (uc) =>
      operatorIssueEnrolmentToken(uc, input),
    );
    log(`Enrolment token for ${issued.unitCode} (single use, expires ${issued.expiresAt}):`);
    process.stdout.write(`${issued.token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      for (const f of error.fields)
        log(`motcua: ${f.field}: ${format('en', catalogues.en[f.message], f.params)}`);
      return 2;
    }
    throw error;
  } finally {
    await services.storage.close();
  }
}

/** `motcua calendar import FILE`: publish one year's official notice on the province hub. */
async function calendarCommand(argv: readonly string[], log: Log): Promise<number> {
  const [sub, ...rest] = argv;
  const parsed = parseConfig(storageOptions, rest, processEnv(), ['lang']);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  const file = parsed.rest[0];
  if (sub !== 'import' || file === undefined)
    return usageProblems(['usage: motcua calendar import FILE'], log);
  const langFlag = parsed.extras['lang'] ?? 'vi';
  if (!isLang(langFlag))
    return usageProblems([`--lang=${JSON.stringify(langFlag)}: expected vi, en or th`], log);
  const t = (key: MessageKey, params?: Readonly<Record<string, string | number>>) =>
    format(langFlag, catalogues[langFlag][key], params);
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    log(t('catalogue.file_unreadable', { file }));
    return 2;
  }
  const { services } = await openNodeServices({ ...parsed.config });
  try {
    const result = await runUseCase(services, null, { ip: null }, (uc) =>
      operatorImportCalendarNotice(uc, content),
    );
    log(
      t('calendar.imported', {
        year: String(result.year),
        replaced: result.replaced ? t('calendar.replaced') : '',
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      for (const f of error.fields)
        log(`motcua: ${f.field}: ${format(langFlag, catalogues[langFlag][f.message], f.params)}`);
      return error.fields.some((f) => f.reason === 'calendar_hub_only') ? 2 : 1;
    }
    throw error;
  } finally {
    await services.storage.close();
  }
}

async function catalogueCommand(argv: readonly string[], log: Log): Promise<number> {
  const [sub, ...rest] = argv;
  const parsed = parseConfig(storageOptions, rest, processEnv(), ['format', 'lang', 'output']);
  if (!parsed.ok) return usageProblems(parsed.problems, log);
  if (sub !== 'import' && sub !== 'export')
    return usageProblems([`unknown catalogue command ${String(sub)}`], log);
  const { config, extras } = parsed;
  const langFlag = extras['lang'] ?? 'vi';
  const formatFlag = extras['format'];
  const problems: string[] = [];
  if (!isLang(langFlag)) problems.push(`--lang=${JSON.stringify(langFlag)}: expected vi, en or th`);
  if (formatFlag !== undefined && !(catalogueFormats as readonly string[]).includes(formatFlag))
    problems.push(`--format=${JSON.stringify(formatFlag)}: expected json or csv`);
  if (sub === 'export' && parsed.rest.length > 0)
    problems.push('catalogue export takes no file argument; use --output FILE');
  if (problems.length > 0 || !isLang(langFlag)) return usageProblems(problems, log);
  const lang = langFlag;
  const t = (key: MessageKey, params?: Readonly<Record<string, string | number>>) =>
    format(lang, catalogues[lang][key], params);

  if (sub === 'export') {
    const style: CatalogueFormat = formatFlag === 'csv' ? 'csv' : 'json';
    const { services } = await openNodeServices({ ...config });
    try {
      const versions = await exportCatalogue(services.storage.db);
      const text = catalogueText(versions, style);
      const output = extras['output'];
      if (output === undefined) process.stdout.write(text);
      else await writeFile(output, text);
      log(t('catalogue.exported', { count: versions.length }));
      return 0;
    } finally {
      await services.storage.close();
    }
  }

  // The hub owns the catalogue (DESIGN §3.2); a commune would fork it.
  if (config.role !== 'province') {
    log(t('catalogue.hub_only'));
    return 2;
  }
  const file = parsed.rest[0] ?? SEED_CATALOGUE_FILE;
  const style: CatalogueFormat =
    formatFlag === 'csv' || formatFlag === 'json'
      ? formatFlag
      : extname(file).toLowerCase() === '.csv'
        ? 'csv'
        : 'json';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    log(t('catalogue.file_unreadable', { file }));
    return 1;
  }
  const name = basename(file);
  const result = parseCatalogue(text, style);
  if (!result.ok) {
    reportProblems(lang, result.problems, style, name, undefined, log);
    return 1;
  }

  const { services } = await openNodeServices({ ...config });
  // Drawn on standard error, and only on a terminal: piped output and logs stay clean.
  const bar = new SingleBar(
    { stream: process.stderr, hideCursor: true, format: '{bar} {value}/{total} {percentage}%' },
    Presets.shades_classic,
  );
  // Started on the first report, when the number of versions to publish is known.
  const progress = { started: false };
  try {
    const imported = await runUseCase(services, null, { ip: null }, (uc) =>
      operatorImportCatalogue(
        uc,
        result.versions,
        (done, total) => {
          if (!progress.started) bar.start(total, 0);
          progress.started = true;
          bar.update(done);
        },
        { fieldStyle: style },
      ),
    );
    if (progress.started) bar.stop();
    log(t('catalogue.imported', { published: imported.published, skipped: imported.skipped }));
    return 0;
  } catch (error) {
    if (progress.started) bar.stop();
    if (error instanceof CatalogueRejected) {
      reportProblems(lang, error.problems, style, name, result.lines, log);
      return 1;
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
    case 'backup':
      return backupCommand(rest, log);
    case 'restore':
      return restoreCommand(rest, log);
    case 'account':
      return accountCommand(rest, log, readSecret);
    case 'catalogue':
      return catalogueCommand(rest, log);
    case 'calendar':
      return calendarCommand(rest, log);
    case 'nodes':
      return nodesCommand(rest, log);
    case 'demo':
      return runDemo(rest, (line) => process.stdout.write(`${line}\n`));
    default:
      return usageProblems([`unknown command ${command}`], log);
  }
}
