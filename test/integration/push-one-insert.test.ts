// A push's records go into the database in one INSERT (services/ingest.ts), yet each keeps its own result: an id
// repeated within the push, a resend of a stored record, a changed resend and a refused record sit between stored
// ones, and every figure comes out as if they had been taken one by one.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { visitRecord } from '../helpers/records'

let server: TestServer
let worker: string

const GRID = 't1-v01-g1'
const h = (n: number) => `${GRID}-h00${n}`

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(() => server.close())

const push = async (records: unknown[]) =>
  ((await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })).body.results as { id: string; status: string; code?: string }[]).map((r) =>
    r.code && r.status === 'rejected' ? `${r.status} ${r.code}` : r.status,
  )

async function residentOf(householdId: string) {
  return (await server.db.kysely.selectFrom('residents').select('id').where('household_id', '=', householdId).orderBy('id').executeTakeFirstOrThrow()).id
}

async function visitCounts(ids: string[]) {
  const rows = await server.db.kysely.selectFrom('households').select(['id', 'visit_count']).where('id', 'in', ids).execute()
  return Object.fromEntries(rows.map((r) => [r.id, r.visit_count]))
}

it('gives each record of a mixed push its own result and counts only the stored ones', async () => {
  const storedBefore = visitRecord(h(1), 'met')
  const changedLater = visitRecord(h(2), 'not_home')
  expect(await push([storedBefore, changedLater])).toEqual(['stored', 'stored'])

  const a = visitRecord(h(3), 'not_home')
  const b = visitRecord(h(4), 'not_home')
  const bChanged = { ...b, body: { ...b.body, notes: '改过' } }
  const otherHouseholds = visitRecord(h(5), 'met', { body: { ...a.body, outcome: 'met', peopleMet: 1, residentIds: [await residentOf(h(6))] } } as never)
  const c = visitRecord(h(5), 'refused')
  const results = await push([a, a, b, bChanged, storedBefore, { ...changedLater, body: { ...changedLater.body, notes: '改过' } }, otherHouseholds, c])
  expect(results).toEqual(['stored', 'duplicate', 'stored', 'conflict', 'duplicate', 'conflict', 'rejected RESIDENT_NOT_FOUND', 'stored'])

  expect(await visitCounts([h(1), h(2), h(3), h(4), h(5)])).toEqual({ [h(1)]: 1, [h(2)]: 1, [h(3)]: 1, [h(4)]: 1, [h(5)]: 1 })
  const conflicts = await server.db.kysely.selectFrom('record_conflicts').select('record_id').where('record_id', 'in', [b.id, changedLater.id]).execute()
  expect(conflicts.map((r) => r.record_id).sort()).toEqual([b.id, changedLater.id].sort())
})
