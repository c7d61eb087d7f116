import { buildingOf, buildingsOf, filterRows, householdRows } from '../../../src/stores/household-view'
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
  it('orders by doorplate number, visited or not', () => {
    const rows = householdRows(households, [], now)
    expect(rows.map((r) => r.household.id)).toEqual(['a', 'c', 'b'])
    expect(rows[2].status.label).toBe('3天前走访')
  })

  it('keeps a household in its row once it is visited (it used to drop to the end, past row 100)', () => {
    const many = Array.from({ length: 150 }, (_, i) => hh(`h${i}`, `幸福村2组${i + 1}号`, '张'))
    const before = householdRows(many, [], now).map((r) => r.household.id)
    const after = householdRows(many, [item('h3', 'pending'), item('h40', 'synced')], now)
    expect(after.map((r) => r.household.id)).toEqual(before)
    expect(after[3].status.label).toBe('今天走访')
  })

  it('filters 未走访 / 已走访 and by building or group', () => {
    const mixed = [...households, hh('d', '幸福村2组1号', '赵'), hh('e', '红星社区5栋2单元301室', '钱'), hh('f', '红星社区12栋1单元101室', '孙')]
    const rows = householdRows(mixed, [item('c', 'pending'), item('a', 'pending', 'not_home')], now)
    expect(filterRows(rows, 'todo', null).map((r) => r.household.id)).toEqual(['e', 'f', 'a', 'd'])
    expect(filterRows(rows, 'done', null).map((r) => r.household.id)).toEqual(['c', 'b'])
    expect(filterRows(rows, 'todo', '1组').map((r) => r.household.id)).toEqual(['a'])
    expect(filterRows(rows, 'all', '5栋').map((r) => r.household.id)).toEqual(['e'])
    expect(buildingsOf(rows)).toEqual(['1组', '2组', '5栋', '12栋'])
    expect(buildingOf('东街8号')).toBeNull()
    expect(buildingOf('阳光小区3号楼402')).toBe('3号楼')
  })

  it('shows a visit saved offline at once, and ignores a rejected one', () => {
    const rows = householdRows(households, [item('a', 'pending'), item('c', 'rejected')], now)
    const a = rows.find((r) => r.household.id === 'a')!
    const c = rows.find((r) => r.household.id === 'c')!
    expect(a.status.label).toBe('今天走访')
    expect(c.status.label).toBe('未走访')
    expect(rows.map((r) => r.household.id)).toEqual(['a', 'c', 'b'])
  })

  it('adds local visits after the server’s', () => {
    const rows = householdRows(households, [item('b', 'synced', 'not_home')], now)
    const b = rows.find((r) => r.household.id === 'b')!
    expect(b.summary).toMatchObject({ visitCount: 2, covered: true, lastOutcome: 'not_home' })
  })
})
