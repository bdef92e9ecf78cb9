// Reading and writing the procedure catalogue as files: JSON for systems, CSV for the officers
// who keep the province's catalogue in a spreadsheet. Every row is validated on its own and
// every problem names its row and field with a message key, so that the officer reads, in their
// language, exactly which cell to fix. Parsing never stops at the first problem, and a file with
// any problem publishes nothing (the application checks `ok`). The CSV format is documented in
// docs/catalogue-format.md; keep the two in step.
import { parse as parseCsvText } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { z } from 'zod';
import { canonicalJson } from './event-chain.js';
import {
  dataSources,
  feeBases,
  procedureVersionSchema,
  versionConflicts,
  type ProcedureVersion,
} from './procedures.js';

export const catalogueFormats = ['json', 'csv'] as const;
export type CatalogueFormat = (typeof catalogueFormats)[number];

/** Field names as the file spells them: JSON properties, or CSV columns. */
export type FieldStyle = CatalogueFormat;

/** The identifier written into (and expected in) exported JSON files. */
export const CATALOGUE_JSON_FORMAT = 'motcua-procedure-catalogue';
export const CATALOGUE_JSON_FORMAT_VERSION = 1;

export interface CatalogueProblem {
  /** 1 = the first procedure of the file (CSV: first data row); 0 = the file as a whole. */
  readonly row: number;
  /** CSV: the line of the file where the row starts (the header is line 1). */
  readonly line?: number;
  /** JSON property path or CSV column; list items are numbered from 1: `fees[2].amountVnd`. */
  readonly field: string;
  /** Stable reason, e.g. `required`, `procedure_code_format`. */
  readonly reason: string;
  /** Message key of the message catalogue (i18n/messages-vi.ts). */
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type CatalogueParseResult =
  | {
      readonly ok: true;
      readonly versions: ProcedureVersion[];
      /** CSV: the line where each row starts, to name it when a later check refuses it. */
      readonly lines?: readonly number[];
    }
  | { readonly ok: false; readonly problems: CatalogueProblem[] };

// ---------------------------------------------------------------------------------------------
// zod issues → problems. The same reasons as application/validation.ts gives for HTTP input, so
// an officer sees one vocabulary whether they type in a form or import a file.

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];
type ProblemBody = Omit<CatalogueProblem, 'row' | 'line' | 'field'>;

function issueBodies(issue: Issue): { path: Path; body: ProblemBody }[] {
  const at = (body: ProblemBody, path: Path = issue.path) => [{ path, body }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        body: { reason: 'not_allowed', message: 'field.not_allowed' },
      }));
    case 'invalid_type':
      return at(
        issue.input === undefined || issue.input === null
          ? { reason: 'required', message: 'field.required' }
          : { reason: 'invalid_type', message: 'field.invalid_type' },
      );
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string')
        return at(
          small && bound === 1
            ? { reason: 'required', message: 'field.required' }
            : small
              ? { reason: 'too_short', message: 'field.too_short', params: { min: bound } }
              : { reason: 'too_long', message: 'field.too_long', params: { max: bound } },
        );
      if (issue.origin === 'array' && small && bound === 1)
        return at({ reason: 'required', message: 'field.required' });
      return at(
        small
          ? { reason: 'too_small', message: 'field.too_small', params: { min: bound } }
          : { reason: 'too_big', message: 'field.too_big', params: { max: bound } },
      );
    }
    case 'invalid_value':
      return at({
        reason: 'invalid_option',
        message: 'field.invalid_option',
        params: { options: issue.values.map(String).join(', ') },
      });
    case 'invalid_format':
    case 'custom': {
      const key = issue.message;
      if (!/^(field|catalogue)\.[a-z_]+$/.test(key))
        return at({ reason: 'invalid', message: 'field.invalid' });
      const params =
        issue.code === 'custom'
          ? (issue.params as Readonly<Record<string, string | number>> | undefined)
          : undefined;
      return at({
        reason: key.replace(/^[a-z]+\./, ''),
        message: key,
        ...(params === undefined ? {} : { params }),
      });
    }
    default:
      return at({ reason: 'invalid', message: 'field.invalid' });
  }
}

