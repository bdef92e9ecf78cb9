// End to end, as a new user meets it: `motcua demo` (what `npm start` runs) starts the hub and
// both communes as separate processes; in Debian's Chromium every demo account logs in and
// sees its role's home page in Vietnamese, then in English; Ctrl-C stops everything cleanly, and
// a second start reuses the data. A screenshot of each step is saved under test-artifacts/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNodes, demoPassword } from '../../src/ops/demo-data.js';
import { accessibilityViolations } from './axe.js';
import {
  browserAvailable,
  chromiumArgs,
  chromiumPath,
  logIn,
  repoRoot,
  startDemo,
  stopDemo,
  type Demo,
} from './demo-process.js';
import type { Role } from '../../src/domain/roles.js';

const available = browserAvailable();
const artifacts = join(repoRoot, 'test-artifacts', 'e2e-demo-roles');
const basePort = 4850 + (process.pid % 100);

const titles: Record<Exclude<Role, 'service'>, [vi: string, en: string]> = {
  citizen: ['Dịch vụ công của tôi', 'My public services'],
  receiving_officer: ['Bàn tiếp nhận hồ sơ', 'Intake desk'],
  specialist: ['Hồ sơ cần xử lý', 'Dossiers to process'],
  leader: ['Lãnh đạo đơn vị', 'Unit leadership'],
  province_admin: ['Quản trị cấp tỉnh', 'Province administration'],
  volunteer: ['Hỗ trợ công dân nộp hồ sơ', 'Help citizens file'],
};

