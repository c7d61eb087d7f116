import { coveragePct, householdStatus, isCoveringOutcome, summariseVisits } from '../../../src/core/coverage'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 23, 4, 0)

describe('coverage maths', () => {
  it('counts every outcome but 不在家 as covering', () => {
    expect(isCoveringOutcome('met')).toBe(true)
    expect(isCoveringOutcome('refused')).toBe(true)
    expect(isCoveringOutcome('moved_out')).toBe(true)
    expect(isCoveringOutcome('vacant')).toBe(true)
    expect(isCoveringOutcome('not_home')).toBe(false)
  })

  it('gives a percentage with one decimal and 0 for an empty area', () => {
    expect(coveragePct(1, 3)).toBe(33.3)
    expect(coveragePct(2, 3)).toBe(66.7)
    expect(coveragePct(0, 0)).toBe(0)
    expect(coveragePct(120, 120)).toBe(100)
  })

  it('summarises visits in receipt order', () => {
    const s = summariseVisits([
      { outcome: 'not_home', at: now - 3 * DAY },
      { outcome: 'met', at: now - 2 * DAY },
      { outcome: 'not_home', at: now - DAY },
    ])
    expect(s).toEqual({ visitCount: 3, covered: true, lastVisitAt: now - DAY, lastOutcome: 'not_home' })
    expect(summariseVisits([])).toEqual({ visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null })
  })

  it('labels and orders households: never visited, then not home, then visited longest ago', () => {
    const never = householdStatus(summariseVisits([]), now)
    const notHome = householdStatus(summariseVisits([{ outcome: 'not_home', at: now - 2 * DAY }]), now)
    const today = householdStatus(summariseVisits([{ outcome: 'met', at: now - 60_000 }]), now)
    const weekAgo = householdStatus(summariseVisits([{ outcome: 'met', at: now - 7 * DAY }]), now)
    expect(never.label).toBe('未走访')
    expect(notHome.label).toBe('上次不在家（2天前）')
    expect(today.label).toBe('今天走访')
    expect(weekAgo.label).toBe('7天前走访')
    const order = [today, weekAgo, notHome, never].sort((a, b) => a.priority - b.priority)
    expect(order).toEqual([never, notHome, weekAgo, today])
  })
})
