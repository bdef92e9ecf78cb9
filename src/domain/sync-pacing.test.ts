// How a node paces its sync: batches grow while the link carries them and shrink at once when it
// does not; retries wait longer each time, with full jitter, never past the ceiling; a clock
// far off or one that jumps is flagged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultBackoff,
  defaultBatchSizing,
  grow,
  retryDelayMs,
  shrink,
  skewFlags,
} from './sync-pacing.js';

describe('batch size', () => {
  it('starts at 1,000 events, doubles to 2,000 while batches go through, never beyond', () => {
    const sizes = [defaultBatchSizing.start];
    for (let i = 0; i < 4; i++) sizes.push(grow(sizes.at(-1) ?? 0));
    expect(sizes).toEqual([1_000, 2_000, 2_000, 2_000, 2_000]);
  });

  it('falls to a quarter on a timeout, down to 10, and climbs back', () => {
    const sizes = [2_000];
    for (let i = 0; i < 5; i++) sizes.push(shrink(sizes.at(-1) ?? 0));
    expect(sizes).toEqual([2_000, 500, 125, 31, 10, 10]);
    expect(grow(10)).toBe(20);
    expect(grow(31)).toBe(62);
  });

  it('stays within its bounds whatever happens', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 50 }), (outcomes) => {
        let size = defaultBatchSizing.start;
        for (const ok of outcomes) {
          size = ok ? grow(size) : shrink(size);
          expect(size).toBeGreaterThanOrEqual(defaultBatchSizing.min);
          expect(size).toBeLessThanOrEqual(defaultBatchSizing.max);
        }
      }),
    );
  });
});

describe('retries', () => {
  it('waits up to 0.5 s, 1 s, 2 s … then never more than a minute, drawn uniformly below', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 0.999_999))).toEqual([
      499, 999, 1_999, 3_999,
    ]);
    expect(retryDelayMs(20, () => 0.999_999)).toBe(59_999);
    expect(retryDelayMs(1_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, () => 0)).toBe(0);
  });

  it('keeps every wait between 0 and the ceiling, for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const wait = retryDelayMs(attempt, () => draw);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(defaultBackoff.maxMs);
        },
      ),
    );
  });
});

describe('clock skew', () => {
  const at = '2026-11-26T02:00:00.000Z';
  it('flags a clock more than five minutes off, either way', () => {
    expect(skewFlags({ at, skewMs: 4 * 60_000 }, null)).toEqual([]);
    expect(skewFlags({ at, skewMs: 6 * 60_000 }, null)).toEqual(['far_off']);
    expect(skewFlags({ at, skewMs: -6 * 60_000 }, null)).toEqual(['far_off']);
  });

  it('flags a clock that moved more than five minutes between two syncs', () => {
    const before = { at, skewMs: 1_000 };
    expect(skewFlags({ at, skewMs: 2_000 }, before)).toEqual([]);
    expect(skewFlags({ at, skewMs: 4 * 60_000 + 59_000 }, before)).toEqual([]);
    expect(skewFlags({ at, skewMs: -5 * 60_000 }, before)).toEqual(['jumped']);
    expect(skewFlags({ at, skewMs: 7 * 60_000 }, before)).toEqual(['far_off', 'jumped']);
  });
});
