// The same screenshot file as install proof for two different residents flags both installs (待核查), each naming
// the other as evidence; the records still count until someone finds them 不属实. One resident's own corrected
// install with the same file is no reuse.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { newId } from '../../helpers/records'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

let server: TestServer
let token: string
const GRID = 't1-v01-g1'
const SHOT = 'c1'.repeat(32)
const OTHER = 'd2'.repeat(32)

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, `demo-${GRID}`)
})
afterAll(() => server.close())

const today = () => new Date().toISOString().slice(0, 10)
const install = (r: { id: string; household_id: string }, shas: string[], replaces: string | null = null) => ({
  id: newId(),
  kind: 'install',
  householdId: r.household_id,
  replaces,
  deviceId: 'dev',
  createdAt: new Date().toISOString(),
  body: { residentId: r.id, steps: [{ step: 'installed', doneOn: today() }], screenshotShas: shas, notes: '' },
})

async function push(records: unknown[]) {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
}

const residents = () => server.db.kysely.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').limit(3).execute()
const stateOf = (id: string) => server.db.kysely.selectFrom('records').select('review_state').where('id', '=', id).executeTakeFirstOrThrow()
const flagsOf = (id: string) => server.db.kysely.selectFrom('record_flags').select(['kind', 'evidence']).where('record_id', '=', id).execute()

it(`flags both installs that share one screenshot file (${TEST_DIALECT})`, async () => {
  const [a, b] = await residents()
  const first = install(a, [SHOT])
  await push([first])
  expect((await stateOf(first.id)).review_state).toBe('accepted')
  const again = install(a, [SHOT], first.id)
  await push([again])
  expect(await flagsOf(again.id)).toEqual([])

  const reuse = install(b, [SHOT, OTHER])
  await push([reuse])
  expect((await stateOf(reuse.id)).review_state).toBe('flagged')
  expect((await stateOf(again.id)).review_state).toBe('flagged')
  const [flag] = await flagsOf(reuse.id)
  expect(flag.kind).toBe('reused_screenshot')
  expect(JSON.parse(flag.evidence)).toMatchObject({ sha: SHOT, otherRecordId: again.id, otherResidentId: a.id, match: 'same_file' })
  const events = await server.db.kysely.selectFrom('review_events').select(['from_state', 'to_state', 'source']).where('record_id', '=', reuse.id).execute()
  expect(events).toEqual([{ from_state: 'accepted', to_state: 'flagged', source: 'flag' }])
  // Flagged is not 不属实: the install still counts.
  const rb = await server.db.kysely.selectFrom('residents').select('installed_on').where('id', '=', b.id).executeTakeFirstOrThrow()
  expect(rb.installed_on).toBe(today())
})

it('flags nothing for screenshots nobody else used', async () => {
  const [, , c] = await residents()
  const own = install(c, ['e3'.repeat(32)])
  await push([own])
  expect((await stateOf(own.id)).review_state).toBe('accepted')
  expect(await flagsOf(own.id)).toEqual([])
})
