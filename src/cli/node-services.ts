// The composition root: wires storage, reference data, the clock and the hasher into the
// Services the use cases and the web app receive.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createArgon2Hasher, type PasswordHasher } from '../application/passwords.js';
import { nodeIdentity, unitDirectory, type Services } from '../application/services.js';
import { newSecretToken } from '../application/tokens.js';
import type { AdminUnitIndex } from '../domain/admin-units.js';
import { openStorage } from '../storage/open-storage.js';
import { projectors } from '../storage/projectors/index.js';
import { loadAdminUnits } from '../storage/reference-data.js';
import { loadCalendarData } from '../storage/calendar-data.js';
import { loadUnitProfiles } from '../storage/unit-profiles.js';
import { loadStaffingData } from '../storage/staffing-data.js';
import { createDeskReferences } from '../application/desk-adapter.js';
import { certifyEnrolledNodes } from '../application/seal.js';
import { runUseCase } from '../application/use-case.js';
import { loadOrCreateNodeKey, loadOrCreateProvinceSealKey } from '../sync/keys.js';

export interface NodeServicesOptions {
  readonly role: 'commune' | 'province';
  readonly unit: string;
  readonly data: string;
  readonly databaseUrl?: string | undefined;
  readonly sessionHours?: number;
  readonly clock?: () => Date;
  readonly passwords?: PasswordHasher;
  readonly units?: AdminUnitIndex;
  /** Address citizens reach the node at (receipt QR codes); default http://127.0.0.1:8080. */
  readonly publicUrl?: string | undefined;
  /** Where certificates' QR codes send phones to verify them; default the public URL. */
  readonly verifyBaseUrl?: string | undefined;
  /** Channel of the applicant's notifications to a phone (default SMS). */
  readonly notifyPhoneChannel?: 'sms' | 'zalo' | undefined;
}

export async function openNodeServices(
  options: NodeServicesOptions,
): Promise<{ services: Services; units: AdminUnitIndex }> {
  const units = options.units ?? loadAdminUnits();
  const clock = options.clock ?? (() => new Date());
  await mkdir(options.data, { recursive: true });
  const storage = await openStorage({
    databaseUrl: options.databaseUrl,
    dataDir: options.data,
    unitCode: options.unit,
    projectors,
    clock,
  });
  const directory = unitDirectory(units);
  const profile = loadUnitProfiles().get(options.unit);
  // Civil-status certificates are sealed: on the hub with the province key that certifies the
  // communes' keys; on a commune with the node's own key (also its sync key), once certified.
  const seals =
    options.role === 'province'
      ? { provinceKey: await loadOrCreateProvinceSealKey(options.data) }
      : { unitKey: await loadOrCreateNodeKey(options.data) };
  const services: Services = {
    storage,
    units: directory,
    clock,
    passwords: options.passwords ?? createArgon2Hasher(),
    node: nodeIdentity(directory, options.role, options.unit, {
      ...(profile === undefined ? {} : { agencyId: profile.agencyId, profile }),
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    }),
    sessionHours: options.sessionHours ?? 12,
    desk: createDeskReferences(loadCalendarData()),
    cccdPrefixes: units.cccdPrefixes(),
    staffing: loadStaffingData(),
    seals,
    ...(options.verifyBaseUrl === undefined ? {} : { verifyBaseUrl: options.verifyBaseUrl }),
    ...(options.notifyPhoneChannel === undefined
      ? {}
      : { notifyPhoneChannel: options.notifyPhoneChannel }),
  };
  if (seals.provinceKey !== undefined) {
    const provinceKey = seals.provinceKey;
    await runUseCase(services, null, { ip: null }, (uc) => certifyEnrolledNodes(uc, provinceKey));
  }
  return { units, services };
}

/**
 * The secret that signs cookies: from configuration, or else kept in the data folder (created
 * once, readable by the node's user only) so that logins survive a restart.
 */
export async function cookieSecret(
  dataDir: string,
  configured: string | undefined,
): Promise<string> {
  if (configured !== undefined) return configured;
  const file = join(dataDir, 'cookie-secret');
  try {
    await writeFile(file, newSecretToken(), { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (error) {
    // Already there (kept from an earlier start, or written by a process starting alongside).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
