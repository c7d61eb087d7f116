// Reads of personal data are in the audit trail (#12 item 6): a screenshot or signature file, a pledge and the
// area's pledge list, a household's view and the area's household and resident lists, and every /sync/pull page
// that carried households or residents (one row per page, with its counts, never one per resident). Both databases.
// (That audit rows cannot be changed or deleted is test/integration/truth/audit-append-only.test.ts.)
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { makePng, sha256 } from '../helpers/images'
import { newId } from '../helpers/records'

jest.setTimeout(60_000)

let server: TestServer
let worker: string
let villageHead: string
let county: string
let headId: string
let countyId: string

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  villageHead = await loginAs(server.url, 'demo-t1-v01')
  county = await loginAs(server.url, 'demo-county')
  const me = async (token: string) => (await api(server.url, 'GET', '/api/v1/me', { token })).body.id as string
  headId = await me(villageHead)
  countyId = await me(county)
})
afterAll(() => server.close())

async function auditRows(userId: string, action: string) {
  return server.db.kysely.selectFrom('audit_log').selectAll().where('user_id', '=', userId).where('action', '=', action).orderBy('seq').execute()
}

async function upload(token: string, seed: number): Promise<string> {
  const png = makePng(120, 60, { seed })
  const sha = sha256(png)
  const res = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(png.length) },
    body: png,
  })
  expect(res.status).toBe(200)
  return sha
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

describe(`audit of personal-data reads (${TEST_DIALECT})`, () => {
  let screenshot: string
  let householdId: string
  let pledgeId: string

  beforeAll(async () => {
    householdId = 't1-v01-g1-h001'
    const resident = await server.db.kysely.selectFrom('residents').select(['id', 'name']).where('household_id', '=', householdId).orderBy('id').executeTakeFirstOrThrow()
    screenshot = await upload(worker, 31)
    const signature = await upload(worker, 32)
    const template = (await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0&limit=1', { token: worker })).body.templates[0]
    pledgeId = newId()
    const at = new Date().toISOString()
    const records = [
      {
        id: newId(),
        kind: 'install',
        householdId,
        replaces: null,
        deviceId: 'dev',
        createdAt: at,
        body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: today() }], screenshotShas: [screenshot], notes: '' },
      },
      {
        id: pledgeId,
        kind: 'pledge',
        householdId,
        replaces: null,
        deviceId: 'dev',
        createdAt: at,
        body: { templateId: template.id, templateHash: template.contentHash, signerName: resident.name, residentId: resident.id, signatureSha: signature, signedAt: at, channel: 'worker_device' },
      },
    ]
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored'])
  })

  it('records who read a screenshot or signature file, with the file and the kind of record naming it', async () => {
    const res = await fetch(`${server.url}/api/v1/media/${screenshot}`, { headers: { authorization: `Bearer ${villageHead}` } })
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    const rows = await auditRows(headId, 'media.view')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ entity: 'media', entity_id: screenshot })
    expect(JSON.parse(rows[0].detail)).toMatchObject({ kinds: ['install'] })
  })

  it('records nothing for a refused read', async () => {
    const other = await loginAs(server.url, 'demo-t2-v01')
    const res = await fetch(`${server.url}/api/v1/media/${screenshot}`, { headers: { authorization: `Bearer ${other}` } })
    expect(res.status).toBe(403)
    expect(await server.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'media.view').where('user_id', '!=', headId).execute()).toEqual([])
  })

  it('records a pledge read and a read of the pledge list with its count', async () => {
    expect((await api(server.url, 'GET', `/api/v1/pledges/${pledgeId}`, { token: villageHead })).status).toBe(200)
    expect(await auditRows(headId, 'pledge.view')).toEqual([expect.objectContaining({ entity: 'pledge', entity_id: pledgeId })])
    const list = await api(server.url, 'GET', '/api/v1/pledges?areaId=t1-v01', { token: villageHead })
    expect(list.status).toBe(200)
    const rows = await auditRows(headId, 'pledge.list')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ entity: 'area', entity_id: 't1-v01' })
    expect(JSON.parse(rows[0].detail)).toMatchObject({ count: list.body.items.length })
  })

  it("records a household's view and the household and resident lists of an area", async () => {
    expect((await api(server.url, 'GET', `/api/v1/households/${householdId}`, { token: villageHead })).status).toBe(200)
    expect(await auditRows(headId, 'household.view')).toEqual([expect.objectContaining({ entity_id: householdId })])
    expect((await api(server.url, 'GET', '/api/v1/areas/t1-v01/households', { token: villageHead })).status).toBe(200)
    expect(await auditRows(headId, 'household.list')).toEqual([expect.objectContaining({ entity: 'area', entity_id: 't1-v01' })])
  })

  it('records each /sync/pull page that carried personal data as one row with its counts, and an empty page not at all', async () => {
    let cursor = '0'
    const pages: { households: number; residents: number }[] = []
    for (;;) {
      const res = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=60`, { token: county })
      expect(res.status).toBe(200)
      pages.push({ households: res.body.households.length, residents: res.body.residents.length })
      cursor = res.body.cursor
      if (!res.body.hasMore) break
    }
    expect(pages.length).toBeGreaterThan(1)
    // Caught up: a page with nothing in it reads nobody's data.
    const empty = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=60`, { token: county })
    expect(empty.body.households.length + empty.body.residents.length).toBe(0)

    const rows = await auditRows(countyId, 'sync.pull')
    const withData = pages.filter((p) => p.households + p.residents > 0)
    expect(rows).toHaveLength(withData.length)
    expect(rows.map((r) => JSON.parse(r.detail))).toEqual(withData.map((p) => expect.objectContaining({ households: p.households, residents: p.residents })))
    const total = await server.db.kysely.selectFrom('residents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(rows.reduce((n, r) => n + (JSON.parse(r.detail) as { residents: number }).residents, 0)).toBe(Number(total.n))
  })
})
