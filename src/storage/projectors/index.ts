// Every projector of the system, keyed by event type. A new event type adds its projector here.
import type { Projectors } from '../projections.js';
import { accountProjectors } from './accounts.js';

export const projectors: Projectors = {
  ...accountProjectors,
};
