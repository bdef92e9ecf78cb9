// Reads data/staffing/officer-fields.json: the commune officers' fields, the procedure sectors
// each may handle and the staffing page's thresholds (sources in SOURCE.md beside it). The
// checks are pure (domain/staffing.ts); this module does the IO once at start-up and turns
// problems into a ReferenceDataError that names the file and the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStaffingDataJson, type StaffingData } from '../domain/staffing.js';
import { ReferenceDataError } from './reference-data.js';

/** data/staffing/officer-fields.json of this repository (same depth from src/ and dist/). */
export const DEFAULT_STAFFING_FILE = fileURLToPath(
  new URL('../../data/staffing/officer-fields.json', import.meta.url),
);

let defaultData: StaffingData | undefined;

export function loadStaffingData(file: string = DEFAULT_STAFFING_FILE): StaffingData {
  const isDefault = resolve(file) === resolve(DEFAULT_STAFFING_FILE);
  if (isDefault && defaultData !== undefined) return defaultData;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReferenceDataError([
      {
        file,
        message: `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  const result = parseStaffingDataJson(text);
  if (!result.ok)
    throw new ReferenceDataError(
      result.issues.map((i) =>
        i.path === '' ? { file, message: i.message } : { file, field: i.path, message: i.message },
      ),
    );
  if (isDefault) defaultData = result.value;
  return result.value;
}