/** `fees[2].amountVnd`: list positions counted from 1, as a person counts lines. */
export function jsonField(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part + 1}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV layout. One row per version; scalar fields in their own columns; the three lists (fees,
// components, legal basis) one item per line inside their cell, parts of an item split by "|".

export const catalogueCsvColumns = [
  'code',
  'version',
  'name_vi',
  'name_en',
  'sector_code',
  'sector_name_vi',
  'sector_name_en',
  'level',
  'processing_time',
  'processing_unit',
  'verification_time',
  'verification_unit',
  'registration_window_days',
  'fees',
  'components',
  'channel_in_person',
  'channel_online',
  'channel_postal',
  'non_territorial',
  'legal_basis',
  'valid_from',
  'valid_to',
  'result_name_vi',
  'confirmed',
  'source_note',
] as const;
export type CatalogueCsvColumn = (typeof catalogueCsvColumns)[number];

const feeParts = ['code', 'name_vi', 'name_en', 'amount_vnd', 'basis', 'exemptions'] as const;
const componentParts = [
  'code',
  'name_vi',
  'name_en',
  'required',
  'reusable_from',
  'copies',
] as const;

/** Top-level JSON paths → CSV column. */
const scalarColumns: Readonly<Record<string, CatalogueCsvColumn>> = {
  code: 'code',
  version: 'version',
  nameVi: 'name_vi',
  nameEn: 'name_en',
  'sector.code': 'sector_code',
  'sector.nameVi': 'sector_name_vi',
  'sector.nameEn': 'sector_name_en',
  level: 'level',
  processingTime: 'processing_time',
  'processingTime.value': 'processing_time',
  'processingTime.unit': 'processing_unit',
  verificationTime: 'verification_time',
  'verificationTime.value': 'verification_time',
  'verificationTime.unit': 'verification_unit',
  registrationWindowDays: 'registration_window_days',
  'channels.inPerson': 'channel_in_person',
  'channels.online': 'channel_online',
  'channels.postal': 'channel_postal',
  nonTerritorial: 'non_territorial',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  resultNameVi: 'result_name_vi',
  confirmed: 'confirmed',
  sourceNote: 'source_note',
};

const listItemParts: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fees: {
    code: 'code',
    nameVi: 'name_vi',
    nameEn: 'name_en',
    amountVnd: 'amount_vnd',
    basis: 'basis',
    exemptions: 'exemptions',
  },
  components: {
    code: 'code',
    nameVi: 'name_vi',
    nameEn: 'name_en',
    required: 'required',
    reusableFromData: 'reusable_from',
    copies: 'copies',
  },
};

/** The CSV spelling of a version field's path: `fees[2].amount_vnd`, `channel_online`. */
export function csvField(path: Path): string {
  const [head, index, part] = path;
  if (head === 'channels' && path.length === 1)
    return 'channel_in_person/channel_online/channel_postal';
  if (head === 'fees' || head === 'components') {
    if (typeof index !== 'number') return head;
    const item = `${head}[${index + 1}]`;
    if (part === undefined) return item;
    return `${item}.${listItemParts[head]?.[String(part)] ?? String(part)}`;
  }
  if (head === 'legalBasis')
    return typeof index === 'number' ? `legal_basis[${index + 1}]` : 'legal_basis';
  const dotted = path
    .filter((p) => typeof p !== 'number')
    .map(String)
    .join('.');
  return scalarColumns[dotted] ?? scalarColumns[String(head)] ?? dotted;
}

export function fieldFor(style: FieldStyle, path: Path): string {
  return style === 'csv' ? csvField(path) : jsonField(path);
}

// ---------------------------------------------------------------------------------------------
// Validating one candidate version

function validate(
  candidate: unknown,
  style: FieldStyle,
  where: { row: number; line?: number },
  skipFields: ReadonlySet<string> = new Set(),
): { version?: ProcedureVersion; problems: CatalogueProblem[] } {
  const result = procedureVersionSchema.safeParse(candidate, { reportInput: true });
  if (result.success) return { version: result.data, problems: [] };
  const problems: CatalogueProblem[] = [];
  for (const issue of result.error.issues)
    for (const { path, body } of issueBodies(issue)) {
      const field = fieldFor(style, path);
      // A cell that could not be read at all already has its problem; the schema's "required"
      // for the same cell would only repeat it.
      if ([...skipFields].some((f) => field === f || field.startsWith(`${f}.`))) continue;
      problems.push({ ...where, field, ...body });
    }
  return { problems };
}

