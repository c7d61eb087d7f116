// Corrections through the real push: a correction names only its author's own record of the same household and
// kind; officials push no field records; a visit names only residents of its household; and between two corrections
// of one record the later-made one counts, whatever order they arrive in.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId, visitRecord } from '../helpers/records'

let server: TestServer
let worker: string
let villageHead: string
let template: { id: string; content_hash: string }

const GRID = 't1-v01-g1'
const h = (n: number) => `${GRID}-h00${n}`
const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 8, minute)).toISOString()

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  villageHead = await loginAs(server.url, 'demo-t1-v01')
  template = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
})
afterAll(() => server.close())

const pushAs = (token: string, records: unknown[]) => api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
const push = async (records: unknown[]) => (await pushAs(worker, records)).body.results as { id: string; status: string; code?: string }[]
const visit = (householdId: string, outcome: 'met' | 'refused' | 'not_home', createdAt: string, replaces: string | null = null) =>
  visitRecord(householdId, outcome, { createdAt, replaces, body: { outcome, peopleMet: 0, residentIds: [], notes: '', visitedAt: createdAt, location: null } } as never)

async function firstResident(householdId: string) {
  return server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', householdId).orderBy('id').executeTakeFirstOrThrow()
}

function pledge(householdId: string, residentId: string) {
  return {
    id: newId(),
    kind: 'pledge',
    householdId,
    replaces: null,
    deviceId: 'dev',
    createdAt: at(0),
    body: { templateId: template.id, templateHash: template.content_hash, residentId, signerName: '张三', signatureSha: 'a'.repeat(64), signedAt: at(0), channel: 'worker_device' },
  }
}

async function supersededBy(ids: string[]) {
  const rows = await server.db.kysely.selectFrom('records').select(['id', 'superseded_by']).where('id', 'in', ids).execute()
  return Object.fromEntries(rows.map((r) => [r.id, r.superseded_by]))
}

it("refuses a visit that would replace another household's pledge, and the pledge keeps counting", async () => {
  const resident = await firstResident(h(1))
  const signed = pledge(h(1), resident.id)
  expect((await push([signed]))[0].status).toBe('stored')
  const [res] = await push([visit(h(2), 'met', at(5), signed.id)])
  expect(res).toMatchObject({ status: 'rejected', code: 'CORRECTION_MISMATCH' })
  expect(await supersededBy([signed.id])).toEqual({ [signed.id]: null })
})

it('refuses a correction of another kind in the same household', async () => {
  const resident = await firstResident(h(3))
  const signed = pledge(h(3), resident.id)
  await push([signed])
  const [res] = await push([visit(h(3), 'met', at(5), signed.id)])
  expect(res).toMatchObject({ status: 'rejected', code: 'CORRECTION_MISMATCH' })
  expect(await supersededBy([signed.id])).toEqual({ [signed.id]: null })
})

it("refuses a correction of another worker's record of the same household and kind", async () => {
  const original = visit(h(4), 'met', at(1))
  await push([original])
  await server.db.kysely.updateTable('records').set({ author_id: 'u-t1-v01-g2' }).where('id', '=', original.id).execute()
  const [res] = await push([visit(h(4), 'not_home', at(2), original.id)])
  expect(res).toMatchObject({ status: 'rejected', code: 'CORRECTION_MISMATCH' })
  expect(await supersededBy([original.id])).toEqual({ [original.id]: null })
})

it('refuses field records from a village head: voiding a record is a decision in review', async () => {
  const res = await pushAs(villageHead, [visit(h(5), 'refused', at(3))])
  expect(res.status).toBe(403)
  expect(res.body.error.code).toBe('FORBIDDEN')
})

it('refuses a visit naming a resident of another household', async () => {
  const stranger = await firstResident(h(2))
  const own = await firstResident(h(5))
  const named = (ids: string[]) => visitRecord(h(5), 'met', { body: { outcome: 'met', peopleMet: 1, residentIds: ids, notes: '', visitedAt: at(4), location: null } } as never)
  const [bad, good] = await push([named([own.id, stranger.id]), named([own.id])])
  expect(bad).toMatchObject({ status: 'rejected', code: 'RESIDENT_NOT_FOUND' })
  expect(good.status).toBe('stored')
})

describe('two corrections of one visit: the later-made one counts', () => {
  const arrivals = [
    ['in the order they were made', [0, 1]],
    ['in reverse order', [1, 0]],
  ] as const
  it.each(arrivals)('arriving %s', async (_, order) => {
    const householdId = order[0] === 0 ? h(6) : h(7)
    const original = visit(householdId, 'met', at(10))
    const earlier = visit(householdId, 'refused', at(20), original.id)
    const later = visit(householdId, 'not_home', at(30), original.id)
    const fixes = [earlier, later]
    await push([original])
    for (const i of order) expect((await push([fixes[i]]))[0].status).toBe('stored')
    expect(await supersededBy([original.id, earlier.id, later.id])).toEqual({ [original.id]: earlier.id, [earlier.id]: later.id, [later.id]: null })
    const household = await server.db.kysely.selectFrom('households').select(['visit_count', 'last_outcome']).where('id', '=', householdId).executeTakeFirstOrThrow()
    expect(household).toEqual({ visit_count: 1, last_outcome: 'not_home' })
  })

  it('arriving before their original, later-made first', async () => {
    const original = visit(h(8), 'met', at(10))
    const earlier = visit(h(8), 'refused', at(20), original.id)
    const later = visit(h(8), 'not_home', at(30), original.id)
    await push([later])
    await push([earlier])
    await push([original])
    expect(await supersededBy([original.id, earlier.id, later.id])).toEqual({ [original.id]: earlier.id, [earlier.id]: later.id, [later.id]: null })
  })
})
