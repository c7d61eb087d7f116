import { FieldRecordSchema } from '../../../../src/core/schemas/record'
import type { Household, Resident } from '../../../../src/core/schemas/sync'
import type { OutboxItem, OutboxState } from '../../../../src/core/sync/outbox'
import { withLocalHouseholds, withLocalResidents } from '../../../../src/core/sync/roster-overlay'
import { newId } from '../../../helpers/records'

const stats = { visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null, pledgeCount: 0 }
const h1: Household = { id: 'h1', gridId: 'g1', doorplate: '1号', headName: '张三', deleted: false, stats }
const r1: Resident = { id: 'r1', householdId: 'h1', name: '张三', birthYear: 1970, gender: 'M', phone: null, tags: [], deleted: false, installedOn: null, realNameOn: null, warningOnOn: null }
const r2: Resident = { ...r1, id: 'r2', name: '李四' }

function item(householdId: string, body: unknown, state: OutboxState = 'pending'): OutboxItem {
  const record = FieldRecordSchema.parse({ id: newId(), kind: 'roster', householdId, deviceId: 'd', createdAt: new Date().toISOString(), body })
  return { record, state, queuedAt: 1 }
}

it('shows a household added on this phone and hides one it marked 空户, until a pull brings them', () => {
  const items = [
    item('h9', { action: 'add_household', gridId: 'g1', doorplate: '新9号', headName: '赵新' }),
    item('h1', { action: 'household_status', status: 'vacant' }, 'synced'),
    item('h8', { action: 'add_household', gridId: 'g1', doorplate: '被拒', headName: '某' }, 'rejected'),
  ]
  const list = withLocalHouseholds([h1], items)
  expect(list.map((h) => [h.id, h.doorplate])).toEqual([['h9', '新9号']])
  expect(withLocalHouseholds([h1], [])).toEqual([h1])
})

it('applies member additions, edits and statuses in the order they were made', () => {
  const items = [
    item('h1', { action: 'add_resident', residentId: 'r3', name: '王五', birthYear: 1990, phone: '13800138000', tags: ['学生'] }),
    item('h1', { action: 'edit_resident', residentId: 'r1', phone: '13912345678', tags: ['重点人群'] }),
    item('h1', { action: 'resident_status', residentId: 'r2', status: 'moved_out' }),
    item('h1', { action: 'resident_status', residentId: 'r3', status: 'away' }),
    item('h2', { action: 'resident_status', residentId: 'r1', status: 'dead' }),
  ]
  const list = withLocalResidents('h1', [r1, r2], items)
  expect(list.map((r) => [r.id, r.phone, r.tags, r.rosterStatus ?? null])).toEqual([
    ['r1', '13912345678', ['重点人群'], null],
    ['r3', '13800138000', ['学生'], 'away'],
  ])
  const back = withLocalResidents('h1', list, [item('h1', { action: 'resident_status', residentId: 'r3', status: 'returned' })])
  expect(back.find((r) => r.id === 'r3')!.rosterStatus).toBeNull()
})

it('brings back a member who had moved out once 返乡 is recorded on this phone', () => {
  const gone: Resident = { ...r2, deleted: true, rosterStatus: 'moved_out' }
  expect(withLocalResidents('h1', [r1], [item('h1', { action: 'resident_status', residentId: 'r2', status: 'returned' })], [gone])).toEqual([
    r1,
    { ...r2, rosterStatus: null },
  ])
})