describe.skipIf(!available)('the demo in a real browser', () => {
  let dataDir: string;
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-demo-'));
    await mkdir(artifacts, { recursive: true });
    demo = await startDemo(dataDir, basePort);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  }, 150_000);

  afterAll(async () => {
    await browser.close();
    if (demo.child.exitCode === null) await stopDemo(demo);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints each node’s address and every login', () => {
    expect(demo.output).toContain('All three nodes are healthy');
    expect(demo.output).toMatch(/Hub: 13 new accounts, catalogue of \d+ procedures published\./);
    expect(demo.output).toMatch(
      /Xã Bà Nà: enrolled with the hub, \d+ events received from the hub, \d{3} demo dossiers, \d{2,} civil-status registrations, \d+ events sent to the hub\./,
    );
    expect(demo.output).toContain(`Province hub — Thành phố Đà Nẵng (48)`);
    expect(demo.output).toContain(`Commune node — Phường Hải Châu (20242)`);
    expect(demo.output).toContain(`Commune node — Xã Bà Nà (20308)`);
    for (const node of demoNodes)
      for (const account of node.accounts) expect(demo.output).toContain(account.username);
    expect(demo.output).toContain(demoPassword);
  });

  for (const node of demoNodes)
    for (const account of node.accounts)
      it(`${account.username} (${account.role}) logs in and sees the home page in Vietnamese and English`, async () => {
        const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
        const page = await context.newPage();
        const url = `http://127.0.0.1:${basePort + node.portOffset}`;
        const shot = (step: string) =>
          page.screenshot({
            path: join(artifacts, `${account.username}-${step}.png`),
            fullPage: true,
          });
        try {
          await page.goto(`${url}/`);
          await expect.poll(() => page.locator('h1').textContent()).toBe('Đăng nhập');
          await shot('1-login');
          await page.getByLabel('Tên đăng nhập').fill(account.username);
          await page.getByLabel('Mật khẩu').fill(demoPassword);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          const [vi, en] = titles[account.role as keyof typeof titles];
          await expect.poll(() => page.locator('h1').textContent()).toBe(vi);
          expect(await page.locator('main').textContent()).toContain(
            `Xin chào, ${account.displayName}`,
          );
          await shot('2-home-vi');
          await page.getByRole('link', { name: 'English' }).click();
          await expect.poll(() => page.locator('h1').textContent()).toBe(en);
          expect(await page.locator('html').getAttribute('lang')).toBe('en');
          await shot('3-home-en');
          await page.getByRole('button', { name: 'Log out' }).click();
          await expect.poll(() => page.locator('h1').textContent()).toBe('Log in');
          expect(await page.locator('main').textContent()).toContain('You have logged out.');
          await shot('4-logged-out');
        } finally {
          await context.close();
        }
      });

  it('a wrong password shows the error on the page', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${basePort + 1}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan.haichau');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.screenshot({ path: join(artifacts, 'wrong-password.png') });
    await page.close();
  });

  it('the province administrator sees both communes enrolled', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${basePort}/login`);
      await page.getByLabel('Tên đăng nhập').fill('quantri.danang');
      await page.getByLabel('Mật khẩu').fill(demoPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('link', { name: 'Các điểm kết nối' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Các điểm kết nối của tỉnh');
      const table = (await page.locator('main table').textContent()) ?? '';
      expect(table).toContain('Phường Hải Châu');
      expect(table).toContain('Xã Bà Nà');
      await page.screenshot({ path: join(artifacts, 'admin-nodes.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('a commune cut from the hub says so on every page, and catches up when the link is back', async () => {
    const page = await browser.newPage();
    const syncLine = () => page.getByRole('status', { name: 'Đồng bộ' }).textContent();
    try {
      await page.goto(`http://127.0.0.1:${basePort + 2}/login`);
      await page.getByLabel('Tên đăng nhập').fill('tiepnhan.bana');
      await page.getByLabel('Mật khẩu').fill(demoPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Bàn tiếp nhận hồ sơ');
      demo.child.stdin.write('offline 20308\n');
      await expect
        .poll(
          async () => {
            await page.reload();
            return syncLine();
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toContain('Chưa kết nối được hệ thống tỉnh — đang làm việc ngoại tuyến');
      expect(demo.output).toContain('Xã Bà Nà (20308): link to the hub cut');
      await page.screenshot({ path: join(artifacts, 'commune-offline.png'), fullPage: true });
      demo.child.stdin.write('online 20308\n');
      await expect
        .poll(
          async () => {
            await page.reload();
            return syncLine();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toContain('Đã đồng bộ');
      await page.screenshot({ path: join(artifacts, 'commune-online.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a dossier received at Hải Châu for Bà Nà reaches Bà Nà with its scan, and the citizen tracks it on the hub', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300 * 1024, 'x')]);
    try {
      // The counter at Hải Châu: a birth registration to be decided by Bà Nà, declaration scanned.
      await logIn(page, `http://127.0.0.1:${basePort + 1}`, 'tiepnhan.haichau');
      await page.goto(`http://127.0.0.1:${basePort + 1}/desk/intake?procedure=1.001193`);
      await page.getByLabel('Số định danh cá nhân (số CCCD)').fill('048185000123');
      await page.getByLabel('Họ, chữ đệm và tên').fill('Nguyễn Thị Mai');
      await page.getByLabel('Ngày sinh').fill('1985-03-14');
      await page.getByLabel('Nữ').check();
      await page.getByLabel(/^Đã nộp: Giấy chứng sinh/).check();
      await page.getByLabel(/^Lấy từ dữ liệu sẵn có: Giấy tờ tùy thân/).check();
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('checkbox') })
        .first()
        .locator('input[type=file]')
        .setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: scan });
      await page.getByLabel('Đơn vị giải quyết').selectOption('20308');
      await page.getByRole('button', { name: 'Tiếp nhận và cấp giấy hẹn' }).click();
      await page.waitForURL(/\/dossiers\/[^/?]+\?created=1/);
      const path = new URL(page.url()).pathname;
      const scanLink = page.getByRole('link', { name: /Tệp đính kèm 1/ });
      const scanPath = await scanLink.getAttribute('href');
      const code = ((await page.locator('h1').textContent()) ?? '').split(' ').at(-1);
      expect(code).toBeDefined();
      await page.screenshot({ path: join(artifacts, 'transfer-1-received.png'), fullPage: true });
      await page.getByRole('button', { name: 'Đăng xuất' }).click();

      // Bà Nà's specialist finds it, with the scan, once the two syncs have run.
      await logIn(page, `http://127.0.0.1:${basePort + 2}`, 'chuyenvien.bana');
      await expect
        .poll(
          async () => (await page.goto(`http://127.0.0.1:${basePort + 2}${path}`))?.status() ?? 0,
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(200);
      await expect
        .poll(
          async () => {
            const response = await page.request.get(
              `http://127.0.0.1:${basePort + 2}${scanPath ?? ''}`,
            );
            return response.ok() ? (await response.body()).equals(scan) : false;
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(true);
      await page.goto(`http://127.0.0.1:${basePort + 2}${path}`);
      expect(await page.locator('main').textContent()).toContain('Nguyễn Thị Mai');
      await page.screenshot({ path: join(artifacts, 'transfer-2-at-bana.png'), fullPage: true });

      // The citizen follows it on the hub: received at Hải Châu, sent on, taken up by Bà Nà.
      await page.goto(`http://127.0.0.1:${basePort}/track`);
      await page.getByLabel('Mã hồ sơ').fill(code ?? '');
      await page.getByLabel('Số định danh cá nhân của người nộp').fill('048185000123');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await expect
        .poll(() => page.locator('main ol').textContent())
        .toContain('Đơn vị nhận hồ sơ chuyển đến');
      const steps = (await page.locator('main ol').textContent()) ?? '';
      expect(steps).toContain('Tiếp nhận hồ sơ');
      expect(steps).toContain('Chuyển hồ sơ sang đơn vị khác');
      await page.screenshot({ path: join(artifacts, 'transfer-3-tracked.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a birth registered at Hải Châu gets the next number, prints a sealed certificate, and the hub verifies it', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const commune = `http://127.0.0.1:${basePort + 1}`;
    try {
      await logIn(page, commune, 'tiepnhan.haichau');
      await page.getByRole('link', { name: 'Hộ tịch' }).click();
      await page.getByRole('link', { name: 'Đăng ký khai sinh' }).click();
      const child = page.locator('fieldset').filter({ hasText: 'Người được khai sinh' });
      await child.getByLabel('Họ, chữ đệm, tên').fill('Đỗ Minh Khôi');
      await child.getByLabel('Giới tính').selectOption('male');
      await child.getByLabel('Ngày, tháng, năm sinh').fill('2026-11-20');
      await child.getByLabel('Nơi sinh').fill('Bệnh viện Đa khoa Đà Nẵng');
      const mother = page.locator('fieldset').filter({ hasText: /^Mẹ/ });
      await mother.getByLabel('Họ, chữ đệm, tên').fill('Phan Thị Thu Hà');
      await mother.getByLabel('Năm sinh').fill('1995');
      await mother.getByLabel('Số định danh cá nhân').fill('048195123456');
      const declarant = page.locator('fieldset').filter({ hasText: 'Người đi đăng ký' });
      await declarant.getByLabel('Họ, chữ đệm, tên').fill('Phan Thị Thu Hà');
      await declarant.getByLabel('Số định danh cá nhân').fill('048195123456');
      await declarant.getByLabel('Quan hệ với người được đăng ký').fill('mẹ');
      await page.getByLabel('Cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi').check();
      await page.screenshot({ path: join(artifacts, 'civil-1-form.png'), fullPage: true });
      await page.getByRole('button', { name: 'Ghi vào sổ và cấp số' }).click();
      await page.waitForURL(/\/civil\/records\/[^/?]+\?registered=1/);
      const notice =
        (await page.getByRole('status').filter({ hasText: 'Đã đăng ký' }).textContent()) ?? '';
      // The demo's paper book continues: the number follows the seeded registrations.
      expect(notice).toMatch(/Đã đăng ký: Số \d+, Quyển số 01\/2026\./);
      await page.screenshot({ path: join(artifacts, 'civil-2-record.png'), fullPage: true });

      const record = new URL(page.url()).pathname;
      const pdf = await page.request.get(`${commune}${record}/certificate.pdf`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const { readPdf, readQrCodes } = await import('../pdf-inspect.js');
      const body = await pdf.body();
      expect((await readPdf(body)).flat).toContain('ĐỖ MINH KHÔI');
      const [qr] = await readQrCodes(body, 1, 4);
      expect(qr).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${basePort}/verify\\?c=`));
      // A phone opens the code on the hub (no login), which verifies it with the keys it holds.
      const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
      try {
        await phone.goto(qr ?? '');
        expect(await phone.locator('main').textContent()).toContain('Giấy tờ hợp lệ');
        expect(await phone.locator('main').textContent()).toContain('Đỗ Minh Khôi');
        // Once the commune has synced, the hub's own register holds the record too.
        await expect
          .poll(
            async () => {
              await phone.reload();
              return phone.locator('main').textContent();
            },
            { timeout: 60_000, interval: 1_000 },
          )
          .toContain('Sổ hộ tịch ở đây có bản ghi này');
        await phone.screenshot({ path: join(artifacts, 'civil-3-verified.png'), fullPage: true });
      } finally {
        await phone.close();
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('every page the officers and the public open passes the WCAG 2.1 AA checks of axe-core', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const commune = `http://127.0.0.1:${basePort + 1}`;
    const hub = `http://127.0.0.1:${basePort}`;
    const failures: string[] = [];
    const check = async (url: string) => {
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      for (const v of await accessibilityViolations(page)) failures.push(`${url}: ${v}`);
    };
    try {
      for (const path of [
        '/login',
        '/track',
        '/verify',
        '/units',
        '/portal',
        '/portal?q=khai+sinh',
        '/portal/procedures/1.001193',
        '/portal/procedures/1.001193/file',
        '/portal?view=large',
      ])
        await check(`${hub}${path}`);
      // The province administrator's pages at the hub.
      await logIn(page, hub, 'quantri.danang');
      for (const path of [
        '/',
        '/admin/accounts',
        '/admin/nodes',
        '/admin/audit',
        '/admin/portal-sync',
        '/admin/dashboard',
        '/civil/statistics',
      ])
        await check(`${hub}${path}`);
      await logIn(page, commune, 'tiepnhan.haichau');
      for (const lang of ['vi', 'en', 'th'])
        for (const path of [
          '/',
          '/desk',
          '/desk/intake?procedure=1.001193',
          '/dossiers',
          '/tracking-book',
          '/civil',
          '/civil?q=tran',
          '/civil/register/birth',
          '/civil/register/death',
          '/civil/register/marriage',
          '/civil/books',
          '/civil/statistics',
        ])
          await check(`${commune}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.goto(`${commune}/dossiers?lang=vi`);
      const dossier = await page.locator('main table a').first().getAttribute('href');
      await check(`${commune}${dossier ?? '/dossiers'}`);
      await page.goto(`${commune}/civil/books/birth/2026/1`);
      const record = await page.locator('main table a').first().getAttribute('href');
      await check(`${commune}${record ?? '/civil'}`);
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('stops cleanly on Ctrl-C, and a second start reuses the data', async () => {
    expect(await stopDemo(demo)).toBe(0);
    expect(demo.output).toContain('Demo stopped.');
    demo = await startDemo(dataDir, basePort);
    expect(demo.output).toContain('Hub: 0 new accounts.');
    // What the first run's last minutes left at the hub may still come down; nothing is seeded
    // or sent again.
    expect(demo.output).toMatch(
      /Phường Hải Châu: \d+ events received from the hub, 0 demo dossiers, 0 civil-status registrations, 0 events sent to the hub\./,
    );
    const health = (await (
      await fetch(`http://127.0.0.1:${basePort + 2}/healthz`)
    ).json()) as unknown;
    expect(health).toMatchObject({
      status: 'ok',
      role: 'commune',
      unit: { code: '20308', name: 'Xã Bà Nà' },
    });
    expect(await stopDemo(demo)).toBe(0);
  }, 150_000);
});
