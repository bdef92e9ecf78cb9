// Loads the administrative-unit reference data shipped in data/admin-units/ (see its SOURCE.md
// for provenance and licence). Runs once at start-up, so it is synchronous: a node that cannot
// read its register should fail before it serves a page, with a message that says which file,
// row and field to fix.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  COMMUNE_TYPES,
  PROVINCE_TYPES,
  createAdminUnitIndex,
  type AdminUnitIndex,
  type Commune,
  type LegacyProvince,
  type Province,
} from '../domain/admin-units.js';

/**
 * data/admin-units/ in this repository, found from this module's own location so that it does
 * not depend on the working directory (same depth from src/storage/ and dist/storage/).
 */
export const DEFAULT_ADMIN_UNITS_DIR = fileURLToPath(
  new URL('../../data/admin-units/', import.meta.url),
);

export const ADMIN_UNIT_FILES = {
  provinces: 'provinces.csv',
  communes: 'communes.csv',
  legacyProvinces: 'provinces_legacy_63.csv',
} as const;

export interface ReferenceDataIssue {
  readonly file: string;
  /** Data row, 1 = the first row after the header; undefined for a whole-file problem. */
  readonly row?: number;
  /** Line in the file as an editor shows it (the header is line 1). */
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

export class ReferenceDataError extends Error {
  constructor(readonly issues: readonly ReferenceDataIssue[]) {
    const shown = issues.slice(0, 20).map(describeIssue);
    const more = issues.length > shown.length ? [`… and ${issues.length - shown.length} more`] : [];
    super(`Invalid reference data:\n- ${[...shown, ...more].join('\n- ')}`);
    this.name = 'ReferenceDataError';
  }
}

// Surrounding spaces are refused rather than trimmed: they mean the file was edited by hand
// and deserves a look.
const name = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => s === s.trim(), 'must not start or end with a space');
const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `must be ${n} digits`);

const provinceRow = z.object({
  code: digits(2),
  name,
  type: z.enum(PROVINCE_TYPES),
});

const communeRow = z.object({
  code: digits(5),
  name,
  type: z.enum(COMMUNE_TYPES),
  province_code: digits(2),
  province_name: name,
  stt: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number')
    .transform(Number),
});

const legacyProvinceRow = z.object({
  legacy_code: digits(2),
  legacy_name: name,
  cccd_prefix: digits(3),
  merged_into_code: digits(2),
  merged_into_name: name,
});

let defaultIndex: AdminUnitIndex | undefined;

/**
 * Reads and checks the three CSVs and returns the index. Throws ReferenceDataError listing
 * every bad row, or AdminUnitDataError if the rows are each fine but disagree with each other.
 * The default directory is read once per process; any other directory is read on every call.
 */
export function loadAdminUnits(dir: string = DEFAULT_ADMIN_UNITS_DIR): AdminUnitIndex {
  const isDefault = resolve(dir) === resolve(DEFAULT_ADMIN_UNITS_DIR);
  if (isDefault && defaultIndex !== undefined) return defaultIndex;

  const issues: ReferenceDataIssue[] = [];
  const provinces: Province[] = readTable(dir, ADMIN_UNIT_FILES.provinces, provinceRow, issues);
  const communes: Commune[] = readTable(dir, ADMIN_UNIT_FILES.communes, communeRow, issues).map(
    (r) => ({
      code: r.code,
      name: r.name,
      type: r.type,
      provinceCode: r.province_code,
      provinceName: r.province_name,
      stt: r.stt,
    }),
  );
  const legacyProvinces: LegacyProvince[] = readTable(
    dir,
    ADMIN_UNIT_FILES.legacyProvinces,
    legacyProvinceRow,
    issues,
  ).map((r) => ({
    legacyCode: r.legacy_code,
    legacyName: r.legacy_name,
    cccdPrefix: r.cccd_prefix,
    mergedIntoCode: r.merged_into_code,
    mergedIntoName: r.merged_into_name,
  }));
  if (issues.length > 0) throw new ReferenceDataError(issues);

  const index = createAdminUnitIndex({ provinces, communes, legacyProvinces });
  if (isDefault) defaultIndex = index;
  return index;
}

interface RawRow {
  readonly fields: Record<string, string>;
  readonly line: number;
}

function readTable<S extends z.ZodObject>(
  dir: string,
  file: string,
  schema: S,
  issues: ReferenceDataIssue[],
): z.output<S>[] {
  const expectedHeader = Object.keys(schema.shape);
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    issues.push({ file, message: `cannot be read: ${errorMessage(error)}` });
    return [];
  }

  let rawRows: RawRow[];
  try {
    rawRows = parse<RawRow, Record<string, string>>(text, {
      bom: true,
      // Checking the header here, not per row, gives one clear message for a wrong file.
      columns: (header: string[]) => {
        if (header.join(',') !== expectedHeader.join(',')) {
          throw new HeaderError(
            `header is "${header.join(',')}", expected "${expectedHeader.join(',')}"`,
          );
        }
        return header;
      },
      skip_empty_lines: true,
      on_record: (fields, context) => ({ fields, line: context.lines }),
    });
  } catch (error) {
    const line = error instanceof CsvError ? csvErrorLine(error) : undefined;
    issues.push({
      file,
      ...(line === undefined ? {} : { line }),
      message: errorMessage(error),
    });
    return [];
  }

  const rows: z.output<S>[] = [];
  rawRows.forEach(({ fields: raw, line }, i) => {
    // Whatever a PDF transcription or a spreadsheet did to the text, values are compared and
    // stored NFC, so that equal names are equal strings and "Xã" matches its enum.
    const fields = Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [key, value.normalize('NFC')]),
    );
    const parsed = schema.safeParse(fields);
    if (parsed.success) {
      rows.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      issues.push({
        file,
        row: i + 1,
        line,
        field: issue.path.map(String).join('.'),
        message: `${issue.message}${describeValue(fields, issue.path[0])}`,
      });
    }
  });
  if (rawRows.length === 0) issues.push({ file, message: 'has no data rows' });
  return rows;
}

class HeaderError extends Error {}

function describeValue(fields: Record<string, string>, key: PropertyKey | undefined): string {
  if (typeof key !== 'string') return '';
  const value = fields[key];
  return value === undefined ? '' : ` (got "${value}")`;
}

// CsvError carries the parser's context as loose properties; `lines` is where it stopped.
function csvErrorLine(error: CsvError): number | undefined {
  const lines = error['lines'];
  return typeof lines === 'number' ? lines : undefined;
}

function describeIssue(issue: ReferenceDataIssue): string {
  const where = [
    issue.file,
    issue.row === undefined ? undefined : `row ${issue.row}`,
    issue.line === undefined ? undefined : `line ${issue.line}`,
    issue.field === undefined ? undefined : `field "${issue.field}"`,
  ].filter((part) => part !== undefined);
  return `${where.join(', ')}: ${issue.message}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
