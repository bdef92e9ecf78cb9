// A hub or commune node for the catalogue's use-case tests: storage on the database under test
// and just the services those use cases reach, without building the web app.
import { createArgon2Hasher } from '../src/application/passwords.js';
import { nodeIdentity, unitDirectory, type Services } from '../src/application/services.js';
import type { Actor } from '../src/domain/permissions.js';
import type { Role } from '../src/domain/roles.js';
import { projectors } from '../src/storage/projectors/index.js';
import { loadAdminUnits } from '../src/storage/reference-data.js';
import type { Storage } from '../src/storage/storage.js';
import type { TestDatabase } from './dialects.js';

export const units = unitDirectory(loadAdminUnits());
export const clock = (): Date => new Date('2026-11-26T02:00:00.000Z');

export function openCatalogueStorage(database: TestDatabase, unitCode: string): Promise<Storage> {
  return database.open({ unitCode, projectors, clock });
}

/** Services of a node, reduced to what the catalogue use cases reach. */
export function catalogueServices(
  storage: Storage,
  role: 'commune' | 'province',
  unit: string,
): Services {
  const reached = {
    storage,
    units,
    clock,
    passwords: createArgon2Hasher({ memoryCost: 1024, timeCost: 2 }),
    node: nodeIdentity(units, role, unit),
    sessionHours: 12,
  };
  // The desk references and other services belong to other use cases; none is called here.
  return reached as Services;
}

export function actorOf(role: Role, unitCode = '48'): Actor {
  return {
    id: `acc-${role}`,
    role,
    unitCode,
    provinceCode: units.unit(unitCode)?.provinceCode ?? '',
  };
}
