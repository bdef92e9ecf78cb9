import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../application/errors.js';
import { errorsMarkdown, permissionsMarkdown } from './reference-docs.js';

describe('generated reference docs', () => {
  it('docs/errors.md documents every error code as the catalogue has it (run `npm run docs`)', async () => {
    const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(text).toBe(errorsMarkdown());
    for (const code of Object.keys(errorCatalogue)) expect(text).toContain(`\`${code}\``);
  });

  it('docs/permissions.md lists the rules as the code has them (run `npm run docs`)', async () => {
    expect(await readFile(new URL('../../docs/permissions.md', import.meta.url), 'utf8')).toBe(
      permissionsMarkdown(),
    );
  });
});