function collect(
  rows: readonly { version?: ProcedureVersion; problems: CatalogueProblem[] }[],
  fileProblems: CatalogueProblem[],
): CatalogueParseResult {
  const problems = [...fileProblems, ...rows.flatMap((r) => r.problems)];
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: 0, field: '', reason: 'empty', message: 'catalogue.empty' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, versions: rows.flatMap((r) => (r.version === undefined ? [] : [r.version])) };
}

/** Validates versions that did not come from a file (or may have been altered since). */
export function checkVersions(
  candidates: readonly unknown[],
  style: FieldStyle = 'json',
): CatalogueParseResult {
  return collect(
    candidates.map((c, i) => validate(c, style, { row: i + 1 })),
    [],
  );
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * Parses a JSON catalogue: an array of versions, or the exported object
 * `{ "format": "motcua-procedure-catalogue", "formatVersion": 1, "procedures": [...] }`.
 */
export function parseCatalogueJson(text: string): CatalogueParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return {
      ok: false,
      problems: [
        { row: 0, field: '', reason: 'invalid_json', message: 'catalogue.json_unreadable' },
      ],
    };
  }
  const list: unknown =
    Array.isArray(data) || typeof data !== 'object' || data === null
      ? data
      : (data as { procedures?: unknown }).procedures;
  if (!Array.isArray(list))
    return {
      ok: false,
      problems: [{ row: 0, field: '', reason: 'json_shape', message: 'catalogue.json_shape' }],
    };
  return collect(
    list.map((item, i) => validate(item, 'json', { row: i + 1 })),
    [],
  );
}

/** The exported JSON file: stable order and layout, so that two exports diff cleanly. */
export function exportCatalogueJson(versions: readonly ProcedureVersion[]): string {
  return `${JSON.stringify(
    {
      format: CATALOGUE_JSON_FORMAT,
      formatVersion: CATALOGUE_JSON_FORMAT_VERSION,
      procedures: sortVersions(versions).map(ordered),
    },
    null,
    2,
  )}\n`;
}

/** The version with its properties in the documented order (JSON.stringify keeps insertion). */
function ordered(v: ProcedureVersion): ProcedureVersion {
  return {
    code: v.code,
    version: v.version,
    nameVi: v.nameVi,
    nameEn: v.nameEn,
    sector: { code: v.sector.code, nameVi: v.sector.nameVi, nameEn: v.sector.nameEn },
    level: v.level,
    processingTime: { value: v.processingTime.value, unit: v.processingTime.unit },
    verificationTime:
      v.verificationTime === null
        ? null
        : { value: v.verificationTime.value, unit: v.verificationTime.unit },
    registrationWindowDays: v.registrationWindowDays,
    fees: v.fees.map((f) => ({
      code: f.code,
      nameVi: f.nameVi,
      nameEn: f.nameEn,
      amountVnd: f.amountVnd,
      basis: f.basis,
      exemptions: [...f.exemptions],
    })),
    components: v.components.map((c) => ({
      code: c.code,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      required: c.required,
      reusableFromData: [...c.reusableFromData],
      ...(c.copies === undefined ? {} : { copies: c.copies }),
    })),
    channels: {
      inPerson: v.channels.inPerson,
      online: v.channels.online,
      postal: v.channels.postal,
    },
    nonTerritorial: v.nonTerritorial,
    legalBasis: [...v.legalBasis],
    validFrom: v.validFrom,
    validTo: v.validTo,
    resultNameVi: v.resultNameVi,
    confirmed: v.confirmed,
    sourceNote: v.sourceNote,
  };
}

function sortVersions(versions: readonly ProcedureVersion[]): ProcedureVersion[] {
  return [...versions].sort((a, b) =>
    a.code === b.code ? a.version - b.version : a.code < b.code ? -1 : 1,
  );
}

// ---------------------------------------------------------------------------------------------
// CSV: reading cells

/** Whole numbers as people type them: 8000, 8.000, 8,000, 8 000. */
function parseWholeNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{1,3}([., \u00a0]\d{3})+$/.test(text)) return Number(text.replace(/[., \u00a0]/g, ''));
  return undefined;
}

