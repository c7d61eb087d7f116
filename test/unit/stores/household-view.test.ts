import { householdRows } from '../../../src/stores/household-view'
import type { Household, HouseholdStats } from '../../../src/core/schemas/sync'
import type { OutboxItem } from '../../../src/core/sync/outbox'
import { visitRecord } from '../../helpers/records'

const now = Date.now()
const none: HouseholdStats = { visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null, pledgeCount: 0 }
const hh = (id: string, doorplate: string, headName: string, stats = none): Household => ({ id, gridId: 'g', doorplate, headName, deleted: false, stats })

const households = [
  hh('a', '幸福村1组2号', '张建国'),
  hh('b', '幸福村1组10号', '李桂兰', { visitCount: 1, covered: true, lastVisitAt: new Date(now - 3 * 86_400_000).toISOString(), lastOutcome: 'met', pledgeCount: 0 }),
  hh('c', '幸福村1组3号', '王小明'),
]

function item(householdId: string, state: OutboxItem['state'], outcome: 'met' | 'not_home' = 'met'): OutboxItem {
  return { record: visitRecord(householdId, outcome) as OutboxItem['record'], state, queuedAt: now }
}

describe('worker household list', () => {
  it('puts never-visited first, ordered by doorplate number', () => {
    const rows = householdRows(households, [], now)
    expect(rows.map((r) => r.household.id)).toEqual(['a', 'c', 'b'])
    expect(rows[2].status.label).toBe('3天前走访')
  })

  it('shows a visit saved offline at once, and ignores a rejected one', () => {
    const rows = householdRows(households, [item('a', 'pending'), item('c', 'rejected')], now)
    const a = rows.find((r) => r.household.id === 'a')!
    const c = rows.find((r) => r.household.id === 'c')!
    expect(a.status.label).toBe('今天走访')
    expect(c.status.label).toBe('未走访')
    expect(rows[0].household.id).toBe('c')
  })

  it('adds local visits after the server’s', () => {
    const rows = householdRows(households, [item('b', 'synced', 'not_home')], now)
    const b = rows.find((r) => r.household.id === 'b')!
    expect(b.summary).toMatchObject({ visitCount: 2, covered: true, lastOutcome: 'not_home' })
  })
})
