// End-to-end flows of the desk in Debian's Chromium, on the real demo (issue 6 §7): a dossier
// taken at the counter, its receipt printed, processed by the specialist and the leader and
// returned; a birth registered at a commune while its link to the hub is cut, which the hub
// shows, on time, once the link is back; a non-territorial dossier received at one commune and
// decided at the other; the same pages in Vietnamese, English and Thai. A screenshot of each
// step is saved under test-artifacts/; each step fails when its expected text is missing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../pdf-inspect.js';
import { browserAvailable, logIn } from './demo-process.js';
import { demoInBrowser, mainText, noViolations } from './demo-suite.js';

const available = browserAvailable();
// Another range than demo-roles.test.ts, which may run at the same time.
const basePort = 4650 + (process.pid % 100);
const hub = `http://127.0.0.1:${basePort}`;
const haiChau = `http://127.0.0.1:${basePort + 1}`;
const baNa = `http://127.0.0.1:${basePort + 2}`;

describe.skipIf(!available)('desk flows in a real browser', () => {
  const suite = demoInBrowser('desk-flows', basePort);

  async function logOut(page: Page) {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/login' || url.pathname === '/');
  }
  const shot = (page: Page, step: string) => suite.shot(page, step);

  /** A birth registration received at Hải Châu's counter for `competent`. */
  async function receive(page: Page, competent: string, name: string, citizenId: string) {
    await page.goto(`${haiChau}/desk/intake?procedure=1.001193`);
    await page.getByLabel('Số định danh cá nhân (số CCCD)').fill(citizenId);
    await page.getByLabel('Họ, chữ đệm và tên').fill(name);
    await page.getByLabel('Ngày sinh').fill('1985-03-14');
    await page.getByLabel('Nữ').check();
    await page.getByLabel(/^Đã nộp: Tờ khai/).check();
    await page.getByLabel(/^Đã nộp: Giấy chứng sinh/).check();
    await page.getByLabel(/^Lấy từ dữ liệu sẵn có: Giấy tờ tùy thân/).check();
    await page.getByLabel('Đơn vị giải quyết').selectOption(competent);
    await page.getByRole('button', { name: 'Tiếp nhận và cấp giấy hẹn' }).click();
    await page.waitForURL(/\/dossiers\/[^/?]+\?created=1/);
    return {
      path: new URL(page.url()).pathname,
      code: ((await page.locator('h1').textContent()) ?? '').split(' ').at(-1) ?? '',
    };
  }

  it('a dossier taken at the counter, its receipt printed, processed and returned', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await logIn(page, haiChau, 'tiepnhan.haichau');
      const { path, code } = await receive(page, '20242', 'Nguyễn Thị Mai', '048185000123');
      expect(await mainText(page)).toContain('Được tiếp nhận');
      await noViolations(page);
      await shot(page, 'counter-1-received');
      // The receipt (01) is printed from the dossier page.
      const receipt = await page.request.get(`${haiChau}${path}/documents/01.pdf`);
      expect(receipt.headers()['content-type']).toBe('application/pdf');
      const receiptText = (await readPdf(await receipt.body())).flat;
      expect(receiptText).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
      expect(receiptText).toContain(code);
      // The counter assigns it to a specialist.
      await page.getByLabel('Chuyên viên xử lý').selectOption({ label: 'Phạm Quốc Huy' });
      await page.getByRole('button', { name: 'phân công xử lý' }).click();
      await expect.poll(() => mainText(page)).toContain('Đang xử lý');
      await shot(page, 'counter-2-assigned');
      await logOut(page);

      await logIn(page, haiChau, 'chuyenvien.haichau');
      await page.goto(`${haiChau}${path}`);
      await page.getByRole('button', { name: 'trình lãnh đạo phê duyệt' }).click();
      await expect.poll(() => mainText(page)).toContain('Trình lãnh đạo phê duyệt');
      await shot(page, 'counter-3-submitted');
      await logOut(page);

      await logIn(page, haiChau, 'lanhdao.haichau');
      await page.goto(`${haiChau}${path}`);
      await page.getByRole('button', { name: 'phê duyệt kết quả' }).click();
      await expect.poll(() => mainText(page)).toContain('Đã xử lý xong');
      await shot(page, 'counter-4-approved');
      await logOut(page);

      await logIn(page, haiChau, 'tiepnhan.haichau');
      await page.goto(`${haiChau}${path}`);
      await page.getByLabel('Người nhận kết quả').fill('Nguyễn Thị Mai');
      await page.getByLabel('Quan hệ với người nộp').fill('người nộp hồ sơ');
      await page.getByRole('button', { name: 'trả kết quả' }).click();
      await expect.poll(() => mainText(page)).toContain('Đã trả kết quả');
      await noViolations(page);
      await shot(page, 'counter-5-returned');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a birth registered while Bà Nà is cut off reaches the hub on time once the link is back', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      suite.demo.child.stdin.write('offline 20308\n');
      await logIn(page, baNa, 'tiepnhan.bana');
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByRole('status', { name: 'Đồng bộ' }).textContent();
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toContain('ngoại tuyến');
      await page.goto(`${baNa}/civil/register/birth`);
      const child = page.locator('fieldset').filter({ hasText: 'Người được khai sinh' });
      await child.getByLabel('Họ, chữ đệm, tên').fill('A Lăng Thị Hoa');
      await child.getByLabel('Ngày, tháng, năm sinh').fill('2026-11-15');
      await child.getByLabel('Nơi sinh').fill('Trạm Y tế xã Bà Nà');
      const mother = page.locator('fieldset').filter({ hasText: /^Mẹ/ });
      await mother.getByLabel('Họ, chữ đệm, tên').fill('Zơ Râm Thị Lan');
      await mother.getByLabel('Năm sinh').fill('1997');
      await mother.getByLabel('Số định danh cá nhân').fill('048197555111');
      const declarant = page.locator('fieldset').filter({ hasText: 'Người đi đăng ký' });
      await declarant.getByLabel('Họ, chữ đệm, tên').fill('Zơ Râm Thị Lan');
      await declarant.getByLabel('Số định danh cá nhân').fill('048197555111');
      await declarant.getByLabel('Quan hệ với người được đăng ký').fill('mẹ');
      await page.getByRole('button', { name: 'Ghi vào sổ và cấp số' }).click();
      await page.waitForURL(/\/civil\/records\/[^/?]+\?registered=1/);
      expect(await mainText(page)).toMatch(/Đã đăng ký: Số \d+, Quyển số 01\/2026\./);
      await shot(page, 'offline-1-registered');
      const dossierLink = page.locator('main a[href^="/dossiers/"]');
      const dossierCode = (await dossierLink.textContent()) ?? '';
      expect(dossierCode).toMatch(/^20308-/);

      // Back online: the hub shows the dossier, processed the same day, not late.
      suite.demo.child.stdin.write('online 20308\n');
      const tracker = await suite.browser.newPage();
      try {
        await expect
          .poll(
            async () => {
              await tracker.goto(`${hub}/track`);
              await tracker.getByLabel('Mã hồ sơ').fill(dossierCode);
              await tracker.getByLabel('Số định danh cá nhân của người nộp').fill('048197555111');
              await tracker.getByRole('button', { name: 'Tra cứu' }).click();
              return (await tracker.locator('main').textContent()) ?? '';
            },
            { timeout: 60_000, interval: 2_000 },
          )
          .toContain('Đang xử lý');
        expect(await tracker.locator('main').textContent()).not.toContain('Quá hạn');
        await shot(tracker, 'offline-2-at-hub');
      } finally {
        await tracker.close();
      }
    } finally {
      suite.demo.child.stdin.write('online 20308\n');
      await context.close();
    }
  }, 180_000);

  it('a non-territorial dossier received at Hải Châu is decided at Bà Nà and returned at Hải Châu', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await logIn(page, haiChau, 'tiepnhan.haichau');
      const { path, code } = await receive(page, '20308', 'Trần Thị Hạnh', '048185000789');
      await shot(page, 'transfer-1-received');
      await logOut(page);

      // Bà Nà takes it up once it has come through the hub, and decides it.
      await logIn(page, baNa, 'tiepnhan.bana');
      await expect
        .poll(async () => (await page.goto(`${baNa}${path}`))?.status() ?? 0, {
          timeout: 60_000,
          interval: 1_000,
        })
        .toBe(200);
      await page.getByLabel('Chuyên viên xử lý').selectOption({ label: 'A Lăng Đức' });
      await page.getByRole('button', { name: 'phân công xử lý' }).click();
      await expect.poll(() => mainText(page)).toContain('Đang xử lý');
      await logOut(page);
      await logIn(page, baNa, 'chuyenvien.bana');
      await page.goto(`${baNa}${path}`);
      await page.getByRole('button', { name: 'trình lãnh đạo phê duyệt' }).click();
      await logOut(page);
      await logIn(page, baNa, 'lanhdao.bana');
      await page.goto(`${baNa}${path}`);
      await page.getByRole('button', { name: 'phê duyệt kết quả' }).click();
      await expect.poll(() => mainText(page)).toContain('Đã xử lý xong');
      await shot(page, 'transfer-2-decided-at-bana');
      await logOut(page);

      // The result comes back to Hải Châu's counter, where the citizen collects it.
      await logIn(page, haiChau, 'tiepnhan.haichau');
      await expect
        .poll(
          async () => {
            await page.goto(`${haiChau}${path}`);
            return page.getByRole('button', { name: 'trả kết quả' }).count();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(1);
      await page.getByLabel('Người nhận kết quả').fill('Trần Thị Hạnh');
      await page.getByLabel('Quan hệ với người nộp').fill('người nộp hồ sơ');
      await page.getByRole('button', { name: 'trả kết quả' }).click();
      await expect.poll(() => mainText(page)).toContain('Đã trả kết quả');
      expect(await mainText(page)).toContain(code);
      await shot(page, 'transfer-3-returned-at-haichau');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('a citizen on a phone files a birth online at the portal, with a scan, and tracks it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const byId = (id: string) => page.locator(`[id="${id}"]`);
    try {
      await page.goto(`${hub}/portal`);
      await noViolations(page);
      await page.getByLabel('Tìm thủ tục').fill('dang ky khai sinh');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      await shot(page, 'portal-1-search');
      await page
        .getByRole('link', { name: /^Thủ tục đăng ký khai sinh$/ })
        .first()
        .click();
      expect(await mainText(page)).toContain('Giấy tờ cần chuẩn bị');
      await noViolations(page);
      await shot(page, 'portal-2-procedure');
      await page.getByRole('link', { name: 'Nộp trực tuyến' }).first().click();
      await noViolations(page);
      await byId('applicant.fullName').fill('Trần Thị Bích Ngọc');
      await byId('applicant.citizenId').fill('048196000123');
      await byId('applicant.phone').fill('0905123456');
      await byId('civil.facts.child.fullName').fill('Lê Hoàng Bảo Châu');
      await byId('civil.facts.child.sex').selectOption('female');
      await byId('civil.facts.child.dateOfBirth').fill('2026-11-18');
      await byId('civil.facts.child.placeOfBirth').fill('Bệnh viện Phụ sản - Nhi Đà Nẵng');
      await byId('civil.facts.mother.fullName').fill('Trần Thị Bích Ngọc');
      await byId('civil.facts.mother.birthYear').fill('1996');
      await byId('civil.facts.mother.citizenId').fill('048196000123');
      await byId('civil.declarant.relationship').fill('mẹ');
      await byId('components.1.file').setInputFiles({
        name: 'giay-chung-sinh.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024, 'x')]),
      });
      // Her ID papers: taken from the population database instead of a scan.
      await byId('components.5.reusedFromData').check();
      await byId('competentUnitCode').selectOption('20242');
      await shot(page, 'portal-3-form');
      await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent(), await mainText(page)).toBe('Đã gửi hồ sơ');
      const text = await mainText(page);
      const code = /(\d{2}-\d{6}-\d{4,})/.exec(text)?.[1] ?? '';
      expect(code).not.toBe('');
      await noViolations(page);
      await shot(page, 'portal-4-filed');
      // The citizen tracks it, still on the phone.
      await page.goto(`${hub}/track`);
      await page.getByLabel('Mã hồ sơ').fill(code);
      await page.getByLabel('Số định danh cá nhân của người nộp').fill('048196000123');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await expect.poll(() => mainText(page)).toContain('Mới đăng ký');
      await shot(page, 'portal-5-tracked');
      // The page fits the phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the province dashboard passes the accessibility checks and shows both communes', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await logIn(page, hub, 'quantri.danang');
      await page.goto(`${hub}/admin/dashboard`);
      const text = await mainText(page);
      expect(text).toContain('Phường Hải Châu');
      expect(text).toContain('Xã Bà Nà');
      expect(await page.locator('main svg').count()).toBeGreaterThan(0);
      await noViolations(page);
      await shot(page, 'dashboard');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the same pages in Vietnamese, English and Thai', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await logIn(page, haiChau, 'tiepnhan.haichau');
      const expected = {
        vi: ['Bàn tiếp nhận hồ sơ', 'Sổ hộ tịch', 'Tra cứu hồ sơ'],
        en: ['Intake desk', 'Civil-status registers (sổ hộ tịch)', 'Track a dossier'],
        th: ['โต๊ะรับเรื่อง', 'ทะเบียนราษฎร์', 'ติดตามคำร้อง'],
      } as const;
      for (const [lang, [home, civil, track]] of Object.entries(expected)) {
        await page.goto(`${haiChau}/?lang=${lang}`);
        expect(await page.locator('h1').textContent()).toBe(home);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await page.goto(`${haiChau}/civil`);
        expect(await page.locator('h1').textContent()).toBe(civil);
        await page.goto(`${hub}/track?lang=${lang}`);
        expect(await page.locator('h1').textContent()).toBe(track);
        await noViolations(page);
        await shot(page, `languages-${lang}`);
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});
