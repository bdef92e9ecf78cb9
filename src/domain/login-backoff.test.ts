import { describe, expect, it } from 'vitest';
import { addressBackoff, lockSecondsAfter, secondsLeft, usernameBackoff } from './login-backoff.js';

describe('login back-off', () => {
  it('lets the first four failures of a username pass, then doubles the lock up to 15 minutes', () => {
    const locks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50].map((n) =>
      lockSecondsAfter(usernameBackoff, n),
    );
    expect(locks).toEqual([0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('is more lenient per address, which a whole office shares', () => {
    expect(lockSecondsAfter(addressBackoff, 29)).toBe(0);
    expect(lockSecondsAfter(addressBackoff, 30)).toBe(30);
  });

  it('counts the seconds left of a lock, rounding up', () => {
    const now = new Date('2026-11-26T08:00:00.000Z');
    expect(secondsLeft(null, now)).toBe(0);
    expect(secondsLeft('2026-11-26T08:00:30.000Z', now)).toBe(30);
    expect(secondsLeft('2026-11-26T08:00:00.200Z', now)).toBe(1);
    expect(secondsLeft('2026-11-26T07:59:00.000Z', now)).toBe(0);
  });
});
