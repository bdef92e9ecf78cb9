// `npm run bench:catalogue`: how long a province-sized catalogue takes to import. Đà Nẵng
// publishes 2,267 procedures; the target is under 5 s from file text to committed projection.
// A synthetic catalogue of that size is made from the seed (each seed procedure repeated under
// new codes), written as CSV and JSON, then parsed, validated and imported into a fresh hub.
// Prints one JSON object per line: {"name","value","unit"}. SQLite always; PostgreSQL too when
// DATABASE_URL is set (a scratch database is created and dropped).
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { operatorImportCatalogue, SEED_CATALOGUE_FILE } from '../../application/catalogue.js';
import { runUseCase } from '../../application/use-case.js';
import { openNodeServices } from '../../cli/node-services.js';
import {
  exportCatalogueCsv,
  exportCatalogueJson,
  parseCatalogueCsv,
  parseCatalogueJson,
  type CatalogueParseResult,
} from '../../domain/catalogue-io.js';
import type { ProcedureVersion } from '../../domain/procedures.js';
import { loadAdminUnits } from '../../storage/reference-data.js';

const SIZE = Number(process.env['BENCH_CATALOGUE_SIZE'] ?? 2267);

function print(name: string, value: number, unit: string): void {
  process.stdout.write(
    `${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`,
  );
}

function versionsOf(result: CatalogueParseResult): ProcedureVersion[] {
  if (!result.ok)
    throw new Error(`synthetic catalogue refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.versions;
}

/** SIZE procedures shaped like the seed, under codes 9.000001 … that no real procedure uses. */
async function syntheticCatalogue(): Promise<ProcedureVersion[]> {
  const seed = versionsOf(parseCatalogueJson(await readFile(SEED_CATALOGUE_FILE, 'utf8')));
  return Array.from({ length: SIZE }, (_, i) => {
    const template = seed[i % seed.length] ?? seed[0];
    if (template === undefined) throw new Error('the seed catalogue is empty');
    return {
      ...template,
      code: `9.${String(i + 1).padStart(6, '0')}`,
      nameVi: `${template.nameVi} (thử nghiệm ${i + 1})`,
      nameEn: `${template.nameEn} (benchmark ${i + 1})`,
    };
  });
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

async function run(
  dialect: string,
  databaseUrl: string | undefined,
  texts: { csv: string; json: string },
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-catalogue-'));
  const units = loadAdminUnits();
  try {
    const { services } = await openNodeServices({
      role: 'province',
      unit: '48',
      data: dir,
      databaseUrl,
      units,
    });
    try {
      // What `motcua catalogue import FILE.csv` does after reading the file.
      let start = performance.now();
      const versions = versionsOf(parseCatalogueCsv(texts.csv));
      const parsed = seconds(start);
      const imported = await runUseCase(services, null, { ip: null }, (uc) =>
        operatorImportCatalogue(uc, versions, undefined, { fieldStyle: 'csv' }),
      );
      const total = seconds(start);
      if (imported.published !== SIZE)
        throw new Error(`published ${imported.published} of ${SIZE}`);
      print(`catalogue.${dialect}.import_${SIZE}.seconds`, total, 's');
      print(`catalogue.${dialect}.import_${SIZE}.publish_seconds`, total - parsed, 's');
      print(`catalogue.${dialect}.import.versions_per_s`, SIZE / (total - parsed), 'versions/s');

      // Importing the same file again: every version recognised, nothing written.
      start = performance.now();
      const again = await runUseCase(services, null, { ip: null }, (uc) =>
        operatorImportCatalogue(uc, versionsOf(parseCatalogueJson(texts.json)), undefined),
      );
      if (again.skipped !== SIZE) throw new Error(`re-import skipped ${again.skipped} of ${SIZE}`);
      print(`catalogue.${dialect}.reimport_${SIZE}.seconds`, seconds(start), 's');
    } finally {
      await services.storage.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const catalogue = await syntheticCatalogue();
let start = performance.now();
const csv = exportCatalogueCsv(catalogue);
print(`catalogue.export_csv_${SIZE}.seconds`, seconds(start), 's');
const json = exportCatalogueJson(catalogue);
print(`catalogue.csv_${SIZE}.bytes`, Buffer.byteLength(csv), 'bytes');
start = performance.now();
versionsOf(parseCatalogueCsv(csv));
print(`catalogue.parse_csv_${SIZE}.seconds`, seconds(start), 's');
start = performance.now();
versionsOf(parseCatalogueJson(json));
print(`catalogue.parse_json_${SIZE}.seconds`, seconds(start), 's');

await run('sqlite', undefined, { csv, json });

const url = process.env['DATABASE_URL'];
if (url !== undefined && url !== '') {
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    await run('postgres', target.toString(), { csv, json });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
