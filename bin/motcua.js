#!/usr/bin/env node
// Entry point of the `motcua` command. The sources are TypeScript, run through tsx's loader
// so that a clean `npm ci` is all it takes; `npm run build` emits plain JavaScript in dist/.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
