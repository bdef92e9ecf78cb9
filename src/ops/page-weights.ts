// How much each page weighs on the wire before compression, its inline stylesheet included
// (DESIGN §3.6: pages on a weak network; the portal's budget is 60 KB a page, images of
// documents aside). A province hub and a commune node are built in-process on scratch SQLite
// folders with the shipped catalogue, a few accounts and a dossier or two, and every portal
// page and the officers' main pages are fetched as a browser would. `npm run bench:pages`
// prints the figures; page-weights.test.ts holds every page to the budget.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { bootstrapAccount } from '../application/accounts.js';
import { seedCatalogue } from '../application/catalogue.js';
import { createArgon2Hasher } from '../application/passwords.js';
import type { Services } from '../application/services.js';
import { runUseCase } from '../application/use-case.js';
import { openNodeServices } from '../cli/node-services.js';
import type { Role } from '../domain/roles.js';
import { buildApp } from '../http/app.js';
import { copyChain } from '../sync/copy-chain.js';

/** The budget of one page, stylesheet included. */
export const PAGE_BUDGET_BYTES = 60 * 1024;

export interface PageWeight {
  readonly name: string;
  readonly url: string;
  readonly status: number;
  readonly bytes: number;
}

const PASSWORD = 'page-weights-1';
const CLOCK = () => new Date('2026-11-26T02:00:00.000Z'); // a Thursday, 09:00 in Vietnam

/** A browser's cookie jar, as one Cookie header. */
class Browser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}
  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) this.jar.set(c.name, c.value);
    return response;
  }
  private get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } }),
    );
  }
  async post(
    url: string,
    payload: string | Buffer | Record<string, string>,
    contentType?: string,
  ): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: this.cookie,
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
        },
        payload,
      }),
    );
  }
  async login(username: string): Promise<void> {
    const page = await this.get('/login');
    const answer = await this.post('/login', {
      _csrf: csrfOf(page.body),
      username,
      password: PASSWORD,
    });
    if (answer.statusCode !== 303) throw new Error(`login ${username}: ${answer.statusCode}`);
  }
}

function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (token === undefined) throw new Error('no CSRF token on the page');
  return token;
}

