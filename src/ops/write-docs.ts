// `npm run docs`: regenerates the reference pages in docs/.
import { writeFile } from 'node:fs/promises';
import { errorsMarkdown, permissionsMarkdown } from './reference-docs.js';

await writeFile(new URL('../../docs/errors.md', import.meta.url), errorsMarkdown());
await writeFile(new URL('../../docs/permissions.md', import.meta.url), permissionsMarkdown());
process.stdout.write('docs/errors.md and docs/permissions.md written.\n');
