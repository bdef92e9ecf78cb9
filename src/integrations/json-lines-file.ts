// The recording adapters' file: one JSON value a line, appended and flushed to disk before the
// caller answers, in a file only the node's user may read (it holds personal data).
import { open } from 'node:fs/promises';

/** Appends one JSON line, flushed to disk, to a file only the node's user may read. */
export async function appendJsonLine(file: string, value: unknown): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${JSON.stringify(value)}\n`, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
