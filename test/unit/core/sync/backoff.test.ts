import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, retryDelayMs } from '../../../../src/core/sync/backoff'

describe('retry backoff', () => {
  it('doubles from the base and stays within the jitter band', () => {
    expect(retryDelayMs(1, 0.999)).toBeLessThanOrEqual(BACKOFF_BASE_MS)
    expect(retryDelayMs(1, 0)).toBe(BACKOFF_BASE_MS / 2)
    expect(retryDelayMs(3, 0.999)).toBeLessThanOrEqual(4 * BACKOFF_BASE_MS)
    expect(retryDelayMs(3, 0)).toBe(2 * BACKOFF_BASE_MS)
  })
  it('never waits more than the cap', () => {
    expect(retryDelayMs(50, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS)
    expect(retryDelayMs(50, 0)).toBe(BACKOFF_MAX_MS / 2)
  })
})
