// Only the proof that is needed (#13): the county admin sets per campaign which install steps need a screenshot,
// whether a 见面宣传 visit needs a photo and whether a position is recorded; the phones pull it and the server holds
// pushed records to it. A resident who declines a screenshot is recorded as 居民不愿截图 and counts; a record without
// a needed proof is refused with a stable code, never counted as proven.
import { DEFAULT_PROOF_POLICY } from '../../src/core/proof-policy'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const HH = 't1-v01-g1-h001'
const HH2 = 't1-v01-g1-h002'
const SHOT = 'ab'.repeat(32)

describe(`proof settings per campaign (${TEST_DIALECT})`, () => {
  let server: TestServer
  let worker: string
  let town: string
  let county: string

  beforeAll(async () => {
    server = await startTestServer()
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
    town = await loginAs(server.url, 'demo-t1')
    county = await loginAs(server.url, 'demo-county')
  })
  afterAll(async () => server?.close())

  const push = async (records: unknown[]) => {
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
    expect(res.status).toBe(200)
    return (res.body.results as { status: string; code?: string }[]).map((r) => r.code ?? r.status)
  }
  const residentOf = async (householdId: string, n = 0) =>
    (await server.db.kysely.selectFrom('residents').select(['id', 'installed_on', 'warning_on_on']).where('household_id', '=', householdId).orderBy('id').execute())[n]
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const install = (householdId: string, residentId: string, steps: string[], extra: Record<string, unknown> = {}) => ({
    id: newId(),
    kind: 'install',
    householdId,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { residentId, steps: steps.map((step) => ({ step, doneOn: today() })), screenshotShas: [], notes: '', ...extra },
  })
  const setProof = (token: string, proof: unknown) => api(server.url, 'PUT', '/api/v1/campaigns/current/proof', { token, body: { proof } })

  it('starts from the documented defaults, on the campaign and in the pull', async () => {
    expect((await api(server.url, 'GET', '/api/v1/campaigns/current', { token: worker })).body.proof).toEqual(DEFAULT_PROOF_POLICY)
    expect((await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=1', { token: worker })).body.campaign.proof).toEqual({
      screenshotSteps: ['installed', 'real_name', 'warning_on'],
      visitPhoto: false,
      gps: 'consent',
    })
  })

  it('refuses an install step without its screenshot and does not count it; 居民不愿截图 is stored and counts', async () => {
    const r = await residentOf(HH)
    expect(await push([install(HH, r.id, ['installed'])])).toEqual(['SCREENSHOT_REQUIRED'])
    expect((await residentOf(HH)).installed_on).toBeNull()

    const declined = install(HH, r.id, ['installed'], { screenshotDeclined: true })
    expect(await push([declined])).toEqual(['stored'])
    expect((await residentOf(HH)).installed_on).toBe(today())
    // The household's evidence says so to the village head, never as a missing screenshot.
    const head = await loginAs(server.url, 'demo-t1-v01')
    const view = (await api(server.url, 'GET', `/api/v1/households/${HH}`, { token: head })).body
    expect(view.residents.find((x: { id: string }) => x.id === r.id)).toMatchObject({ screenshotShas: [], screenshotDeclined: true })
    expect(view.residents.filter((x: { screenshotDeclined: boolean }) => x.screenshotDeclined)).toHaveLength(1)
    // Declined and a screenshot at once contradicts itself: refused as invalid.
    expect(await push([install(HH, r.id, ['real_name'], { screenshotDeclined: true, screenshotShas: [SHOT] })])).toEqual(['RECORD_INVALID'])
  })

  it('takes visits with or without a photo and a position under the defaults', async () => {
    const located = visitRecord(HH2, 'met', {})
    ;(located.body as { location: unknown }).location = { lat: 30.1, lng: 117.2, accuracy: 15 }
    expect(await push([visitRecord(HH2, 'met'), located])).toEqual(['stored', 'stored'])
  })

  it('lets only the county admin change them, audited', async () => {
    const proof = { screenshotSteps: ['installed'], visitPhoto: true, gps: 'off' }
    expect((await setProof(town, proof)).status).toBe(403)
    expect((await setProof(worker, proof)).status).toBe(403)
    expect((await setProof(county, { ...proof, screenshotSteps: ['installed', 'installed'] })).status).toBe(400)
    expect((await setProof(county, { ...proof, gps: 'track' })).status).toBe(400)
    const res = await setProof(county, proof)
    expect(res.status).toBe(200)
    expect(res.body.proof).toEqual(proof)
    const audit = await server.db.kysely.selectFrom('audit_log').select(['detail']).where('action', '=', 'campaign.proof').execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].detail as string)).toMatchObject({ before: DEFAULT_PROOF_POLICY, after: proof })
    // The phones get it with their next pull; a town's dashboard reads it too.
    expect((await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=1', { token: worker })).body.campaign.proof).toEqual(proof)
    expect((await api(server.url, 'GET', '/api/v1/campaigns/current', { token: town })).body.proof).toEqual(proof)
  })

  it('then holds pushed records to the new settings', async () => {
    const r = await residentOf(HH, 1)
    // warning_on no longer needs a screenshot; installed still does.
    expect(await push([install(HH, r.id, ['warning_on']), install(HH, r.id, ['installed'])])).toEqual(['stored', 'SCREENSHOT_REQUIRED'])
    expect((await residentOf(HH, 1)).warning_on_on).toBe(today())
    expect((await residentOf(HH, 1)).installed_on).toBeNull()

    const located = visitRecord(HH2, 'not_home')
    ;(located.body as { location: unknown }).location = { lat: 30.1, lng: 117.2, accuracy: 15 }
    const withPhoto = visitRecord(HH2, 'met')
    ;(withPhoto.body as { photoShas: string[] }).photoShas = [SHOT]
    expect(await push([visitRecord(HH2, 'met'), visitRecord(HH2, 'not_home'), located, withPhoto])).toEqual([
      'VISIT_PHOTO_REQUIRED',
      'stored',
      'LOCATION_NOT_COLLECTED',
      'stored',
    ])
    const stored = await server.db.kysely.selectFrom('records').select('id').where('id', '=', withPhoto.id).execute()
    expect(stored).toHaveLength(1)
  })
})
