// Province governance end to end (issue 7), in Debian's Chromium on the real demo: the province's
// leader issues a directive with a paper while Bà Nà's link to the hub is cut; it reaches Bà Nà
// when the link returns, Bà Nà's leader acknowledges and assigns it, and the province sees the
// acknowledgement. Then the reports, staffing and public-assets pages as their users open them,
// checked with axe. A screenshot of each step is saved under test-artifacts/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, logIn } from './demo-process.js';
import { demoInBrowser, mainText, noViolations } from './demo-suite.js';

const available = browserAvailable();
// Another range than desk-flows (4650–4761) and demo-roles (4850–4961), which may run meanwhile.
const basePort = 5050 + (process.pid % 100);
const hub = `http://127.0.0.1:${basePort}`;
const baNa = `http://127.0.0.1:${basePort + 2}`;

describe.skipIf(!available)('province governance in a real browser', () => {
  const suite = demoInBrowser('governance', basePort);

  const shot = (page: Page, step: string) => suite.shot(page, step);

  it('a directive issued while Bà Nà is cut off reaches it when the link returns, and its acknowledgement reaches the province', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const province = await context.newPage();
    const commune = await (
      await suite.browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    try {
      suite.demo.child.stdin.write('offline 20308\n');
      await logIn(province, hub, 'lanhdao.danang');
      await province.goto(`${hub}/directives`);
      await noViolations(province);
      await province.getByRole('link', { name: 'Ban hành văn bản chỉ đạo' }).click();
      await province.getByLabel('Số, ký hiệu').fill('2500/UBND-VP');
      await province.getByLabel('Trích yếu').fill('Báo cáo nhu cầu trang thiết bị Bộ phận Một cửa');
      await province.getByLabel('Nội dung chỉ đạo').fill('Các xã báo cáo trước thời hạn.');
      await province.getByLabel('Số ngày làm việc', { exact: true }).fill('3');
      await province.getByLabel('Xã Bà Nà').check();
      await province.getByLabel('Tệp 1').setInputFiles({
        name: 'phu-luc.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% phu luc\n%%EOF\n'),
      });
      await noViolations(province);
      await shot(province, 'directive-1-form');
      await province.getByRole('button', { name: 'Ban hành và gửi tới các xã' }).click();
      await province.waitForURL(/\/directives\/[0-9a-f-]{36}\?done=issued/);
      const path = new URL(province.url()).pathname;
      expect(await mainText(province)).toContain('Chưa (xã chưa đồng bộ)');
      await noViolations(province);
      await shot(province, 'directive-2-issued');

      // Bà Nà, cut off, has not got it.
      await logIn(commune, baNa, 'lanhdao.bana');
      await commune.goto(`${baNa}/directives?show=all`);
      expect(await mainText(commune)).not.toContain('2500/UBND-VP');

      // The link returns: the directive arrives with its paper.
      suite.demo.child.stdin.write('online 20308\n');
      await expect
        .poll(
          async () => {
            await commune.goto(`${baNa}/directives`);
            return mainText(commune);
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toContain('2500/UBND-VP');
      await commune.goto(`${baNa}${path}`);
      await expect
        .poll(
          async () => {
            const paper = await commune.request.get(
              `${baNa}${(await commune.locator('main a[href*="/attachments/"]').getAttribute('href')) ?? ''}`,
            );
            return paper.status();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe(200);
      await noViolations(commune);
      await commune.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
      await expect
        .poll(() => mainText(commune))
        .toContain('Đã xác nhận. Tỉnh sẽ thấy khi đồng bộ.');
      await commune.getByLabel('Giao cho công chức').selectOption({ label: 'A Lăng Đức' });
      await commune.getByRole('button', { name: 'Giao xử lý' }).click();
      await expect.poll(() => mainText(commune)).toContain('Đã giao xử lý.');
      await noViolations(commune);
      await shot(commune, 'directive-3-acknowledged-at-commune');

      // The province sees the acknowledgement once Bà Nà has synced.
      await expect
        .poll(
          async () => {
            await province.goto(`${hub}${path}`);
            return province.locator('tbody tr', { hasText: 'Xã Bà Nà' }).textContent();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toContain('Bríu Văn Thắng');
      const row = (await province.locator('tbody tr', { hasText: 'Xã Bà Nà' }).textContent()) ?? '';
      expect(row).toContain('A Lăng Đức');
      expect(row).toContain('Đang thực hiện');
      await shot(province, 'directive-4-seen-at-hub');
      // In English too.
      await province.goto(`${hub}${path}?lang=en`);
      expect(await mainText(province)).toContain('In progress');
      await noViolations(province);
    } finally {
      suite.demo.child.stdin.write('online 20308\n');
      await context.close();
      await commune.context().close();
    }
  }, 240_000);

  it('the province and a commune open the reports, staffing and public-assets pages', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await logIn(page, hub, 'quantri.danang');
      const atHub: [string, string, string][] = [
        ['/reports', 'Báo cáo định kỳ', 'reports-1-list'],
        [
          '/reports/procedure-results',
          'Tình hình, kết quả giải quyết thủ tục hành chính',
          'reports-2-results',
        ],
        ['/reports/directive-completion', 'Tổng hợp theo đơn vị', 'reports-3-directives'],
        ['/reports/overdue-dossiers?lang=en', 'Overdue dossiers', 'reports-4-overdue-en'],
        ['/staffing?lang=vi', 'Công chức giải quyết hồ sơ ngoài lĩnh vực', 'staffing-1-ranking'],
        ['/staffing?lang=th', 'Lương Thị Kim Oanh', 'staffing-2-th'],
        ['/assets/overview?lang=vi', 'Xã, phường báo thiếu cơ sở vật chất', 'assets-1-overview'],
      ];
      for (const [path, expected, name] of atHub) {
        await page.goto(`${hub}${path}`);
        expect(await mainText(page), path).toContain(expected);
        await noViolations(page);
        await shot(page, name);
      }
      const pdf = await page.request.get(`${hub}/reports/directive-completion.pdf`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const csv = await page.request.get(`${hub}/assets/overview.csv`);
      expect(await csv.text()).toContain('Trụ sở Huyện ủy, UBND huyện Hòa Vang (cũ)');

      await logIn(page, baNa, 'lanhdao.bana');
      const atCommune: [string, string, string][] = [
        ['/reports/procedure-results', 'Xã Bà Nà', 'reports-5-commune'],
        ['/staffing', 'A Lăng Đức', 'staffing-3-commune'],
        ['/assets', 'Trụ sở UBND xã Bà Nà', 'assets-2-commune'],
        ['/directives', '2288/UBND-VP', 'directive-5-commune-list'],
      ];
      for (const [path, expected, name] of atCommune) {
        await page.goto(`${baNa}${path}`);
        expect(await mainText(page), path).toContain(expected);
        await noViolations(page);
        await shot(page, name);
      }
      // (The language chosen is remembered: the commune's pages above are in Vietnamese.)
      // A commune's leader cannot read another commune's report.
      const other = await page.request.get(`${baNa}/reports/procedure-results?unit=20242`);
      expect(other.status()).toBe(403);
    } finally {
      await context.close();
    }
  }, 180_000);
});
