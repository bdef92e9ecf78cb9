// `npm run bench:pages`: the weight of every portal page and of the officers' main pages,
// stylesheet included, against the 60 KB budget (see ops/page-weights.ts). Prints one JSON
// object per line: {"name","value","unit"}.
import { measurePageWeights, PAGE_BUDGET_BYTES } from '../page-weights.js';
import { note, print } from './http-load.js';

const weights = await measurePageWeights();
for (const page of weights) {
  print(`page.${page.name}.kb`, page.bytes / 1024, 'KB');
  if (page.bytes > PAGE_BUDGET_BYTES) note(`${page.url} weighs over the 60 KB budget`);
}
print('page.heaviest.kb', Math.max(...weights.map((p) => p.bytes)) / 1024, 'KB');
