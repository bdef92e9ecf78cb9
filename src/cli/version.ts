import { readFileSync } from 'node:fs';

/** The version in package.json, shown by --version, /healthz and the page footer. */
export const version: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
