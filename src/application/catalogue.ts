// The procedure catalogue's use cases. The province hub owns the catalogue (DESIGN §3.2): it
// publishes versions as events, the projection serves the desk, and sync copies both to every
// commune. Publishing is all-or-nothing and idempotent: a file with one bad row writes nothing,
// and importing the same file twice publishes nothing the second time.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import {
  parseCatalogueJson,
  planImport,
  type CatalogueProblem,
  type FieldStyle,
  type StoredVersion,
} from '../domain/catalogue-io.js';
import {
  procedureEventTypes,
  searchWords,
  versionInForce,
  type ProcedureLevel,
  type ProcedureVersion,
} from '../domain/procedures.js';
import { isMessageKey } from '../i18n/messages.js';
import type { Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { AppError, type FieldProblem } from './errors.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

/** The seed catalogue shipped with the system (see data/catalogue/SOURCE.md). */
export const SEED_CATALOGUE_FILE = fileURLToPath(
  new URL('../../data/catalogue/procedures.json', import.meta.url),
);

/** Problem → field problem: `rows.12.fees[2].amountVnd`, so HTTP clients see row and field. */
function fieldProblem(p: CatalogueProblem): FieldProblem {
  const at =
    p.row === 0 ? p.field || 'file' : `rows.${p.row}${p.field === '' ? '' : `.${p.field}`}`;
  return {
    field: at,
    reason: p.reason,
    message: isMessageKey(p.message) ? p.message : 'field.invalid',
    ...(p.params === undefined ? {} : { params: p.params }),
  };
}

/** A refused import, keeping the row-level problems for callers that print them (the CLI). */
export class CatalogueRejected extends AppError {
  readonly problems: readonly CatalogueProblem[];
  constructor(problems: readonly CatalogueProblem[]) {
    super('validation_failed', { fields: problems.map(fieldProblem) });
    this.name = 'CatalogueRejected';
    this.problems = problems;
  }
}

/** Refused on a commune node: the catalogue has one writer, the hub. */
export function catalogueHubOnly(): AppError {
  return new AppError('forbidden', {
    fields: [{ field: 'node', reason: 'catalogue_hub_only', message: 'catalogue.hub_only' }],
  });
}

export interface ImportResult {
  /** Versions in the file. */
  readonly total: number;
  readonly published: number;
  /** Identical to versions already published. */
  readonly skipped: number;
}

export interface ImportOptions {
  /** Name fields as the file does: CSV columns or JSON properties (default). */
  readonly fieldStyle?: FieldStyle;
}

export type ProgressListener = (done: number, total: number) => void;

async function storedVersions(db: Kysely<Database>): Promise<StoredVersion[]> {
  const rows = await db
    .selectFrom('procedure_versions')
    .select(['code', 'version', 'valid_from', 'valid_to', 'data'])
    .execute();
  return rows.map((r) => ({
    code: r.code,
    version: r.version,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    canonical: r.data,
  }));
}

async function publish(
  uc: UseCase,
  versions: readonly ProcedureVersion[],
  onProgress: ProgressListener | undefined,
  options: ImportOptions,
): Promise<ImportResult> {
  if (uc.services.node.role !== 'province') throw catalogueHubOnly();
  const style = options.fieldStyle ?? 'json';
  // The versions were checked at the boundary (parseCatalogue*, checkVersions) as every use
  // case's input is; re-checking 2,267 of them here would cost half a second of the import.
  const plan = planImport(await storedVersions(uc.tx.db), versions, style);
  if (plan.problems.length > 0) throw new CatalogueRejected(plan.problems);

  let lastEventId: string | undefined;
  for (const [i, version] of plan.publish.entries()) {
    const event = await uc.tx.append(
      {
        type: procedureEventTypes.versionPublished,
        entityType: 'procedure',
        entityId: version.code,
        payload: version,
      },
      { actorId: uc.actor?.id ?? null },
    );
    lastEventId = event.id;
    onProgress?.(i + 1, plan.publish.length);
  }
  // One entry for the import as a whole: a 2,267-row catalogue is one act of one person.
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'catalogue.import',
    subjectType: 'catalogue',
    subjectId: uc.services.node.provinceCode,
    outcome: 'ok',
    ...(lastEventId === undefined ? {} : { eventId: lastEventId }),
  });
  return { total: versions.length, published: plan.publish.length, skipped: plan.skipped };
}

/**
 * Publishes the versions of a catalogue file on behalf of a province administrator. Everything
 * or nothing: a problem anywhere refuses the whole import with every problem named.
 */