const trueWords = new Set(['true', '1', 'yes', 'y', 'có', 'co', 'x']);
const falseWords = new Set(['false', '0', 'no', 'n', 'không', 'khong']);

function parseYesNo(cell: string): boolean | undefined {
  const word = cell.trim().normalize('NFC').toLowerCase();
  if (trueWords.has(word)) return true;
  if (falseWords.has(word)) return false;
  return undefined;
}

/** YYYY-MM-DD as is; DD/MM/YYYY (how a Vietnamese spreadsheet shows dates) turned into it. */
function normaliseDate(cell: string): string {
  const text = cell.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (vn === null) return text;
  const [, day = '', month = '', year = ''] = vn;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function cellLines(cell: string): string[] {
  return cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function codeList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return [];
  return trimmed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface RowReader {
  readonly problems: CatalogueProblem[];
  /** Fields whose cell could not be read; the schema's problems for them are dropped. */
  readonly unreadable: Set<string>;
}

function cellProblem(
  reader: RowReader,
  where: { row: number; line: number },
  field: string,
  reason: string,
  message: string,
  params?: Readonly<Record<string, string | number>>,
): null {
  reader.problems.push({ ...where, field, reason, message, ...(params ? { params } : {}) });
  reader.unreadable.add(field);
  // The cell's value stays unknown; the schema's own complaint about it is dropped.
  return null;
}

function readCsvRow(
  cells: Readonly<Record<CatalogueCsvColumn, string>>,
  where: { row: number; line: number },
): { version?: ProcedureVersion; problems: CatalogueProblem[] } {
  const reader: RowReader = { problems: [], unreadable: new Set() };
  const empty = (c: CatalogueCsvColumn) => cells[c].trim() === '';
  const text = (c: CatalogueCsvColumn) => (empty(c) ? undefined : cells[c]);
  const whole = (c: CatalogueCsvColumn, field: string = c) =>
    empty(c)
      ? undefined
      : (parseWholeNumber(cells[c]) ??
        cellProblem(reader, where, field, 'integer_format', 'catalogue.integer_format'));
  const yesNo = (c: CatalogueCsvColumn) =>
    empty(c)
      ? undefined
      : (parseYesNo(cells[c]) ??
        cellProblem(reader, where, c, 'boolean_format', 'catalogue.boolean_format'));
  const time = (value: CatalogueCsvColumn, unit: CatalogueCsvColumn) =>
    empty(value) && empty(unit) ? null : { value: whole(value), unit: text(unit)?.trim() };

  // Candidates are unchecked input for the schema, hence loosely typed until it has spoken.
  const fees = cellLines(cells.fees).map((line, i): Record<string, unknown> | null => {
    const field = `fees[${i + 1}]`;
    const parts = line.split('|').map((p) => p.trim());
    if (parts.length !== feeParts.length)
      return cellProblem(reader, where, field, 'list_item_arity', 'catalogue.list_item_arity', {
        item: i + 1,
        expected: feeParts.length,
        actual: parts.length,
      });
    const [code, nameVi, nameEn, amount, basis, exemptions] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      code,
      nameVi,
      nameEn,
      amountVnd:
        parseWholeNumber(amount) ??
        cellProblem(
          reader,
          where,
          `${field}.amount_vnd`,
          'integer_format',
          'catalogue.integer_format',
        ),
      basis,
      exemptions: codeList(exemptions),
    };
  });

  const components = cellLines(cells.components).map((line, i): Record<string, unknown> | null => {
    const field = `components[${i + 1}]`;
    const parts = line.split('|').map((p) => p.trim());
    if (parts.length !== componentParts.length && parts.length !== componentParts.length - 1)
      return cellProblem(reader, where, field, 'list_item_arity', 'catalogue.list_item_arity', {
        item: i + 1,
        expected: componentParts.length,
        actual: parts.length,
      });
    const [code, nameVi, nameEn, required, sources, copies] = parts as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const requiredWord = required.normalize('NFC').toLowerCase();
    const isRequired =
      requiredWord === 'required' || requiredWord === 'bắt buộc'
        ? true
        : requiredWord === 'optional' || requiredWord === 'không bắt buộc'
          ? false
          : (parseYesNo(required) ??
            cellProblem(
              reader,
              where,
              `${field}.required`,
              'required_format',
              'catalogue.required_format',
            ));
    const copiesNumber =
      copies === undefined || copies === '' || copies === '-'
        ? undefined
        : (parseWholeNumber(copies) ??
          cellProblem(
            reader,
            where,
            `${field}.copies`,
            'integer_format',
            'catalogue.integer_format',
          ));
    return {
      code,
      nameVi,
      nameEn,
      required: isRequired,
      reusableFromData: codeList(sources),
      ...(copiesNumber === undefined ? {} : { copies: copiesNumber }),
    };
  });

  const candidate = {
    code: text('code')?.trim(),
    version: whole('version'),
    nameVi: text('name_vi'),
    nameEn: text('name_en'),
    sector: {
      code: text('sector_code')?.trim(),
      nameVi: text('sector_name_vi'),
      nameEn: text('sector_name_en'),
    },
    level: text('level')?.trim(),
    processingTime: time('processing_time', 'processing_unit') ?? undefined,
    verificationTime: time('verification_time', 'verification_unit'),
    registrationWindowDays: empty('registration_window_days')
      ? null
      : whole('registration_window_days'),
    fees,
    components,
    channels: {
      inPerson: yesNo('channel_in_person'),
      online: text('channel_online')?.trim(),
      postal: yesNo('channel_postal'),
    },
    nonTerritorial: yesNo('non_territorial'),
    legalBasis: cellLines(cells.legal_basis),
    validFrom: empty('valid_from') ? undefined : normaliseDate(cells.valid_from),
    validTo: empty('valid_to') ? null : normaliseDate(cells.valid_to),
    resultNameVi: text('result_name_vi'),
    confirmed: yesNo('confirmed'),
    sourceNote: cells.source_note,
  };
  const checked = validate(candidate, 'csv', where, reader.unreadable);
  const problems = [...reader.problems, ...checked.problems];
  return problems.length > 0 || checked.version === undefined
    ? { problems }
    : { version: checked.version, problems: [] };
}

/** Spreadsheets in a Vietnamese locale save "CSV" with semicolons; the header tells which. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * The line to show for a file csv-parse gave up on. For a quote never closed, its line count
 * runs to the end of the file; the record that opened the quote starts after the last complete
 * record, so count the lines before that (csv-parse counts in UTF-8 bytes).
 */
function csvErrorLine(text: string, error: unknown): number | undefined {
  const info = error as { code?: unknown; lines?: unknown; bytes_records?: unknown };
  if (info.code === 'CSV_QUOTE_NOT_CLOSED' && typeof info.bytes_records === 'number') {
    const before = new TextDecoder().decode(
      new TextEncoder().encode(text).subarray(0, info.bytes_records),
    );
    return (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  }
  return typeof info.lines === 'number' ? info.lines : undefined;
}

/** csv-parse reports the line a record ends on; quoted cells may span several lines. */
function lineOf(record: CsvRecord | undefined): number {
  if (record === undefined) return 0;
  const newlines = record.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  return record.info.lines - newlines;
}

/** Parses a CSV catalogue (UTF-8, with or without BOM; comma or semicolon separated). */
export function parseCatalogueCsv(text: string): CatalogueParseResult {
  let records: CsvRecord[];
  try {
    records = parseCsvText(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = csvErrorLine(text, error);
    return {
      ok: false,
      problems: [
        {
          row: 0,
          ...(line === undefined ? {} : { line }),
          field: '',
          reason: 'csv_unreadable',
          message: 'catalogue.csv_unreadable',
          params: { line: line ?? 0 },
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (header === undefined)
    return {
      ok: false,
      problems: [{ row: 0, field: '', reason: 'empty', message: 'catalogue.empty' }],
    };

  const names = header.record.map((h) => h.trim());
  const fileProblems: CatalogueProblem[] = [];
  const known = new Set<string>(catalogueCsvColumns);
  names.forEach((name, i) => {
    if (!known.has(name))
      fileProblems.push({
        row: 0,
        line: 1,
        field: name,
        reason: 'csv_unknown_column',
        message: 'catalogue.csv_unknown_column',
        params: { column: name === '' ? `#${i + 1}` : name },
      });
    else if (names.indexOf(name) !== i)
      fileProblems.push({
        row: 0,
        line: 1,
        field: name,
        reason: 'csv_duplicate_column',
        message: 'catalogue.csv_duplicate_column',
        params: { column: name },
      });
  });
  for (const column of catalogueCsvColumns)
    if (!names.includes(column))
      fileProblems.push({
        row: 0,
        line: 1,
        field: column,
        reason: 'csv_missing_column',
        message: 'catalogue.csv_missing_column',
        params: { column },
      });
  if (fileProblems.length > 0) return { ok: false, problems: fileProblems };

  const rows = body.map((record, i) => {
    const where = { row: i + 1, line: lineOf(record) };
    const cellsOf = record.record;
    if (cellsOf.length !== names.length)
      return {
        problems: [
          {
            ...where,
            field: '',
            reason: 'csv_column_count',
            message: 'catalogue.csv_column_count',
            params: { expected: names.length, actual: cellsOf.length },
          },
        ],
      };
    const cells = Object.fromEntries(names.map((name, c) => [name, cellsOf[c] ?? ''])) as Record<
      CatalogueCsvColumn,
      string
    >;
    return readCsvRow(cells, where);
  });
  const result = collect(rows, []);
  return result.ok ? { ...result, lines: rows.map((_, i) => lineOf(body[i])) } : result;
}

// ---------------------------------------------------------------------------------------------
// CSV: writing

function yes(value: boolean): string {
  return value ? 'true' : 'false';
}

function csvRow(v: ProcedureVersion): Record<CatalogueCsvColumn, string> {
  return {
    code: v.code,
    version: String(v.version),
    name_vi: v.nameVi,
    name_en: v.nameEn,
    sector_code: v.sector.code,
    sector_name_vi: v.sector.nameVi,
    sector_name_en: v.sector.nameEn,
    level: v.level,
    processing_time: String(v.processingTime.value),
    processing_unit: v.processingTime.unit,
    verification_time: v.verificationTime === null ? '' : String(v.verificationTime.value),
    verification_unit: v.verificationTime === null ? '' : v.verificationTime.unit,
    registration_window_days:
      v.registrationWindowDays === null ? '' : String(v.registrationWindowDays),
    fees: v.fees
      .map((f) =>
        [f.code, f.nameVi, f.nameEn, String(f.amountVnd), f.basis, f.exemptions.join(', ')].join(
          ' | ',
        ),
      )
      .join('\n'),
    components: v.components
      .map((c) =>
        [
          c.code,
          c.nameVi,
          c.nameEn,
          c.required ? 'required' : 'optional',
          c.reusableFromData.length === 0 ? '-' : c.reusableFromData.join(', '),
          ...(c.copies === undefined ? [] : [String(c.copies)]),
        ].join(' | '),
      )
      .join('\n'),
    channel_in_person: yes(v.channels.inPerson),
    channel_online: v.channels.online,
    channel_postal: yes(v.channels.postal),
    non_territorial: yes(v.nonTerritorial),
    legal_basis: v.legalBasis.join('\n'),
    valid_from: v.validFrom,
    valid_to: v.validTo ?? '',
    result_name_vi: v.resultNameVi,
    confirmed: yes(v.confirmed),
    source_note: v.sourceNote,
  };
}

/**
 * The CSV file: UTF-8 with a byte-order mark (without it Excel shows Vietnamese as mojibake),
 * CRLF between rows, line feeds inside the list cells.
 */
export function exportCatalogueCsv(versions: readonly ProcedureVersion[]): string {
  const body = stringifyCsv(sortVersions(versions).map(csvRow), {
    header: true,
    columns: [...catalogueCsvColumns],
    record_delimiter: 'windows',
    quoted_match: /[\n"]/,
  });
  return `\uFEFF${body}`;
}

export function parseCatalogue(text: string, format: CatalogueFormat): CatalogueParseResult {
  return format === 'csv' ? parseCatalogueCsv(text) : parseCatalogueJson(text);
}

export function exportCatalogue(
  versions: readonly ProcedureVersion[],
  format: CatalogueFormat,
): string {
  return format === 'csv' ? exportCatalogueCsv(versions) : exportCatalogueJson(versions);
}

/** Lists documented for the CSV format (docs/catalogue-format.md). */
export const csvListParts = { fees: feeParts, components: componentParts } as const;
export const csvVocabulary = { feeBases, dataSources } as const;

// ---------------------------------------------------------------------------------------------
// Importing into a catalogue that already holds versions

/** A version already in the catalogue, with its canonical JSON to recognise an identical one. */
export interface StoredVersion {
  readonly code: string;
  readonly version: number;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly canonical: string;
}

export interface ImportPlan {
  /** Versions to publish, in file order. */
  readonly publish: ProcedureVersion[];
  /** Versions identical to stored ones: importing the same file twice changes nothing. */
  readonly skipped: number;
  readonly problems: CatalogueProblem[];
}

export function canonicalVersion(version: ProcedureVersion): string {
  return canonicalJson(version);
}

/**
 * Decides what an import does: a version identical to the stored one is skipped, a different
 * version under a stored (code, version) is refused (publish a new version instead), the same
 * (code, version) twice in one file is refused, and each code's versions — stored and new —
 * must not overlap. Rows are numbered from 1 in the order given.
 */
export function planImport(
  stored: readonly StoredVersion[],
  incoming: readonly ProcedureVersion[],
  style: FieldStyle = 'json',
): ImportPlan {
  const key = (code: string, version: number) => `${code}#${version}`;
  const storedByKey = new Map(stored.map((s) => [key(s.code, s.version), s]));
  const rowOf = new Map<string, number>();
  const problems: CatalogueProblem[] = [];
  const fresh: { row: number; version: ProcedureVersion }[] = [];
  let skipped = 0;

  incoming.forEach((version, i) => {
    const row = i + 1;
    const k = key(version.code, version.version);
    const params = { code: version.code, version: version.version };
    const earlier = rowOf.get(k);
    if (earlier !== undefined) {
      problems.push({
        row,
        field: fieldFor(style, ['version']),
        reason: 'duplicate_version',
        message: 'catalogue.duplicate_version',
        params: { ...params, otherRow: earlier },
      });
      return;
    }
    rowOf.set(k, row);
    const existing = storedByKey.get(k);
    if (existing === undefined) fresh.push({ row, version });
    else if (existing.canonical === canonicalVersion(version)) skipped += 1;
    else
      problems.push({
        row,
        field: fieldFor(style, ['version']),
        reason: 'version_changed',
        message: 'catalogue.version_changed',
        params,
      });
  });

  const freshByCode = new Map<string, { row: number; version: ProcedureVersion }[]>();
  for (const f of fresh) {
    const list = freshByCode.get(f.version.code) ?? [];
    list.push(f);
    freshByCode.set(f.version.code, list);
  }
  const storedByCode = new Map<string, StoredVersion[]>();
  for (const s of stored) {
    if (!freshByCode.has(s.code)) continue;
    const list = storedByCode.get(s.code) ?? [];
    list.push(s);
    storedByCode.set(s.code, list);
  }
  for (const [code, list] of freshByCode) {
    const rowOfVersion = new Map(list.map((f) => [f.version.version, f.row]));
    const all = [...(storedByCode.get(code) ?? []), ...list.map((f) => f.version)];
    for (const conflict of versionConflicts(all)) {
      // Report on the new row: the later version if it is new, else the new earlier one.
      const laterRow = rowOfVersion.get(conflict.version);
      const earlierRow = rowOfVersion.get(conflict.other);
      const onLater = laterRow !== undefined;
      const row = laterRow ?? earlierRow;
      if (row === undefined) continue;
      problems.push({
        row,
        field: fieldFor(style, [onLater || conflict.kind === 'order' ? 'validFrom' : 'validTo']),
        reason: conflict.kind === 'order' ? 'version_order' : 'version_overlap',
        message:
          conflict.kind === 'order' ? 'catalogue.version_order' : 'catalogue.version_overlap',
        params: {
          code,
          version: onLater ? conflict.version : conflict.other,
          other: onLater ? conflict.other : conflict.version,
        },
      });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  const blocked = new Set(problems.map((p) => p.row));
  return {
    publish: fresh.filter((f) => !blocked.has(f.row)).map((f) => f.version),
    skipped,
    problems,
  };
}
