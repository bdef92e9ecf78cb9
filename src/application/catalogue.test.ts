// The catalogue's use cases on every database under test: publishing is all-or-nothing and
// idempotent, only the province's administrator (at the hub) may import, and what goes in comes
// back out of the projection by search, by date and by export.
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildVersion } from '../../test/procedure-fixtures.js';
import { actorOf, catalogueServices, openCatalogueStorage } from '../../test/catalogue-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  exportCatalogueCsv,
  parseCatalogueCsv,
  parseCatalogueJson,
} from '../domain/catalogue-io.js';
import type { Actor } from '../domain/permissions.js';
import type { ProcedureVersion } from '../domain/procedures.js';
import type { Role } from '../domain/roles.js';
import { catalogues, format } from '../i18n/messages.js';
import type { Storage } from '../storage/storage.js';
import {
  CatalogueRejected,
  exportCatalogue,
  importCatalogue,
  listProcedures,
  procedureVersion,
  SEED_CATALOGUE_FILE,
  seedCatalogue,
} from './catalogue.js';
import { AppError } from './errors.js';
import type { Services } from './services.js';
import { runUseCase } from './use-case.js';

const admin = actorOf('province_admin');

async function seedVersions(): Promise<ProcedureVersion[]> {
  const parsed = parseCatalogueJson(await readFile(SEED_CATALOGUE_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 5)));
  return parsed.versions;
}

describe('seed catalogue (data/catalogue/procedures.json)', () => {
  // Commune-level civil-status procedures after 01/07/2025, as a provincial Department of Justice
  // lists them (QT 01–35/CX-HT), with their national codes.
  const civilStatusAtCommune = [
    '1.001193', '2.000528', '1.004884', '2.000522', '1.001022', '2.000779', '1.000689',
    '1.001695', '1.004772', '1.000893', '1.000894', '2.000806', '1.004746', '2.000513',
    '1.000656', '1.001766', '1.005461', '2.000497', '1.004837', '1.001669', '1.004845',
    '2.000756', '3.000323', '3.000322', '1.004859', '2.000748', '2.002189', '2.000554',
    '2.000547', '1.003583', '1.000593', '1.000419', '1.004873', '2.000635', '2.002516',
  ]; // prettier-ignore

  it('validates, with every commune civil-status procedure and 20 others, codes unique', async () => {
    const versions = await seedVersions();
    const codes = versions.map((v) => v.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(civilStatusAtCommune));
    const civil = versions.filter((v) => v.sector.code === 'ho_tich');
    expect(civil.length).toBeGreaterThanOrEqual(civilStatusAtCommune.length);
    expect(civil.every((v) => v.level === 'commune')).toBe(true);
    const others = versions.filter((v) => v.sector.code !== 'ho_tich' && v.level === 'commune');
    expect(others.length).toBeGreaterThanOrEqual(20);
  });

  it('says where every row comes from, and flags what could not be confirmed', async () => {
    for (const v of await seedVersions()) expect(v.sourceNote, v.code).not.toBe('');
    const unconfirmed = (await seedVersions()).filter((v) => !v.confirmed).map((v) => v.code);
    expect(unconfirmed.length).toBeGreaterThan(0);
  });

  it('knows the fees the law fixes: free on time, 8,000 đồng a copy', async () => {
    const birth = (await seedVersions()).find((v) => v.code === '1.001193')!;
    expect(birth.registrationWindowDays).toBe(60);
    expect(birth.fees.map((f) => [f.basis, f.amountVnd])).toEqual([
      ['late_registration', 5000],
      ['per_copy', 8000],
    ]);
  });

  it('survives a CSV round trip unchanged', async () => {
    const versions = await seedVersions();
    const back = parseCatalogueCsv(exportCatalogueCsv(versions));
    expect(back.ok && back.versions).toEqual(versions);
  });
});

