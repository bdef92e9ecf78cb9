// The adapter shipped while no recipient system is reachable from here: it writes each message
// it would send as one JSON line to `interlink-outbox.jsonl` in the node's data folder, and
// answers `accepted`. The file holds personal data: it is created readable by the node's user
// only, and each line is flushed to disk before the answer, so that a message recorded as
// accepted is on disk. A real adapter replaces it (docs/interlink.md).
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { InterlinkAdapter } from '../application/interlink.js';
import type { InterlinkAnswer, InterlinkMessage } from '../domain/interlink.js';

export const interlinkRecordingFileName = 'interlink-outbox.jsonl';

export class RecordingInterlinkAdapter implements InterlinkAdapter {
  readonly name = 'recording';
  readonly file: string;

  /** `dataDir`: the node's data folder, which already exists. */
  constructor(dataDir: string) {
    this.file = join(dataDir, interlinkRecordingFileName);
  }

  async send(message: InterlinkMessage): Promise<InterlinkAnswer> {
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(message)}\n`, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    return { outcome: 'accepted', reference: `recorded:${message.messageId}` };
  }
}