function multipart(fields: Record<string, string>, file: { field: string; content: Buffer }) {
  const boundary = '----motcuaWeights';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const scan = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

const birthFiling: Record<string, string> = {
  'applicant.fullName': 'Trần Thị Bích Ngọc',
  'applicant.citizenId': '048196000123',
  'applicant.phone': '0905123456',
  'civil.facts.child.fullName': 'Lê Hoàng Bảo Châu',
  'civil.facts.child.sex': 'female',
  'civil.facts.child.dateOfBirth': '2026-11-18',
  'civil.facts.child.placeOfBirth': 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
  'civil.facts.evidence': 'birth_notice',
  'civil.facts.mother.fullName': 'Trần Thị Bích Ngọc',
  'civil.facts.mother.birthYear': '1996',
  'civil.declarant.relationship': 'mẹ',
  'components.5.reusedFromData': 'on',
  competentUnitCode: '20242',
  resultDelivery: 'competent_unit',
  copies: '1',
};

async function seedAccounts(
  services: Services,
  accounts: readonly { username: string; role: Role; unitCode: string }[],
): Promise<void> {
  for (const a of accounts)
    await runUseCase(services, null, { ip: null }, (uc) =>
      bootstrapAccount(uc, { ...a, displayName: `Người thử ${a.username}`, password: PASSWORD }),
    );
}

/** Every portal page and the officers' main pages, weighed. */
export async function measurePageWeights(): Promise<PageWeight[]> {
  const root = await mkdtemp(join(tmpdir(), 'motcua-weights-'));
  const passwords = createArgon2Hasher({ memoryCost: 1024, timeCost: 2 });
  const hub = await openNodeServices({
    role: 'province',
    unit: '48',
    data: join(root, 'hub'),
    clock: CLOCK,
    passwords,
  });
  const commune = await openNodeServices({
    role: 'commune',
    unit: '20242',
    data: join(root, 'commune'),
    clock: CLOCK,
    passwords,
    units: hub.units,
  });
  const weights: PageWeight[] = [];
  try {
    await runUseCase(hub.services, null, { ip: null }, (uc) => seedCatalogue(uc));
    await copyChain(hub.services.storage, commune.services.storage, '48');
    await seedAccounts(hub.services, [
      { username: 'congdan', role: 'citizen', unitCode: '48' },
      { username: 'quantri', role: 'province_admin', unitCode: '48' },
      { username: 'tinhnguyen', role: 'volunteer', unitCode: '20242' },
    ]);
    await seedAccounts(commune.services, [
      { username: 'tiepnhan', role: 'receiving_officer', unitCode: '20242' },
      { username: 'lanhdao', role: 'leader', unitCode: '20242' },
    ]);
    const app = (node: typeof hub) =>
      buildApp({
        services: node.services,
        units: node.units,
        version: 'weights',
        bodyLimit: 1024 * 1024,
        secureCookies: false,
        cookieSecret: 'page-weights-cookie-secret-of-32-chars!',
        logger: false,
        trackLookupsPerMinute: 1000,
      });
    const hubApp = await app(hub);
    const communeApp = await app(commune);
    const weigh = (name: string, url: string, response: LightMyRequestResponse) => {
      weights.push({ name, url, status: response.statusCode, bytes: response.rawPayload.length });
    };
    const visit = async (browser: Browser, name: string, url: string) => {
      weigh(name, url, await browser.get(url));
    };

    // The portal, as an anonymous visitor on a phone.
    const citizen = new Browser(hubApp);
    await visit(citizen, 'portal.all', '/portal');
    await visit(citizen, 'portal.search', '/portal?q=khai+sinh');
    await visit(citizen, 'portal.all.thai', '/portal?lang=th');
    await visit(citizen, 'portal.procedure', '/portal/procedures/1.001193?lang=vi');
    await visit(citizen, 'portal.procedure.large_text', '/portal/procedures/1.004194?view=large');
    await visit(citizen, 'portal.file.birth', '/portal/procedures/1.001193/file?view=standard');
    const form = await citizen.get('/portal/procedures/1.001193/file');
    const wrong = multipart(
      { _csrf: csrfOf(form.body), ...birthFiling, 'applicant.citizenId': '123' },
      { field: 'components.1.file', content: scan },
    );
    weigh(
      'portal.file.birth.errors',
      '/portal/procedures/1.001193/file',
      await citizen.post('/portal/procedures/1.001193/file', wrong.payload, wrong.contentType),
    );
    const right = multipart(
      { _csrf: csrfOf(form.body), ...birthFiling },
      { field: 'components.1.file', content: scan },
    );
    const filed = await citizen.post(
      '/portal/procedures/1.001193/file',
      right.payload,
      right.contentType,
    );
    const landing = String(filed.headers.location);
    if (filed.statusCode !== 303) throw new Error(`filing: ${filed.statusCode}`);
    await visit(citizen, 'portal.filed.with_vietqr', landing);
    await visit(citizen, 'portal.track', '/track');
    const track = await citizen.get('/track');
    weigh(
      'portal.track.result',
      '/track',
      await citizen.post('/track', {
        _csrf: csrfOf(track.body),
        code: decodeURIComponent(/\/portal\/filed\/([^?]+)/.exec(landing)?.[1] ?? ''),
        citizenId: '048196000123',
      }),
    );
    await visit(citizen, 'portal.verify', '/verify');
    const volunteer = new Browser(hubApp);
    await volunteer.login('tinhnguyen');
    await visit(volunteer, 'portal.file.assisted', '/portal/procedures/1.001193/file');

    // The officers' main pages at the commune.
    const officer = new Browser(communeApp);
    await visit(officer, 'officer.login', '/login');
    await officer.login('tiepnhan');
    await visit(officer, 'officer.home', '/');
    await visit(officer, 'officer.desk', '/desk');
    await visit(officer, 'officer.intake', '/desk/intake?procedure=1.001193');
    const intake = await officer.get('/desk/intake?procedure=1.001193');
    const received = await officer.post(
      '/desk/intake?procedure=1.001193',
      multipart(
        {
          _csrf: csrfOf(intake.body),
          'applicant-citizenId': '048185000123',
          'applicant-fullName': 'Nguyễn Thị Mai',
          'component-to_khai-provided': 'on',
          'component-giay_to_tuy_than-reused': 'on',
          competentUnitCode: '20242',
          resultDelivery: 'receiving_unit',
          copies: '0',
          decision: 'receive',
        },
        { field: 'component-giay_chung_sinh-file', content: scan },
      ).payload,
      'multipart/form-data; boundary=----motcuaWeights',
    );
    if (received.statusCode !== 303) throw new Error(`intake: ${received.statusCode}`);
    await visit(officer, 'officer.queue', '/dossiers');
    await visit(officer, 'officer.dossier', String(received.headers.location).split('?')[0] ?? '');
    await visit(officer, 'officer.tracking_book', '/tracking-book');
    await visit(officer, 'officer.civil', '/civil');
    await visit(officer, 'officer.civil.register_birth', '/civil/register/birth');
    await visit(officer, 'officer.units', '/units?q=hai');
    const leader = new Browser(communeApp);
    await leader.login('lanhdao');
    await visit(leader, 'officer.accounts', '/admin/accounts');
    // Governance (issue 7): a commune's leader, then the province's administrator.
    await visit(leader, 'officer.directives', '/directives');
    await visit(leader, 'officer.reports', '/reports');
    await visit(leader, 'officer.report.results', '/reports/procedure-results?month=2026-11');
    await visit(leader, 'officer.staffing', '/staffing?month=2026-11');
    await visit(leader, 'officer.assets', '/assets');
    const admin = new Browser(hubApp);
    await admin.login('quantri');
    await visit(admin, 'province.directive.new', '/directives/new');
    await visit(admin, 'province.report.directives', '/reports/directive-completion?unit=48');
    await visit(admin, 'province.staffing', '/staffing?month=2026-11');
    await visit(admin, 'province.assets.overview', '/assets/overview');
    await hubApp.close();
    await communeApp.close();
  } finally {
    await hub.services.storage.close();
    await commune.services.storage.close();
    await rm(root, { recursive: true, force: true });
  }
  return weights;
}
