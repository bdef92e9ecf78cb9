// Starting and stopping `motcua demo` (what `npm start` runs) for the browser tests: a real
// launcher with its hub and communes as separate processes, on ports and data of the test's own.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoPassword } from '../../src/ops/demo-data.js';

export const chromiumPath = '/usr/bin/chromium';
export const repoRoot = new URL('../../', import.meta.url).pathname;

/** Whether the browser tests run: Chromium present, or required (CI) and then present. */
export function browserAvailable(): boolean {
  const required = process.env.MOTCUA_REQUIRE_BROWSER === '1';
  const available = existsSync(chromiumPath);
  if (!available && required)
    throw new Error(
      `MOTCUA_REQUIRE_BROWSER=1 but ${chromiumPath} is missing (apt-get install chromium)`,
    );
  if (!available)
    console.warn(
      `\n  Browser tests SKIPPED: ${chromiumPath} not found (apt-get install chromium)\n`,
    );
  return available;
}

/** Arguments that keep Chromium quiet and offline in CI. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Demo {
  readonly child: ChildProcessWithoutNullStreams;
  output: string;
}

export function startDemo(dataDir: string, basePort: number): Promise<Demo> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'motcua.js'), 'demo'], {
    env: {
      ...process.env,
      MOTCUA_DEMO_DATA: dataDir,
      MOTCUA_DEMO_PORT: String(basePort),
      DATABASE_URL: '',
    },
  });
  const demo: Demo = { child, output: '' };
  return new Promise((resolve, reject) => {
    // Seeding two communes' month of work takes about 30 s on a 2-core machine; CI starts three
    // demos at once. A demo that never gets ready is stopped, so that no process is left behind.
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`demo not ready within 120 s:\n${demo.output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      demo.output += chunk.toString();
      if (demo.output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve(demo);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${String(code)}:\n${demo.output}`));
    });
  });
}

export function stopDemo(demo: Demo): Promise<number | null> {
  return new Promise((resolve) => {
    demo.child.once('exit', (code) => {
      resolve(code);
    });
    demo.child.kill('SIGINT');
  });
}

/** Logs in through the form at `base` (a node's address) as a demo account. */
export async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(demoPassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
