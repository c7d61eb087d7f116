// A re-saved, resized copy of one resident's install screenshot, given as another resident's proof, is found by its
// fingerprint whichever arrives last, the record or the file; a third resident's genuine screenshot of the same
// 国家反诈中心 page is not. Real files through the real upload route, fingerprints taken by the server.
import { createHash } from 'node:crypto'
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { newId } from '../../helpers/records'
import { TEST_DIALECT } from '../../helpers/test-db'
import { PHONES, STATUS_A, STATUS_B, registeredScreenPng, reusedCopy, type Resident } from '../../helpers/anti-fraud-screens'

jest.setTimeout(90_000)

const GRID = 't1-v01-g1'
let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, `demo-${GRID}`)
})
afterAll(() => server.close())

const person = (name: string, phone: string): Resident => ({ name, phone, registeredAt: '2026-11-20', region: '湖北省', reports: 0, lessons: 3 })
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function upload(bytes: Buffer) {
  const res = await fetch(`${server.url}/api/v1/media/${sha(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    body: bytes,
  })
  expect(res.status).toBe(200)
}

async function pushInstall(resident: { id: string; household_id: string }, shot: Buffer) {
  const record = {
    id: newId(),
    kind: 'install',
    householdId: resident.household_id,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: new Date().toISOString().slice(0, 10) }], screenshotShas: [sha(shot)], notes: '' },
  }
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: [record] } })
  expect(res.body.results[0].status).toBe('stored')
  return record.id
}

const flagsOf = async (id: string) =>
  (await server.db.kysely.selectFrom('record_flags').select(['kind', 'evidence']).where('record_id', '=', id).execute()).map((f) => ({ kind: f.kind, ...JSON.parse(f.evidence) }))

it(`flags a re-saved copy of another resident's screenshot and not a genuine one (${TEST_DIALECT})`, async () => {
  const [a, b, c] = await server.db.kysely.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', GRID).orderBy('id').limit(3).execute()
  const original = await registeredScreenPng(person('王秀英', '138****5678'), STATUS_A, PHONES[0])
  const copy = await reusedCopy(await registeredScreenPng(person('王秀英', '138****5678'), STATUS_B, PHONES[0]), { label: 'copy', scale: 0.8, jpeg: 70 })
  const genuine = await registeredScreenPng(person('李建国', '139****1204'), STATUS_A, PHONES[0])

  // File first, then the record; then a record first, then its file.
  await upload(original)
  const first = await pushInstall(a, original)
  const reuse = await pushInstall(b, copy)
  await upload(copy)
  await upload(genuine)
  const own = await pushInstall(c, genuine)
  // The check runs behind the requests (truth/screenshot-queue.ts).
  await server.app.screenshots.idle()

  const reuseFlags = await flagsOf(reuse)
  expect(reuseFlags).toEqual([expect.objectContaining({ kind: 'reused_screenshot', match: 'near_duplicate', otherRecordId: first, otherSha: sha(original) })])
  expect(reuseFlags[0].distance).toBeLessThanOrEqual(20)
  expect((await flagsOf(first)).map((f) => f.otherRecordId)).toEqual([reuse])
  expect(await flagsOf(own)).toEqual([])
  const prints = await server.db.kysely.selectFrom('media').select(['sha256', 'print']).execute()
  expect(prints.every((p) => p.print?.startsWith('sp1:'))).toBe(true)
})

it('takes the prints a stopped server left undone when it starts again', async () => {
  await server.db.kysely.updateTable('media').set({ print: null }).execute()
  await server.restart()
  await server.app.screenshots.idle()
  const prints = await server.db.kysely.selectFrom('media').select('print').execute()
  expect(prints.length).toBeGreaterThan(0)
  expect(prints.every((p) => p.print?.startsWith('sp1:'))).toBe(true)
})
