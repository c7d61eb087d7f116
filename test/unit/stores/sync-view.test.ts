import { lastSuccess } from '../../../src/stores/sync-view'

describe('the badge’s last successful sync', () => {
  it('is the later of the engine’s success and the last pull when nothing failed', () => {
    expect(lastSuccess(1000, 2000, null)).toBe(2000)
    expect(lastSuccess(null, null, null)).toBeNull()
  })

  it('beside a failure, is never at or after the failure', () => {
    expect(lastSuccess(1000, 800, 5001)).toBe(1000)
    // A pull stamped as late as the failure was part of the failed round.
    expect(lastSuccess(1000, 5001, 5001)).toBe(1000)
    expect(lastSuccess(null, 5001, 5001)).toBeNull()
    // A pull kept from an earlier run still counts.
    expect(lastSuccess(null, 800, 5001)).toBe(800)
  })
})