export async function importCatalogue(
  uc: UseCase,
  versions: readonly ProcedureVersion[],
  onProgress?: ProgressListener,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const provinceCode = uc.services.node.provinceCode;
  authorize(uc, 'catalogue.import', subjectIn(uc.services, provinceCode), {
    type: 'catalogue',
    id: provinceCode,
  });
  return publish(uc, versions, onProgress, options);
}

/**
 * The same import run by the operator on the hub machine itself (the `motcua catalogue`
 * command, the demo): there is no signed-in account, but the act is still an event and audited.
 */
export async function operatorImportCatalogue(
  uc: UseCase,
  versions: readonly ProcedureVersion[],
  onProgress?: ProgressListener,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return publish(uc, versions, onProgress, options);
}

/**
 * Imports the seed catalogue when the hub's catalogue is still empty; returns null when it is
 * not, so that a demo restarted after the province edited its catalogue leaves it alone.
 */
export async function seedCatalogue(
  uc: UseCase,
  onProgress?: ProgressListener,
): Promise<ImportResult | null> {
  const any = await uc.tx.db
    .selectFrom('procedure_versions')
    .select('code')
    .limit(1)
    .executeTakeFirst();
  if (any !== undefined) return null;
  const parsed = parseCatalogueJson(await readFile(SEED_CATALOGUE_FILE, 'utf8'));
  if (!parsed.ok) throw new CatalogueRejected(parsed.problems);
  return operatorImportCatalogue(uc, parsed.versions, onProgress);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ProcedureQuery {
  /** Words to find in the code or names; diacritics and case do not matter. */
  readonly q?: string | undefined;
  readonly sector?: string | undefined;
  readonly level?: ProcedureLevel | undefined;
  /** Vietnam-local YYYY-MM-DD: list the versions in force that day. Default: the latest. */
  readonly date?: string | undefined;
}

/** `data` is written by the projector from a schema-checked payload. */
function versionOf(row: { data: string }): ProcedureVersion {
  return JSON.parse(row.data) as ProcedureVersion;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Procedures matching the query, one version per code: the one in force on `date`, or the
 * latest version when no date is given. Sorted by code.
 */
export async function listProcedures(
  db: Kysely<Database>,
  query: ProcedureQuery = {},
): Promise<ProcedureVersion[]> {
  let select = db
    .selectFrom('procedure_versions')
    .select(['code', 'version', 'valid_from', 'valid_to', 'data']);
  if (query.sector !== undefined) select = select.where('sector_code', '=', query.sector);
  if (query.level !== undefined) select = select.where('level', '=', query.level);
  // Every word must appear as a whole word, in any order: "khai sinh nuoc ngoai" finds 2.000528.
  for (const word of searchWords(query.q ?? ''))
    select = select.where(sql<boolean>`search_text like ${`% ${escapeLike(word)} %`} escape '\\'`);
  const rows = await select.orderBy('code').orderBy('version').execute();

  const byCode = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byCode.get(row.code) ?? [];
    list.push(row);
    byCode.set(row.code, list);
  }
  const chosen: ProcedureVersion[] = [];
  for (const list of byCode.values()) {
    const candidates = list.map((r) => ({
      row: r,
      version: r.version,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
    const pick =
      query.date === undefined
        ? candidates[candidates.length - 1]
        : versionInForce(candidates, query.date);
    if (pick !== undefined) chosen.push(versionOf(pick.row));
  }
  return chosen;
}

/**
 * The version of a procedure that applies to a dossier received at `on` (an instant, turned
 * into the Vietnam-local day, or a YYYY-MM-DD day), or undefined when none was in force.
 */
export async function procedureVersion(
  db: Kysely<Database>,
  code: string,
  on: Date | string,
): Promise<ProcedureVersion | undefined> {
  const rows = await db
    .selectFrom('procedure_versions')
    .select(['version', 'valid_from', 'valid_to', 'data'])
    .where('code', '=', code)
    .execute();
  const pick = versionInForce(
    rows.map((r) => ({
      row: r,
      version: r.version,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    })),
    on,
  );
  return pick === undefined ? undefined : versionOf(pick.row);
}

/** Every published version, by code then version: what `motcua catalogue export` writes. */
export async function exportCatalogue(db: Kysely<Database>): Promise<ProcedureVersion[]> {
  const rows = await db
    .selectFrom('procedure_versions')
    .select('data')
    .orderBy('code')
    .orderBy('version')
    .execute();
  return rows.map(versionOf);
}
