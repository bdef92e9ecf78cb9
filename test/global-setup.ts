// Runs once before any test file. The storage suites run on SQLite always and on PostgreSQL only
// when DATABASE_URL names a server; this makes the PostgreSQL half impossible to lose silently:
// a banner says it was skipped, and in CI (MOTCUA_REQUIRE_PG=1) a missing or unreachable server
// fails the whole run instead of passing on SQLite alone.
import pg from 'pg';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const required = process.env.MOTCUA_REQUIRE_PG === '1';

  if (url === undefined || url === '') {
    if (required) {
      throw new Error(
        'MOTCUA_REQUIRE_PG=1 but DATABASE_URL is not set: the PostgreSQL suite cannot run.',
      );
    }
    banner('PostgreSQL suite SKIPPED: DATABASE_URL is not set');
    return;
  }

  const problem = await reach(url);
  if (problem === null) {
    banner(`PostgreSQL suite ON: ${redact(url)}`);
    return;
  }
  const message = `PostgreSQL at ${redact(url)} is unreachable: ${problem}`;
  if (required) throw new Error(`MOTCUA_REQUIRE_PG=1 and ${message}`);
  // Not skipped: the PostgreSQL cases will run and fail, which is what asking for them means.
  banner(`${message} — the PostgreSQL cases will fail`);
}

async function reach(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function banner(text: string): void {
  const line = '='.repeat(Math.max(60, text.length + 4));
  console.warn(`\n${line}\n  ${text}\n${line}\n`);
}