forEachDialect('procedure catalogue', (dialect) => {
  let storage: Storage;
  let hub: Services;

  beforeEach(async () => {
    const database = await dialect.createDatabase();
    storage = await openCatalogueStorage(database, '48');
    hub = catalogueServices(storage, 'province', '48');
  });

  const count = async (table: 'events' | 'procedure_versions' | 'audit_entries') =>
    Number(
      (
        await storage.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importAs = (who: Actor | null, versions: readonly ProcedureVersion[], on = hub) =>
    runUseCase(on, who, { ip: null }, (uc) => importCatalogue(uc, versions));

  const birth1 = buildVersion({ version: 1, validFrom: '2016-01-01' });
  const birth2 = buildVersion({
    version: 2,
    validFrom: '2025-07-01',
    nameEn: 'Birth registration (two-level)',
  });
  const death = buildVersion({
    code: '1.000656',
    nameVi: 'Thủ tục đăng ký khai tử',
    nameEn: 'Death registration',
    registrationWindowDays: 15,
  });
  const foreignBirth = buildVersion({
    code: '2.000528',
    nameVi: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài',
    nameEn: 'Birth registration with a foreign element',
  });
  const attestation = buildVersion({
    code: '2.000884',
    nameVi: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    nameEn: 'Certification of a signature',
    sector: { code: 'chung_thuc', nameVi: 'Chứng thực', nameEn: 'Certification' },
    fees: [],
  });
  const catalogue = [birth1, birth2, death, foreignBirth, attestation];

  it('publishes one event per version and projects them, writing one audit entry', async () => {
    const result = await importAs(admin, catalogue);
    expect(result).toEqual({ total: 5, published: 5, skipped: 0 });
    expect(await count('events')).toBe(5);
    expect(await count('procedure_versions')).toBe(5);
    const events = await storage.db.selectFrom('events').selectAll().orderBy('unit_seq').execute();
    expect(events.map((e) => [e.type, e.entity_type, e.entity_id, e.actor_id])).toEqual(
      catalogue.map((v) => ['procedure.version_published', 'procedure', v.code, admin.id]),
    );
    expect(JSON.parse(events[0]!.payload)).toEqual(birth1);
    const audit = await storage.db.selectFrom('audit_entries').selectAll().execute();
    expect(audit.map((a) => [a.action, a.subject_id, a.outcome, a.event_id])).toEqual([
      ['catalogue.import', '48', 'ok', events[4]!.id],
    ]);
  });

  it('publishes nothing the second time the same file is imported', async () => {
    await importAs(admin, catalogue);
    const again = await importAs(admin, [...catalogue].reverse());
    expect(again).toEqual({ total: 5, published: 0, skipped: 5 });
    expect(await count('events')).toBe(5);
  });

  it('writes nothing when one row is wrong, and names that row and field', async () => {
    await importAs(admin, [birth1]);
    const before = { events: await count('events'), rows: await count('procedure_versions') };
    const changed = { ...birth1, nameEn: 'Birth registration, edited in place' };
    const error = await importAs(admin, [death, foreignBirth, changed, attestation]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogueRejected);
    const rejected = error as CatalogueRejected;
    expect(rejected.problems.map((p) => [p.row, p.field, p.reason])).toEqual([
      [3, 'version', 'version_changed'],
    ]);
    expect(rejected.fields.map((f) => f.field)).toEqual(['rows.3.version']);
    expect({ events: await count('events'), rows: await count('procedure_versions') }).toEqual(
      before,
    );
    // The officer reads it in their language.
    const [problem] = rejected.problems;
    expect(format('vi', catalogues.vi['catalogue.version_changed'], problem!.params)).toBe(
      'Phiên bản 1 của thủ tục 1.001193 đã được công bố với nội dung khác. Phiên bản đã công bố không được sửa; hãy công bố một phiên bản mới.',
    );
    expect(format('en', catalogues.en['catalogue.version_changed'], problem!.params)).toBe(
      'Version 1 of procedure 1.001193 has already been published with different content. A published version cannot be changed; publish a new version.',
    );
  });

  it('refuses a new version whose validity overlaps a published one', async () => {
    await importAs(admin, [{ ...birth1, validTo: '2025-12-31' }]);
    const error = (await importAs(admin, [birth2]).catch((e: unknown) => e)) as CatalogueRejected;
    expect(error.problems.map((p) => [p.row, p.field, p.reason, p.params])).toEqual([
      [1, 'validFrom', 'version_overlap', { code: '1.001193', version: 2, other: 1 }],
    ]);
  });

  it.each<Role>(['receiving_officer', 'specialist', 'leader', 'citizen', 'service'])(
    'refuses the import for a %s, writing only the refusal to the audit trail',
    async (role) => {
      const who = role === 'citizen' || role === 'service' ? actorOf(role) : actorOf(role, '20242');
      const error = await importAs(who, catalogue).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('forbidden');
      expect(await count('events')).toBe(0);
      const audit = await storage.db.selectFrom('audit_entries').selectAll().execute();
      expect(audit.map((a) => [a.action, a.outcome])).toEqual([['catalogue.import', 'denied']]);
    },
  );

  it('refuses an administrator of another province', async () => {
    const hanoi = actorOf('province_admin', '01');
    const error = await importAs(hanoi, catalogue).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('forbidden');
  });

  it('refuses to publish on a commune node: the hub owns the catalogue', async () => {
    const commune = catalogueServices(storage, 'commune', '20242');
    const error = (await importAs(admin, catalogue, commune).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('forbidden');
    expect(error.fields.map((f) => f.reason)).toEqual(['catalogue_hub_only']);
    expect(await count('events')).toBe(0);
  });

  it('finds procedures by words typed without diacritics, by sector and level', async () => {
    await importAs(admin, catalogue);
    const codes = async (query: Parameters<typeof listProcedures>[1]) =>
      (await listProcedures(storage.db, query)).map((v) => v.code);
    expect(await codes({ q: 'khai sinh' })).toEqual(['1.001193', '2.000528']);
    expect(await codes({ q: 'KHAI SINH nuoc ngoai' })).toEqual(['2.000528']);
    expect(await codes({ q: 'đăng ký khai tử' })).toEqual(['1.000656']);
    expect(await codes({ q: '2.000884' })).toEqual(['2.000884']);
    expect(await codes({ q: 'signature' })).toEqual(['2.000884']);
    expect(await codes({ q: '100%_' })).toEqual([]);
    expect(await codes({ sector: 'chung_thuc' })).toEqual(['2.000884']);
    expect(await codes({ level: 'province' })).toEqual([]);
    expect((await listProcedures(storage.db)).map((v) => `${v.code}v${v.version}`)).toEqual([
      '1.000656v1',
      '1.001193v2',
      '2.000528v1',
      '2.000884v1',
    ]);
  });

  it('gives the version in force on the day a dossier was received', async () => {
    await importAs(admin, catalogue);
    // 23:30 on 30 June 2025 in Vietnam, and half an hour later.
    expect(
      (await procedureVersion(storage.db, '1.001193', new Date('2025-06-30T16:30:00Z')))?.version,
    ).toBe(1);
    expect(
      (await procedureVersion(storage.db, '1.001193', new Date('2025-06-30T17:30:00Z')))?.version,
    ).toBe(2);
    expect(await procedureVersion(storage.db, '1.001193', '2015-12-31')).toBeUndefined();
    expect(await procedureVersion(storage.db, '9.999999', '2026-01-01')).toBeUndefined();
    const onDay = await listProcedures(storage.db, { q: 'khai sinh', date: '2020-01-01' });
    expect(onDay.map((v) => `${v.code}v${v.version}`)).toEqual(['1.001193v1']);
  });

  it('exports every version, by code and version, equal to what was imported', async () => {
    await importAs(admin, [...catalogue].reverse());
    expect(await exportCatalogue(storage.db)).toEqual(
      [...catalogue].sort((a, b) =>
        a.code === b.code ? a.version - b.version : a.code < b.code ? -1 : 1,
      ),
    );
  });

  it('seeds the empty catalogue of the hub once', async () => {
    const seeded = await runUseCase(hub, null, { ip: null }, (uc) => seedCatalogue(uc));
    const size = (await seedVersions()).length;
    expect(seeded).toEqual({ total: size, published: size, skipped: 0 });
    expect(await count('procedure_versions')).toBe(size);
    expect(await runUseCase(hub, null, { ip: null }, (uc) => seedCatalogue(uc))).toBeNull();
    expect(await count('events')).toBe(size);
  });
});
