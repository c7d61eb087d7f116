// 不在名册 confirmed by an official: a register import of one grid drops a household with records, a member of
// another household with records and a household without any; the first two are listed for the village (masked
// phones, paged), the third was removed by the import. 移出名册 takes the household off the register from that
// moment (counts, the worker's pull, the dated bases: past periods keep it), 保留 clears the member's mark; both
// audited; another town is refused, a second decision is refused.
import { API_PREFIX } from '@core/api'
import type { OffRegisterItem } from '@core/schemas/off-register'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { applyJob, check, xlsxOf } from '../helpers/imports'
import { visitRecord } from '../helpers/records'
import { figuresAt } from '../../server/src/services/rankings'

jest.setTimeout(120_000)

const HEADER = ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '性别', '出生日期', '手机号', '与户主关系', '标签']
const GRID = 't1-v01-g2'
const VILLAGE = 't1-v01'
const DAY = 86_400_000

let server: TestServer
let clock = Date.UTC(2026, 10, 10, 2)
let head: string
let town: string
let otherTown: string

beforeAll(async () => {
  server = await startTestServer({ seed: { ...SMALL_COUNTY, now: Date.UTC(2026, 8, 1) }, now: () => clock })
  head = await loginAs(server.url, `demo-${VILLAGE}`)
  town = await loginAs(server.url, 'demo-t1')
  otherTown = await loginAs(server.url, 'demo-t2')
})
afterAll(async () => server?.close())

