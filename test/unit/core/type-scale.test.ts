import { MAX_SCALE, parseLevel, typeScale } from '../../../src/core/type-scale'

describe('typeScale', () => {
  it('is the level itself with no system setting', () => {
    expect(typeScale('standard', null)).toBe(1)
    expect(typeScale('large', undefined)).toBe(1.25)
    expect(typeScale('xlarge', 1)).toBe(1.5)
  })

  it("multiplies WeChat's or the browser's font factor in", () => {
    // WeChat at +2 on a 375 screen: 19.5 / 17.
    expect(typeScale('standard', 19.5 / 17)).toBe(1.15)
    expect(typeScale('large', 20 / 17)).toBe(1.47)
    // A browser whose default font is 20 px.
    expect(typeScale('standard', 20 / 16)).toBe(1.25)
  })

  it('never goes below standard nor past 30 px for 18 px body text', () => {
    expect(typeScale('standard', 16 / 17)).toBe(1)
    expect(typeScale('xlarge', 23.8 / 17)).toBe(Math.round(MAX_SCALE * 100) / 100)
    expect(18 * typeScale('xlarge', 2)).toBeLessThanOrEqual(30.1)
  })

  it('treats a nonsense factor as none', () => {
    for (const f of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(typeScale('large', f)).toBe(1.25)
  })
})

describe('parseLevel', () => {
  it('reads a stored level and falls back to standard', () => {
    expect(parseLevel('xlarge')).toBe('xlarge')
    expect(parseLevel(null)).toBe('standard')
    expect(parseLevel('huge')).toBe('standard')
  })
})
