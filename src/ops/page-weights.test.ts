// Every portal page and the officers' main pages stay under 60 KB, stylesheet included, as a
// browser on a weak link fetches them (the figures: `npm run bench:pages`).
import { expect, it } from 'vitest';
import { measurePageWeights, PAGE_BUDGET_BYTES } from './page-weights.js';

it('keeps every page under 60 KB', async () => {
  const weights = await measurePageWeights();
  expect(weights.length).toBeGreaterThanOrEqual(20);
  for (const page of weights) {
    expect(page.status, `${page.name} ${page.url}`).toBeLessThan(
      page.name.endsWith('errors') ? 500 : 300,
    );
    expect(page.bytes, `${page.name} ${page.url}`).toBeLessThan(PAGE_BUDGET_BYTES);
  }
}, 60_000);