const name = async (id: string) => (await server.db.kysely.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name
const household = (id: string) => server.db.kysely.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const resident = (id: string) => server.db.kysely.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const tally = () => server.db.kysely.selectFrom('grid_tallies').select(['households', 'visited']).where('grid_id', '=', GRID).executeTakeFirstOrThrow()
const list = (token: string, query = '') => api(server.url, 'GET', `${API_PREFIX}/off-register?areaId=${VILLAGE}${query}`, { token })
const decide = (token: string, entity: string, id: string, decision: string) =>
  api(server.url, 'POST', `${API_PREFIX}/off-register/${entity}/${id}`, { token, body: { decision } })
const byIdOf = <T extends { id: string }>(rows: T[], id: string) => rows.find((r) => r.id === id)!
const villageBases = async (end: number) => {
  const village = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', VILLAGE).executeTakeFirstOrThrow()
  const f = (await figuresAt(server.db, village, end)).get(GRID)!
  return [f.visit_coverage.base, f.installed.base]
}

describe(`不在名册 confirmation (${TEST_DIALECT})`, () => {
  it('lists what an import dropped but kept, and removes or keeps each on an official’s word', async () => {
    const k = server.db.kysely
    const households = await k.selectFrom('households').selectAll().where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').execute()
    const members = await k.selectFrom('residents').selectAll().where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').execute()
    const adult = (r: (typeof members)[number]) => r.birth_year !== null && 2026 - r.birth_year >= 16 && 2026 - r.birth_year <= 60
    const dropped = households.find((h) => members.some((r) => r.household_id === h.id && adult(r)))!
    const droppedMember = members.find((r) => r.household_id !== dropped.id && r.name !== byIdOf(households, r.household_id).head_name && r.phone)!
    const shrinking = byIdOf(households, droppedMember.household_id)
    const noRecords = households.find((h) => h.id !== dropped.id && h.id !== shrinking.id)!

    // Visits make the first two households ones with records.
    const worker = await loginAs(server.url, `demo-${GRID}`)
    const pushed = await api(server.url, 'POST', `${API_PREFIX}/sync/push`, { token: worker, body: { records: [visitRecord(dropped.id), visitRecord(shrinking.id)] } })
    expect(pushed.status).toBe(200)

    const [townName, villageName, gridName] = [await name('t1'), await name(VILLAGE), await name(GRID)]
    const byId = new Map(households.map((h) => [h.id, h]))
    const listed = members.filter((r) => r.household_id !== dropped.id && r.household_id !== noRecords.id && r.id !== droppedMember.id)
    const file = await xlsxOf({
      花名册: [HEADER, ...listed.map((r) => [townName, villageName, gridName, byId.get(r.household_id)!.doorplate, byId.get(r.household_id)!.head_name, r.name, '', '', '', '', ''])],
    })
    clock += DAY
    const job = await applyJob(server.url, town, (await check(server.url, town, 'register', file)).id)
    expect(job.apply!.entities.households).toMatchObject({ offRegister: 1, removed: 1 })
    expect(job.apply!.entities.residents).toMatchObject({ offRegister: 1 })
    const importedAt = clock

    // Listed for the village: the household first, then the member; the phone masked; the household without records is not there.
    const all = await list(head)
    expect(all.status).toBe(200)
    expect(all.body.total).toEqual({ households: 1, residents: 1 })
    expect(all.body.items.map((i: OffRegisterItem) => [i.entity, i.id])).toEqual([
      ['household', dropped.id],
      ['resident', droppedMember.id],
    ])
    const member = all.body.items[1] as OffRegisterItem
    expect(member).toMatchObject({ householdId: shrinking.id, gridId: GRID, gridName, doorplate: shrinking.doorplate, residentName: droppedMember.name, offRegisterAt: new Date(importedAt).toISOString() })
    expect(member.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect(member.phone).not.toBe(droppedMember.phone)
    expect(all.body.next).toBeNull()
    // Paged: one at a time, the cursor runs from the households on to the residents.
    const first = await list(head, '&limit=1')
    expect([first.body.items.map((i: OffRegisterItem) => i.id), first.body.next]).toEqual([[dropped.id], `household:${dropped.id}`])
    const second = await list(head, `&limit=1&after=${encodeURIComponent(first.body.next)}`)
    expect([second.body.items.map((i: OffRegisterItem) => i.id), second.body.next]).toEqual([[droppedMember.id], null])
    // The town and the county see them too; another town neither sees nor decides them.
    expect((await list(town)).body.total).toEqual({ households: 1, residents: 1 })
    expect((await list(await loginAs(server.url, 'demo-county'))).body.total).toEqual({ households: 1, residents: 1 })
    expect([(await list(otherTown)).status, (await list(otherTown)).body.error.code]).toEqual([403, 'FORBIDDEN'])
    for (const [entity, id] of [['household', dropped.id], ['resident', droppedMember.id], ['household', 'no-such-household']]) {
      const res = await decide(otherTown, entity, id, 'remove')
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect((await household(dropped.id)).off_register_at).toBe(importedAt)

    // 移出名册 a day later: gone from the counts and the list, its records kept, the worker's pull brings it deleted.
    const before = await tally()
    const beforeRev = (await household(dropped.id)).rev
    const pullCursor = (await k.selectFrom('counters').select('value').where('name', '=', 'rev').executeTakeFirstOrThrow()).value
    expect(pullCursor).toBeGreaterThanOrEqual(beforeRev)
    const basesBefore = await villageBases(importedAt + 1)
    clock += DAY
    const removedAt = clock
    const removed = await decide(head, 'household', dropped.id, 'remove')
    expect(removed.status).toBe(200)
    expect(removed.body).toEqual({ entity: 'household', id: dropped.id, decision: 'remove', decidedAt: new Date(removedAt).toISOString() })
    expect(await household(dropped.id)).toMatchObject({ deleted_at: removedAt, roster_status: 'moved_out', off_register_at: null })
    expect(await tally()).toEqual({ households: before.households - 1, visited: before.visited - 1 })
    expect(await k.selectFrom('records').select('id').where('household_id', '=', dropped.id).execute()).toHaveLength(1)
    const pull = await api(server.url, 'GET', `${API_PREFIX}/sync/pull?cursor=${pullCursor}`, { token: worker })
    expect(pull.body.households).toEqual([expect.objectContaining({ id: dropped.id, deleted: true })])
    // Dated: the day before the decision still has the household and its members; the day after does not.
    expect(await villageBases(importedAt + 1)).toEqual(basesBefore)
    const droppedAdults = members.filter((r) => r.household_id === dropped.id && adult(r)).length
    expect(await villageBases(removedAt + 1)).toEqual([basesBefore[0] - 1, basesBefore[1] - droppedAdults])
    // Decided once: a second decision on it is refused.
    const again = await decide(town, 'household', dropped.id, 'keep')
    expect([again.status, again.body.error.code]).toEqual([409, 'OFF_REGISTER_NOT_PENDING'])

    // 保留 the member: the mark goes, the member stays counted.
    const residentsBefore = await k.selectFrom('grid_resident_tallies').select((eb) => eb.fn.sum<number>('residents').as('n')).where('grid_id', '=', GRID).executeTakeFirstOrThrow()
    const kept = await decide(town, 'resident', droppedMember.id, 'keep')
    expect(kept.status).toBe(200)
    expect(await resident(droppedMember.id)).toMatchObject({ deleted_at: null, off_register_at: null, roster_status: null })
    const residentsAfter = await k.selectFrom('grid_resident_tallies').select((eb) => eb.fn.sum<number>('residents').as('n')).where('grid_id', '=', GRID).executeTakeFirstOrThrow()
    expect(Number(residentsAfter.n)).toBe(Number(residentsBefore.n))
    expect((await list(head)).body).toMatchObject({ total: { households: 0, residents: 0 }, items: [], next: null })

    const audit = await k.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('action', 'like', 'register.off.%').where('action', '<>', 'register.off.list').orderBy('seq').execute()
    expect(audit).toEqual([
      { action: 'register.off.remove', entity: 'household', entity_id: dropped.id },
      { action: 'register.off.keep', entity: 'resident', entity_id: droppedMember.id },
    ])
  })
})
