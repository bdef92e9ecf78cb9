// Every projector of the system, keyed by event type. A new event type adds its projector here.
import type { Projectors } from '../projections.js';
import { accountProjectors } from './accounts.js';
import { assetProjectors } from './assets.js';
import { calendarProjectors } from './calendar.js';
import { civilStatusProjectors } from './civil-status.js';
import { directiveProjectors } from './directives.js';
import { dossierProjectors } from './dossiers.js';
import { duplicateProjectors } from './duplicates.js';
import { nodeProjectors } from './nodes.js';
import { procedureProjectors } from './procedures.js';
import { sealKeyProjectors } from './seal-keys.js';

export const projectors: Projectors = {
  ...accountProjectors,
  ...assetProjectors,
  ...calendarProjectors,
  ...civilStatusProjectors,
  ...directiveProjectors,
  ...dossierProjectors,
  ...duplicateProjectors,
  ...nodeProjectors,
  ...procedureProjectors,
  ...sealKeyProjectors,
};
