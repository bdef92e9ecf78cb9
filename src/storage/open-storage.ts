// Chooses the database: PostgreSQL when a URL is configured (the hub in production), otherwise
// the SQLite file in the data folder (every commune node, and the hub in demos).
import { join } from 'node:path';
import { openPostgresStorage } from './postgres.js';
import type { Projectors } from './projections.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';

export interface OpenStorageOptions {
  readonly databaseUrl?: string | undefined;
  /** Folder for the SQLite file `motcua.sqlite`; created if missing. */
  readonly dataDir: string;
  readonly unitCode: string;
  readonly projectors: Projectors;
  readonly clock?: (() => Date) | undefined;
}

export const SQLITE_FILE_NAME = 'motcua.sqlite';

export function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const { databaseUrl, dataDir, unitCode, projectors, clock } = options;
  if (databaseUrl !== undefined && databaseUrl !== '') {
    return openPostgresStorage({ url: databaseUrl, unitCode, projectors, clock });
  }
  return openSqliteStorage({ file: join(dataDir, SQLITE_FILE_NAME), unitCode, projectors, clock });
}
