import { inTargetAge, targetBirthYears } from '../../../src/core/age-band'

describe('the 16–60 target group', () => {
  it('counts ages from the birth year against the year, both ends included', () => {
    expect([1965, 1966, 2010, 2011].map((b) => inTargetAge(b, 2026))).toEqual([false, true, true, false])
    expect(inTargetAge(null, 2026)).toBe(false)
  })

  it('gives the same group as birth-year bounds for SQL', () => {
    const { from, to } = targetBirthYears(2026)
    expect([from, to]).toEqual([1966, 2010])
    for (let b = 1950; b <= 2026; b++) expect(inTargetAge(b, 2026)).toBe(b >= from && b <= to)
  })
})
