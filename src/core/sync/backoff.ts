// Retry timing after a failed sync: exponential, capped, with jitter so a village's phones don't retry in step.

export const BACKOFF_BASE_MS = 5_000
export const BACKOFF_MAX_MS = 5 * 60_000

/** Delay before retry number `attempt` (1 = first retry). `random` is in [0, 1). */
export function retryDelayMs(attempt: number, random: number): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1))
  return Math.round(exp * (0.5 + random / 2))
}
