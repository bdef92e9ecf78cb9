// One typed configuration schema, parsed once at start-up from command-line flags and the
// environment (flags win). Every option has a type, a default and a description; `motcua
// --help` is generated from this table. Invalid configuration reports every problem at once.
// This is the only module that reads process.env.
import { parseArgs } from 'node:util';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

interface OptionSpec<S extends z.ZodType = z.ZodType> {
  readonly flag: string;
  readonly env: string;
  /** Parses the raw text from the flag or the environment. */
  readonly schema: S;
  /** Raw default text, or undefined when the option is required or optional without default. */
  readonly default?: string;
  readonly required?: boolean;
  readonly type: string;
  readonly description: string;
}

const spec = <const T extends OptionSpec>(s: T): T => s;

export const optionSpecs = {
  role: spec({
    flag: 'role',
    env: 'MOTCUA_ROLE',
    schema: z.enum(['commune', 'province'], { error: 'expected commune or province' }),
    required: true,
    type: 'commune | province',
    description: 'Run as a commune node (offline-first, SQLite) or as the province hub.',
  }),
  unit: spec({
    flag: 'unit',
    env: 'MOTCUA_UNIT',
    schema: z
      .string()
      .regex(/^(\d{2}|\d{5})$/, 'expected a 2-digit province or 5-digit commune code'),
    required: true,
    type: 'code',
    description:
      'Official code of the unit this node serves: 5 digits for a commune (e.g. 20242), 2 for a province (e.g. 48).',
  }),
  data: spec({
    flag: 'data',
    env: 'MOTCUA_DATA',
    schema: z.string().min(1, 'must not be empty'),
    default: './data',
    type: 'path',
    description: 'Folder for the SQLite database, attachments and the node secret.',
  }),
  port: spec({
    flag: 'port',
    env: 'MOTCUA_PORT',
    schema: intIn(1, 65535),
    default: '8080',
    type: 'integer 1–65535',
    description: 'TCP port of the web server.',
  }),
  host: spec({
    flag: 'host',
    env: 'MOTCUA_HOST',
    schema: z.string().min(1, 'must not be empty'),
    default: '127.0.0.1',
    type: 'address',
    description: 'Address to listen on. Use 0.0.0.0 so the office LAN can reach a commune node.',
  }),
  publicUrl: spec({
    flag: 'public-url',
    env: 'MOTCUA_PUBLIC_URL',
    schema: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' }),
    type: 'URL',
    description:
      'Address citizens and officers reach this node at; printed in the QR code of every receipt. Default: http://<host>:<port>.',
  }),
  hubUrl: spec({
    flag: 'hub-url',
    env: 'MOTCUA_HUB_URL',
    schema: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' }),
    type: 'URL',
    description:
      'Address of the province hub a commune node syncs with. Without it the node works alone (offline).',
  }),
  portalUrl: spec({
    flag: 'portal-url',
    env: 'MOTCUA_PORTAL_URL',
    schema: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' }),
    type: 'URL',
    description:
      'Address of the province portal, where the QR code of a civil-status certificate sends a phone to verify it. Default: the hub URL on a commune node, the public URL on the hub.',
  }),
  enrolmentToken: spec({
    flag: 'enrolment-token',
    env: 'MOTCUA_ENROLMENT_TOKEN',
    schema: z
      .string()
      .regex(/^mce_[A-Za-z0-9_-]{20,}$/, 'expected a token issued by the province (mce_…)'),
    type: 'text',
    description:
      'One-time token from the province administrator; used on the first start to enrol the node.',
  }),
  syncIdleSeconds: spec({
    flag: 'sync-idle-seconds',
    env: 'MOTCUA_SYNC_IDLE_SECONDS',
    schema: intIn(1, 3600),
    default: '5',
    type: 'seconds',
    description: 'Pause between sync rounds when there is nothing to send or fetch.',
  }),
  databaseUrl: spec({
    flag: 'database-url',
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// or postgresql:// URL'),
    type: 'URL',
    description:
      'PostgreSQL connection URL for the province hub in production. Without it the node uses SQLite in the data folder.',
  }),
  logLevel: spec({
    flag: 'log-level',
    env: 'MOTCUA_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected fatal, error, warn, info, debug, trace or silent',
    }),
    default: 'info',
    type: 'level',
    description: 'Least severe log level written (JSON lines on standard output).',
  }),
  bodyLimit: spec({
    flag: 'body-limit',
    env: 'MOTCUA_BODY_LIMIT',
    schema: intIn(1024, 1024 * 1024 * 1024),
    default: String(1024 * 1024),
    type: 'bytes',
    description: 'Largest request body accepted (attachments use their own limit).',
  }),
  secureCookies: spec({
    flag: 'secure-cookies',
    env: 'MOTCUA_SECURE_COOKIES',
    schema: bool,
    default: 'false',
    type: 'boolean',
    description: 'Mark cookies Secure. Turn on whenever the node is served over HTTPS.',
  }),
  sessionHours: spec({
    flag: 'session-hours',
    env: 'MOTCUA_SESSION_HOURS',
    schema: intIn(1, 24 * 30),
    default: '12',
    type: 'hours',
    description: 'How long a login lasts before the officer must log in again.',
  }),
  trackLookupsPerMinute: spec({
    flag: 'track-lookups-per-minute',
    env: 'MOTCUA_TRACK_LOOKUPS_PER_MINUTE',
    schema: intIn(1, 1_000_000),
    default: '20',
    type: 'integer',
    description:
      'Public tracking lookups (code + ID number) allowed per client address and minute; slows down guessing.',
  }),
  notifyPhoneChannel: spec({
    flag: 'notify-phone-channel',
    env: 'MOTCUA_NOTIFY_PHONE_CHANNEL',
    schema: z.enum(['sms', 'zalo'], { error: 'expected sms or zalo' }),
    default: 'sms',
    type: 'sms | zalo',
    description:
      "Channel of the applicant's notifications to a phone number: SMS, or Zalo where the province has a Zalo Official Account (docs/notifications.md). Email goes by email either way.",
  }),
  cookieSecret: spec({
    flag: 'cookie-secret',
    env: 'MOTCUA_COOKIE_SECRET',
    schema: z.string().min(32, 'must be at least 32 characters'),
    type: 'text',
    description:
      'Secret that signs cookies. Hub processes sharing one PostgreSQL must share it; without it a random secret is kept in the data folder.',
  }),
} as const;

