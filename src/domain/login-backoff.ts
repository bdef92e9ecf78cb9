// Back-off after repeated failed logins: the first few mistakes cost nothing, then each
// further failure doubles the wait, up to a ceiling. Counted per username and per client
// address (with a higher threshold, as a whole office shares one address).
export interface BackoffPolicy {
  /** Failures allowed before the first lock. */
  readonly freeFailures: number;
  readonly firstLockSeconds: number;
  readonly maxLockSeconds: number;
}

export const usernameBackoff: BackoffPolicy = {
  freeFailures: 5,
  firstLockSeconds: 30,
  maxLockSeconds: 15 * 60,
};
export const addressBackoff: BackoffPolicy = {
  freeFailures: 30,
  firstLockSeconds: 30,
  maxLockSeconds: 15 * 60,
};

/** Seconds to lock after the `failures`-th consecutive failure (0 = no lock). */
export function lockSecondsAfter(policy: BackoffPolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  // 2^20 already exceeds any sensible ceiling; avoid overflowing on absurd counts.
  return Math.min(policy.maxLockSeconds, policy.firstLockSeconds * 2 ** Math.min(doublings, 20));
}

/** Whole seconds until `lockedUntil`, or 0 when the lock has passed. */
export function secondsLeft(lockedUntil: string | null, now: Date): number {
  if (lockedUntil === null) return 0;
  return Math.max(0, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000));
}
