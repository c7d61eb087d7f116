// What the sync badge says about time: no Taro import, so it is unit-testable.

/**
 * The last sync that went through: the engine's success, or the last pull (kept across restarts). Beside a failure,
 * a pull that ended as late as the failure was part of the failed round, so only the engine's success counts then.
 */
export function lastSuccess(successAt: number | null, pullAt: number | null, failedAt: number | null): number | null {
  const best = Math.max(successAt ?? 0, pullAt ?? 0) || null
  if (failedAt === null || best === null || best < failedAt) return best
  return successAt !== null && successAt < failedAt ? successAt : null
}
