// Roster changes from the field (record kind `roster`) through the real push: each action's effect on households,
// residents and the dashboards, idempotency, per-record refusals, the pull, and the officials' list and its scope.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId, rosterRecord, visitRecord } from '../helpers/records'

let server: TestServer
let worker: string
let head: string

const GRID = 't1-v01-g1'
const THIS_YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, `demo-${GRID}`)
  head = await loginAs(server.url, 'demo-t1-v01')
})
afterAll(() => server.close())

const roster = (householdId: string, body: Record<string, unknown>) => rosterRecord(householdId, body)
const push = async (records: unknown[], token = worker) => {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  return res.body.results as { id: string; status: string; code?: string; warning?: string }[]
}
const gridRow = async () => (await api(server.url, 'GET', '/api/v1/coverage', { token: head })).body.rows.find((r: { areaId: string }) => r.areaId === GRID)
const household = (id: string) => server.db.kysely.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst()
const resident = (id: string) => server.db.kysely.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst()

async function pullAll(token: string, cursor = '0') {
  const res = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=2000`, { token })
  expect(res.status).toBe(200)
  return res.body as { cursor: string; households: { id: string; deleted: boolean; rosterStatus?: string | null; doorplate: string }[]; residents: { id: string; deleted: boolean; phone: string | null; birthYear: number | null; tags: string[]; rosterStatus?: string | null }[] }
}

it('adds a household and a member offline, with a visit in the same push before them, and counts them', async () => {
  const before = await gridRow()
  const { cursor } = await pullAll(worker)
  const householdId = newId()
  const residentId = newId()
  const addHousehold = roster(householdId, { action: 'add_household', gridId: GRID, doorplate: '新村 9号', headName: '赵新' })
  const addResident = roster(householdId, {
    action: 'add_resident',
    residentId,
    name: '赵新',
    gender: 'M',
    birthYear: THIS_YEAR - 30,
    phone: '138 0013 8000',
    relation: '户主',
    tags: ['新迁入'],
  })
  const visit = visitRecord(householdId, 'met')
  // The phone sends in creation order; the server takes the adds first even when they come later in the push.
  const results = await push([visit, addResident, addHousehold])
  expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])

  const h = await household(householdId)
  expect(h).toMatchObject({ grid_id: GRID, village_id: 't1-v01', doorplate: '新村 9号', doorplate_key: '新村9号', head_name: '赵新', deleted_at: null, visit_count: 1, covered: 1 })
  expect(await resident(residentId)).toMatchObject({ household_id: householdId, grid_id: GRID, name: '赵新', phone: '13800138000', relation: '户主', tags: '["新迁入"]', deleted_at: null })

  const after = await gridRow()
  expect(after.households).toBe(before.households + 1)
  expect(after.visited).toBe(before.visited + 1)
  expect(after.targetResidents).toBe(before.targetResidents + 1)

  const pulled = await pullAll(worker, cursor)
  expect(pulled.households.find((x) => x.id === householdId)).toMatchObject({ doorplate: '新村 9号', deleted: false })
  expect(pulled.residents.find((x) => x.id === residentId)).toMatchObject({ phone: '13800138000', deleted: false })

  // Resent as they were: duplicates, nothing new.
  expect((await push([addHousehold, addResident, visit])).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate'])
  expect((await gridRow()).households).toBe(after.households)
  // The same ids with another body: conflicts, the first version stays.
  const changed = await push([{ ...addHousehold, body: { ...addHousehold.body, doorplate: '新村 10号' } }, { ...addResident, body: { ...addResident.body, name: '赵旧' } }])
  expect(changed.map((r) => r.status)).toEqual(['conflict', 'conflict'])
  expect((await household(householdId))!.doorplate).toBe('新村 9号')
  expect((await resident(residentId))!.name).toBe('赵新')
})

it('edits a resident and marks residents and households, moving the bases, and the pull brings it', async () => {
  const db = server.db.kysely
  const [a, b] = await db
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', THIS_YEAR - 60)
    .where('birth_year', '<=', THIS_YEAR - 16)
    .orderBy('id')
    .limit(2)
    .execute()
  const { cursor } = await pullAll(worker)
  const before = await gridRow()

  const edit = roster(a.household_id, { action: 'edit_resident', residentId: a.id, phone: '13912345678', tags: ['重点人群'] })
  expect((await push([edit]))[0].status).toBe('stored')
  expect(await resident(a.id)).toMatchObject({ phone: '13912345678', tags: '["重点人群"]' })

  // 长期在外 stays counted; 死亡 leaves the 16–60 base; 返乡 brings them back.
  expect((await push([roster(a.household_id, { action: 'resident_status', residentId: a.id, status: 'away' })]))[0].status).toBe('stored')
  expect((await gridRow()).targetResidents).toBe(before.targetResidents)
  expect((await push([roster(b.household_id, { action: 'resident_status', residentId: b.id, status: 'dead' })]))[0].status).toBe('stored')
  expect(await resident(b.id)).toMatchObject({ roster_status: 'dead' })
  expect((await gridRow()).targetResidents).toBe(before.targetResidents - 1)

  let pulled = await pullAll(worker, cursor)
  expect(pulled.residents.find((x) => x.id === a.id)).toMatchObject({ phone: '13912345678', tags: ['重点人群'], rosterStatus: 'away', deleted: false })
  expect(pulled.residents.find((x) => x.id === b.id)).toMatchObject({ rosterStatus: 'dead', deleted: true })

  expect((await push([roster(b.household_id, { action: 'resident_status', residentId: b.id, status: 'returned' })]))[0].status).toBe('stored')
  expect(await resident(b.id)).toMatchObject({ roster_status: null, deleted_at: null })
  expect((await gridRow()).targetResidents).toBe(before.targetResidents)

  // 空户: the household and its residents leave the bases.
  const members = await db.selectFrom('residents').select('id').where('household_id', '=', a.household_id).where('deleted_at', 'is', null).execute()
  const counted = await db
    .selectFrom('residents')
    .select('id')
    .where('household_id', '=', a.household_id)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', THIS_YEAR - 60)
    .where('birth_year', '<=', THIS_YEAR - 16)
    .execute()
  expect(members.length).toBeGreaterThan(0)
  const vacant = roster(a.household_id, { action: 'household_status', status: 'vacant' })
  expect((await push([vacant]))[0].status).toBe('stored')
  expect(await household(a.household_id)).toMatchObject({ roster_status: 'vacant' })
  const after = await gridRow()
  expect(after.households).toBe(before.households - 1)
  expect(after.targetResidents).toBe(before.targetResidents - counted.length)
  pulled = await pullAll(worker, cursor)
  expect(pulled.households.find((x) => x.id === a.household_id)).toMatchObject({ rosterStatus: 'vacant', deleted: true })
})

it('refuses each bad record on its own and stores the rest', async () => {
  const db = server.db.kysely
  const otherGrid = await db.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', 't1-v01-g2').where('deleted_at', 'is', null).executeTakeFirstOrThrow()
  const mine = await db.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const taken = await db.selectFrom('households').select('id').where('grid_id', '=', GRID).executeTakeFirstOrThrow()
  const results = await push([
    // A resident of another grid, named through its own household (out of scope) and through one of mine.
    roster(otherGrid.household_id, { action: 'resident_status', residentId: otherGrid.id, status: 'moved_out' }),
    roster(mine.household_id, { action: 'edit_resident', residentId: otherGrid.id, phone: null }),
    // An unknown household, a household in another grid, a household id already used, a resident id already used.
    roster(newId(), { action: 'add_resident', residentId: newId(), name: '无户', tags: [] }),
    roster(newId(), { action: 'add_household', gridId: 't1-v01-g2', doorplate: '1号', headName: '越界' }),
    roster(taken.id, { action: 'add_household', gridId: GRID, doorplate: '1号', headName: '重号' }),
    roster(mine.household_id, { action: 'add_resident', residentId: mine.id, name: '重号', tags: [] }),
    // Nothing to change, and a correction (roster changes are never corrections).
    roster(mine.household_id, { action: 'edit_resident', residentId: mine.id }),
    { ...roster(mine.household_id, { action: 'resident_status', residentId: mine.id, status: 'away' }), replaces: newId() },
    // And one good record among them.
    roster(mine.household_id, { action: 'edit_resident', residentId: mine.id, birthYear: 1970 }),
  ])
  expect(results.map((r) => r.code ?? r.status)).toEqual([
    'HOUSEHOLD_NOT_FOUND',
    'RESIDENT_NOT_FOUND',
    'HOUSEHOLD_NOT_FOUND',
    'GRID_NOT_FOUND',
    'HOUSEHOLD_EXISTS',
    'RESIDENT_EXISTS',
    'RECORD_INVALID',
    'RECORD_INVALID',
    'stored',
  ])
  expect((await resident(otherGrid.id))!.deleted_at).toBeNull()
  expect((await resident(mine.id))!.birth_year).toBe(1970)
})

it('lists the roster changes of an area for its officials, newest first and paged, and only inside their scope', async () => {
  const page = await api(server.url, 'GET', '/api/v1/roster-changes?limit=3', { token: head })
  expect(page.status).toBe(200)
  expect(page.body.area.id).toBe('t1-v01')
  expect(page.body.changes).toHaveLength(3)
  expect(page.body.changes[0]).toMatchObject({ action: 'edit_resident', gridId: GRID, authorName: expect.any(String), residentName: expect.any(String) })
  expect(page.body.next).not.toBeNull()
  const all: { action: string; description: string }[] = []
  let next: string | null = null
  do {
    const res = await api(server.url, 'GET', `/api/v1/roster-changes?limit=3${next ? `&before=${next}` : ''}`, { token: head })
    all.push(...res.body.changes)
    next = res.body.next
  } while (next)
  expect(all.map((c) => c.action)).toEqual(['edit_resident', 'household_status', 'resident_status', 'resident_status', 'resident_status', 'edit_resident', 'add_resident', 'add_household'])
  expect(all.at(-1)!.description).toBe('新增住户 新村 9号（户主 赵新）')
  expect(all[1].description).toBe('整户空户')

  const town = await api(server.url, 'GET', '/api/v1/roster-changes?areaId=t1-v01-g1', { token: await loginAs(server.url, 'demo-t1') })
  expect(town.body.changes).toHaveLength(8)
  const otherVillage = await api(server.url, 'GET', '/api/v1/roster-changes', { token: await loginAs(server.url, 'demo-t1-v02') })
  expect(otherVillage.body.changes).toHaveLength(0)
  expect((await api(server.url, 'GET', '/api/v1/roster-changes?areaId=t1-v01', { token: await loginAs(server.url, 'demo-t1-v02') })).status).toBe(403)
  expect((await api(server.url, 'GET', '/api/v1/roster-changes', { token: worker })).status).toBe(403)
})
