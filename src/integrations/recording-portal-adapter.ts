// The adapter shipped while the national portal's sync interface is out of reach: it writes
// each update it would send as one JSON line to `portal-sync-outbox.jsonl` in the hub's data
// folder and answers `sent`. A real adapter maps the update to the portal's format and posts it
// (docs/notifications.md).
import { join } from 'node:path';
import type { PortalSyncAdapter, PortalSyncAnswer } from '../application/portal-sync.js';
import type { PortalStatusMessage } from '../domain/portal-sync.js';
import { appendJsonLine } from './json-lines-file.js';

export const portalRecordingFileName = 'portal-sync-outbox.jsonl';

export class RecordingPortalSyncAdapter implements PortalSyncAdapter {
  readonly name = 'recording';
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, portalRecordingFileName);
  }

  async send(message: PortalStatusMessage): Promise<PortalSyncAnswer> {
    await appendJsonLine(this.file, message);
    return { outcome: 'sent', reference: `recorded:${message.messageId}` };
  }
}