export type OptionName = keyof typeof optionSpecs;
type Spec<N extends OptionName> = (typeof optionSpecs)[N];
type Value<N extends OptionName> = z.output<Spec<N>['schema']>;

/** A parsed configuration for the options a command uses. */
export type ConfigOf<N extends OptionName> = {
  readonly [K in N]: Spec<K> extends { required: true }
    ? Value<K>
    : Spec<K> extends { default: string }
      ? Value<K>
      : Value<K> | undefined;
};

export const serveOptions = [
  'role',
  'unit',
  'data',
  'port',
  'host',
  'publicUrl',
  'hubUrl',
  'portalUrl',
  'enrolmentToken',
  'syncIdleSeconds',
  'databaseUrl',
  'logLevel',
  'bodyLimit',
  'secureCookies',
  'sessionHours',
  'trackLookupsPerMinute',
  'notifyPhoneChannel',
  'cookieSecret',
] as const satisfies readonly OptionName[];
export type ServeConfig = ConfigOf<(typeof serveOptions)[number]>;

export type ConfigResult<N extends OptionName> =
  | {
      readonly ok: true;
      readonly config: ConfigOf<N>;
      readonly rest: readonly string[];
      /** Values of the command's own flags (`extraFlags`), not configuration. */
      readonly extras: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Parses the options `names` from argv (flags) and env. Unknown flags, missing required
 * options and invalid values are all reported together.
 */
export function parseConfig<N extends OptionName>(
  names: readonly N[],
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  extraFlags: readonly string[] = [],
): ConfigResult<N> {
  const problems: string[] = [];
  let flags: Record<string, string | boolean | undefined> = {};
  let rest: string[] = [];
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries([
        ...names.map((n) => [optionSpecs[n].flag, { type: 'string' as const }] as const),
        ...extraFlags.map((f) => [f, { type: 'string' as const }] as const),
      ]),
      allowPositionals: true,
      strict: true,
    });
    flags = parsed.values;
    rest = parsed.positionals;
  } catch (error) {
    // The command line could not be read at all; nothing after this would be meaningful.
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
  const config: Record<string, unknown> = {};
  for (const name of names) {
    const option: OptionSpec = optionSpecs[name];
    const fromFlag = flags[option.flag];
    const raw =
      typeof fromFlag === 'string' ? fromFlag : (env[option.env] ?? option.default ?? undefined);
    const source = typeof fromFlag === 'string' ? `--${option.flag}` : option.env;
    if (raw === undefined || raw === '') {
      if (option.required === true) {
        problems.push(`--${option.flag} (or ${option.env}) is required: ${option.description}`);
      }
      continue;
    }
    const result = option.schema.safeParse(raw);
    if (result.success) config[name] = result.data;
    else
      for (const issue of result.error.issues)
        problems.push(`${source}=${JSON.stringify(raw)}: ${issue.message}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const extras: Record<string, string> = {};
  for (const flag of extraFlags) {
    const value = flags[flag];
    if (typeof value === 'string') extras[flag] = value;
  }
  return { ok: true, config: config as ConfigOf<N>, rest, extras };
}

/** Cross-option rules of `serve` that a single option's schema cannot see. */
export function checkServeConfig(
  config: ServeConfig,
  unitExists: (code: string) => boolean,
): string[] {
  const problems: string[] = [];
  if (config.role === 'commune' && config.unit.length !== 5)
    problems.push(`--unit=${config.unit}: a commune node needs a 5-digit commune code`);
  if (config.role === 'province' && config.unit.length !== 2)
    problems.push(`--unit=${config.unit}: a province hub needs a 2-digit province code`);
  if (!unitExists(config.unit))
    problems.push(`--unit=${config.unit}: no administrative unit has this code`);
  if (config.role === 'province' && config.hubUrl !== undefined)
    problems.push('--hub-url: the province hub is the hub; only a commune node syncs with one');
  if (config.enrolmentToken !== undefined && config.hubUrl === undefined)
    problems.push('--enrolment-token: give --hub-url too, the hub the token is for');
  if (config.role === 'commune' && config.databaseUrl !== undefined)
    problems.push(
      '--database-url: a commune node keeps its data in SQLite so that it works offline; only the province hub uses PostgreSQL',
    );
  return problems;
}

/** The options table of `motcua --help`. */
export function describeOptions(names: readonly OptionName[]): string {
  return names
    .map((name) => {
      const o: OptionSpec = optionSpecs[name];
      const dflt =
        o.required === true
          ? 'required'
          : o.default === undefined
            ? 'optional'
            : `default ${o.default}`;
      return `  --${o.flag} <${o.type}>\n      env ${o.env}; ${dflt}\n      ${o.description}`;
    })
    .join('\n');
}

/** The process environment, read in one place. */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
