// The frame of a browser suite on the real demo: the demo started in a data folder of its own
// on the suite's ports, Chromium launched, both stopped afterwards; a screenshot of each step
// under test-artifacts/, and the checks every step makes (the page's text, axe).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { accessibilityViolations } from './axe.js';
import {
  chromiumArgs,
  chromiumPath,
  repoRoot,
  startDemo,
  stopDemo,
  type Demo,
} from './demo-process.js';

export interface DemoSuite {
  /** The running demo (after the suite's start). */
  readonly demo: Demo;
  readonly browser: Browser;
  /** Saves a full-page screenshot as test-artifacts/e2e-{name}/{step}.png. */
  shot(page: Page, step: string): Promise<Buffer>;
}

/** Starts the demo and Chromium before the suite's tests and stops both after them. */
export function demoInBrowser(name: string, basePort: number): DemoSuite {
  const artifacts = join(repoRoot, 'test-artifacts', `e2e-${name}`);
  let dataDir: string | undefined;
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `motcua-${name}-`));
    await mkdir(artifacts, { recursive: true });
    demo = await startDemo(dataDir, basePort);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    if (demo !== undefined && demo.child.exitCode === null) await stopDemo(demo);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo suite has not started');
    return value;
  };
  return {
    get demo() {
      return started(demo);
    },
    get browser() {
      return started(browser);
    },
    shot: (page, step) => page.screenshot({ path: join(artifacts, `${step}.png`), fullPage: true }),
  };
}

/** The text of the page's main region. */
export const mainText = async (page: Page): Promise<string> =>
  (await page.locator('main').textContent()) ?? '';

/** Fails the step when axe-core finds any WCAG 2.1 A/AA violation on the page. */
export async function noViolations(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}
